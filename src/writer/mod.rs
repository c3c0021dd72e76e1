//! Writers: the transformed [`crate::model::Book`] → output markup, XHTML for the EPUB and
//! Typst for the PDF, both reading the same model.

pub mod typst;
pub mod xhtml;
