//! lcbook compiles a directory of Markdown articles into a book: an EPUB and a printed
//! pamphlet. The pipeline, one stage a module, each a function from one typed value to the
//! next ([`build::load`] runs stages 1 to 5 in this order; the writers take its [`Loaded`]):
//!
//! 1. [`config`]: `book.toml` → [`config::Settings`], resolved once and never changed;
//! 2. [`read::article`]: the chapters directory (or the `files` list) →
//!    [`read::article::Article`]s: each file's text and front matter;
//! 3. [`order`]: which articles are in the book, in which order;
//! 4. [`read::markdown`] (with [`read::html`] for raw HTML): each article parsed once →
//!    a [`model::Chapter`] carrying its [`model::Source`];
//! 5. [`transform`]: typography of each chapter as soon as it is parsed, then the parts
//!    ([`order::group`]), then the book's titles, heading levels and ids, links and images, on
//!    the whole [`model::Book`] → [`Loaded`];
//! 6. writers: [`writer::xhtml`] and [`epub`] → the EPUB file; [`writer::typst`] and [`pdf`]
//!    → Typst sources and, through the Typst CLI, the PDF, the booklet and the cover.
//!
//! [`build`] is the driver: one function per command, calling the stages in that order.
//! Beside the pipeline, [`fidelity`] reads the articles and the outputs again and says whether
//! every word reached both, [`import`] turns pages saved from the site into articles, and
//! [`init`] makes a new book to start from.
//! Leaves, which any stage may use and which use only leaves: [`text`] (slugs, dates, URLs,
//! media types), [`model`], [`diag`], [`error`](Error), [`files`], [`output`], [`interrupt`],
//! [`locale`].
//!
//! Every stage reports problems of the inputs as [`diag::Diagnostic`]s, collected over the
//! whole run; the book is written only when there are none.

/// The allocator: the pipeline makes and drops many small strings and lists on every core at
/// once, where mimalloc's per-thread pages are about a fifth faster than the system's
/// allocator for lcbook (measured in the README's Performance section).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

pub mod build;
pub mod config;
pub mod diag;
pub mod epub;
mod error;
pub mod fidelity;
pub mod files;
pub mod import;
pub mod init;
pub mod interrupt;
pub mod locale;
pub mod model;
pub mod order;
pub mod output;
pub mod pdf;
pub mod read;
pub mod text;
pub mod transform;
pub mod writer;

pub use build::{BuildOptions, PdfOutcome, default_output, load};
pub use error::Error;
pub use import::run::{ImportRequest, ImportedPage, import_pages};
pub use transform::Loaded;
