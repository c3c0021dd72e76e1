//! Transform, headings: a chapter's headings → levels under the chapter title (the body's
//! highest heading becomes level 2) and unique element ids; duplicate explicit ids are errors.

use std::collections::{HashMap, HashSet};

use rayon::prelude::*;

use crate::config::Settings;
use crate::diag::{Diagnostics, Pos};
use crate::model::{Block, Book, Chapter, Heading, Inline, visit_blocks_mut, visit_inlines_mut};
use crate::text::slug::Slugs;

/// Ids the writers give to elements of their own in a chapter document. They start with `_`,
/// which no generated heading id does, so that a heading "Titre" or "Notes" keeps its
/// natural id.
pub const RESERVED_IDS: [&str; 2] = ["_titre", "_notes"];

/// Whether `id` is one a writer uses for a note or a note reference.
fn is_note_id(id: &str) -> bool {
    let rest = id
        .strip_prefix("_note-")
        .or_else(|| id.strip_prefix("_appel-"));
    rest.is_some_and(|r| r.chars().next().is_some_and(|c| c.is_ascii_digit()))
}

/// The id a heading gets from its text's slug: XML ids cannot start with a digit, so
/// `1917` becomes `s-1917` (and a link to `#1917` finds it, see [`lookup`]).
fn slug_id(slug: &str) -> String {
    if slug.starts_with(|c: char| c.is_ascii_digit()) {
        format!("s-{slug}")
    } else {
        slug.to_owned()
    }
}

/// Finds the id a link's fragment means among a chapter's ids: as written, else as lcbook
/// would have made it from a heading's text.
pub fn lookup<'a>(ids: &'a HashSet<String>, fragment: &str) -> Option<&'a str> {
    ids.get(fragment)
        .or_else(|| ids.get(&slug_id(fragment)))
        .map(String::as_str)
}

/// Whether `id` is a valid XML id and HTML id: a letter or `_` first, then letters, digits,
/// `-`, `_`, `.`.
fn is_valid_id(id: &str) -> bool {
    let mut chars = id.chars();
    chars.next().is_some_and(|c| c.is_alphabetic() || c == '_')
        && chars.all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

/// Shifts levels and assigns ids in every chapter, and records in [`Chapter::ids`] every id
/// a link may target.
pub fn run(book: &mut Book, _settings: &Settings, diags: &mut Diagnostics) {
    // Each chapter's ids are its own: found on every core, the messages kept in order.
    let found: Vec<Diagnostics> = book
        .chapters
        .par_iter_mut()
        .map(|chapter| {
            let mut own = Diagnostics::new();
            chapter.ids = chapter_ids(chapter, &mut own);
            own
        })
        .collect();
    for own in found {
        diags.extend(own);
    }
}

/// Shifts levels and assigns ids in one chapter. Returns every id of the chapter that a link
/// may target: headings' ids and anchors written in raw HTML (`<a name>`, `id=`).
fn chapter_ids(chapter: &mut Chapter, diags: &mut Diagnostics) -> HashSet<String> {
    let min = top_level_headings(&chapter.blocks)
        .map(|h| h.level)
        .min()
        .unwrap_or(2);
    let mut slugs = Slugs::default();
    for r in RESERVED_IDS {
        slugs.reserve(r);
    }
    // Explicit ids first, in document order, so that a generated id never takes an author's.
    let mut explicit: Vec<(String, Pos)> = Vec::new();
    for blocks in chapter.all_blocks_mut() {
        for_each_heading(blocks, &mut |h| {
            if h.explicit_id {
                explicit.push((h.id.clone(), h.pos));
            }
        });
    }
    for blocks in chapter.all_blocks_mut() {
        visit_inlines_mut(blocks, &mut |i| {
            if let Inline::Anchor { id, pos } = i {
                explicit.push((id.clone(), *pos));
            }
        });
    }
    explicit.sort_by_key(|(_, pos)| *pos);
    let mut seen: HashMap<String, Pos> = HashMap::new();
    for (id, pos) in explicit {
        let problem = if !is_valid_id(&id) {
            Some(format!(
                "`{id}` is not a valid id: use letters, digits, `-`, `_`"
            ))
        } else if RESERVED_IDS.contains(&id.as_str()) || is_note_id(&id) {
            Some(format!(
                "id `{id}` is reserved by lcbook for its own elements"
            ))
        } else {
            seen.get(&id)
                .map(|first| format!("duplicate id `{id}` (first used on line {})", first.line))
        };
        match problem {
            Some(message) => diags.error(
                &chapter.source.path,
                Some(pos),
                Some(&chapter.source.text),
                message,
            ),
            None => {
                slugs.reserve(&id);
                seen.insert(id, pos);
            }
        }
    }
    // Headings in notes too: every element with an id needs a unique one.
    for blocks in chapter.all_blocks_mut() {
        for_each_heading(blocks, &mut |h| {
            h.level = (h.level + 2).saturating_sub(min).clamp(2, 6);
            if !h.explicit_id {
                let text = Inline::plain_text(&h.content);
                let slug = slug::slugify(&text);
                h.id = slugs.make(&slug_id(&slug), "section");
            }
            seen.entry(h.id.clone()).or_insert(h.pos);
        });
    }
    seen.into_keys().collect()
}

/// The headings at the top of a chapter body (those of the table of contents).
pub fn top_level_headings(blocks: &[Block]) -> impl Iterator<Item = &Heading> {
    blocks.iter().filter_map(|b| match b {
        Block::Heading(h) => Some(h),
        _ => None,
    })
}

fn for_each_heading(blocks: &mut [Block], f: &mut dyn FnMut(&mut Heading)) {
    visit_blocks_mut(blocks, &mut |b| {
        if let Block::Heading(h) = b {
            f(h);
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids() {
        assert!(is_valid_id("ancre"));
        assert!(is_valid_id("état-1"));
        assert!(!is_valid_id("1abc"));
        assert!(!is_valid_id("a b"));
        assert!(!is_valid_id(""));
        assert!(is_note_id("_note-1"));
        assert!(!is_note_id("note-1"));
        assert!(!is_note_id("_notes-de-lecture"));
        assert_eq!(slug_id("1917"), "s-1917");
        assert_eq!(slug_id("titre"), "titre");
    }
}
