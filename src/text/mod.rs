//! Leaf helpers every stage may use, and that use no stage: slugs, dates, URLs, media types,
//! series titles, ISBNs, the spaces of French typography.

pub mod date;
pub mod isbn;
pub mod media;
pub mod series;
pub mod slug;
pub mod url;

/// Whether XML 1.0 forbids `c` in a document: C0 controls but tab and line ends, U+FFFE and
/// U+FFFF.
pub fn xml_forbidden(c: char) -> bool {
    (c < ' ' && !matches!(c, '\t' | '\n' | '\r')) || c == '\u{fffe}' || c == '\u{ffff}'
}

/// Whether byte `b` of a UTF-8 text may start a character [`xml_forbidden`] refuses: such a
/// control, or 0xEF, the first byte of U+FFFE and U+FFFF (EF BF BE, EF BF BF). A text with
/// none of these bytes is known clean without being decoded.
pub const fn may_start_xml_forbidden(b: u8) -> bool {
    (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r')) || b == 0xEF
}

/// Narrow no-break space.
pub const NNBSP: char = '\u{202f}';
/// No-break space.
pub const NBSP: char = '\u{a0}';
