//! Leaf helpers every stage may use, and that use no stage: slugs, dates, URLs, media types.

pub mod date;
pub mod media;
pub mod slug;
pub mod url;
