//! The booklet: the book's PDF → its pages imposed two-up, in saddle-stitch order, on the
//! sheets `[print]` says (the order and creep from [`impose`](super::impose)).

use std::path::Path;

use super::runner::Typst;
use super::sources::Sources;
use crate::Error;
use crate::diag::{Diagnostics, Pos};
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
    let sheets = pages.div_ceil(4);
    if signature.is_none() && sheets > config.print.max_sheets as usize {
        return Err(Error::Invalid(too_thick(loaded, pages, sheets)));
    }
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

/// The error of a booklet too thick for one fold: located at `[print] booklet` (or the
/// `[print]` table) when `book.toml` says it, at the file otherwise (`--booklet`).
fn too_thick(loaded: &Loaded, pages: usize, sheets: usize) -> Diagnostics {
    let settings = &loaded.settings;
    let print = &settings.config.print;
    let positions = &settings.positions;
    let pos = positions
        .key("print.booklet")
        .or_else(|| positions.key("print"))
        .or(Some(Pos::new(1, 1)));
    // Groups of four sheets (sixteen pages) fold flat and sew or glue well.
    let groups = sheets.div_ceil(4);
    let mut diags = Diagnostics::new();
    diags.error(
        Path::new(crate::config::CONFIG_FILE),
        pos,
        Some(positions.text()),
        format!(
            "the booklet would fold {pages} pages as one stack of {sheets} sheets, more than \
             the {} a saddle stitch takes (`[print] max-sheets`; 16 sheets of 80 g/m² paper, \
             64 pages, is the usual limit): set `[print] signature = 4` to fold it in {groups} \
             groups of 4 sheets, to sew or glue, or cut the book; the book's PDF is written",
            print.max_sheets
        ),
    );
    diags
}
