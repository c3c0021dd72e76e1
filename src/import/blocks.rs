//! Import, blocks: a page's Markdown text → its top-level blocks (headings, paragraphs, rules,
//! the rest), each with its source text as written and its lines, as pulldown-cmark finds them.

use std::ops::Range;

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

/// What a block is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    /// A heading of this level (1 to 6).
    Heading(u8),
    Paragraph,
    /// A thematic break (`---`).
    Rule,
    /// A footnote's definition (`[^1]: …`).
    Note,
    /// Anything else (lists, quotations, code, tables, raw HTML, notes), kept as written.
    Other,
}

/// A top-level block of the page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Block {
    pub kind: Kind,
    /// The Markdown source, as written, without its final line break.
    pub text: String,
    /// First and last line in the page (1-based).
    pub lines: (usize, usize),
}

impl Block {
    /// The text a reader sees: no markup, line breaks as line breaks.
    pub(super) fn plain(&self) -> String {
        plain(&self.text)
    }
}

/// How pages are read: lcbook's dialect, but a heading's final `{…}` is its text (site pages
/// know nothing of heading attributes; the cleaning escapes the braces for the book).
fn options() -> pulldown_cmark::Options {
    crate::read::markdown::options() - pulldown_cmark::Options::ENABLE_HEADING_ATTRIBUTES
}

/// The text of some Markdown without its markup.
pub(super) fn plain(markdown: &str) -> String {
    let mut out = String::new();
    for event in Parser::new_ext(markdown, options()) {
        match event {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak => out.push('\n'),
            Event::InlineHtml(h) if h.to_ascii_lowercase().starts_with("<br") => out.push(' '),
            Event::End(TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item) => out.push('\n'),
            _ => {}
        }
    }
    out.trim().to_owned()
}

/// Splits a page into its top-level blocks. Text between blocks that is no block (a link
/// reference definition) is kept as a block of its own: nothing of the page is lost.
pub(super) fn split(text: &str) -> Vec<Block> {
    let mut spans: Vec<(Kind, Range<usize>)> = Vec::new();
    let mut depth = 0usize;
    let mut open: Option<(Kind, usize)> = None;
    for (event, range) in Parser::new_ext(text, options()).into_offset_iter() {
        match event {
            Event::Start(tag) => {
                if depth == 0 {
                    let kind = match tag {
                        Tag::Heading { level, .. } => {
                            Kind::Heading(crate::read::markdown::heading_level(level))
                        }
                        Tag::Paragraph => Kind::Paragraph,
                        Tag::FootnoteDefinition(_) => Kind::Note,
                        _ => Kind::Other,
                    };
                    open = Some((kind, range.start));
                }
                depth += 1;
            }
            Event::End(_) => {
                depth = depth.saturating_sub(1);
                if depth == 0
                    && let Some((kind, start)) = open.take()
                {
                    spans.push((kind, start..range.end));
                }
            }
            Event::Rule if depth == 0 => spans.push((Kind::Rule, range)),
            // Raw HTML outside any block, a lone footnote reference: kept as written.
            _ if depth == 0 => spans.push((Kind::Other, range)),
            _ => {}
        }
    }
    // Lines are counted as the blocks go, not from the start each time: a page of thirty
    // thousand paragraphs stays fast.
    let mut blocks = Vec::with_capacity(spans.len());
    let mut at = 0;
    let mut counter = LineCounter::default();
    for (kind, range) in spans {
        if range.start < at {
            continue;
        }
        let between = &text[at..range.start];
        if !between.trim().is_empty() {
            blocks.push(block(text, Kind::Other, at..range.start, &mut counter));
        }
        blocks.push(block(text, kind, range.clone(), &mut counter));
        at = range.end;
    }
    if !text[at..].trim().is_empty() {
        blocks.push(block(text, Kind::Other, at..text.len(), &mut counter));
    }
    blocks
}

/// The line of a byte offset, for offsets met in increasing order.
#[derive(Default)]
struct LineCounter {
    offset: usize,
    line: usize,
}

impl LineCounter {
    fn line_at(&mut self, text: &str, offset: usize) -> usize {
        self.line += text[self.offset..offset].matches('\n').count();
        self.offset = offset;
        self.line + 1
    }
}

fn block(text: &str, kind: Kind, range: Range<usize>, counter: &mut LineCounter) -> Block {
    let raw = &text[range.clone()];
    let slice = raw.trim_matches('\n');
    let start = range.start + raw.len() - raw.trim_start_matches('\n').len();
    let first = counter.line_at(text, start);
    let last = first + slice.matches('\n').count();
    Block {
        kind,
        text: slice.trim_end().to_owned(),
        lines: (first, last),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_keep_their_text_and_lines() {
        let page = "\n\n# La Commune\n\n## Titre : sous-titre\n\nUn *paragraphe*\nsur deux lignes.\n\n---\n\n- une\n- liste\n\n[ref]: https://example.org\n";
        let b = split(page);
        let kinds: Vec<Kind> = b.iter().map(|b| b.kind).collect();
        assert_eq!(
            kinds,
            [
                Kind::Heading(1),
                Kind::Heading(2),
                Kind::Paragraph,
                Kind::Rule,
                Kind::Other,
                Kind::Other
            ]
        );
        assert_eq!(b[2].text, "Un *paragraphe*\nsur deux lignes.");
        assert_eq!(b[2].lines, (7, 8));
        assert_eq!(b[2].plain(), "Un paragraphe\nsur deux lignes.");
        assert_eq!(b[1].plain(), "Titre : sous-titre");
        assert_eq!(b[5].text, "[ref]: https://example.org");
    }
}
