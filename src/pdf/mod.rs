//! PDF writer, stage 6: the [`Loaded`](crate::transform::Loaded) book → Typst sources in
//! `build/typst/` ([`sources`]: the template, `book.typ`, one file per chapter, the pictures)
//! → the pinned Typst CLI ([`runner`]) → the PDF; then the [`booklet`] (pages placed by
//! [`impose`]) and the [`cover`].
//! Typst's diagnostics are mapped back to the Markdown line they come from.

pub mod booklet;
pub mod cover;
pub mod impose;
pub mod runner;
pub mod sources;

use std::path::{Path, PathBuf};

pub use runner::{TYPST_INSTALL, TYPST_VERSION, Typst};
pub use sources::{Sources, TEMPLATE};

/// The file beside the PDF `pdf` for one of its companions: `livre.pdf` → `livre-livret.pdf`.
pub fn beside(pdf: &Path, companion: &str) -> PathBuf {
    let stem = pdf.file_stem().and_then(|s| s.to_str()).unwrap_or("livre");
    pdf.with_file_name(format!("{stem}-{companion}.pdf"))
}
