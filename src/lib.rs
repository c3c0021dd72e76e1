//! lcbook compiles a directory of Markdown articles into a book. The pipeline, one stage a
//! module, each a function from one typed value to the next:
//!
//! 1. [`config`]: `book.toml` → [`config::Settings`];
//! 2. [`load`]: the chapters directory → [`load::Article`]s (text and front matter);
//! 3. [`order`]: which articles, in which order, grouped in parts;
//! 4. [`markdown`] (with [`html`] for raw HTML): each article parsed once → [`model::Chapter`];
//! 5. [`transform`]: heading levels and ids, links, images, on the whole [`model::Book`];
//! 6. writers: [`writer::xhtml`] and [`epub`] → the EPUB file.
//!
//! Every stage reports problems of the inputs as [`diag::Diagnostic`]s, collected over the
//! whole run; the book is written only when there are none.

pub mod config;
pub mod diag;
pub mod epub;
mod error;
pub mod html;
pub mod load;
pub mod locale;
pub mod markdown;
pub mod model;
pub mod order;
pub mod output;
pub mod transform;
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

/// Runs the pipeline up to the writers: reads `book.toml` and the articles of `root`, orders,
/// parses and transforms them. Fails with every problem of the inputs at once.
pub fn load(root: &Path, options: &BuildOptions) -> Result<Loaded, Error> {
    let mut diags = Diagnostics::new();
    let config_path = root.join(config::CONFIG_FILE);
    let config_text = match std::fs::read_to_string(&config_path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(Error::NoConfig {
                path: root.to_owned(),
            });
        }
        Err(source) => {
            return Err(Error::Io {
                path: config_path,
                source,
            });
        }
    };
    let shown_config = display_path(root, &config_path);
    let Some(settings) = config::parse(root, &shown_config, &config_text, &mut diags) else {
        return Err(Error::Invalid(diags));
    };
    let chapters = &settings.config.chapters;
    let dir = settings.chapters_dir();
    let rel_paths: Vec<String> = match chapters.order {
        Order::List => {
            let mut listed = Vec::new();
            for f in &chapters.files {
                let rel = f.to_string_lossy().replace('\\', "/");
                if dir.join(f).is_file() {
                    listed.push(rel);
                } else {
                    diags.error(
                        &shown_config,
                        find_in(&config_text, &rel),
                        Some(&config_text),
                        format!(
                            "listed file `{rel}` does not exist in `{}`",
                            chapters.dir.display()
                        ),
                    );
                }
            }
            listed
        }
        Order::Date | Order::Path => load::discover(&dir)?,
    };
    let mut articles = Vec::with_capacity(rel_paths.len());
    for rel in rel_paths {
        let abs = dir.join(&rel);
        let shown = display_path(root, &abs);
        if let Some(a) = load::read(shown, abs, rel, &chapters.part_key, &mut diags)? {
            articles.push(a);
        }
    }
    let mut articles = order::select(articles, chapters);
    order::sort(&mut articles, chapters.order);
    if articles.is_empty() && !diags.has_errors(false) {
        let (key, why) = match &chapters.category {
            Some(c) => (
                "category",
                format!("no article has the category `{c}`: the book is empty"),
            ),
            None => (
                "dir",
                format!(
                    "no Markdown article in `{}`: the book is empty",
                    chapters.dir.display()
                ),
            ),
        };
        diags.error(
            &shown_config,
            find_in(&config_text, key).or(Some(Pos::new(1, 1))),
            Some(&config_text),
            why,
        );
    }
    let parsed: Vec<model::Chapter> = articles
        .iter()
        .map(|a| markdown::read(a, &mut diags))
        .collect();
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
    for (ch, src) in ordered.iter_mut().zip(&sources) {
        transform::headings::run(ch, src, &mut diags);
    }
    let mut book = Book {
        chapters: ordered,
        parts,
        entries,
        resources: Vec::new(),
    };
    transform::links::run(&mut book, &sources, &dir, &mut diags);
    transform::images::run(&mut book, &abs_paths, &sources, &mut diags);
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

/// The time written into the book: `SOURCE_DATE_EPOCH`, else the newest article date (or
/// modification date), else the book's date, else 1980-01-01 (the earliest zip time).
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
        .flatten()
        .max()
        .or(settings.date);
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
    options: &BuildOptions,
) -> Result<(Loaded, PathBuf), Error> {
    let loaded = load(root, options)?;
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

/// How a file is named in diagnostics: relative to the book directory when inside it.
fn display_path(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root)
        .map_or_else(|_| path.to_owned(), Path::to_path_buf)
}

/// The position of the first occurrence of `needle` as a key or quoted value in `text`.
fn find_in(text: &str, needle: &str) -> Option<Pos> {
    let quoted = format!("\"{needle}\"");
    let offset = text.find(&quoted).map(|o| o + 1).or_else(|| {
        text.lines()
            .scan(0, |off, line| {
                let start = *off;
                *off += line.len() + 1;
                Some((start, line))
            })
            .find(|(_, l)| {
                l.trim_start()
                    .strip_prefix(needle)
                    .is_some_and(|r| r.trim_start().starts_with('='))
            })
            .map(|(s, l)| s + (l.len() - l.trim_start().len()))
    })?;
    Some(Pos::of_offset(text, offset))
}
