//! Reader, raw HTML part: HTML found in Markdown (inline tags and HTML blocks) → document model
//! nodes, through html5ever. Only what maps to safe, well-formed content survives; every element
//! dropped is reported, and the text of an unknown element is kept.

use std::cell::RefCell;

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::{
    BufferQueue, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};
use scraper::{ElementRef, Html, Node};

use crate::model::{
    Align, Block, Image, ImageSource, Inline, Link, ListItem, MAX_DEPTH, Pos, Target,
};
use crate::text::url::is_unsafe_url;

/// What an HTML element becomes in the model.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TagClass {
    /// An inline container with a model equivalent.
    Inline(InlineTag),
    /// `<br>`.
    LineBreak,
    /// `<img>`.
    Image,
    /// `<a>`.
    Link,
    /// Harmless wrapper whose content is kept and tag dropped silently (`<span>`, `<u>`…).
    Unwrap,
    /// Unsafe or interactive (`<form>`, `<button>`…): the tag is dropped with a warning, the
    /// text inside is kept.
    Unsafe,
    /// Code or embedded content (`<script>`, `<style>`, `<iframe>`…): dropped with its
    /// content, with a warning.
    Remove,
    /// A block-level element (only meaningful in HTML blocks).
    Block,
}

/// Inline containers that map to model inlines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum InlineTag {
    /// `em`, `i`, `cite`, `dfn`, `var`.
    Emph,
    /// `strong`, `b`.
    Strong,
    /// `s`, `del`, `strike`.
    Strike,
    /// `sup`.
    Sup,
    /// `sub`.
    Sub,
    /// `code`, `kbd`, `samp`, `tt`: content kept as code.
    Code,
    /// `q`.
    Quote,
}

/// Whether an HTML element is void: it never has content nor an end tag.
pub(crate) fn is_void(name: &str) -> bool {
    matches!(
        name,
        "area"
            | "base"
            | "br"
            | "col"
            | "embed"
            | "hr"
            | "img"
            | "input"
            | "link"
            | "meta"
            | "param"
            | "source"
            | "track"
            | "wbr"
    )
}

/// The warning for an element dropped on purpose.
pub(crate) fn removed(name: &str) -> String {
    if is_void(name) {
        format!("raw HTML `<{name}>` removed")
    } else {
        format!("raw HTML `<{name}>` removed with its content")
    }
}

/// Classifies an element by its (lower-case) name.
pub(crate) fn classify(name: &str) -> TagClass {
    match name {
        "em" | "i" | "cite" | "dfn" | "var" => TagClass::Inline(InlineTag::Emph),
        "strong" | "b" => TagClass::Inline(InlineTag::Strong),
        "s" | "del" | "strike" => TagClass::Inline(InlineTag::Strike),
        "sup" => TagClass::Inline(InlineTag::Sup),
        "sub" => TagClass::Inline(InlineTag::Sub),
        "q" => TagClass::Inline(InlineTag::Quote),
        "code" | "kbd" | "samp" | "tt" => TagClass::Inline(InlineTag::Code),
        "br" => TagClass::LineBreak,
        "img" => TagClass::Image,
        "a" => TagClass::Link,
        "script" | "style" | "iframe" | "object" | "embed" | "applet" | "frame" | "frameset"
        | "noscript" | "template" | "link" | "meta" | "base" | "head" | "title" | "svg"
        | "math" | "audio" | "video" | "canvas" | "source" | "track" | "param" | "select"
        | "textarea" | "input" | "option" | "optgroup" | "datalist" | "dialog" => TagClass::Remove,
        "form" | "button" | "label" | "fieldset" | "legend" | "output" | "map" | "area" => {
            TagClass::Unsafe
        }
        "p" | "div" | "section" | "article" | "aside" | "header" | "footer" | "main" | "nav"
        | "figure" | "figcaption" | "blockquote" | "ul" | "ol" | "li" | "dl" | "dt" | "dd"
        | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "hr" | "pre" | "table" | "thead" | "tbody"
        | "tfoot" | "tr" | "td" | "th" | "caption" | "address" | "center" | "body" | "html"
        | "details" | "summary" => TagClass::Block,
        _ => TagClass::Unwrap,
    }
}

/// Whether `tag` can be a language tag (BCP 47's shape: letters, then subtags of letters and
/// digits, by `-`): `lang` and `xml:lang` must hold one.
pub(crate) fn is_language_tag(tag: &str) -> bool {
    let mut parts = tag.split('-');
    parts
        .next()
        .is_some_and(|p| (1..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphabetic()))
        && parts.all(|p| (1..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()))
}

/// One token of an inline HTML snippet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Tok {
    /// `<name attr=…>`.
    Start {
        /// Element name, lower case.
        name: String,
        /// Attributes, names lower case.
        attrs: Vec<(String, String)>,
        /// `<x/>`.
        self_closing: bool,
    },
    /// `</name>`.
    End(String),
    /// Character data (entities decoded).
    Text(String),
}

#[derive(Default)]
struct Collect {
    toks: RefCell<Vec<Tok>>,
}

impl TokenSink for Collect {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        let mut toks = self.toks.borrow_mut();
        match token {
            Token::TagToken(tag) => toks.push(match tag.kind {
                TagKind::StartTag => Tok::Start {
                    name: tag.name.to_string(),
                    attrs: tag
                        .attrs
                        .iter()
                        .map(|a| (a.name.local.to_string(), a.value.to_string()))
                        .collect(),
                    self_closing: tag.self_closing,
                },
                TagKind::EndTag => Tok::End(tag.name.to_string()),
            }),
            Token::CharacterTokens(t) => match toks.last_mut() {
                Some(Tok::Text(s)) => s.push_str(&t),
                _ => toks.push(Tok::Text(t.to_string())),
            },
            // Comments, doctypes and parse errors carry no text for the reader; NUL is not
            // allowed in XML.
            _ => {}
        }
        TokenSinkResult::Continue
    }
}

/// Tokenizes an inline HTML snippet (`<sup>`, `</span>`, `<br>`) with html5ever's tokenizer.
pub(crate) fn tokenize(snippet: &str) -> Vec<Tok> {
    match bare_tag(snippet) {
        Some(tok) => vec![tok],
        None => tokenize_html(snippet),
    }
}

/// A tag with no attribute, as most inline snippets are (`<sup>`, `</em>`, `<br/>`, `<br />`):
/// its token read directly, as the HTML tokenizer reads it (name in lower case), without
/// setting a tokenizer up for it. Anything else is left to the tokenizer.
fn bare_tag(snippet: &str) -> Option<Tok> {
    let inner = snippet.strip_prefix('<')?.strip_suffix('>')?;
    let (end, inner) = match inner.strip_prefix('/') {
        Some(rest) => (true, rest),
        None => (false, inner),
    };
    let (name, self_closing) = match inner.strip_suffix('/') {
        Some(rest) if !end => (rest.strip_suffix(' ').unwrap_or(rest), true),
        _ => (inner, false),
    };
    let mut chars = name.chars();
    let plain = chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric());
    if !plain {
        return None;
    }
    let name = name.to_ascii_lowercase();
    Some(if end {
        Tok::End(name)
    } else {
        Tok::Start {
            name,
            attrs: Vec::new(),
            self_closing,
        }
    })
}

/// [`tokenize`] by html5ever's tokenizer.
fn tokenize_html(snippet: &str) -> Vec<Tok> {
    let input = BufferQueue::default();
    input.push_back(StrTendril::from_slice(snippet));
    let tokenizer = Tokenizer::new(Collect::default(), TokenizerOpts::default());
    // The sink never asks for script execution, so feeding cannot stop early.
    let _ = tokenizer.feed(&input);
    tokenizer.end();
    tokenizer.sink.toks.take()
}

/// The id an element offers to links (`id`, or `name` on `<a>`), except on headings (their
/// id is the heading's) and on what is removed.
pub(crate) fn anchor_id(name: &str, attrs: &[(String, String)]) -> Option<String> {
    if matches!(name, "h1" | "h2" | "h3" | "h4" | "h5" | "h6") || classify(name) == TagClass::Remove
    {
        return None;
    }
    let get = |k: &str| {
        attrs
            .iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.trim().to_owned())
    };
    get("id")
        .or_else(|| if name == "a" { get("name") } else { None })
        .filter(|id| !id.is_empty())
}

/// Whether an attribute may be an event handler or otherwise executable.
pub(crate) fn is_unsafe_attr(name: &str) -> bool {
    name.starts_with("on") || name == "formaction" || name == "srcdoc"
}

/// What an HTML block reports about what it dropped.
pub(crate) type Warn<'a> = &'a mut dyn FnMut(String);

/// Converts an HTML block to model blocks. Text is never lost: elements without a model
/// equivalent are unwrapped, and only code and embedded content is removed (with a warning).
/// `room` is how many more containers the model may nest here (see [`MAX_DEPTH`]).
pub(crate) fn block_to_model(html: &str, pos: Pos, room: usize, warn: Warn<'_>) -> Vec<Block> {
    let doc = Html::parse_fragment(html);
    let mut conv = TreeConv {
        pos,
        warn,
        elements: 0,
        nested: 0,
        room,
        flattened: false,
    };
    let mut out = BlockSink::default();
    conv.children_blocks(doc.root_element(), &mut out);
    out.finish()
}

/// Accumulates blocks, gathering loose inline content into paragraphs.
#[derive(Default)]
struct BlockSink {
    blocks: Vec<Block>,
    pending: Vec<Inline>,
}

impl BlockSink {
    fn flush(&mut self) {
        let pending = std::mem::take(&mut self.pending);
        let blank = pending.iter().all(|i| match i {
            Inline::Text(t) => t.trim().is_empty(),
            Inline::SoftBreak => true,
            _ => false,
        });
        if !blank {
            self.blocks.push(Block::Paragraph(trim_inlines(pending)));
        }
    }

    fn block(&mut self, b: Block) {
        self.flush();
        self.blocks.push(b);
    }

    fn finish(mut self) -> Vec<Block> {
        self.flush();
        self.blocks
    }
}

/// Removes leading and trailing white space of a paragraph's content, which HTML ignores.
fn trim_inlines(mut v: Vec<Inline>) -> Vec<Inline> {
    let blank = |i: &Inline| match i {
        Inline::SoftBreak => true,
        Inline::Text(t) => t.trim().is_empty(),
        _ => false,
    };
    while v.first().is_some_and(blank) {
        v.remove(0);
    }
    while v.last().is_some_and(blank) {
        v.pop();
    }
    if let Some(Inline::Text(t)) = v.first_mut() {
        *t = t.trim_start().to_owned();
    }
    if let Some(Inline::Text(t)) = v.last_mut() {
        *t = t.trim_end().to_owned();
    }
    v.retain(|i| !matches!(i, Inline::Text(t) if t.is_empty()));
    v
}

/// How deep elements are walked; the text of deeper ones is kept as plain text. HTML may
/// nest thousands of `<div>`s, and each level is a call.
const MAX_ELEMENT_DEPTH: usize = 128;

struct TreeConv<'w> {
    pos: Pos,
    warn: Warn<'w>,
    /// Elements open around the one being read.
    elements: usize,
    /// Model containers open around it.
    nested: usize,
    /// How many the model may hold here.
    room: usize,
    /// Whether flattening was reported.
    flattened: bool,
}

impl TreeConv<'_> {
    /// Whether another model container fits; when not, the element is unwrapped (once said).
    fn can_nest(&mut self) -> bool {
        if self.nested < self.room {
            return true;
        }
        self.say_flattened();
        false
    }

    fn say_flattened(&mut self) {
        if !self.flattened {
            self.flattened = true;
            (self.warn)(format!(
                "raw HTML nested too deep (more than {MAX_DEPTH} quotes, lists, emphasis and \
                 links, or {MAX_ELEMENT_DEPTH} elements): the inner ones are set flat (their \
                 text is kept)"
            ));
        }
    }

    /// The text of `el` when it is one element too deep to walk (then read without a
    /// recursive walk, whatever its depth), else `None`.
    fn too_deep(&mut self, el: ElementRef<'_>) -> Option<String> {
        if self.elements < MAX_ELEMENT_DEPTH {
            return None;
        }
        self.say_flattened();
        Some(el.text().collect())
    }

    /// Runs `f` inside one more model container.
    fn nest<T>(&mut self, f: impl FnOnce(&mut Self) -> T) -> T {
        self.nested += 1;
        let r = f(self);
        self.nested -= 1;
        r
    }

    fn check_attrs(&mut self, el: ElementRef<'_>) {
        for (name, _) in el.value().attrs() {
            if is_unsafe_attr(name) {
                (self.warn)(format!(
                    "raw HTML attribute `{name}` on `<{}>` removed",
                    el.value().name()
                ));
            }
        }
    }

    fn children_blocks(&mut self, el: ElementRef<'_>, out: &mut BlockSink) {
        for child in el.children() {
            match child.value() {
                Node::Text(t) => push_text(&mut out.pending, &t.text),
                Node::Element(_) => {
                    if let Some(c) = ElementRef::wrap(child) {
                        match self.too_deep(c) {
                            Some(t) => push_text(&mut out.pending, &t),
                            None => {
                                self.elements += 1;
                                self.element_block(c, out);
                                self.elements -= 1;
                            }
                        }
                    }
                }
                _ => {}
            }
        }
    }

    fn blocks_of(&mut self, el: ElementRef<'_>) -> Vec<Block> {
        let mut sink = BlockSink::default();
        self.children_blocks(el, &mut sink);
        sink.finish()
    }

    /// An anchor for the element's id, if it has one.
    fn anchor(&self, el: ElementRef<'_>) -> Option<Inline> {
        let attrs: Vec<(String, String)> = el
            .value()
            .attrs()
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .collect();
        anchor_id(el.value().name(), &attrs).map(|id| Inline::Anchor { id, pos: self.pos })
    }

    fn element_block(&mut self, el: ElementRef<'_>, out: &mut BlockSink) {
        let name = el.value().name();
        self.check_attrs(el);
        let anchor = self.anchor(el);
        match name {
            "p" | "figcaption" | "caption" | "dt" | "address" | "summary" => {
                out.flush();
                out.pending.extend(anchor);
                let inl = self.inlines_of(el);
                out.pending.extend(inl);
                out.flush();
            }
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                let level = name[1..].parse().unwrap_or(2);
                let content = trim_inlines(self.inlines_of(el));
                out.block(Block::Heading(crate::model::Heading {
                    level,
                    id: el.value().attr("id").unwrap_or_default().to_owned(),
                    explicit_id: el.value().attr("id").is_some(),
                    classes: Vec::new(),
                    content,
                    pos: self.pos,
                }));
            }
            "blockquote" if !self.can_nest() => self.children_blocks(el, out),
            "blockquote" => {
                let inner = self.nest(|conv| conv.blocks_of(el));
                out.block(Block::BlockQuote(inner));
            }
            "ul" | "ol" if !self.can_nest() => {
                out.pending.extend(anchor);
                self.children_blocks(el, out);
            }
            "ul" | "ol" => {
                self.nested += 1;
                let start = (name == "ol").then(|| {
                    el.value()
                        .attr("start")
                        .and_then(|s| s.trim().parse().ok())
                        .unwrap_or(1)
                });
                let mut items = Vec::new();
                for child in el.children() {
                    match ElementRef::wrap(child) {
                        Some(li) if li.value().name() == "li" => items.push(ListItem {
                            task: None,
                            blocks: self.blocks_of(li),
                        }),
                        Some(other) => items.push(ListItem {
                            task: None,
                            blocks: self.blocks_of(other),
                        }),
                        None => {
                            if let Node::Text(t) = child.value()
                                && !t.trim().is_empty()
                            {
                                items.push(ListItem {
                                    task: None,
                                    blocks: vec![Block::Paragraph(vec![Inline::Text(
                                        t.trim().to_owned(),
                                    )])],
                                });
                            }
                        }
                    }
                }
                self.nested -= 1;
                items.retain(|i| !i.blocks.is_empty());
                if !items.is_empty() {
                    out.block(Block::List {
                        start,
                        loose: false,
                        items,
                    });
                }
            }
            "hr" => out.block(Block::ThematicBreak),
            "pre" => {
                let text: String = el.text().collect();
                out.block(Block::CodeBlock {
                    lang: None,
                    text: text.strip_prefix('\n').unwrap_or(&text).to_owned(),
                });
            }
            "table" => {
                let (caption, table) = self.table(el);
                if !caption.is_empty() {
                    out.block(Block::Paragraph(trim_inlines(caption)));
                }
                out.block(table);
            }
            _ => match classify(name) {
                TagClass::Block | TagClass::Unwrap => {
                    out.pending.extend(anchor);
                    self.children_blocks(el, out);
                }
                TagClass::Unsafe => {
                    (self.warn)(format!("raw HTML `<{name}>` removed (its text is kept)"));
                    self.children_blocks(el, out);
                }
                TagClass::Remove => {
                    (self.warn)(removed(name));
                }
                TagClass::Inline(_) | TagClass::LineBreak | TagClass::Image | TagClass::Link => {
                    let inl = self.element_inline(el);
                    out.pending.extend(inl);
                }
            },
        }
    }

    /// A table and its caption (kept as a paragraph before it: the model's tables have none).
    fn table(&mut self, el: ElementRef<'_>) -> (Vec<Inline>, Block) {
        let mut head: Vec<Vec<Inline>> = Vec::new();
        let mut rows: Vec<Vec<Vec<Inline>>> = Vec::new();
        let mut caption: Vec<Inline> = Vec::new();
        let mut stack = vec![el];
        let mut row_elems = Vec::new();
        while let Some(e) = stack.pop() {
            for child in e.children().rev() {
                if let Some(c) = ElementRef::wrap(child) {
                    match c.value().name() {
                        "tr" => row_elems.push(c),
                        "thead" | "tbody" | "tfoot" => stack.push(c),
                        "caption" => caption = self.inlines_of(c),
                        _ => {}
                    }
                }
            }
        }
        // Rows were pushed in reverse document order within each group; a stable walk in
        // document order is what readers expect.
        row_elems.sort_by_key(|r| r.id());
        for (i, tr) in row_elems.into_iter().enumerate() {
            let mut cells = Vec::new();
            let mut all_th = true;
            for child in tr.children() {
                if let Some(c) = ElementRef::wrap(child) {
                    all_th &= c.value().name() == "th";
                    cells.push(trim_inlines(self.inlines_of(c)));
                }
            }
            if i == 0 && all_th && !cells.is_empty() {
                head = cells;
            } else {
                rows.push(cells);
            }
        }
        let width = head.len().max(rows.iter().map(Vec::len).max().unwrap_or(0));
        for r in &mut rows {
            r.resize(width, Vec::new());
        }
        if !head.is_empty() {
            head.resize(width, Vec::new());
        }
        let table = Block::Table {
            align: vec![Align::None; width],
            head,
            rows,
        };
        (caption, table)
    }

    fn inlines_of(&mut self, el: ElementRef<'_>) -> Vec<Inline> {
        let mut out = Vec::new();
        for child in el.children() {
            match child.value() {
                Node::Text(t) => push_text(&mut out, &t.text),
                Node::Element(_) => {
                    if let Some(c) = ElementRef::wrap(child) {
                        match self.too_deep(c) {
                            Some(t) => push_text(&mut out, &t),
                            None => {
                                self.elements += 1;
                                let inl = self.element_inline(c);
                                self.elements -= 1;
                                out.extend(inl);
                            }
                        }
                    }
                }
                _ => {}
            }
        }
        out
    }

    fn element_inline(&mut self, el: ElementRef<'_>) -> Vec<Inline> {
        let mut out: Vec<Inline> = self.anchor(el).into_iter().collect();
        out.extend(self.element_inline_content(el));
        out
    }

    fn element_inline_content(&mut self, el: ElementRef<'_>) -> Vec<Inline> {
        let name = el.value().name();
        self.check_attrs(el);
        let nests = matches!(classify(name), TagClass::Inline(_) | TagClass::Link)
            || (name == "span" && el.value().attr("lang").is_some());
        if nests && !self.can_nest() {
            return self.inlines_of(el);
        }
        if nests {
            self.nested += 1;
        }
        let r = self.element_inline_of(el, name);
        if nests {
            self.nested -= 1;
        }
        r
    }

    fn element_inline_of(&mut self, el: ElementRef<'_>, name: &str) -> Vec<Inline> {
        let attr = |n: &str| el.value().attr(n).unwrap_or_default().to_owned();
        match classify(name) {
            TagClass::Inline(tag) => {
                let content = self.inlines_of(el);
                vec![wrap_inline(tag, content)]
            }
            TagClass::LineBreak => vec![Inline::LineBreak],
            TagClass::Image => vec![Inline::Image(Box::new(Image {
                source: ImageSource::Raw(attr("src")),
                alt: attr("alt"),
                title: attr("title"),
                pos: self.pos,
            }))],
            TagClass::Link => {
                let content = self.inlines_of(el);
                let href = attr("href");
                if href.is_empty() {
                    content
                } else if is_unsafe_url(&href) {
                    (self.warn)(
                        "raw HTML link with a script URL removed (its text is kept)".into(),
                    );
                    content
                } else {
                    vec![Inline::Link(Box::new(Link {
                        target: Target::Raw(href),
                        title: attr("title"),
                        content,
                        pos: self.pos,
                    }))]
                }
            }
            TagClass::Remove => {
                (self.warn)(removed(name));
                Vec::new()
            }
            TagClass::Unsafe => {
                (self.warn)(format!("raw HTML `<{name}>` removed (its text is kept)"));
                self.inlines_of(el)
            }
            TagClass::Unwrap | TagClass::Block => {
                let content = self.inlines_of(el);
                match el.value().attr("lang") {
                    Some(lang) if is_language_tag(lang.trim()) && name == "span" => {
                        vec![Inline::Lang {
                            lang: lang.trim().to_owned(),
                            content,
                        }]
                    }
                    _ => content,
                }
            }
        }
    }
}

/// Appends text, merging with a preceding text node; newlines become soft breaks as in
/// Markdown.
fn push_text(out: &mut Vec<Inline>, text: &str) {
    let mut first = true;
    for line in text.split('\n') {
        if !first {
            out.push(Inline::SoftBreak);
        }
        first = false;
        if line.is_empty() {
            continue;
        }
        match out.last_mut() {
            Some(Inline::Text(t)) => t.push_str(line),
            _ => out.push(Inline::Text(line.to_owned())),
        }
    }
}

/// Builds the model inline for an inline tag around `content`.
pub(crate) fn wrap_inline(tag: InlineTag, content: Vec<Inline>) -> Inline {
    match tag {
        InlineTag::Emph => Inline::Emph(content),
        InlineTag::Strong => Inline::Strong(content),
        InlineTag::Strike => Inline::Strike(content),
        InlineTag::Sup => Inline::Sup(content),
        InlineTag::Sub => Inline::Sub(content),
        InlineTag::Code => Inline::Code(Inline::plain_text(&content)),
        InlineTag::Quote => Inline::Quote(content),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2048))]
        /// A tag read directly is the token the HTML tokenizer gives.
        #[test]
        fn bare_tags_are_read_as_the_tokenizer_reads_them(
            snippet in "<[/]?[a-zA-Z0-9 /=\"é-]{0,6}[/ ]{0,2}>?"
        ) {
            if let Some(tok) = bare_tag(&snippet) {
                proptest::prop_assert_eq!(vec![tok], tokenize_html(&snippet));
            }
        }
    }

    #[test]
    fn bare_tags_are_read_directly() {
        for snippet in ["<sup>", "</SUP>", "<br/>", "<br />", "<h2>", "</em>"] {
            assert_eq!(
                bare_tag(snippet).map(|t| vec![t]),
                Some(tokenize_html(snippet))
            );
        }
        for snippet in [
            "<br  />",
            "</br/>",
            "<span lang=\"ru\">",
            "<1>",
            "<>",
            "< b>",
            "<b",
        ] {
            assert_eq!(bare_tag(snippet), None, "{snippet}");
        }
    }

    #[test]
    fn tokenizes_tags_with_attributes() {
        assert_eq!(
            tokenize("<span lang=\"ru\">"),
            vec![Tok::Start {
                name: "span".into(),
                attrs: vec![("lang".into(), "ru".into())],
                self_closing: false
            }]
        );
        assert_eq!(tokenize("</SUP>"), vec![Tok::End("sup".into())]);
        assert_eq!(tokenize("<!-- note -->"), vec![]);
    }

    #[test]
    fn blocks_keep_text_and_drop_code() {
        let mut warnings = Vec::new();
        let blocks = block_to_model(
            "<div><p onclick=\"x()\">clic</p><script>alert(1)</script>\n<form><button>Envoyer</button></form></div>",
            Pos::new(1, 1),
            MAX_DEPTH,
            &mut |w| warnings.push(w),
        );
        assert_eq!(
            blocks,
            vec![
                Block::Paragraph(vec![Inline::Text("clic".into())]),
                Block::Paragraph(vec![Inline::Text("Envoyer".into())]),
            ]
        );
        assert_eq!(
            warnings,
            vec![
                "raw HTML attribute `onclick` on `<p>` removed",
                "raw HTML `<script>` removed with its content",
                "raw HTML `<form>` removed (its text is kept)",
                "raw HTML `<button>` removed (its text is kept)",
            ]
        );
    }

    #[test]
    fn malformed_nesting_is_repaired() {
        let mut warnings = Vec::new();
        let blocks = block_to_model(
            "<p><b><i>mal</b> imbriqué</i>",
            Pos::new(1, 1),
            MAX_DEPTH,
            &mut |w| {
                warnings.push(w);
            },
        );
        let text: String = match &blocks[..] {
            [Block::Paragraph(i)] => Inline::plain_text(i),
            other => panic!("{other:?}"),
        };
        assert_eq!(text, "mal imbriqué");
    }
}
