//! The driver (stage 8): a command's options → the pipeline's stages, in order → the files
//! written. One function per command (`epub`, `pdf`, `cover`, `check`, `check_fidelity`), each
//! reading top to bottom as the pipeline listed in the crate's documentation.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::Error;
use crate::config::{self, Settings};
use crate::diag::Diagnostics;
use crate::model::{Book, Chapter};
use crate::pdf::{self, Typst};
use crate::text::media::MediaType;
use crate::text::slug::Slugs;
use crate::transform::{self, Loaded};
use crate::{epub, fidelity, interrupt, order, output, read};

/// Options of a build that do not come from `book.toml`.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// Treat every warning as an error.
    pub strict: bool,
    /// `SOURCE_DATE_EPOCH`, when set: the time written in the book.
    pub source_date_epoch: Option<i64>,
    /// Also write the booklet (`lcbook pdf --booklet`; `[print] booklet` says it too).
    pub booklet: bool,
    /// Also write the cover (`lcbook pdf --cover`).
    pub cover: bool,
    /// Let the book read files outside its directory (`--allow-outside`).
    pub allow_outside: bool,
}

/// Runs the pipeline up to the writers on the book in `root`, stage by stage. Fails with
/// every problem of the inputs at once.
pub fn load(root: &Path, options: &BuildOptions) -> Result<Loaded, Error> {
    // 1. book.toml → settings, resolved once.
    let (settings, mut diags) = config::read(root, options.allow_outside)?;
    // 2. The chapters directory (or the `files` list) → articles: text and front matter.
    let articles = read::article::read_all(&settings, &mut diags)?;
    // 3. Which articles are in the book, in which order.
    let (articles, left_out) = order::choose(articles, &settings, &mut diags);
    // 4. Each article parsed once → a chapter of the model, carrying its source; and 5a.
    // typeset at once (the one transform of a chapter alone). Articles are independent here:
    // parsed on every core, each with its own diagnostics, gathered in the book's order so
    // that the output and the messages are the same as on one core.
    let parsed: Vec<(Chapter, Diagnostics)> = articles
        .into_par_iter()
        .map(|a| {
            let mut own = Diagnostics::new();
            let mut chapter = read::markdown::read(a, &mut own);
            transform::chapter(&mut chapter, &settings);
            (chapter, own)
        })
        .collect();
    let mut chapters = Vec::with_capacity(parsed.len());
    for (chapter, own) in parsed {
        diags.extend(own);
        chapters.push(chapter);
    }
    // 5b. The parts; 5c. the transforms of the whole book: titles, headings, links, images.
    let meta = &settings.config.book;
    let book = Book {
        authors: meta.authors.clone(),
        publisher: meta.publisher.clone(),
        rights: meta.rights.clone(),
        description: meta.description.clone(),
        ..Book::new(chapters, meta.title.clone(), meta.subtitle.clone())
    };
    let mut book = order::group(book);
    for run in transform::BOOK {
        run(&mut book, &settings, &mut diags);
    }
    if options.strict {
        diags.promote_warnings();
    }
    if diags.has_errors() {
        return Err(Error::Invalid(diags));
    }
    let epoch = build_epoch(options, &settings, &book);
    Ok(Loaded {
        settings,
        book,
        diagnostics: diags,
        epoch,
        left_out,
    })
}

/// The time written into the book: `SOURCE_DATE_EPOCH`, else the newest of the articles'
/// dates and modification dates and the book's date, else 1980-01-01 (the earliest zip time).
fn build_epoch(options: &BuildOptions, settings: &Settings, book: &Book) -> i64 {
    const ZIP_EPOCH: i64 = 315_532_800;
    if let Some(epoch) = options.source_date_epoch {
        return epoch;
    }
    let newest = book
        .chapters
        .iter()
        .flat_map(|c| [c.meta.date, c.meta.modified])
        .chain([settings.date])
        .flatten()
        .max();
    newest
        .and_then(|d| {
            jiff::tz::Offset::UTC
                .to_timestamp(d.to_datetime(jiff::civil::Time::midnight()))
                .ok()
        })
        .map_or(ZIP_EPOCH, |t| t.as_second().max(ZIP_EPOCH))
}

/// Where the Typst sources go: `chosen` (`--typst-dir`), else `build/typst/` in the book
/// directory, wherever `-o` puts the PDF.
pub fn sources_dir(loaded: &Loaded, chosen: Option<&Path>) -> PathBuf {
    chosen.map_or_else(
        || loaded.settings.root.join("build").join("typst"),
        Path::to_path_buf,
    )
}

/// The default output file: `build/<slug of the title>.<ext>` in the book directory.
pub fn default_output(loaded: &Loaded, ext: &str) -> PathBuf {
    let name = Slugs::default().make(&loaded.book.title, "livre");
    loaded
        .settings
        .root
        .join("build")
        .join(format!("{name}.{ext}"))
}

/// `lcbook epub`: builds the EPUB of the book in `root` and writes it to `out` (default:
/// [`default_output`]). Returns the loaded book (for its warnings) and the path written.
pub fn epub(
    root: &Path,
    out: Option<&Path>,
    typst: Option<&Path>,
    options: &BuildOptions,
) -> Result<(Loaded, PathBuf), Error> {
    let loaded = load(root, options)?;
    let path = write_epub(&loaded, out, typst)?;
    Ok((loaded, path))
}

/// Writes the EPUB of a loaded book to `out` (default: [`default_output`]); `typst` renders
/// the cover's front when `[cover]` has no picture. Returns the path written.
pub fn write_epub(
    loaded: &Loaded,
    out: Option<&Path>,
    typst: Option<&Path>,
) -> Result<PathBuf, Error> {
    let scratch = tempfile::tempdir().map_err(|source| Error::Write {
        path: std::env::temp_dir(),
        source,
    })?;
    let _scratch_guard = interrupt::Temporary::register(scratch.path());
    // A `[cover]` without a picture: the EPUB's cover is the printed one's front, by Typst.
    let cover = match (&loaded.settings.config.cover, &loaded.settings.cover) {
        (Some(_), None) => {
            let typst = Typst::find(typst, loaded)?;
            let png = scratch.path().join("couverture.png");
            pdf::cover::front_png(&typst, scratch.path(), loaded, &png)?;
            Some((png, MediaType::Png))
        }
        (_, picture) => picture.clone(),
    };
    let bytes = epub::build(loaded, &epub::Options { cover })?;
    let path = out.map_or_else(|| default_output(loaded, "epub"), Path::to_path_buf);
    output::write_atomically(&path, &bytes)?;
    Ok(path)
}

/// Where a PDF goes and how it is made.
#[derive(Debug, Clone, Copy, Default)]
pub struct PdfRequest<'a> {
    /// The PDF (default: [`default_output`]).
    pub out: Option<&'a Path>,
    /// The Typst program (default: `typst` on `PATH`).
    pub typst: Option<&'a Path>,
    /// Where the Typst sources go (default: see [`sources_dir`]).
    pub typst_dir: Option<&'a Path>,
    /// Only the Typst sources, no PDF.
    pub typst_only: bool,
}

/// What `lcbook pdf` did.
#[derive(Debug, Clone)]
pub struct PdfOutcome {
    /// The PDF written, unless only the Typst sources were asked for.
    pub pdf: Option<PathBuf>,
    /// The booklet written, when asked for.
    pub booklet: Option<PathBuf>,
    /// The cover written, when asked for.
    pub cover: Option<PathBuf>,
    /// Where the Typst sources are.
    pub sources: PathBuf,
    /// Typst's warnings, mapped to the articles.
    pub typst_warnings: Diagnostics,
}

/// `lcbook pdf`: builds the PDF of the book in `root`: writes the Typst sources to
/// `build/typst/`, then, unless `typst_only`, runs the pinned Typst (`typst`, else
/// `LCBOOK_TYPST`, else `PATH`) and writes the PDF to `out` (default: [`default_output`]).
/// `before_typst` is given the warnings of the inputs and of the Typst writer (content set
/// flat, blocks Typst is slow on) before Typst starts, so that a long wait is announced; with
/// `strict`, the writer's warnings stop the build instead. The outcome's warnings are Typst's.
pub fn pdf(
    root: &Path,
    request: &PdfRequest<'_>,
    options: &BuildOptions,
    before_typst: &mut dyn FnMut(&Diagnostics),
) -> Result<(Loaded, PdfOutcome), Error> {
    let loaded = load(root, options)?;
    let outcome = write_pdf(&loaded, request, options, &mut |written| {
        let mut found = loaded.diagnostics.clone();
        found.extend(written.clone());
        before_typst(&found);
    })?;
    Ok((loaded, outcome))
}

/// Writes the PDF of a loaded book as `request` says, with the booklet and the cover when
/// `options` asks for them; see [`pdf`]. `before_typst` is given the Typst writer's own
/// warnings (not the book's, which the caller has).
pub fn write_pdf(
    loaded: &Loaded,
    request: &PdfRequest<'_>,
    options: &BuildOptions,
    before_typst: &mut dyn FnMut(&Diagnostics),
) -> Result<PdfOutcome, Error> {
    let &PdfRequest {
        out,
        typst,
        typst_dir,
        typst_only,
    } = request;
    // Checked first: a missing Typst should not cost the user a wait.
    let typst = if typst_only {
        None
    } else {
        Some(Typst::find(typst, loaded)?)
    };
    let path = out.map_or_else(|| default_output(loaded, "pdf"), Path::to_path_buf);
    if path.is_dir() {
        return Err(Error::Write {
            path,
            source: std::io::Error::other("it is a directory"),
        });
    }
    let dir = sources_dir(loaded, typst_dir);
    let sources = pdf::sources::write(loaded, &dir)?;
    if options.strict && !sources.warnings.is_empty() {
        return Err(Error::Invalid(sources.warnings));
    }
    before_typst(&sources.warnings);
    let Some(typst) = typst else {
        let outcome = PdfOutcome {
            pdf: None,
            booklet: None,
            cover: None,
            sources: dir,
            typst_warnings: Diagnostics::new(),
        };
        return Ok(outcome);
    };
    let mut warnings = typst.compile_book(&sources, &path)?;
    let booklet = options.booklet || loaded.settings.config.print.booklet;
    // Typst lays the whole book out again to say how many pages it has: asked once.
    let pages = if booklet || options.cover {
        typst.page_count(&sources)?
    } else {
        0
    };
    let booklet = if booklet {
        let out = pdf::beside(&path, "livret");
        let written = pdf::booklet::write(&typst, &sources, loaded, &path, pages, &out)?;
        warnings.extend(written);
        Some(out)
    } else {
        None
    };
    let cover = if options.cover {
        let out = pdf::beside(&path, "couverture");
        warnings.extend(pdf::cover::write(&typst, &sources, loaded, pages, &out)?);
        Some(out)
    } else {
        None
    };
    let outcome = PdfOutcome {
        pdf: Some(path),
        booklet,
        cover,
        sources: dir,
        typst_warnings: warnings,
    };
    Ok(outcome)
}

/// `lcbook cover`: builds the printed cover of the book in `root`: the Typst sources are
/// written beside it, the book's pages counted by Typst (no PDF of the book is written), and
/// the cover compiled to `out` (default `build/<slug>-couverture.pdf`).
pub fn cover(
    root: &Path,
    out: Option<&Path>,
    typst: Option<&Path>,
    typst_dir: Option<&Path>,
    options: &BuildOptions,
) -> Result<(Loaded, PathBuf, Diagnostics), Error> {
    let loaded = load(root, options)?;
    let typst = Typst::find(typst, &loaded)?;
    let path = out.map_or_else(
        || pdf::beside(&default_output(&loaded, "pdf"), "couverture"),
        Path::to_path_buf,
    );
    let dir = sources_dir(&loaded, typst_dir);
    let sources = pdf::sources::write(&loaded, &dir)?;
    let pages = typst.page_count(&sources)?;
    let warnings = pdf::cover::write(&typst, &sources, &loaded, pages, &path)?;
    Ok((loaded, path, warnings))
}

/// `lcbook check`: the book loaded and checked, nothing written.
pub fn check(root: &Path, options: &BuildOptions) -> Result<Loaded, Error> {
    load(root, options)
}

/// `lcbook check --fidelity`: builds the EPUB and the PDF of the book in `root` in a
/// temporary directory and compares their words with the articles' ([`fidelity`]); the
/// book's own outputs are not touched. Returns the loaded book and one error per run of
/// words lost, repeated or out of order.
pub fn check_fidelity(
    root: &Path,
    typst: Option<&Path>,
    options: &BuildOptions,
) -> Result<(Loaded, Diagnostics), Error> {
    let loaded = load(root, options)?;
    let typst = Typst::find(typst, &loaded)?;
    fidelity::find_pdftotext()?;
    let expected = fidelity::expected(&loaded)?;
    let mut found = Diagnostics::new();
    let cover = loaded.settings.cover.clone();
    let epub = epub::build(&loaded, &epub::Options { cover })?;
    let words = fidelity::epub_words(Path::new("the EPUB"), &epub)?;
    fidelity::compare(&expected, &words, "EPUB", &mut found);
    let tmp = tempfile::tempdir().map_err(|source| Error::Write {
        path: std::env::temp_dir(),
        source,
    })?;
    let _tmp_guard = interrupt::Temporary::register(tmp.path());
    let sources = pdf::sources::write(&loaded, &tmp.path().join("typst"))?;
    let pdf_path = tmp.path().join("livre.pdf");
    typst.compile_book(&sources, &pdf_path)?;
    let words = fidelity::pdf_words(&pdf_path, &expected)?;
    fidelity::compare(&expected, &words, "PDF", &mut found);
    Ok((loaded, found))
}
