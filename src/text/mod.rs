//! Leaf helpers every stage may use, and that use no stage: slugs, dates, URLs, media types,
//! series titles, ISBNs, the spaces of French typography.

pub mod date;
pub mod isbn;
pub mod media;
pub mod series;
pub mod slug;
pub mod url;

/// Narrow no-break space.
pub const NNBSP: char = '\u{202f}';
/// No-break space.
pub const NBSP: char = '\u{a0}';
