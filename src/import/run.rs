//! `lcbook import` as a whole: pages named on the command line → articles written into the
//! book's chapters directory, each page's problems located in it, the pages' category checked
//! against the book's.

use std::path::{Path, PathBuf};

use super::{Change, ChangeKind, ImportOptions, Imported};
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
    let has_config = root.join(crate::config::CONFIG_FILE).is_file();
    let settings = if request.into.is_none() || has_config {
        Some(crate::config::read(root, false)?.0)
    } else {
        None
    };
    let dir = match (&request.into, &settings) {
        (Some(into), _) => into.clone(),
        (None, Some(s)) => s.chapters_dir(),
        (None, None) => root.to_owned(),
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
    let mut diags = Diagnostics::new();
    let mut pages: Vec<ImportedPage> = Vec::new();
    for file in &request.files {
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
        let ok = diags.error_count() == before;
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
