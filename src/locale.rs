//! Shared by the writers: the words lcbook itself adds to a book (labels, dates), in the book's
//! language (French, else English).

use jiff::civil::Date;

/// Words of the book's own pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Labels {
    /// Title of the table of contents.
    pub toc: &'static str,
    /// Label of the landmarks navigation.
    pub landmarks: &'static str,
    /// Landmark of the first chapter.
    pub start: &'static str,
    /// The cover.
    pub cover: &'static str,
    /// The title page.
    pub title_page: &'static str,
    /// Label of a chapter's notes.
    pub notes: &'static str,
    /// Title of the colophon.
    pub colophon: &'static str,
    /// Before a modification date.
    pub modified: &'static str,
    /// Before a publication date in the colophon.
    pub published: &'static str,
    /// Heading of the colophon's list of articles.
    pub articles: &'static str,
    /// Link text to an article's original.
    pub original: &'static str,
    /// Identifier label.
    pub identifier: &'static str,
    /// Says what made the book.
    pub made_with: &'static str,
    /// Accessibility summary for the package document.
    pub a11y_summary: &'static str,
    month_names: [&'static str; 12],
    french_days: bool,
}

const FRENCH: Labels = Labels {
    toc: "Table des matières",
    landmarks: "Repères",
    start: "Début du texte",
    cover: "Couverture",
    title_page: "Page de titre",
    notes: "Notes",
    colophon: "Colophon",
    modified: "modifié le",
    published: "publié le",
    articles: "Les articles de ce livre",
    original: "article original :",
    identifier: "Identifiant",
    made_with: "Livre composé avec lcbook.",
    a11y_summary: "Texte structuré par titres, avec une table des matières et des notes liées \
                   à leurs appels ; les images ont un texte de remplacement.",
    month_names: [
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ],
    french_days: true,
};

const ENGLISH: Labels = Labels {
    toc: "Contents",
    landmarks: "Landmarks",
    start: "Start of text",
    cover: "Cover",
    title_page: "Title page",
    notes: "Notes",
    colophon: "Colophon",
    modified: "modified",
    published: "published",
    articles: "The articles of this book",
    original: "original article:",
    identifier: "Identifier",
    made_with: "Book made with lcbook.",
    a11y_summary: "Text structured by headings, with a table of contents and notes linked to \
                   their references; images have text alternatives.",
    month_names: [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
    french_days: false,
};

impl Labels {
    /// The labels for a BCP 47 language tag.
    pub fn for_language(tag: &str) -> Labels {
        match tag
            .split('-')
            .next()
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            Some("fr") => FRENCH,
            _ => ENGLISH,
        }
    }

    /// A date in words: "1er septembre 2017", "2 September 2017", with no-break spaces so that
    /// a line never ends inside it. Crates with locale data (chrono's `unstable-locales`) do
    /// not write the French "1er"; twelve month names do.
    pub fn date(&self, d: Date) -> String {
        let month = self.month_names[usize::from(d.month().unsigned_abs()) - 1];
        let day = d.day();
        if self.french_days && day == 1 {
            format!("1er\u{a0}{month}\u{a0}{}", d.year())
        } else {
            format!("{day}\u{a0}{month}\u{a0}{}", d.year())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_words() {
        let fr = Labels::for_language("fr-FR");
        assert_eq!(
            fr.date(jiff::civil::date(2017, 9, 2)),
            "2\u{a0}septembre\u{a0}2017"
        );
        assert_eq!(
            fr.date(jiff::civil::date(1968, 5, 1)),
            "1er\u{a0}mai\u{a0}1968"
        );
        let en = Labels::for_language("en");
        assert_eq!(
            en.date(jiff::civil::date(1968, 5, 1)),
            "1\u{a0}May\u{a0}1968"
        );
    }
}
