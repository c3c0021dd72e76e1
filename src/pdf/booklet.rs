//! The booklet: the book's PDF → its pages imposed two-up, in saddle-stitch order, on the
//! sheets `[print]` says (the order and creep from [`impose`](super::impose)).

use std::path::Path;

use super::runner::Typst;
use super::sources::Sources;
use crate::Error;
use crate::diag::Diagnostics;
use crate::transform::Loaded;

/// Writes the booklet of the book `book_pdf` (compiled from `sources`, `pages` pages long) to
/// `out`: its pages imposed two-up, in saddle-stitch order, on the sheets `[print]` says.
pub fn write(
    typst: &Typst,
    sources: &Sources,
    loaded: &Loaded,
    book_pdf: &Path,
    pages: usize,
    out: &Path,
) -> Result<Diagnostics, Error> {
    let config = &loaded.settings.config;
    let Some(sheet) = config.booklet_sheet() else {
        let (w, h) = config.pdf.page_mm();
        return Err(Error::Typst {
            message: format!(
                "no sheet holds two pages of {w} × {h} mm side by side: the booklet needs \
                 smaller pages"
            ),
        });
    };
    let signature = config.print.signature.and_then(|s| usize::try_from(s).ok());
    let sides = super::impose::saddle(pages, signature);
    let io = |path: &Path| {
        let path = path.to_owned();
        move |source| Error::Write { path, source }
    };
    let placed = sources.dir.join("livre.pdf");
    if config.print.bleed > 0.0 {
        // Pages are placed at their trimmed size: a build without bleed.
        // Typst runs in the sources' directory: the output is named from there.
        typst.compile(
            sources,
            "book.typ",
            &["--input=lc-no-bleed=1"],
            Path::new("livre.pdf"),
        )?;
    } else {
        std::fs::copy(book_pdf, &placed).map_err(io(&sources.dir))?;
    }
    let shifts = super::impose::creep_shifts(pages, signature, config.print.creep);
    let source = super::impose::source(
        &sides,
        &shifts,
        config.pdf.page_mm(),
        sheet,
        &loaded.book.title,
    );
    std::fs::write(sources.dir.join("livret.typ"), source).map_err(io(&sources.dir))?;
    typst.compile_atomically(sources, "livret.typ", &[], out)
}
