//! The book's language (a leaf every stage may use): the words lcbook itself adds to a book
//! (labels, dates), in the book's language (French, else English).

use jiff::civil::Date;

use crate::model::Inline;

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
    /// Link text to an article's original, before a colon.
    original: &'static str,
    /// Before the EPUB edition's ISBN in its colophon, before a colon.
    isbn_epub: &'static str,
    /// Before the printed edition's ISBN in the EPUB's colophon, before a colon.
    isbn_print: &'static str,
    /// "Achevé d'imprimer en", before the month the printing was finished.
    printed_in: &'static str,
    /// "par", before the printer.
    printed_by: &'static str,
    /// "Imprimé par", before the printer when no month is known.
    printed_by_alone: &'static str,
    /// "Dépôt légal", before a colon and its month.
    legal_deposit: &'static str,
    /// Says what made the book.
    pub made_with: &'static str,
    /// Accessibility summary for the package document.
    pub a11y_summary: &'static str,
    /// Added to the summary when every picture has a text alternative.
    pub a11y_images_described: &'static str,
    /// Added to the summary when some picture has none.
    pub a11y_images_undescribed: &'static str,
    /// The word before the last of several names ("A, B et C").
    and: &'static str,
    month_names: [&'static str; 12],
    french_days: bool,
    /// The space before a colon, where the language has one.
    colon_space: Option<char>,
}

/// The months in French, from January.
pub(crate) const FRENCH_MONTHS: [&str; 12] = [
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
];

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
    original: "article original",
    isbn_epub: "ISBN numérique",
    isbn_print: "ISBN de l’édition imprimée",
    printed_in: "Achevé d’imprimer en",
    printed_by: "par",
    printed_by_alone: "Imprimé par",
    legal_deposit: "Dépôt légal",
    made_with: "Livre composé avec lcbook.",
    a11y_summary: "Texte structuré par titres, avec une table des matières et des notes liées \
                   à leurs appels.",
    a11y_images_described: "Les images ont un texte de remplacement.",
    a11y_images_undescribed: "Certaines images n’ont pas de texte de remplacement.",
    and: "et",
    month_names: FRENCH_MONTHS,
    french_days: true,
    colon_space: Some('\u{a0}'),
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
    original: "original article",
    isbn_epub: "EPUB ISBN",
    isbn_print: "Print ISBN",
    printed_in: "Printed in",
    printed_by: "by",
    printed_by_alone: "Printed by",
    legal_deposit: "Legal deposit",
    made_with: "Book made with lcbook.",
    a11y_summary: "Text structured by headings, with a table of contents and notes linked to \
                   their references.",
    a11y_images_described: "Images have text alternatives.",
    a11y_images_undescribed: "Some images have no text alternative.",
    and: "and",
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
    colon_space: None,
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

    /// The same labels with `space` before a colon, for a language that has one there
    /// (`[typography] colon-space`).
    pub fn with_colon_space(mut self, space: char) -> Labels {
        if self.colon_space.is_some() {
            self.colon_space = Some(space);
        }
        self
    }

    /// "ISBN numérique : 978-…", the EPUB edition's ISBN in its colophon.
    pub fn isbn_epub(&self, isbn: &str) -> String {
        format!("{} {isbn}", self.with_colon(self.isbn_epub))
    }

    /// "ISBN de l’édition imprimée : 978-…", in the EPUB's colophon.
    pub fn isbn_print(&self, isbn: &str) -> String {
        format!("{} {isbn}", self.with_colon(self.isbn_print))
    }

    /// "Achevé d’imprimer en décembre 2026 par Imprimerie X, adresse", or "Imprimé par
    /// Imprimerie X, adresse" when the month is not known.
    pub fn printed(&self, printer: &str, month: Option<Date>) -> String {
        match month {
            Some(m) => format!(
                "{} {} {} {printer}",
                self.printed_in,
                self.month(m),
                self.printed_by
            ),
            None => format!("{} {printer}", self.printed_by_alone),
        }
    }

    /// "Dépôt légal : décembre 2026".
    pub fn legal_deposit(&self, month: Date) -> String {
        format!(
            "{} {}",
            self.with_colon(self.legal_deposit),
            self.month(month)
        )
    }

    /// A month in words: "décembre 2026" (lower case in French), "December 2026".
    pub fn month(&self, d: Date) -> String {
        let name = self.month_names[usize::from(d.month().unsigned_abs()) - 1];
        format!("{name}\u{a0}{}", d.year())
    }

    /// "article original :", before the address of an article's original.
    pub fn original(&self) -> String {
        self.with_colon(self.original)
    }

    fn with_colon(&self, label: &str) -> String {
        match self.colon_space {
            Some(space) => format!("{label}{space}:"),
            None => format!("{label}:"),
        }
    }

    /// Names joined as a sentence: "A", "A et B", "A, B et C".
    pub fn names(&self, names: &[String]) -> String {
        match names {
            [] => String::new(),
            [one] => one.clone(),
            [rest @ .., last] => format!("{} {} {last}", rest.join(", "), self.and),
        }
    }

    /// What the colophon says of an article after its title: ", Louise Michel, publié le
    /// 2 septembre 2017 (modifié le 14 septembre 2017)", for any writer.
    pub fn article_facts(&self, meta: &crate::model::ArticleMeta) -> Vec<Inline> {
        let mut o = vec![Inline::Text(String::new())];
        let text = |o: &mut Vec<Inline>, s: &str| match o.last_mut() {
            Some(Inline::Text(t)) => t.push_str(s),
            _ => o.push(Inline::Text(s.to_owned())),
        };
        if !meta.authors.is_empty() {
            text(&mut o, &format!(", {}", self.names(&meta.authors)));
        }
        if let Some(d) = meta.date {
            text(&mut o, &format!(", {} ", self.published));
            o.extend(self.date_inlines(d));
        }
        if let Some(m) = meta.modified_later() {
            text(&mut o, &format!(" ({} ", self.modified));
            o.extend(self.date_inlines(m));
            text(&mut o, ")");
        }
        o
    }

    /// A date in words: "1er septembre 2017", "2 September 2017", with no-break spaces so that
    /// a line never ends inside it. Crates with locale data (chrono's `unstable-locales`) do
    /// not write the French "1er"; twelve month names do.
    pub fn date(&self, d: Date) -> String {
        Inline::plain_text(&self.date_inlines(d))
    }

    /// [`Labels::date`] as set in a book: the French "1er" with superior letters.
    pub fn date_inlines(&self, d: Date) -> Vec<Inline> {
        let day = d.day();
        let rest = format!("\u{a0}{}", self.month(d));
        if self.french_days && day == 1 {
            vec![
                Inline::Text("1".into()),
                Inline::Sup(vec![Inline::Text("er".into())]),
                Inline::Text(rest),
            ]
        } else {
            vec![Inline::Text(format!("{day}{rest}"))]
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_in_a_sentence() {
        let fr = Labels::for_language("fr");
        let n = |v: &[&str]| v.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
        assert_eq!(fr.names(&n(&[])), "");
        assert_eq!(fr.names(&n(&["Louise Michel"])), "Louise Michel");
        assert_eq!(fr.names(&n(&["A", "B", "C"])), "A, B et C");
        assert_eq!(Labels::for_language("en").names(&n(&["A", "B"])), "A and B");
    }

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
