//! Errors of the library: failures that are not located in an input (I/O, zip) and the
//! located problems of a book ([`Diagnostics`]). Each keeps its source and path.

use std::path::PathBuf;

use crate::diag::Diagnostics;

/// Why a command failed.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The book has problems; each is located in its file.
    #[error("the book has {} error(s)", .0.error_count())]
    Invalid(Diagnostics),
    /// The book directory does not exist.
    #[error("{}: no such book directory", .path.display())]
    NoBookDir {
        /// The directory.
        path: PathBuf,
    },
    /// No `book.toml` in the book directory.
    #[error(
        "{}: no book.toml here (is this a book directory? `lcbook init` makes one)",
        .path.display()
    )]
    NoConfig {
        /// The directory.
        path: PathBuf,
    },
    /// `lcbook import` without `--into` where there is no book.
    #[error(
        "{}: no book.toml here to import into: give --into DIR to write the articles into a \
         folder, or make a book first with `lcbook init`",
        .path.display()
    )]
    NoBookToImportInto {
        /// The directory.
        path: PathBuf,
    },
    /// A file could not be read.
    #[error("{}: {source}", .path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// A file of `fonts/` is not a font.
    #[error("{}: not an OpenType, TrueType, WOFF or WOFF2 font", .path.display())]
    Font {
        /// The file.
        path: PathBuf,
    },
    /// Typst is missing, of another version, or failed to run.
    #[error("{message}")]
    Typst {
        /// What is wrong and how to mend it.
        message: String,
    },
    /// A program lcbook runs (other than Typst) is missing or failed.
    #[error("{message}")]
    Tool {
        /// What is wrong and how to mend it.
        message: String,
    },
    /// The zip library failed.
    #[error("cannot write the EPUB container: {0}")]
    Zip(#[source] zip::result::ZipError),
    /// The output could not be written.
    #[error("{}: cannot write: {source}", .path.display())]
    Write {
        /// The output file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
}
