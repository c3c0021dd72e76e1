//! lcbook compiles a directory of Markdown articles into a book. The pipeline, one stage a
//! module, each a function from one typed value to the next:
//!
//! 1. [`config`]: `book.toml` → [`config::Settings`];
//! 2. [`load`]: the chapters directory → [`load::Article`]s (text and front matter);
//! 3. [`order`]: which articles, in which order, grouped in parts;
//! 4. [`markdown`] (with [`html`] for raw HTML): each article parsed once → [`model::Chapter`];
//! 5. [`transform`]: heading levels and ids, links, images, on the whole [`model::Book`];
//! 6. writers: [`writer::xhtml`] and [`epub`] → the EPUB file; [`writer::typst`] and [`pdf`]
//!    → Typst sources and, through the Typst CLI, the PDF.
//!
//! Beside the pipeline, [`fidelity`] reads the articles and the outputs again and says whether
//! every word reached both.
//!
//! Every stage reports problems of the inputs as [`diag::Diagnostic`]s, collected over the
//! whole run; the book is written only when there are none.

pub mod config;
pub mod diag;
pub mod epub;
mod error;
pub mod fidelity;
pub mod files;
pub mod html;
pub mod import;
pub mod impose;
pub mod interrupt;
pub mod load;
pub mod locale;
pub mod markdown;
pub mod model;
pub mod order;
pub mod output;
pub mod pdf;
pub mod transform;
pub mod weblink;
pub mod writer;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

pub use error::Error;

use config::{Order, Settings};
use diag::{Diagnostics, Pos};
use model::Book;

/// Options of a build that do not come from `book.toml`.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// Treat every warning as an error.
    pub strict: bool,
    /// `SOURCE_DATE_EPOCH`, when set: the time written in the book.
    pub source_date_epoch: Option<String>,
    /// Also write the booklet (`lcbook pdf --booklet`; `[print] booklet` says it too).
    pub booklet: bool,
    /// Also write the cover (`lcbook pdf --cover`).
    pub cover: bool,
    /// Let the book read files outside its directory (`--allow-outside`).
    pub allow_outside: bool,
}

/// A loaded, ordered and checked book, ready for a writer.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The configuration.
    pub settings: Settings,
    /// The book.
    pub book: Book,
    /// Warnings found on the way.
    pub diagnostics: Diagnostics,
    /// Unix time of the build.
    pub epoch: i64,
}

/// Reads and checks `book.toml` of the book in `root`: the settings, the file's text, and the
/// warnings found. `allow_outside` lets the book name files outside its directory.
pub fn read_settings(
    root: &Path,
    allow_outside: bool,
) -> Result<(Settings, String, Diagnostics), Error> {
    let mut diags = Diagnostics::new();
    if !root.is_dir() {
        return Err(Error::NoBookDir {
            path: root.to_owned(),
        });
    }
    let files = files::BookFiles::new(root, allow_outside).map_err(|source| Error::Io {
        path: root.to_owned(),
        source,
    })?;
    let config_path = root.join(config::CONFIG_FILE);
    let shown_config = display_path(root, &config_path);
    let bytes = match files.read(Path::new(config::CONFIG_FILE)) {
        Ok(b) => b,
        Err(e) if e.is_missing() => {
            return Err(Error::NoConfig {
                path: root.to_owned(),
            });
        }
        Err(files::Refused::Io(source)) => {
            return Err(Error::Io {
                path: config_path,
                source,
            });
        }
        Err(refused) => {
            diags.error(&shown_config, None, None, refused.to_string());
            return Err(Error::Invalid(diags));
        }
    };
    let config_text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let lossy = String::from_utf8_lossy(e.as_bytes()).into_owned();
            let prefix = String::from_utf8_lossy(&e.as_bytes()[..valid]).into_owned();
            diags.error(
                &shown_config,
                Some(Pos::of_offset(&prefix, valid)),
                Some(&lossy),
                "invalid UTF-8: book.toml must be saved as UTF-8".into(),
            );
            return Err(Error::Invalid(diags));
        }
    };
    let Some(settings) = config::parse(root, &files, &shown_config, &config_text, &mut diags)
    else {
        return Err(Error::Invalid(diags));
    };
    Ok((settings, config_text, diags))
}

/// Runs the pipeline up to the writers: reads `book.toml` and the articles of `root`, orders,
/// parses and transforms them. Fails with every problem of the inputs at once.
pub fn load(root: &Path, options: &BuildOptions) -> Result<Loaded, Error> {
    let (settings, config_text, mut diags) = read_settings(root, options.allow_outside)?;
    let config_path = root.join(config::CONFIG_FILE);
    let shown_config = display_path(root, &config_path);
    let chapters = &settings.config.chapters;
    let dir = settings.chapters_dir();
    let files: Vec<(String, PathBuf)> = match chapters.order {
        Order::List => listed_files(&settings, &shown_config, &config_text, &mut diags),
        Order::Date | Order::Path => load::discover(&dir, root, &settings.files, &mut diags),
    };
    let mut articles = Vec::with_capacity(files.len());
    for (rel, abs) in files {
        let shown = display_path(root, &abs);
        if let Some(a) = load::read(shown, abs, rel, &chapters.part_key, &mut diags)? {
            if a.meta.draft {
                diags.warning(
                    &a.path,
                    None,
                    None,
                    "`draft: true`: left out of the book".into(),
                );
                continue;
            }
            articles.push(a);
        }
    }
    let listed: Vec<String> = articles.iter().map(|a| a.rel_path.clone()).collect();
    let articles = order::select(articles, chapters);
    if chapters.order == Order::List && articles.len() < listed.len() {
        for rel in listed
            .iter()
            .filter(|r| !articles.iter().any(|a| &a.rel_path == *r))
        {
            let entry = chapters
                .files
                .iter()
                .position(|f| f.to_string_lossy().replace('\\', "/") == *rel);
            diags.warning(
                &shown_config,
                entry.and_then(|i| settings.positions.file_entry(i)),
                Some(&config_text),
                format!(
                    "listed file `{rel}` is not in the category `{}`; left out",
                    chapters.category.as_deref().unwrap_or_default()
                ),
            );
        }
    }
    let mut articles = articles;
    order::sort(&mut articles, chapters.order);
    if articles.is_empty() && !diags.has_errors(false) {
        let (key, why) = match &chapters.category {
            Some(c) => (
                "chapters.category",
                format!("no article has the category `{c}`: the book is empty"),
            ),
            None => (
                "chapters.dir",
                format!(
                    "no Markdown article in `{}`: the book is empty",
                    chapters.dir.display()
                ),
            ),
        };
        diags.error(
            &shown_config,
            settings.positions.key(key).or(Some(Pos::new(1, 1))),
            Some(&config_text),
            why,
        );
    }
    let rules = settings.typography();
    let parsed: Vec<model::Chapter> = articles
        .iter()
        .map(|a| {
            let mut ch = markdown::read(a, &mut diags);
            transform::typography::run(&mut ch, rules);
            ch
        })
        .collect();
    let mut settings = settings;
    let book = &mut settings.config.book;
    book.title = transform::typography::apply(&book.title, rules);
    book.subtitle = book
        .subtitle
        .as_deref()
        .map(|s| transform::typography::apply(s, rules));
    let (mut ordered, parts, entries) = order::group(parsed);
    let by_rel: HashMap<&str, &load::Article> =
        articles.iter().map(|a| (a.rel_path.as_str(), a)).collect();
    let sources: Vec<&str> = ordered
        .iter()
        .map(|c| {
            by_rel
                .get(c.rel_path.as_str())
                .map_or("", |a| a.text.as_str())
        })
        .collect();
    let abs_paths: Vec<PathBuf> = ordered
        .iter()
        .map(|c| {
            by_rel
                .get(c.rel_path.as_str())
                .map(|a| a.abs_path.clone())
                .unwrap_or_default()
        })
        .collect();
    let ids: Vec<_> = ordered
        .iter_mut()
        .zip(&sources)
        .map(|(ch, src)| transform::headings::run(ch, src, &mut diags))
        .collect();
    let mut book = Book {
        chapters: ordered,
        parts,
        entries,
        resources: Vec::new(),
    };
    transform::links::run(&mut book, &ids, &sources, &dir, &mut diags);
    let alt_required = settings.config.pdf.accessible;
    transform::images::run(
        &mut book,
        &settings.files,
        &abs_paths,
        &sources,
        alt_required,
        &mut diags,
    );
    if options.strict {
        diags.promote_warnings();
    }
    if diags.has_errors(false) {
        return Err(Error::Invalid(diags));
    }
    let epoch = build_epoch(options, &settings, &book)?;
    Ok(Loaded {
        settings,
        book,
        diagnostics: diags,
        epoch,
    })
}

/// The files of `[chapters] files`, checked: relative, inside the chapters directory,
/// Markdown, existing, listed once.
fn listed_files(
    settings: &Settings,
    shown_config: &Path,
    config_text: &str,
    diags: &mut Diagnostics,
) -> Vec<(String, PathBuf)> {
    let chapters = &settings.config.chapters;
    let dir = settings.chapters_dir();
    let mut listed: Vec<(String, PathBuf)> = Vec::new();
    for (i, f) in chapters.files.iter().enumerate() {
        let rel = f.to_string_lossy().replace('\\', "/");
        let pos = settings.positions.file_entry(i);
        let escapes = f.is_absolute()
            || f.components()
                .any(|c| matches!(c, std::path::Component::ParentDir));
        let problem = if escapes {
            Some(format!(
                "listed file `{rel}` must be a path inside `{}`",
                chapters.dir.display()
            ))
        } else if !load::is_markdown(f) {
            Some(format!("listed file `{rel}` is not a Markdown (.md) file"))
        } else if let Err(e) = settings.files.file(&dir.join(f)) {
            Some(if e.is_missing() {
                format!(
                    "listed file `{rel}` does not exist in `{}`",
                    chapters.dir.display()
                )
            } else {
                format!("listed file `{rel}` {e}")
            })
        } else if listed.iter().any(|(r, _)| *r == rel) {
            Some(format!("file `{rel}` is listed twice"))
        } else {
            None
        };
        match problem {
            Some(message) => diags.error(shown_config, pos, Some(config_text), message),
            None => listed.push((rel, dir.join(f))),
        }
    }
    listed
}

/// The time written into the book: `SOURCE_DATE_EPOCH`, else the newest of the articles'
/// dates and modification dates and the book's date, else 1980-01-01 (the earliest zip time).
fn build_epoch(options: &BuildOptions, settings: &Settings, book: &Book) -> Result<i64, Error> {
    const ZIP_EPOCH: i64 = 315_532_800;
    if let Some(v) = &options.source_date_epoch {
        return v
            .trim()
            .parse::<i64>()
            .map_err(|_| Error::SourceDateEpoch { value: v.clone() });
    }
    let newest = book
        .chapters
        .iter()
        .flat_map(|c| [c.meta.date, c.meta.modified])
        .chain([settings.date])
        .flatten()
        .max();
    Ok(newest
        .and_then(|d| {
            jiff::tz::Offset::UTC
                .to_timestamp(d.to_datetime(jiff::civil::Time::midnight()))
                .ok()
        })
        .map_or(ZIP_EPOCH, |t| t.as_second().max(ZIP_EPOCH)))
}

/// The default output file: `build/<slug of the title>.<ext>` in the book directory.
pub fn default_output(loaded: &Loaded, ext: &str) -> PathBuf {
    let mut slugs = order::Slugs::default();
    let name = slugs.make(&loaded.settings.config.book.title, "livre");
    loaded
        .settings
        .root
        .join("build")
        .join(format!("{name}.{ext}"))
}

/// Builds the EPUB of the book in `root` and writes it to `out` (default:
/// [`default_output`]). Returns the loaded book (for its warnings) and the path written.
pub fn build_epub(
    root: &Path,
    out: Option<&Path>,
    typst: Option<&Path>,
    options: &BuildOptions,
) -> Result<(Loaded, PathBuf), Error> {
    let mut loaded = load(root, options)?;
    // A `[cover]` without a picture: the EPUB's cover is the printed one's front, by Typst.
    let scratch = tempfile::tempdir().map_err(|source| Error::Write {
        path: std::env::temp_dir(),
        source,
    })?;
    let _scratch_guard = interrupt::Temporary::register(scratch.path());
    if loaded.settings.config.cover.is_some() && loaded.settings.cover.is_none() {
        let program = pdf::find_typst(typst)?;
        let fonts = root.join("fonts");
        let fonts = fonts.canonicalize().unwrap_or(fonts);
        let png = scratch.path().join("couverture.png");
        pdf::cover_png(&program, scratch.path(), &fonts, &loaded, &png)?;
        loaded.settings.cover = Some((png, "image/png"));
    }
    let bytes = epub::build(
        &loaded.book,
        &loaded.settings,
        &epub::Options {
            epoch: loaded.epoch,
        },
    )?;
    let path = out.map_or_else(|| default_output(&loaded, "epub"), Path::to_path_buf);
    output::write_atomically(&path, &bytes)?;
    Ok((loaded, path))
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

/// Builds the PDF of the book in `root`: writes the Typst sources to `build/typst/`, then,
/// unless `typst_only`, runs the pinned Typst (`typst`, else `LCBOOK_TYPST`, else `PATH`) and
/// writes the PDF to `out` (default: [`default_output`]). `before_typst` is given the
/// warnings of the inputs and of the Typst writer (content set flat, blocks Typst is slow on)
/// before Typst starts, so that a long wait is announced; with `strict`, the writer's
/// warnings stop the build instead. The outcome's warnings are Typst's.
pub fn build_pdf(
    root: &Path,
    out: Option<&Path>,
    typst: Option<&Path>,
    typst_only: bool,
    options: &BuildOptions,
    before_typst: &mut dyn FnMut(&Diagnostics),
) -> Result<(Loaded, PdfOutcome), Error> {
    let loaded = load(root, options)?;
    // Checked first: a missing Typst should not cost the user a wait.
    let program = if typst_only {
        None
    } else {
        Some(pdf::find_typst(typst)?)
    };
    let path = out.map_or_else(|| default_output(&loaded, "pdf"), Path::to_path_buf);
    if path.is_dir() {
        return Err(Error::Write {
            path,
            source: std::io::Error::other("it is a directory"),
        });
    }
    // The sources go beside the PDF (`build/typst/` by default), where they can be read.
    let dir = sources_dir(&path);
    let sources = pdf::write_sources(&loaded, &dir)?;
    if options.strict && !sources.warnings.is_empty() {
        return Err(Error::Invalid(sources.warnings));
    }
    let mut found = loaded.diagnostics.clone();
    found.extend(sources.warnings.clone());
    before_typst(&found);
    let Some(program) = program else {
        return Ok((
            loaded,
            PdfOutcome {
                pdf: None,
                booklet: None,
                cover: None,
                sources: dir,
                typst_warnings: Diagnostics::new(),
            },
        ));
    };
    let fonts = root.join("fonts");
    let fonts = fonts.canonicalize().unwrap_or(fonts);
    let mut warnings = Diagnostics::new();
    output::write_with(&path, |tmp| {
        let tmp = tmp.canonicalize().unwrap_or_else(|_| tmp.to_owned());
        warnings = pdf::compile(&program, &sources, &fonts, loaded.epoch, &tmp)?;
        Ok::<(), Error>(())
    })?;
    let booklet = if options.booklet || loaded.settings.config.print.booklet {
        let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("livre");
        let out = path.with_file_name(format!("{stem}-livret.pdf"));
        warnings.extend(pdf::booklet(
            &program, &sources, &fonts, &loaded, &path, &out,
        )?);
        Some(out)
    } else {
        None
    };
    let cover = if options.cover {
        let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("livre");
        let out = path.with_file_name(format!("{stem}-couverture.pdf"));
        let pages = pdf::page_count(&program, &sources, &fonts, loaded.epoch)?;
        warnings.extend(pdf::cover(
            &program, &sources, &fonts, &loaded, pages, &out,
        )?);
        Some(out)
    } else {
        None
    };
    Ok((
        loaded,
        PdfOutcome {
            pdf: Some(path),
            booklet,
            cover,
            sources: dir,
            typst_warnings: warnings,
        },
    ))
}

/// Builds the printed cover of the book in `root` (`lcbook cover`): the Typst sources are
/// written beside it, the book's pages counted by Typst (no PDF of the book is written), and
/// the cover compiled to `out` (default `build/<slug>-couverture.pdf`).
pub fn build_cover(
    root: &Path,
    out: Option<&Path>,
    typst: Option<&Path>,
    options: &BuildOptions,
) -> Result<(Loaded, PathBuf, Diagnostics), Error> {
    let loaded = load(root, options)?;
    let program = pdf::find_typst(typst)?;
    let path = out.map_or_else(
        || {
            let book = default_output(&loaded, "pdf");
            let stem = book.file_stem().and_then(|s| s.to_str()).unwrap_or("livre");
            book.with_file_name(format!("{stem}-couverture.pdf"))
        },
        Path::to_path_buf,
    );
    let dir = sources_dir(&path);
    let sources = pdf::write_sources(&loaded, &dir)?;
    let fonts = root.join("fonts");
    let fonts = fonts.canonicalize().unwrap_or(fonts);
    let pages = pdf::page_count(&program, &sources, &fonts, loaded.epoch)?;
    let warnings = pdf::cover(&program, &sources, &fonts, &loaded, pages, &path)?;
    Ok((loaded, path, warnings))
}

/// Builds the EPUB and the PDF of the book in `root` in a temporary directory and compares
/// their words with the articles' ([`fidelity`]); the book's own outputs are not touched.
/// Returns the loaded book and one error per run of words lost, repeated or out of order.
pub fn check_fidelity(
    root: &Path,
    typst: Option<&Path>,
    options: &BuildOptions,
) -> Result<(Loaded, Diagnostics), Error> {
    let loaded = load(root, options)?;
    let program = pdf::find_typst(typst)?;
    fidelity::find_pdftotext()?;
    let expected = fidelity::expected(&loaded)?;
    let mut found = Diagnostics::new();
    let epub = epub::build(
        &loaded.book,
        &loaded.settings,
        &epub::Options {
            epoch: loaded.epoch,
        },
    )?;
    let words = fidelity::epub_words(Path::new("the EPUB"), &epub)?;
    fidelity::compare(&expected, &words, "EPUB", &mut found);
    let tmp = tempfile::tempdir().map_err(|source| Error::Write {
        path: std::env::temp_dir(),
        source,
    })?;
    let _tmp_guard = interrupt::Temporary::register(tmp.path());
    let sources = pdf::write_sources(&loaded, &tmp.path().join("typst"))?;
    let pdf_path = tmp.path().join("livre.pdf");
    let fonts = root.join("fonts");
    let fonts = fonts.canonicalize().unwrap_or(fonts);
    pdf::compile(&program, &sources, &fonts, loaded.epoch, &pdf_path)?;
    let words = fidelity::pdf_words(&pdf_path, &expected)?;
    fidelity::compare(&expected, &words, "PDF", &mut found);
    Ok((loaded, found))
}

/// What `lcbook import` is asked to do.
#[derive(Debug, Clone, Default)]
pub struct ImportRequest {
    /// The saved pages.
    pub files: Vec<PathBuf>,
    /// Where to write the articles; the book's chapters directory when `None`.
    pub into: Option<PathBuf>,
    /// The category to give, whatever the pages say.
    pub category: Option<String>,
    /// Write nothing.
    pub dry_run: bool,
    /// Replace articles that exist.
    pub force: bool,
}

/// What `lcbook import` made of one page.
#[derive(Debug, Clone)]
pub struct ImportedPage {
    /// The page.
    pub source: PathBuf,
    /// The article's file.
    pub output: PathBuf,
    /// The article.
    pub article: import::Imported,
    /// Whether the file was written (not in a dry run, nor when the page had an error).
    pub written: bool,
}

/// Imports pages for the book in `root` ([`import`]): each becomes an article in the book's
/// chapters directory (or `into`), unless it exists (without `force`) or in a dry run.
/// Returns the articles made and the problems, every one located in its page.
pub fn import_pages(
    root: &Path,
    request: &ImportRequest,
) -> Result<(Vec<ImportedPage>, Diagnostics), Error> {
    let has_config = root.join(config::CONFIG_FILE).is_file();
    let settings = if request.into.is_none() || has_config {
        Some(read_settings(root, false)?.0)
    } else {
        None
    };
    let dir = match (&request.into, &settings) {
        (Some(into), _) => into.clone(),
        (None, Some(s)) => s.chapters_dir(),
        (None, None) => root.to_owned(),
    };
    let options = import::ImportOptions {
        publisher: settings.as_ref().map_or_else(
            || "La Commune".to_owned(),
            |s| s.config.book.publisher.clone(),
        ),
        category: request.category.clone().filter(|c| !c.trim().is_empty()),
    };
    let book_category = settings
        .as_ref()
        .and_then(|s| s.config.chapters.category.clone());
    let mut diags = Diagnostics::new();
    let mut pages: Vec<ImportedPage> = Vec::new();
    for file in &request.files {
        // A named pipe would block the read: only regular files are pages.
        let bytes = match files::read_regular(file) {
            Ok(b) => b,
            Err(e) => {
                diags.error(file, None, None, format!("cannot read the page: {e}"));
                continue;
            }
        };
        let before = diags.error_count();
        let Some(mut article) = import::import(file, &bytes, &options, &mut diags) else {
            continue;
        };
        // An article of another category than the book's would silently stay out of it.
        if let Some(book) = &book_category {
            match &article.found.category {
                None => {
                    article.found.category = Some(book.clone());
                    article.changes.push(import::Change {
                        kind: import::ChangeKind::Repaired,
                        lines: None,
                        what: format!("no category on the page: the book's, “{book}”, given"),
                    });
                }
                Some(c) if !c.eq_ignore_ascii_case(book) => diags.warning(
                    file,
                    None,
                    None,
                    format!(
                        "category “{c}” is not the book's (“{book}”): the article will not be in \
                         the book; give --category \"{book}\" to put it there"
                    ),
                ),
                Some(_) => {}
            }
        }
        let output = dir.join(&article.file_name);
        if let Some(other) = pages.iter().find(|p| p.output == output) {
            diags.error(
                file,
                None,
                None,
                format!(
                    "gives `{}`, as `{}` does: the two pages have the same title",
                    output.display(),
                    other.source.display()
                ),
            );
        } else if std::fs::symlink_metadata(&output).is_ok_and(|m| m.file_type().is_symlink()) {
            // A link planted under an article's name would have the import write elsewhere.
            diags.error(
                file,
                None,
                None,
                format!(
                    "`{}` is a symbolic link: lcbook does not write an article through one",
                    display_path(root, &output).display()
                ),
            );
        } else if output.exists() && !request.force {
            let why = format!(
                "`{}` exists: give --force to replace it",
                display_path(root, &output).display()
            );
            if request.dry_run {
                diags.warning(file, None, None, why);
            } else {
                diags.error(file, None, None, why);
            }
        }
        let ok = diags.error_count() == before;
        let mut written = ok && !request.dry_run;
        if written {
            // A page that cannot be written is that page's error; the others go on.
            let wrote = std::fs::create_dir_all(&dir)
                .map_err(|e| e.to_string())
                .and_then(|()| {
                    output::write_atomically(&output, article.markdown().as_bytes())
                        .map_err(|e| e.to_string())
                });
            if let Err(why) = wrote {
                diags.error(file, None, None, format!("cannot write the article: {why}"));
                written = false;
            }
        }
        pages.push(ImportedPage {
            source: file.clone(),
            output,
            article,
            written,
        });
    }
    Ok((pages, diags))
}

/// Where the Typst sources go: `typst/` beside the PDF, where they can be read.
fn sources_dir(pdf: &Path) -> PathBuf {
    pdf.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .join("typst")
}

/// How a file is named in diagnostics: relative to the book directory when inside it.
fn display_path(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root)
        .map_or_else(|_| path.to_owned(), Path::to_path_buf)
}
