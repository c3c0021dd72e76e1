//! Reading, stages 2 and 4: the chapters directory → [`article::Article`]s (the files, their
//! text and front matter); later, each article parsed once by [`markdown`] (raw HTML by
//! [`html`]) → a [`crate::model::Chapter`].

pub mod article;
pub mod html;
pub mod markdown;
