//! Transforms, stage 5: the parsed chapters → the [`Loaded`] book the writers take. Each runs
//! once and serves every writer: typography (of each chapter as soon as it is parsed, see
//! [`chapter`]), then, once [`crate::order::group`] has made the parts, the [`BOOK`]
//! transforms: the book's titles, heading levels and ids, links between articles, images, and
//! a check of each series against the episodes its teasers name.

pub mod headings;
pub mod images;
pub mod links;
pub mod series;
pub mod typography;

use crate::config::Settings;
use crate::diag::Diagnostics;
use crate::model::{Book, Chapter};

/// What every transform is: the book rewritten in place, with the settings to read and the
/// problems found reported.
pub type Transform = fn(&mut Book, &Settings, &mut Diagnostics);

/// The transforms of the whole book, in its order and parts, in the order they run: links
/// need the headings' ids.
pub const BOOK: [Transform; 5] = [titles, headings::run, links::run, images::run, series::run];

/// The transform of one chapter alone: its typography, run as soon as the chapter is parsed.
/// It needs no other chapter, and it must run before the parts are made: a series is known by
/// its typeset name ("l'avortement" and "l’avortement" are one), and slugs come from typeset
/// titles. Setting each chapter at once also keeps the memory of one untypeset chapter at a
/// time (the parser's strings have room to spare; the typeset ones are exact), not of the
/// whole book.
pub fn chapter(chapter: &mut Chapter, settings: &Settings) {
    typography::run(chapter, settings.typography());
}

/// The book's own title and subtitle, set by the same typography rules as the articles.
pub fn titles(book: &mut Book, settings: &Settings, _diags: &mut Diagnostics) {
    let rules = settings.typography();
    let set = |s: &str| typography::apply(s, rules);
    book.title = set(&book.title);
    book.subtitle = book.subtitle.as_deref().map(set);
    if book.authors.is_empty() {
        // Already set, with their articles.
        let mut seen: Vec<String> = Vec::new();
        for a in book.chapters.iter().flat_map(|c| &c.meta.authors) {
            if !seen.contains(a) {
                seen.push(a.clone());
            }
        }
        book.authors = seen;
    } else {
        book.authors = book.authors.iter().map(|a| set(a)).collect();
    }
    book.publisher = set(&book.publisher);
    book.rights = book.rights.as_deref().map(set);
    book.description = book.description.as_deref().map(set);
    for part in &mut book.parts {
        part.display_title = typography::raised(&part.title, rules);
    }
}

/// A loaded, ordered and checked book, ready for a writer; every writer takes it by
/// reference.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The configuration, resolved once.
    pub settings: Settings,
    /// The book.
    pub book: Book,
    /// Warnings found on the way.
    pub diagnostics: Diagnostics,
    /// Unix time of the build.
    pub epoch: i64,
    /// How many articles of the chapters directory are not in the book (another category,
    /// none, a draft), each said by a warning.
    pub left_out: usize,
}
