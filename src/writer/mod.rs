//! Writers: the transformed [`crate::model::Book`] → output markup, XHTML for the EPUB and
//! Typst for the PDF, both reading the same model.

use std::fmt;

pub mod typst;
pub mod xhtml;

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
