//! Writers, stage 6: the transformed [`crate::model::Book`] → output markup, XHTML for the EPUB and
//! Typst for the PDF, both reading the same model.

pub mod typst;
pub mod xhtml;

use std::fmt;

use crate::config::Settings;
use crate::model::Book;

/// `out` with what `write` added to it. See [`finish`].
pub(crate) fn written(mut out: String, write: impl FnOnce(&mut String) -> fmt::Result) -> String {
    let result = write(&mut out);
    finish(out, result)
}

/// The text a writer wrote into `out`, once it returned `result`. The writers return
/// `fmt::Result` so that each `write!` is passed on with `?` rather than dropped; writing into
/// a `String` never fails, and no `Display` they use makes an error of its own, so `result` is
/// always `Ok`, and this is the one place that says so. Were it not, that would be a bug of
/// lcbook, not of a book: it stops the program, as `format!` does in the same case, rather
/// than write a text cut short.
pub(crate) fn finish(out: String, result: fmt::Result) -> String {
    match result {
        Ok(()) => out,
        Err(fmt::Error) => unreachable!("writing into a String failed"),
    }
}

/// The book's authors: `[book] authors`, else every article author once, in reading order.
pub fn book_authors(settings: &Settings, book: &Book) -> Vec<String> {
    if !settings.config.book.authors.is_empty() {
        return settings.config.book.authors.clone();
    }
    let mut seen = Vec::new();
    for ch in &book.chapters {
        for a in &ch.meta.authors {
            if !seen.contains(a) {
                seen.push(a.clone());
            }
        }
    }
    seen
}
