//! Transforms, stage 5: the parsed chapters → the [`Loaded`] book the writers take. Each
//! transform is a [`Transform`], runs once and serves every writer: typography, then (after
//! [`crate::order::group`] has made the parts) heading levels and ids, links between
//! articles, images.

pub mod headings;
pub mod images;
pub mod links;
pub mod typography;

use crate::config::Settings;
use crate::diag::Diagnostics;
use crate::model::Book;

/// What every transform is: the book rewritten in place, with the settings to read and the
/// problems found reported.
pub type Transform = fn(&mut Book, &Settings, &mut Diagnostics);

/// The transforms that need the book in its order and parts, in the order they run: links
/// need the headings' ids.
pub const ORDERED: [Transform; 3] = [headings::run, links::run, images::run];

/// The typography pass over every chapter, as a [`Transform`]. It runs before the parts are
/// made: a series is recognised by its typeset name ("l'avortement" and "l’avortement" are
/// one), and slugs come from typeset titles.
pub fn typography(book: &mut Book, settings: &Settings, _diags: &mut Diagnostics) {
    let rules = settings.typography();
    book.title = typography::apply(&book.title, rules);
    book.subtitle = book
        .subtitle
        .as_deref()
        .map(|s| typography::apply(s, rules));
    for chapter in &mut book.chapters {
        typography::run(chapter, rules);
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
}
