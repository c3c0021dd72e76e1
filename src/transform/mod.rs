//! Transforms: [`crate::model::Book`] → the same book, rewritten. Each runs once and serves
//! every writer: heading levels and ids, links between articles, images.

pub mod headings;
pub mod images;
pub mod links;
pub mod typography;
