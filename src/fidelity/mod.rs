//! Check, fidelity (beside the pipeline, stage 7): the articles' Markdown, a built EPUB and the
//! text of a built PDF → the words of an article missing, repeated or out of order in an
//! output, as diagnostics.
//!
//! The Markdown is read again here, straight from pulldown-cmark's events and not through the
//! document model, so that a word the model or a writer drops is seen. Words are compared
//! after normalising what typography legitimately changes: case, spaces, punctuation and
//! quotes (only letters and digits make words), hyphens (a word cut at a line end is whole
//! again), ligatures and superior letters (`2ème` is `2e`). Each output is cut into one stretch
//! per article, found by the article's first words; in its stretch the article's text must be
//! found in order, then its notes (at the end in the EPUB, at the foot of pages in the PDF)
//! among what is left. What is still left is the output's own text (titles, running heads,
//! page numbers, contents), which may repeat titles and headings but not the articles' prose.

mod align;
mod epub;
mod expected;
mod pdf;
mod words;

pub use align::compare;
pub use epub::epub_words;
pub use expected::{Expected, expected};
pub use pdf::{find_pdftotext, pdf_words};

/// What the tests of every part start from: a book of one article, the words of a text.
#[cfg(test)]
mod testing {
    use std::path::PathBuf;

    use super::expected::{ArticleWords, Expected, markdown_words};
    use super::words::words_of;

    /// A book of one article whose Markdown body is `body`, titled "Titre".
    pub(super) fn book(body: &str) -> Expected {
        let text = format!("---\ntitle: Titre\n---\n{body}");
        let body_start = text.find(body).unwrap_or(0);
        let mut repeatable = vec!["Titre".to_owned()];
        let (words, notes, _) = markdown_words(&text, body_start, &mut repeatable);
        let mut head = Vec::new();
        words_of("Titre", 0, &mut head);
        let head_len = head.len();
        head.extend(words);
        let articles = vec![ArticleWords {
            path: PathBuf::from("chapters/a.md"),
            text,
            body: head,
            head: head_len,
            notes,
        }];
        Expected::new(articles, &repeatable)
    }

    pub(super) fn keys(text: &str) -> Vec<String> {
        let mut w = Vec::new();
        words_of(text, 0, &mut w);
        w.into_iter().map(|w| w.key).collect()
    }
}
