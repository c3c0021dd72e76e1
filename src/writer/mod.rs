//! Writers, stage 6: the transformed [`crate::model::Book`] → output markup, XHTML for the EPUB and
//! Typst for the PDF, both reading the same model.

pub mod typst;
pub mod xhtml;

use std::fmt;

use crate::config::Settings;

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

/// Which edition a book's own page is written for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edition {
    /// The printed book (the PDF).
    Print,
    /// The EPUB.
    Epub,
}

/// The legal mentions of the colophon of `edition`, one line each, as text: the printed
/// book's ISBN, its printer and its legal deposit (loi du 29 juillet 1881, art. 2; dépôt
/// légal); the EPUB's own ISBN and the printed book's. No raw identifier: a UUID tells a
/// reader nothing.
pub fn mentions(settings: &Settings, edition: Edition) -> Vec<String> {
    let labels = settings.labels();
    let mut lines = Vec::new();
    match edition {
        Edition::Print => {
            lines.extend(settings.isbn.map(|i| format!("ISBN {}", i.printed())));
            if let Some(printer) = &settings.config.print.printer {
                let printer =
                    crate::transform::typography::apply(printer.trim(), settings.typography());
                let month = settings.printed.or(settings.legal_deposit);
                lines.push(labels.printed(&printer, month));
            }
            lines.extend(settings.legal_deposit.map(|m| labels.legal_deposit(m)));
        }
        Edition::Epub => {
            lines.extend(settings.epub_isbn.map(|i| labels.isbn_epub(&i.printed())));
            lines.extend(settings.isbn.map(|i| labels.isbn_print(&i.printed())));
        }
    }
    lines
}
