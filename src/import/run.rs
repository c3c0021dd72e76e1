//! `lcbook import` as a whole: pages named on the command line → articles written into the
//! book's chapters directory, each page's problems located in it, the pages' category checked
//! against the book's.

use std::path::{Path, PathBuf};

use super::series::Member;
use super::{Change, ChangeKind, Found, ImportOptions, Imported};
use crate::Error;
use crate::diag::Diagnostics;
use crate::files::shown;

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
    pub article: Imported,
    /// Whether the file was written (not in a dry run, nor when the page had an error).
    pub written: bool,
}

/// Imports pages for the book in `root` ([`super::import`]): each becomes an article in the book's
/// chapters directory (or `into`), unless it exists (without `force`) or in a dry run.
/// Returns the articles made and the problems, every one located in its page.
pub fn import_pages(
    root: &Path,
    request: &ImportRequest,
) -> Result<(Vec<ImportedPage>, Diagnostics), Error> {
    // The book: here, or the one `--into` names a folder of (`--into livre/chapters`), whose
    // category, publisher and part key the articles must get to be in it.
    let book = std::iter::once(root.to_owned())
        .chain(
            request
                .into
                .iter()
                // The folder, or a book a level or two above it (`dir = "textes/articles"`).
                .flat_map(|into| into.ancestors().take(3).map(Path::to_path_buf)),
        )
        .find(|dir| dir.join(crate::config::CONFIG_FILE).is_file());
    // A book's settings when there is one (its chapters directory may be still to make);
    // none is needed to import into a folder, or to see what an import would make.
    let settings = if let Some(book) = &book {
        Some(crate::config::read_for(book, false, crate::config::Purpose::Import)?.0)
    } else if request.into.is_some() || request.dry_run {
        None
    } else {
        return Err(Error::NoBookToImportInto {
            path: root.to_owned(),
        });
    };
    let dir = match (&request.into, &settings) {
        (Some(into), _) => into.clone(),
        (None, Some(s)) => s.chapters_dir(),
        (None, None) => root.join("chapters"),
    };
    let options = ImportOptions {
        publisher: settings.as_ref().map_or_else(
            || "La Commune".to_owned(),
            |s| s.config.book.publisher.clone(),
        ),
        category: request.category.clone().filter(|c| !c.trim().is_empty()),
    };
    let book_category = settings
        .as_ref()
        .and_then(|s| s.config.chapters.category.clone());
    let part_key = settings.as_ref().map_or_else(
        || "series".to_owned(),
        |s| s.config.chapters.part_key.clone(),
    );
    let mut diags = Diagnostics::new();
    // 1. Every page read and cleaned; 2. their series inferred together, with the articles
    // already in the directory; 3. each article written.
    let mut read: Vec<(PathBuf, Imported, bool)> = Vec::new();
    for file in &pages_of(&request.files, &mut diags) {
        // A named pipe would block the read: only regular files are pages.
        let bytes = match crate::files::read_regular(file) {
            Ok(b) => b,
            Err(e) => {
                diags.error(file, None, None, format!("cannot read the page: {e}"));
                continue;
            }
        };
        let before = diags.error_count();
        let Some(mut article) = super::import(file, &bytes, &options, &mut diags) else {
            continue;
        };
        // An article of another category than the book's would silently stay out of it.
        if let Some(book) = &book_category {
            match &article.found.category {
                None => {
                    article.found.category = Some(book.clone());
                    article.changes.push(Change {
                        kind: ChangeKind::Repaired,
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
        // Whether the page itself had an error (it is then not written).
        let failed = diags.error_count() != before;
        read.push((file.clone(), article, failed));
    }
    join_series(&mut read, &dir, &part_key, &mut diags);
    let mut pages: Vec<ImportedPage> = Vec::new();
    for (file, mut article, failed) in read {
        let file = &file;
        let before = diags.error_count();
        let mut output = dir.join(&article.file_name);
        // Episodes of a series may share a title ("S : X" over "Episode 1", "Episode 3"):
        // the file name says the episode.
        if let Some(e) = article.found.episode
            && pages
                .iter()
                .any(|p| p.output == output && p.article.found.episode != Some(e))
        {
            let stem = article.file_name.trim_end_matches(".md").to_owned();
            article.file_name = format!("{stem}-episode-{e}.md");
            output = dir.join(&article.file_name);
        }
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
                    shown(root, &output).display()
                ),
            );
        } else if output.exists() && !request.force {
            let why = format!(
                "`{}` exists: give --force to replace it",
                shown(root, &output).display()
            );
            if request.dry_run {
                diags.warning(file, None, None, why);
            } else {
                diags.error(file, None, None, why);
            }
        }
        let ok = !failed && diags.error_count() == before;
        let mut written = ok && !request.dry_run;
        if written {
            // A page that cannot be written is that page's error; the others go on.
            let wrote = std::fs::create_dir_all(&dir)
                .map_err(|e| e.to_string())
                .and_then(|()| {
                    crate::output::write_atomically(&output, article.markdown().as_bytes())
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

/// The pages named: each file, and the pages of each folder (its `.txt`, `.html`, `.htm`,
/// `.xhtml` and `.md` files, not its subfolders, where a browser keeps a page's pictures), in
/// the natural order of their names. A folder with no page is an error.
fn pages_of(named: &[PathBuf], diags: &mut Diagnostics) -> Vec<PathBuf> {
    const PAGES: [&str; 6] = ["txt", "html", "htm", "xhtml", "md", "markdown"];
    let mut pages = Vec::new();
    for path in named {
        if !path.is_dir() {
            pages.push(path.clone());
            continue;
        }
        let mut inside: Vec<PathBuf> = std::fs::read_dir(path)
            .map(|entries| {
                entries
                    .filter_map(Result::ok)
                    .map(|e| e.path())
                    .filter(|p| {
                        let hidden = p
                            .file_name()
                            .is_some_and(|n| n.to_string_lossy().starts_with('.'));
                        let page = p.extension().is_some_and(|e| {
                            PAGES.contains(&e.to_string_lossy().to_ascii_lowercase().as_str())
                        });
                        !hidden && page && !p.is_dir()
                    })
                    .collect()
            })
            .unwrap_or_default();
        inside.sort_by(|a, b| alphanumeric_sort::compare_path(a, b));
        if inside.is_empty() {
            diags.error(
                path,
                None,
                None,
                "no page in this folder (.txt, .html, .htm, .xhtml or .md files)".into(),
            );
        }
        pages.extend(inside);
    }
    pages
}

/// Step 2: the series of the pages read, inferred from all of them and from the articles
/// already in `dir` ([`super::series`]). A page whose series joins another's takes its name,
/// with the reason in its report; pages whose evidence conflicts are kept apart, with a
/// warning.
fn join_series(
    read: &mut [(PathBuf, Imported, bool)],
    dir: &Path,
    part_key: &str,
    diags: &mut Diagnostics,
) {
    let written = written_articles(dir, part_key, read);
    let mut members: Vec<Member<'_>> = read
        .iter()
        .map(|(_, a, _)| Member::of(&a.found, false))
        .collect();
    members.extend(written.iter().map(|f| Member::of(f, true)));
    let inferred = super::series::infer(&members);
    for (group, why) in &inferred.conflicts {
        for &i in group.iter().filter(|&&i| i < read.len()) {
            diags.warning(
                &read[i].0,
                None,
                None,
                format!("{why}: their series are kept apart; check the pages"),
            );
        }
    }
    drop(members);
    for (i, (series, why)) in inferred.renamed {
        let Some((_, article, _)) = read.get_mut(i) else {
            continue;
        };
        let was = article.found.series.replace(series.clone());
        article.changes.push(Change {
            kind: ChangeKind::Repaired,
            lines: None,
            what: format!(
                "series “{}” joined to “{series}”: {why}",
                was.unwrap_or_default()
            ),
        });
    }
}

/// What the articles already in `dir` say of their series (those the pages will not replace).
fn written_articles(dir: &Path, part_key: &str, read: &[(PathBuf, Imported, bool)]) -> Vec<Found> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut paths: Vec<PathBuf> = entries
        .filter_map(|e| Some(e.ok()?.path()))
        .filter(|p| crate::files::is_markdown(p))
        .filter(|p| {
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or_default();
            !read.iter().any(|(_, a, _)| a.file_name == name)
        })
        .collect();
    // Sorted: the same inputs, the same inference.
    paths.sort();
    paths
        .into_iter()
        .filter_map(|p| {
            let bytes = crate::files::read_regular(&p).ok()?;
            let mut ignored = Diagnostics::new();
            let a = crate::read::article::from_bytes(
                p.clone(),
                p.clone(),
                String::new(),
                bytes,
                part_key,
                &mut ignored,
            )?;
            Some(Found {
                title: a.meta.title,
                series: a.meta.part,
                // Episodes are whole numbers on the site; another is no episode to match.
                episode: a
                    .meta
                    .episode
                    .filter(|e| e.fract() == 0.0 && *e >= 0.0 && *e < 1000.0)
                    .map(|e| e as u32),
                ..Found::default()
            })
        })
        .collect()
}
