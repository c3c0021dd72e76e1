//! Transform, headings: a chapter's headings → levels under the chapter title (the body's
//! highest heading becomes level 2) and unique element ids; duplicate explicit ids are errors.

use std::collections::HashMap;

use crate::diag::{Diagnostics, Pos};
use crate::model::{Block, Chapter, Heading, Inline, visit_blocks, visit_blocks_mut};
use crate::order::Slugs;

/// Ids the writers give to elements of their own in a chapter document.
pub const RESERVED_IDS: [&str; 2] = ["titre", "notes"];

/// Whether `id` is one a writer uses for a note or a note reference.
fn is_note_id(id: &str) -> bool {
    let rest = id
        .strip_prefix("note-")
        .or_else(|| id.strip_prefix("appel-"));
    rest.is_some_and(|r| r.chars().next().is_some_and(|c| c.is_ascii_digit()))
}

/// Whether `id` is a valid XML id and HTML id: a letter or `_` first, then letters, digits,
/// `-`, `_`, `.`.
fn is_valid_id(id: &str) -> bool {
    let mut chars = id.chars();
    chars.next().is_some_and(|c| c.is_alphabetic() || c == '_')
        && chars.all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

/// Shifts levels and assigns ids in one chapter.
pub fn run(chapter: &mut Chapter, source: &str, diags: &mut Diagnostics) {
    let min = top_level_headings(&chapter.blocks)
        .map(|h| h.level)
        .min()
        .unwrap_or(2);
    let mut slugs = Slugs::default();
    for r in RESERVED_IDS {
        slugs.reserve(r);
    }
    // Explicit ids first, so that a generated id never takes an author's.
    let mut explicit: HashMap<String, Pos> = HashMap::new();
    let path = chapter.path.clone();
    for_each_heading(&mut chapter.blocks, &mut |h| {
        if !h.explicit_id {
            return;
        }
        if !is_valid_id(&h.id) {
            diags.error(
                &path,
                Some(h.pos),
                Some(source),
                format!(
                    "`{{#{}}}` is not a valid id: use letters, digits, `-`, `_`",
                    h.id
                ),
            );
        } else if RESERVED_IDS.contains(&h.id.as_str()) || is_note_id(&h.id) {
            diags.error(
                &path,
                Some(h.pos),
                Some(source),
                format!("id `{}` is reserved by lcbook for its own elements", h.id),
            );
        } else if let Some(first) = explicit.get(&h.id) {
            diags.error(
                &path,
                Some(h.pos),
                Some(source),
                format!(
                    "duplicate id `{}` (first used on line {})",
                    h.id, first.line
                ),
            );
        } else {
            explicit.insert(h.id.clone(), h.pos);
            slugs.reserve(&h.id);
        }
    });
    for_each_heading(&mut chapter.blocks, &mut |h| {
        h.level = (h.level + 2).saturating_sub(min).clamp(2, 6);
        if !h.explicit_id {
            let text = Inline::plain_text(&h.content);
            let mut id = slugs.make(&text, "section");
            if id.starts_with(|c: char| c.is_ascii_digit()) || is_note_id(&id) {
                id = slugs.make(&format!("s-{id}"), "section");
            }
            h.id = id;
        }
    });
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

/// Every element id of a chapter that links may target.
pub fn ids(chapter: &Chapter) -> Vec<String> {
    let mut out: Vec<String> = RESERVED_IDS.iter().map(|s| (*s).to_owned()).collect();
    visit_blocks(&chapter.blocks, &mut |b| {
        if let Block::Heading(h) = b {
            out.push(h.id.clone());
        }
    });
    out
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
        assert!(is_note_id("note-1"));
        assert!(!is_note_id("notes-de-lecture"));
    }
}
