//! Writers: the transformed [`crate::model::Book`] → output markup. XHTML now; the Typst
//! writer will stand beside it, reading the same model.

pub mod xhtml;
