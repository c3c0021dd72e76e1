//! Transform, links: raw link destinations → targets inside the book (another chapter, an
//! anchor), outside it (a URL), or dropped with a warning. A link to an article or anchor that
//! does not exist is an error.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use rayon::prelude::*;

use crate::config::Settings;
use crate::diag::Diagnostics;
use crate::model::{Book, Chapter, Inline, Link, Target, visit_inlines_mut};
use crate::text::url::{has_scheme, is_unsafe_url};
use crate::transform::headings;

/// Resolves every link of the book, against the ids the headings transform found in each
/// chapter; the chapters directory tells an article left out of the book from one that does
/// not exist.
pub fn run(book: &mut Book, settings: &Settings, diags: &mut Diagnostics) {
    let chapters_dir = settings.chapters_dir();
    // Taken out while the chapters are rewritten, and given back.
    let ids: Vec<HashSet<String>> = book
        .chapters
        .iter_mut()
        .map(|c| std::mem::take(&mut c.ids))
        .collect();
    let by_path: HashMap<String, usize> = book
        .chapters
        .iter()
        .enumerate()
        .map(|(i, c)| (nfc(&c.source.rel_path), i))
        .collect();
    // Each chapter's links resolved on every core (the ids and paths are only read), the
    // messages kept in order.
    let found: Vec<Diagnostics> = book
        .chapters
        .par_iter_mut()
        .enumerate()
        .map(|(index, chapter)| {
            let mut own = Diagnostics::new();
            resolve_chapter(index, chapter, &by_path, &ids, &chapters_dir, &mut own);
            own
        })
        .collect();
    for own in found {
        diags.extend(own);
    }
    for (chapter, ids) in book.chapters.iter_mut().zip(ids) {
        chapter.ids = ids;
    }
}

/// Resolves the links of chapter `index`.
fn resolve_chapter(
    index: usize,
    chapter: &mut Chapter,
    by_path: &HashMap<String, usize>,
    ids: &[HashSet<String>],
    chapters_dir: &Path,
    diags: &mut Diagnostics,
) {
    {
        let (source, all_blocks) = chapter.source_and_blocks_mut();
        for blocks in all_blocks {
            visit_inlines_mut(blocks, &mut |inline| {
                let Inline::Link(link) = inline else {
                    return;
                };
                let Link { target, pos, .. } = &mut **link;
                let Target::Raw(dest) = target else {
                    return;
                };
                let resolved = resolve(dest, index, &source.rel_path, by_path, ids, chapters_dir);
                *target = match resolved {
                    Ok(t) => t,
                    Err(Problem::Error(m)) => {
                        diags.error(&source.path, Some(*pos), Some(&source.text), m);
                        Target::Dropped
                    }
                    Err(Problem::Warning(m)) => {
                        diags.warning(&source.path, Some(*pos), Some(&source.text), m);
                        Target::Dropped
                    }
                };
            });
        }
    }
}

enum Problem {
    Error(String),
    Warning(String),
}

fn resolve(
    dest: &str,
    here: usize,
    rel: &str,
    by_path: &HashMap<String, usize>,
    ids: &[HashSet<String>],
    chapters_dir: &Path,
) -> Result<Target, Problem> {
    let dest = dest.trim();
    if dest.is_empty() || dest == "#" {
        return Err(Problem::Warning(format!(
            "link `{dest}` leads nowhere; its text is kept without the link"
        )));
    }
    if is_unsafe_url(dest) {
        return Err(Problem::Warning(
            "link with a script URL removed; its text is kept".into(),
        ));
    }
    if has_scheme(dest) || dest.starts_with("//") {
        return match crate::text::url::external(dest) {
            Ok(u) => Ok(Target::External(u)),
            Err(e) => Err(Problem::Warning(format!(
                "link `{dest}` is not a valid URL ({e}); its text is kept without the link"
            ))),
        };
    }
    if let Some(anchor) = dest.strip_prefix('#') {
        let anchor = percent_decode(anchor);
        return if let Some(id) = headings::lookup(&ids[here], &anchor) {
            Ok(Target::Chapter {
                chapter: here,
                anchor: Some(id.to_owned()),
            })
        } else {
            Err(Problem::Error(format!(
                "link to `#{anchor}`: no heading has this id in this article"
            )))
        };
    }
    if dest.starts_with('/') {
        return Err(Problem::Warning(format!(
            "link `{dest}` leads outside the book (a site path); its text is kept without the link"
        )));
    }
    let (path_part, anchor) = match dest.split_once('#') {
        Some((p, a)) => (p, Some(percent_decode(a))),
        None => (dest, None),
    };
    let path_part = path_part.split('?').next().unwrap_or(path_part);
    let base = rel.rsplit_once('/').map_or("", |(dir, _)| dir);
    let Some(target_rel) = join_normalised(base, &percent_decode(path_part)) else {
        return Err(Problem::Warning(format!(
            "link `{dest}` leads outside the chapters directory; its text is kept without the link"
        )));
    };
    if !crate::files::is_markdown(Path::new(&target_rel)) {
        return Err(Problem::Warning(format!(
            "link `{dest}` leads outside the book; its text is kept without the link"
        )));
    }
    match by_path.get(&nfc(&target_rel)) {
        Some(&chapter) => match anchor.filter(|a| !a.is_empty()) {
            Some(a) => match headings::lookup(&ids[chapter], &a) {
                Some(id) => Ok(Target::Chapter {
                    chapter,
                    anchor: Some(id.to_owned()),
                }),
                None => Err(Problem::Error(format!(
                    "link to `{path_part}#{a}`: no heading has this id in that article"
                ))),
            },
            None => Ok(Target::Chapter {
                chapter,
                anchor: None,
            }),
        },
        None if chapters_dir.join(&target_rel).is_file() => Err(Problem::Warning(format!(
            "link to `{path_part}`: that article is not in the book; its text is kept without the link"
        ))),
        None => Err(Problem::Error(format!(
            "link to `{path_part}`: no such article"
        ))),
    }
}

/// Joins a relative path to a base directory, resolving `.` and `..`; `None` when it climbs
/// out of the root.
fn join_normalised(base: &str, rel: &str) -> Option<String> {
    let mut parts: Vec<&str> = base.split('/').filter(|p| !p.is_empty()).collect();
    for seg in rel.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    Some(parts.join("/"))
}

/// File names compare in Unicode normal form C: macOS stores `é` decomposed, editors type it
/// composed.
fn nfc(s: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    s.nfc().collect()
}

fn percent_decode(s: &str) -> String {
    percent_encoding::percent_decode_str(s)
        .decode_utf8_lossy()
        .into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schemes() {
        assert!(has_scheme("https://example.org"));
        assert!(has_scheme("mailto:a@b.c"));
        assert!(!has_scheme("b.md"));
        assert!(!has_scheme("c:/x"));
        assert!(!has_scheme("#a:b"));
    }

    #[test]
    fn paths() {
        assert_eq!(join_normalised("sub", "../a.md").as_deref(), Some("a.md"));
        assert_eq!(
            join_normalised("", "./sub/c.md").as_deref(),
            Some("sub/c.md")
        );
        assert_eq!(join_normalised("", "../x.md"), None);
    }
}
