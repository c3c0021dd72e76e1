//! Stage 4, parsing: an [`Article`] → a [`Chapter`] of the document model carrying its source,
//! parsed once with pulldown-cmark; raw HTML goes through [`crate::read::html`]. Every node
//! keeps its position for later diagnostics.

use std::collections::HashMap;

use pulldown_cmark::{CodeBlockKind, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd};

use crate::diag::Diagnostics;
use crate::model::{
    Align, Block, Chapter, Heading, Image, ImageSource, Inline, Link, ListItem, MAX_DEPTH, Note,
    Pos, Target,
};
use crate::read::article::Article;
use crate::read::html::{self, InlineTag, TagClass, Tok};

/// The one Markdown dialect of lcbook, for every output. No smart punctuation: quotes,
/// apostrophes and dashes are the typography pass's, which knows the language.
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_TASKLISTS
}

#[derive(Debug)]
enum Kind {
    Root,
    Quote,
    Item {
        task: Option<bool>,
    },
    Note {
        label: String,
        pos: Pos,
    },
    List {
        start: Option<u64>,
        items: Vec<ListItem>,
        loose: bool,
    },
    Para,
    Heading {
        level: u8,
        id: Option<String>,
        classes: Vec<String>,
        pos: Pos,
    },
    Table {
        align: Vec<Align>,
        head: Vec<Vec<Inline>>,
        rows: Vec<Vec<Vec<Inline>>>,
    },
    Row {
        head: bool,
        cells: Vec<Vec<Inline>>,
        /// The row's source, to find cells past the header's width.
        src: std::ops::Range<usize>,
        pos: Pos,
    },
    Cell,
    Emph,
    Strong,
    Strike,
    Link {
        dest: String,
        title: String,
        pos: Pos,
    },
    Image {
        dest: String,
        title: String,
        pos: Pos,
    },
    CodeBlock {
        lang: Option<String>,
        text: String,
    },
    HtmlBlock {
        text: String,
        pos: Pos,
    },
    /// An inline container opened by a raw HTML tag.
    Html {
        name: String,
        what: HtmlFrame,
        pos: Pos,
    },
}

#[derive(Debug)]
enum HtmlFrame {
    Inline(InlineTag),
    Link {
        href: String,
        title: String,
    },
    Lang(String),
    /// Content dropped (`<script>`…).
    Suppress,
}

#[derive(Debug)]
struct Frame {
    kind: Kind,
    blocks: Vec<Block>,
    inlines: Vec<Inline>,
    /// How many model containers hold this frame's content (itself included).
    depth: usize,
    /// Past [`MAX_DEPTH`]: the frame's content goes to its parent, unwrapped.
    flat: bool,
}

impl Frame {
    fn new(kind: Kind) -> Self {
        Frame {
            kind,
            blocks: Vec::new(),
            inlines: Vec::new(),
            depth: 0,
            flat: false,
        }
    }

    /// Whether the frame is a link (Markdown's or raw HTML's `<a href>`).
    fn is_link(&self) -> bool {
        matches!(
            self.kind,
            Kind::Link { .. }
                | Kind::Html {
                    what: HtmlFrame::Link { .. },
                    ..
                }
        )
    }

    /// Whether the frame becomes a container of the model (a quote, a list, an emphasis, a
    /// link…), which nests what is inside it one level deeper.
    fn nests(&self) -> bool {
        matches!(
            self.kind,
            Kind::Quote
                | Kind::List { .. }
                | Kind::Emph
                | Kind::Strong
                | Kind::Strike
                | Kind::Link { .. }
                | Kind::Html {
                    what: HtmlFrame::Inline(_) | HtmlFrame::Link { .. } | HtmlFrame::Lang(_),
                    ..
                }
        )
    }

    fn holds_blocks(&self) -> bool {
        matches!(
            self.kind,
            Kind::Root | Kind::Quote | Kind::Item { .. } | Kind::Note { .. }
        )
    }

    /// Turns pending inline content of a block container (a tight list item) into a
    /// paragraph.
    fn flush_inlines(&mut self) {
        if !self.inlines.is_empty() {
            let inl = std::mem::take(&mut self.inlines);
            self.blocks.push(Block::Paragraph(inl));
        }
    }

    fn into_blocks(mut self) -> Vec<Block> {
        self.flush_inlines();
        self.blocks
    }
}

struct Reader<'a> {
    article: &'a Article,
    diags: &'a mut Diagnostics,
    stack: Vec<Frame>,
    note_index: HashMap<String, usize>,
    notes: Vec<Note>,
    definitions: HashMap<String, (Vec<Block>, Pos)>,
    definition_order: Vec<String>,
    /// Second definitions of a label, kept so that their text is not lost.
    extra_notes: Vec<Note>,
    /// Source range of the table row being read.
    row_src: std::ops::Range<usize>,
    /// Line where the top-level block being read starts.
    root_line: usize,
    /// Lines of the top-level blocks read so far.
    block_lines: Vec<usize>,
    /// Whether flattened nesting was reported (once an article).
    flattened: bool,
}

/// An article's body as the parser is given it.
struct Body<'a> {
    /// The text, of the same length as the article's body: every offset stays true.
    text: std::borrow::Cow<'a, str>,
    /// Where a note definition was written `[^1] : …` and is read as `[^1]: …` (the offset of
    /// the space after its bracket), and its label.
    mended: Vec<(usize, &'a str)>,
}

/// The body with each note definition written with spaces before its colon, as French typists
/// do (`[^1] : texte`), made one CommonMark reads (`[^1]:  texte`, the same length). Lines in
/// fenced code blocks are left alone.
fn spaced_note_definitions(body: &str) -> Body<'_> {
    let mut mended = Vec::new();
    let mut fence: Option<(char, usize)> = None;
    let mut offset = 0;
    for line in body.split_inclusive('\n') {
        let trimmed = line.trim_start_matches(' ');
        let indent = line.len() - trimmed.len();
        let marker = trimmed.chars().next().filter(|c| *c == '`' || *c == '~');
        let run = marker.map_or(0, |m| trimmed.chars().take_while(|c| *c == m).count());
        match (fence, marker) {
            (None, Some(m)) if indent < 4 && run >= 3 => fence = Some((m, run)),
            (Some((f, n)), Some(m)) if m == f && run >= n && trimmed[run..].trim().is_empty() => {
                fence = None;
            }
            (None, _) if indent < 4 && trimmed.starts_with("[^") => {
                if let Some(end) = trimmed.find("]")
                    && end > 2
                    && !trimmed[2..end].contains(char::is_whitespace)
                {
                    let after = &trimmed[end + 1..];
                    let spaces = after.len() - after.trim_start_matches([' ', '\t']).len();
                    if spaces > 0 && after[spaces..].starts_with(':') {
                        mended.push((offset + indent + end + 1, &trimmed[2..end]));
                    }
                }
            }
            _ => {}
        }
        offset += line.len();
    }
    if mended.is_empty() {
        return Body {
            text: std::borrow::Cow::Borrowed(body),
            mended,
        };
    }
    let mut text = body.to_owned();
    for &(at, _) in &mended {
        // `]   :` → `]:   `: the colon moves to the bracket, the spaces after it.
        let colon = at + text[at..].find(':').unwrap_or(0);
        text.replace_range(at..=colon, &format!(":{}", " ".repeat(colon - at)));
    }
    Body {
        text: std::borrow::Cow::Owned(text),
        mended,
    }
}

/// Parses an article's Markdown into a chapter. The chapter's slug is left empty (the order
/// stage makes it unique in the book).
pub fn read(article: Article, diags: &mut Diagnostics) -> Chapter {
    let chapter = parse(&article, diags);
    Chapter {
        source: article.source,
        ..chapter
    }
}

/// Parses `article` into a chapter whose source is yet empty: [`read`] moves the article's
/// into it once the parse, which borrows the text, is done.
fn parse(article: &Article, diags: &mut Diagnostics) -> Chapter {
    let mut r = Reader {
        article,
        diags,
        stack: vec![Frame::new(Kind::Root)],
        note_index: HashMap::new(),
        notes: Vec::new(),
        definitions: HashMap::new(),
        definition_order: Vec::new(),
        extra_notes: Vec::new(),
        row_src: 0..0,
        root_line: 1,
        block_lines: Vec::new(),
        flattened: false,
    };
    let body = spaced_note_definitions(article.body());
    for (offset, label) in &body.mended {
        let pos = article.body_pos(*offset);
        r.warn(
            pos,
            format!(
                "note definition written `[^{label}] :`, with a space before the colon: read as \
                 one; write `[^{label}]:`"
            ),
        );
    }
    let parser = Parser::new_ext(&body.text, options()).into_offset_iter();
    for (event, range) in parser {
        let pos = article.body_pos(range.start);
        if let Event::Start(Tag::TableHead | Tag::TableRow) = &event {
            r.row_src = range.clone();
        }
        r.event(event, pos);
    }
    let mut blocks = Vec::new();
    while let Some(frame) = r.stack.pop() {
        // Only the root is left at the end of a well-formed event stream; anything else is
        // folded into it rather than lost.
        blocks.splice(0..0, frame.into_blocks());
    }
    let notes = r.finish_notes();
    let mut blocks = figures(blocks);
    r.report_undefined_notes(&mut blocks);
    let mut meta = article.meta.clone();
    let mut block_lines = std::mem::take(&mut r.block_lines);
    block_lines.resize(blocks.len(), r.root_line);
    if take_title(
        &mut meta.title,
        article.has_title,
        &mut blocks,
        &article.source.rel_path,
    ) {
        block_lines.remove(0);
    }
    Chapter {
        source: crate::model::Source::default(),
        display_title: vec![Inline::Text(meta.title.clone())],
        display_subtitle: meta.subtitle.clone().map(|s| vec![Inline::Text(s)]),
        meta,
        blocks,
        block_lines,
        notes,
        slug: String::new(),
        ids: std::collections::HashSet::new(),
    }
}

/// Title fallback (front matter, else a first level-1 heading, else the file stem), and no
/// title shown twice when the body opens with a heading repeating it.
/// Returns whether the first block (a heading) was taken as the title.
fn take_title(
    title: &mut String,
    has_title: bool,
    blocks: &mut Vec<Block>,
    rel_path: &str,
) -> bool {
    // A heading holding a note call or an anchor is not only a title: it stays, or the call
    // would be lost.
    let first_heading = match blocks.first() {
        Some(Block::Heading(h)) if only_text(&h.content) => {
            Some((h.level, Inline::plain_text(&h.content)))
        }
        _ => None,
    };
    if has_title {
        if let Some((_, text)) = first_heading
            && same_title(&text, title)
        {
            blocks.remove(0);
            return true;
        }
        return false;
    }
    if let Some((1, text)) = first_heading
        && !text.trim().is_empty()
    {
        *title = text.trim().to_owned();
        blocks.remove(0);
        return true;
    }
    let first_h1 = blocks.iter().find_map(|b| match b {
        Block::Heading(h) if h.level == 1 => Some(Inline::plain_text(&h.content)),
        _ => None,
    });
    *title = match first_h1.filter(|t| !t.trim().is_empty()) {
        Some(t) => t.trim().to_owned(),
        None => {
            let file = rel_path.rsplit('/').next().unwrap_or(rel_path);
            file.rsplit_once('.')
                .map_or(file, |(stem, _)| stem)
                .to_owned()
        }
    };
    false
}

/// Whether inlines are text only (with emphasis and the like), without a note call, an
/// anchor, a link or a picture.
fn only_text(inlines: &[Inline]) -> bool {
    inlines.iter().all(|i| match i {
        Inline::NoteRef { .. } | Inline::Anchor { .. } | Inline::Link(_) | Inline::Image(_) => {
            false
        }
        other => other.children().is_none_or(|c| only_text(c)),
    })
}

/// Whether two titles are the same words, however spaced, cased and punctuated
/// (`Que faire ?` and `Que faire?`).
fn same_title(a: &str, b: &str) -> bool {
    let norm = |s: &str| -> String {
        s.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect()
    };
    !norm(a).is_empty() && norm(a) == norm(b)
}

/// A paragraph holding only an image becomes a figure.
fn figures(blocks: Vec<Block>) -> Vec<Block> {
    blocks
        .into_iter()
        .map(|b| match b {
            Block::Paragraph(inl) => {
                let mut non_blank = inl.iter().filter(|i| match i {
                    Inline::Text(t) => !t.trim().is_empty(),
                    Inline::SoftBreak => false,
                    _ => true,
                });
                match (non_blank.next(), non_blank.next()) {
                    (Some(Inline::Image(img)), None) => Block::Figure((**img).clone()),
                    _ => Block::Paragraph(inl),
                }
            }
            Block::BlockQuote(inner) => Block::BlockQuote(figures(inner)),
            other => other,
        })
        .collect()
}

impl Reader<'_> {
    fn warn(&mut self, pos: Pos, message: String) {
        self.diags.warning(
            &self.article.source.path,
            Some(pos),
            Some(&self.article.source.text),
            message,
        );
    }

    fn top(&mut self) -> &mut Frame {
        // The root frame is never popped while events arrive.
        let last = self.stack.len() - 1;
        &mut self.stack[last]
    }

    fn push_inline(&mut self, inline: Inline) {
        if self.suppressed() {
            return;
        }
        let top = self.top();
        if let (Inline::Text(new), Some(Inline::Text(old))) = (&inline, top.inlines.last_mut()) {
            old.push_str(new);
            return;
        }
        top.inlines.push(inline);
    }

    /// Pushes a text run: added to the text before it when there is one (pulldown-cmark cuts
    /// a paragraph's text at every character that might start markup), without a string of
    /// its own in between.
    fn push_text(&mut self, text: &str) {
        if self.suppressed() {
            return;
        }
        let top = self.top();
        match top.inlines.last_mut() {
            Some(Inline::Text(old)) => old.push_str(text),
            _ => top.inlines.push(Inline::Text(text.to_owned())),
        }
    }

    /// Whether the top frame's content is dropped (an element lcbook removes).
    fn suppressed(&mut self) -> bool {
        matches!(
            self.top().kind,
            Kind::Html {
                what: HtmlFrame::Suppress,
                ..
            }
        )
    }

    fn push_block(&mut self, block: Block) {
        self.close_html_frames();
        if self.stack.len() == 1 {
            self.block_lines.push(self.root_line);
        }
        let top = self.top();
        top.flush_inlines();
        top.blocks.push(block);
    }

    fn push_blocks(&mut self, blocks: Vec<Block>) {
        for b in blocks {
            self.push_block(b);
        }
    }

    /// Closes raw-HTML frames left open when their Markdown container ends.
    fn close_html_frames(&mut self) {
        while let Some(Frame {
            kind: Kind::Html { .. },
            ..
        }) = self.stack.last()
        {
            if let Some(frame) = self.stack.pop()
                && let Kind::Html { name, what, pos } = frame.kind
            {
                if !matches!(what, HtmlFrame::Suppress) {
                    self.warn(
                        pos,
                        format!("raw HTML `<{name}>` is not closed; closed here"),
                    );
                }
                let inl = html_frame_inline(what, frame.inlines, pos, frame.flat);
                for i in inl {
                    self.push_inline(i);
                }
            }
        }
    }

    /// Opens a frame; past [`MAX_DEPTH`] nested containers, one that would nest is opened
    /// flat (its content will be its parent's), so that the model stays shallow enough for
    /// every walk over it.
    fn open(&mut self, kind: Kind, pos: Pos) {
        let mut frame = Frame::new(kind);
        let parent = self.stack.last().map_or(0, |f| f.depth);
        frame.depth = parent;
        // A link inside a link is no link: HTML forbids it, and a reader could follow
        // neither. The inner one is unwrapped, its text kept.
        if frame.is_link() && self.stack.iter().any(|f| !f.flat && f.is_link()) {
            frame.flat = true;
            self.warn(
                pos,
                "a link inside a link: the inner one is kept as text, without its link".into(),
            );
            self.stack.push(frame);
            return;
        }
        if frame.nests() {
            if parent >= MAX_DEPTH {
                frame.flat = true;
                if !self.flattened {
                    self.flattened = true;
                    self.warn(
                        pos,
                        format!(
                            "quotes, lists, emphasis and links nested more than {MAX_DEPTH} \
                             deep: the inner ones are set flat (their text is kept)"
                        ),
                    );
                }
            } else {
                frame.depth += 1;
            }
        }
        self.stack.push(frame);
    }

    fn pop(&mut self) -> Frame {
        self.close_html_frames();
        match self.stack.pop() {
            Some(mut f) if !self.stack.is_empty() => {
                // The model keeps its lists for the whole build: without the room left by
                // their growth, a book's model is a fifth smaller.
                f.inlines.shrink_to_fit();
                f.blocks.shrink_to_fit();
                f
            }
            // Never pop the root: an unbalanced End would otherwise lose everything.
            Some(f) => {
                let kind_root = Frame::new(Kind::Root);
                self.stack.push(f);
                kind_root
            }
            None => Frame::new(Kind::Root),
        }
    }

    fn event(&mut self, event: Event<'_>, pos: Pos) {
        if self.stack.len() == 1 {
            self.root_line = pos.line;
        }
        if let Some(Frame {
            kind: Kind::CodeBlock { text, .. },
            ..
        }) = self.stack.last_mut()
            && let Event::Text(t) = &event
        {
            text.push_str(t);
            return;
        }
        if let Some(Frame {
            kind: Kind::HtmlBlock { text, .. },
            ..
        }) = self.stack.last_mut()
            && let Event::Html(t) | Event::Text(t) = &event
        {
            text.push_str(t);
            return;
        }
        match event {
            Event::Start(tag) => self.start(tag, pos),
            Event::End(tag) => self.end(tag),
            Event::Text(t) => self.push_text(&t),
            Event::Code(t) => self.push_inline(Inline::Code(t.into_string())),
            Event::InlineMath(t) | Event::DisplayMath(t) => {
                self.push_inline(Inline::Code(t.into_string()));
            }
            Event::Html(t) | Event::InlineHtml(t) => self.inline_html(&t, pos),
            Event::FootnoteReference(label) => self.note_ref(label.into_string()),
            Event::SoftBreak => self.push_inline(Inline::SoftBreak),
            Event::HardBreak => self.push_inline(Inline::LineBreak),
            Event::Rule => self.push_block(Block::ThematicBreak),
            Event::TaskListMarker(done) => {
                if let Some(Frame {
                    kind: Kind::Item { task },
                    ..
                }) = self
                    .stack
                    .iter_mut()
                    .rev()
                    .find(|f| matches!(f.kind, Kind::Item { .. }))
                {
                    *task = Some(done);
                }
            }
        }
    }

    fn start(&mut self, tag: Tag<'_>, pos: Pos) {
        let kind = match tag {
            Tag::Paragraph => {
                if let Some(Frame {
                    kind: Kind::List { loose, .. },
                    ..
                }) = self.stack.iter_mut().rev().nth(1)
                {
                    *loose = true;
                }
                Kind::Para
            }
            Tag::Heading {
                level, id, classes, ..
            } => Kind::Heading {
                level: heading_level(level),
                id: id.map(pulldown_cmark::CowStr::into_string),
                classes: classes
                    .into_iter()
                    .map(pulldown_cmark::CowStr::into_string)
                    .collect(),
                pos,
            },
            Tag::BlockQuote(_) => Kind::Quote,
            Tag::CodeBlock(kind) => Kind::CodeBlock {
                lang: match kind {
                    CodeBlockKind::Fenced(info) => {
                        info.split_whitespace().next().map(str::to_owned)
                    }
                    CodeBlockKind::Indented => None,
                },
                text: String::new(),
            },
            Tag::HtmlBlock => Kind::HtmlBlock {
                text: String::new(),
                pos,
            },
            Tag::List(start) => Kind::List {
                start,
                items: Vec::new(),
                loose: false,
            },
            Tag::Item => Kind::Item { task: None },
            Tag::FootnoteDefinition(label) => Kind::Note {
                label: label.into_string(),
                pos,
            },
            Tag::Table(align) => Kind::Table {
                align: align
                    .into_iter()
                    .map(|a| match a {
                        pulldown_cmark::Alignment::None => Align::None,
                        pulldown_cmark::Alignment::Left => Align::Left,
                        pulldown_cmark::Alignment::Center => Align::Center,
                        pulldown_cmark::Alignment::Right => Align::Right,
                    })
                    .collect(),
                head: Vec::new(),
                rows: Vec::new(),
            },
            Tag::TableHead => Kind::Row {
                head: true,
                cells: Vec::new(),
                src: self.row_src.clone(),
                pos,
            },
            Tag::TableRow => Kind::Row {
                head: false,
                cells: Vec::new(),
                src: self.row_src.clone(),
                pos,
            },
            Tag::TableCell => Kind::Cell,
            Tag::Emphasis => Kind::Emph,
            Tag::Strong => Kind::Strong,
            Tag::Strikethrough => Kind::Strike,
            Tag::Link {
                link_type,
                dest_url,
                title,
                ..
            } => Kind::Link {
                dest: match link_type {
                    LinkType::Email => format!("mailto:{dest_url}"),
                    _ => dest_url.into_string(),
                },
                title: title.into_string(),
                pos,
            },
            Tag::Image {
                dest_url, title, ..
            } => Kind::Image {
                dest: dest_url.into_string(),
                title: title.into_string(),
                pos,
            },
            // Not enabled in `options()`; kept as plain containers so that nothing is lost if
            // they ever are.
            Tag::DefinitionList
            | Tag::DefinitionListTitle
            | Tag::DefinitionListDefinition
            | Tag::Superscript
            | Tag::Subscript
            | Tag::MetadataBlock(_) => Kind::Quote,
        };
        let is_block = matches!(
            kind,
            Kind::Para
                | Kind::Heading { .. }
                | Kind::Quote
                | Kind::CodeBlock { .. }
                | Kind::HtmlBlock { .. }
                | Kind::List { .. }
                | Kind::Table { .. }
                | Kind::Note { .. }
        );
        if is_block {
            self.close_html_frames();
            self.top().flush_inlines();
        }
        self.open(kind, pos);
    }

    fn end(&mut self, tag: TagEnd) {
        // Raw-HTML frames left open inside an inline Markdown container are closed first.
        let frame = self.pop();
        if frame.flat {
            self.unwrap(frame);
            return;
        }
        match frame.kind {
            Kind::Root => {}
            Kind::Para => self.push_block(Block::Paragraph(frame.inlines)),
            Kind::Heading {
                level,
                id,
                classes,
                pos,
            } => self.push_block(Block::Heading(Heading {
                level,
                explicit_id: id.is_some(),
                id: id.unwrap_or_default(),
                classes,
                content: frame.inlines,
                pos,
            })),
            Kind::Quote => {
                let b = frame.into_blocks();
                if matches!(tag, TagEnd::BlockQuote(_)) {
                    self.push_block(Block::BlockQuote(b));
                } else {
                    self.push_blocks(b);
                }
            }
            Kind::CodeBlock { lang, text } => self.push_block(Block::CodeBlock { lang, text }),
            Kind::HtmlBlock { text, pos } => {
                let mut warnings = Vec::new();
                let room = MAX_DEPTH.saturating_sub(frame.depth);
                let blocks = html::block_to_model(&text, pos, room, &mut |w| warnings.push(w));
                for w in warnings {
                    self.warn(pos, w);
                }
                self.push_blocks(blocks);
            }
            Kind::List {
                start,
                items,
                loose,
            } => {
                self.push_block(Block::List {
                    start,
                    loose,
                    items,
                });
            }
            Kind::Item { task } => {
                let blocks = Frame {
                    kind: Kind::Root,
                    blocks: frame.blocks,
                    inlines: frame.inlines,
                    depth: frame.depth,
                    flat: false,
                }
                .into_blocks();
                if let Some(Frame {
                    kind: Kind::List { items, .. },
                    ..
                }) = self.stack.last_mut()
                {
                    items.push(ListItem { task, blocks });
                }
            }
            Kind::Note { label, pos } => {
                let blocks = Frame {
                    kind: Kind::Root,
                    blocks: frame.blocks,
                    inlines: frame.inlines,
                    depth: frame.depth,
                    flat: false,
                }
                .into_blocks();
                match self.definitions.get(&label) {
                    None => {
                        self.definition_order.push(label.clone());
                        self.definitions.insert(label, (blocks, pos));
                    }
                    Some((_, first)) => {
                        // References reach the first definition; the text of the second
                        // is not lost but kept as a note of its own.
                        let first = first.line;
                        self.warn(
                            pos,
                            format!(
                                "note `[^{label}]` is defined twice (first on line {first}); \
                                 the second is kept as a separate note"
                            ),
                        );
                        self.extra_notes.push(Note {
                            label,
                            blocks,
                            refs: 0,
                        });
                    }
                }
            }
            Kind::Table { align, head, rows } => {
                self.push_block(Block::Table { align, head, rows });
            }
            Kind::Row {
                head,
                mut cells,
                src,
                pos,
            } => {
                self.keep_extra_cells(&mut cells, src, pos);
                if let Some(Frame {
                    kind: Kind::Table { head: h, rows, .. },
                    ..
                }) = self.stack.last_mut()
                {
                    if head {
                        *h = cells;
                    } else {
                        rows.push(cells);
                    }
                }
            }
            Kind::Cell => {
                if let Some(Frame {
                    kind: Kind::Row { cells, .. },
                    ..
                }) = self.stack.last_mut()
                {
                    cells.push(frame.inlines);
                }
            }
            Kind::Emph => self.push_inline(Inline::Emph(frame.inlines)),
            Kind::Strong => self.push_inline(Inline::Strong(frame.inlines)),
            Kind::Strike => self.push_inline(Inline::Strike(frame.inlines)),
            Kind::Link { dest, title, pos } => self.push_inline(Inline::Link(Box::new(Link {
                target: Target::Raw(dest),
                title,
                content: frame.inlines,
                pos,
            }))),
            Kind::Image { dest, title, pos } => self.push_inline(Inline::Image(Box::new(Image {
                source: ImageSource::Raw(dest),
                alt: Inline::plain_text(&frame.inlines).trim().to_owned(),
                title,
                pos,
            }))),
            Kind::Html { what, pos, .. } => {
                for i in html_frame_inline(what, frame.inlines, pos, false) {
                    self.push_inline(i);
                }
            }
        }
    }

    /// Gives the content of a flat frame to its parent.
    fn unwrap(&mut self, frame: Frame) {
        match frame.kind {
            Kind::List { items, .. } => {
                for item in items {
                    self.push_blocks(item.blocks);
                }
            }
            Kind::Quote => self.push_blocks(frame.into_blocks()),
            _ => {
                for i in frame.inlines {
                    self.push_inline(i);
                }
            }
        }
    }

    /// A reference to a note that is not defined stays in the text as written (`[^3]`):
    /// nothing is lost, but the author should know.
    fn report_undefined_notes(&mut self, blocks: &mut [Block]) {
        let mut found: Vec<String> = Vec::new();
        crate::model::visit_inlines_mut(blocks, &mut |i| {
            if let Inline::Text(t) = i {
                let mut rest = t.as_str();
                while let Some(start) = rest.find("[^") {
                    let after = &rest[start + 2..];
                    match after.find(']') {
                        Some(end)
                            if end > 0
                                && !after[..end].contains(char::is_whitespace)
                                && !after[end + 1..].starts_with(':') =>
                        {
                            found.push(after[..end].to_owned());
                            rest = &after[end + 1..];
                        }
                        _ => rest = after,
                    }
                }
            }
        });
        // Once a label: the message is about the note, and the same call may be seen twice
        // (in a heading and in the text).
        let mut seen = std::collections::HashSet::new();
        found.retain(|l| seen.insert(l.clone()));
        for label in found {
            let needle = format!("[^{label}]");
            let pos = self
                .article
                .body()
                .find(&needle)
                .map_or_else(|| self.article.body_pos(0), |o| self.article.body_pos(o));
            self.warn(pos, format!("note `{needle}` is not defined; kept as text"));
        }
    }

    /// GFM drops the cells of a row beyond the header's width; their text is put back,
    /// as written, at the end of the last cell, with a warning.
    fn keep_extra_cells(
        &mut self,
        cells: &mut [Vec<Inline>],
        src: std::ops::Range<usize>,
        pos: Pos,
    ) {
        let Some(line) = self.article.body().get(src) else {
            return;
        };
        let raw = split_row(line);
        if raw.len() <= cells.len() || cells.is_empty() {
            return;
        }
        let extra = raw[cells.len()..].join(" | ");
        if extra.trim().is_empty() {
            return;
        }
        self.warn(
            pos,
            format!(
                "table row has {} cells but the header has {}; the extra cells are kept as text in the last one",
                raw.len(),
                cells.len()
            ),
        );
        if let Some(last) = cells.last_mut() {
            last.push(Inline::Text(format!(" | {}", extra.trim())));
        }
    }

    fn note_ref(&mut self, label: String) {
        let index = match self.note_index.get(&label) {
            Some(&i) => i,
            None => {
                self.notes.push(Note {
                    label: label.clone(),
                    blocks: Vec::new(),
                    refs: 0,
                });
                self.note_index.insert(label, self.notes.len() - 1);
                self.notes.len() - 1
            }
        };
        let nth = self.notes[index].refs;
        self.notes[index].refs += 1;
        self.push_inline(Inline::NoteRef { note: index, nth });
    }

    /// Fills the referenced notes with their definitions; definitions never referenced are
    /// kept after them (nothing written is lost) with a warning.
    fn finish_notes(&mut self) -> Vec<Note> {
        let mut notes = std::mem::take(&mut self.notes);
        for note in &mut notes {
            if let Some((blocks, _)) = self.definitions.remove(&note.label) {
                note.blocks = blocks;
            }
        }
        for label in std::mem::take(&mut self.definition_order) {
            if let Some((blocks, pos)) = self.definitions.remove(&label) {
                self.warn(
                    pos,
                    format!("note `[^{label}]` is never referred to; it is kept at the end"),
                );
                notes.push(Note {
                    label,
                    blocks,
                    refs: 0,
                });
            }
        }
        notes.append(&mut self.extra_notes);
        notes
    }

    fn inline_html(&mut self, snippet: &str, pos: Pos) {
        for tok in html::tokenize(snippet) {
            match tok {
                Tok::Text(t) => {
                    let t = t.replace('\n', " ");
                    if !t.trim().is_empty() || self.in_inline_context() {
                        self.push_inline(Inline::Text(t));
                    }
                }
                Tok::Start {
                    name,
                    attrs,
                    self_closing,
                } => self.html_start(name, &attrs, self_closing, pos),
                Tok::End(name) => self.html_end(&name, pos),
            }
        }
    }

    fn in_inline_context(&self) -> bool {
        self.stack.last().is_some_and(|f| !f.holds_blocks())
    }

    fn html_start(
        &mut self,
        name: String,
        attrs: &[(String, String)],
        self_closing: bool,
        pos: Pos,
    ) {
        let attr = |n: &str| {
            attrs
                .iter()
                .find(|(k, _)| k == n)
                .map(|(_, v)| v.clone())
                .unwrap_or_default()
        };
        for (k, _) in attrs {
            if html::is_unsafe_attr(k) {
                self.warn(
                    pos,
                    format!("raw HTML attribute `{k}` on `<{name}>` removed"),
                );
            }
        }
        if let Some(id) = html::anchor_id(&name, attrs) {
            self.push_inline(Inline::Anchor { id, pos });
        }
        let what = match html::classify(&name) {
            TagClass::Inline(tag) => HtmlFrame::Inline(tag),
            TagClass::LineBreak => {
                self.push_inline(Inline::LineBreak);
                return;
            }
            TagClass::Image => {
                self.push_inline(Inline::Image(Box::new(Image {
                    source: ImageSource::Raw(attr("src")),
                    alt: attr("alt"),
                    title: attr("title"),
                    pos,
                })));
                return;
            }
            TagClass::Link => {
                let href = attr("href");
                if crate::text::url::is_unsafe_url(&href) {
                    self.warn(
                        pos,
                        "raw HTML link with a script URL removed (its text is kept)".into(),
                    );
                }
                HtmlFrame::Link {
                    href: if crate::text::url::is_unsafe_url(&href) {
                        String::new()
                    } else {
                        href
                    },
                    title: attr("title"),
                }
            }
            TagClass::Remove => {
                self.warn(pos, html::removed(&name));
                HtmlFrame::Suppress
            }
            TagClass::Unsafe => {
                self.warn(
                    pos,
                    format!("raw HTML `<{name}>` removed (its text is kept)"),
                );
                return;
            }
            TagClass::Unwrap if name == "span" && html::is_language_tag(attr("lang").trim()) => {
                HtmlFrame::Lang(attr("lang").trim().to_owned())
            }
            TagClass::Unwrap if name == "span" && !attr("lang").trim().is_empty() => {
                self.warn(
                    pos,
                    format!(
                        "`lang=\"{}\"` is not a language tag; the text is kept without it",
                        attr("lang").trim()
                    ),
                );
                return;
            }
            TagClass::Unwrap | TagClass::Block => return,
        };
        if self_closing || html::is_void(&name) {
            return;
        }
        self.open(Kind::Html { name, what, pos }, pos);
    }

    fn html_end(&mut self, name: &str, pos: Pos) {
        let open = self
            .stack
            .iter()
            .rev()
            .take_while(|f| matches!(f.kind, Kind::Html { .. }))
            .position(|f| matches!(&f.kind, Kind::Html { name: n, .. } if n == name));
        let Some(depth) = open else {
            let silent = matches!(
                html::classify(name),
                TagClass::Unwrap | TagClass::Block | TagClass::LineBreak | TagClass::Unsafe
            );
            if !silent {
                self.warn(pos, format!("raw HTML `</{name}>` closes nothing; ignored"));
            }
            return;
        };
        for _ in 0..=depth {
            if let Some(frame) = self.stack.pop()
                && let Kind::Html { what, pos, .. } = frame.kind
            {
                for i in html_frame_inline(what, frame.inlines, pos, frame.flat) {
                    self.push_inline(i);
                }
            }
        }
    }
}

/// The inlines of a raw-HTML frame opened at `pos`; a `flat` one (too deep) gives its
/// content only.
fn html_frame_inline(what: HtmlFrame, content: Vec<Inline>, pos: Pos, flat: bool) -> Vec<Inline> {
    match what {
        HtmlFrame::Suppress => Vec::new(),
        _ if flat => content,
        HtmlFrame::Inline(tag) => vec![html::wrap_inline(tag, content)],
        HtmlFrame::Link { href, .. } if href.is_empty() => content,
        HtmlFrame::Link { href, title } => vec![Inline::Link(Box::new(Link {
            target: Target::Raw(href),
            title,
            content,
            pos,
        }))],
        HtmlFrame::Lang(lang) => vec![Inline::Lang { lang, content }],
    }
}

/// A heading level as a number, 1 to 6.
pub(crate) fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// The cells of a GFM table row as written: split on `|` outside code spans and not escaped,
/// without the optional outer pipes.
fn split_row(line: &str) -> Vec<String> {
    let line = line.trim();
    let line = line.strip_prefix('|').unwrap_or(line);
    let mut cells = vec![String::new()];
    let mut in_code = false;
    let mut escaped = false;
    for c in line.chars() {
        match c {
            '|' if !escaped && !in_code => cells.push(String::new()),
            _ => {
                if c == '`' {
                    in_code = !in_code;
                }
                if let Some(cell) = cells.last_mut() {
                    cell.push(c);
                }
            }
        }
        escaped = c == '\\' && !escaped;
    }
    if cells.last().is_some_and(|c| c.trim().is_empty()) && line.trim_end().ends_with('|') {
        cells.pop();
    }
    cells
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_rows_split_like_gfm() {
        assert_eq!(split_row("| a | b |"), vec![" a ", " b "]);
        assert_eq!(
            split_row("a | `x|y` | c\\|d"),
            vec!["a ", " `x|y` ", " c\\|d"]
        );
        assert_eq!(split_row(" ~~x~~ |alpha "), vec!["~~x~~ ", "alpha"]);
    }

    use crate::diag::Diagnostics;

    /// Reads `md` as the article `chapters/a.md`: the chapter, and its diagnostics as
    /// `line:col: severity: message`, sorted.
    fn read_md(md: &str) -> (Chapter, Vec<String>) {
        let mut diags = Diagnostics::new();
        let article = crate::read::article::from_bytes(
            "chapters/a.md".into(),
            "chapters/a.md".into(),
            "a.md".into(),
            md.as_bytes().to_vec(),
            "series",
            &mut diags,
        )
        .expect("the article reads");
        let chapter = read(article, &mut diags);
        let found = diags
            .sorted()
            .iter()
            .map(|d| {
                let p = d
                    .pos
                    .expect("every diagnostic of the reader has a position");
                format!("{}:{}: {}: {}", p.line, p.col, d.severity, d.message)
            })
            .collect();
        (chapter, found)
    }

    fn text(s: &str) -> Inline {
        Inline::Text(s.to_owned())
    }

    fn para(inlines: Vec<Inline>) -> Block {
        Block::Paragraph(inlines)
    }

    #[test]
    fn paragraphs_breaks_and_emphasis() {
        let (ch, diags) = read_md(
            "---\ntitle: Essai\n---\nUn *mot*, **deux**, ~~trois~~ et `code`.\n\nSur deux\nlignes, puis  \ncassée.\n",
        );
        assert_eq!(ch.meta.title, "Essai");
        assert_eq!(ch.display_title, vec![text("Essai")]);
        assert_eq!(ch.source.rel_path, "a.md");
        assert_eq!(ch.slug, "");
        assert_eq!(
            ch.blocks,
            vec![
                para(vec![
                    text("Un "),
                    Inline::Emph(vec![text("mot")]),
                    text(", "),
                    Inline::Strong(vec![text("deux")]),
                    text(", "),
                    Inline::Strike(vec![text("trois")]),
                    text(" et "),
                    Inline::Code("code".into()),
                    text("."),
                ]),
                para(vec![
                    text("Sur deux"),
                    Inline::SoftBreak,
                    text("lignes, puis"),
                    Inline::LineBreak,
                    text("cassée."),
                ]),
            ]
        );
        // Lines of the file, front matter included.
        assert_eq!(ch.block_lines, vec![4, 6]);
        assert!(ch.notes.is_empty());
        assert_eq!(diags, Vec::<String>::new());
    }

    #[test]
    fn headings_keep_level_id_classes_and_place() {
        let (ch, diags) = read_md(
            "# Titre venu du texte\n\nTexte.\n\n## Section {#sec .large}\n\n### Sous-*section*\n",
        );
        // Without front matter, the first level-1 heading is the title, taken out of the body.
        assert_eq!(ch.meta.title, "Titre venu du texte");
        assert_eq!(
            ch.blocks,
            vec![
                para(vec![text("Texte.")]),
                Block::Heading(Heading {
                    level: 2,
                    id: "sec".into(),
                    explicit_id: true,
                    classes: vec!["large".into()],
                    content: vec![text("Section")],
                    pos: Pos::new(5, 1),
                }),
                Block::Heading(Heading {
                    level: 3,
                    id: String::new(),
                    explicit_id: false,
                    classes: Vec::new(),
                    content: vec![text("Sous-"), Inline::Emph(vec![text("section")])],
                    pos: Pos::new(7, 1),
                }),
            ]
        );
        assert_eq!(ch.block_lines, vec![3, 5, 7]);
        assert_eq!(diags, Vec::<String>::new());
    }

    #[test]
    fn a_title_repeated_by_the_first_heading_is_shown_once() {
        let (ch, _) = read_md("---\ntitle: Que faire ?\n---\n# Que faire?\n\nTexte.\n");
        assert_eq!(ch.meta.title, "Que faire ?");
        assert_eq!(ch.blocks, vec![para(vec![text("Texte.")])]);
        assert_eq!(ch.block_lines, vec![6]);
        // Without title nor level-1 heading, the file's stem is the title.
        let (ch, _) = read_md("## Section\n");
        assert_eq!(ch.meta.title, "a");
    }

    #[test]
    fn notes_are_numbered_by_first_call_and_keep_every_call() {
        let (ch, diags) = read_md(
            "Un[^b] et deux[^a], encore[^b].\n\n[^a]: Note A.\n\n[^b]: Note B,\n\n    en deux paragraphes.\n",
        );
        assert_eq!(
            ch.blocks,
            vec![para(vec![
                text("Un"),
                Inline::NoteRef { note: 0, nth: 0 },
                text(" et deux"),
                Inline::NoteRef { note: 1, nth: 0 },
                text(", encore"),
                Inline::NoteRef { note: 0, nth: 1 },
                text("."),
            ])]
        );
        assert_eq!(
            ch.notes,
            vec![
                Note {
                    label: "b".into(),
                    blocks: vec![
                        para(vec![text("Note B,")]),
                        para(vec![text("en deux paragraphes.")]),
                    ],
                    refs: 2,
                },
                Note {
                    label: "a".into(),
                    blocks: vec![para(vec![text("Note A.")])],
                    refs: 1,
                },
            ]
        );
        assert_eq!(diags, Vec::<String>::new());
    }

    #[test]
    fn unknown_unused_and_doubled_notes_are_kept_and_reported_where_written() {
        let (ch, diags) = read_md(
            "---\ntitle: Notes\n---\nAppel[^x] connu[^1].\n\n[^1]: Première.\n\n[^1]: Seconde.\n\n[^orpheline]: Jamais appelée.\n",
        );
        // The unknown call stays as written.
        assert_eq!(
            ch.blocks,
            vec![para(vec![
                text("Appel[^x] connu"),
                Inline::NoteRef { note: 0, nth: 0 },
                text("."),
            ])]
        );
        let note = |label: &str, t: &str, refs| Note {
            label: label.into(),
            blocks: vec![para(vec![text(t)])],
            refs,
        };
        assert_eq!(
            ch.notes,
            vec![
                note("1", "Première.", 1),
                note("orpheline", "Jamais appelée.", 0),
                note("1", "Seconde.", 0),
            ]
        );
        assert_eq!(
            diags,
            vec![
                "4:6: warning: note `[^x]` is not defined; kept as text",
                "8:1: warning: note `[^1]` is defined twice (first on line 6); the second is kept as a separate note",
                "10:1: warning: note `[^orpheline]` is never referred to; it is kept at the end",
            ]
        );
    }

    #[test]
    fn inline_raw_html_becomes_model_inlines() {
        let (ch, diags) = read_md(
            "Le 1<sup>er</sup> mai, le <span lang=\"ru\">Совет</span>, H<sub>2</sub>O,<br>\n<a href=\"b.md\" title=\"t\">lien</a> et <em>ouvert.\n",
        );
        assert_eq!(
            ch.blocks,
            vec![para(vec![
                text("Le 1"),
                Inline::Sup(vec![text("er")]),
                text(" mai, le "),
                Inline::Lang {
                    lang: "ru".into(),
                    content: vec![text("Совет")],
                },
                text(", H"),
                Inline::Sub(vec![text("2")]),
                text("O,"),
                Inline::LineBreak,
                Inline::SoftBreak,
                Inline::Link(Box::new(Link {
                    target: Target::Raw("b.md".into()),
                    title: "t".into(),
                    content: vec![text("lien")],
                    pos: Pos::new(2, 1),
                })),
                text(" et "),
                Inline::Emph(vec![text("ouvert.")]),
            ])]
        );
        assert_eq!(
            diags,
            vec!["2:38: warning: raw HTML `<em>` is not closed; closed here"]
        );
    }

    #[test]
    fn raw_html_blocks_keep_their_text_and_drop_code() {
        let (ch, diags) = read_md(
            "Avant.\n\n<div class=\"x\">\n<p>Un paragraphe.</p>\n</div>\n\n<script>alert(1)</script>\n\n<p onclick=\"x()\">Clic.</p>\n",
        );
        assert_eq!(
            ch.blocks,
            vec![
                para(vec![text("Avant.")]),
                para(vec![text("Un paragraphe.")]),
                para(vec![text("Clic.")]),
            ]
        );
        assert_eq!(
            diags,
            vec![
                "7:1: warning: raw HTML `<script>` removed with its content",
                "9:1: warning: raw HTML attribute `onclick` on `<p>` removed",
            ]
        );
    }

    #[test]
    fn nesting_deeper_than_max_depth_is_set_flat_with_one_warning() {
        let quotes = "> ".repeat(MAX_DEPTH + 8);
        let (ch, diags) = read_md(&format!("{quotes}profond\n\n{quotes}encore\n"));
        // Each run of quotes keeps MAX_DEPTH of them, the inner ones flat, the text whole.
        let quoted = |t: &str| {
            let mut b = vec![para(vec![text(t)])];
            for _ in 0..MAX_DEPTH {
                b = vec![Block::BlockQuote(b)];
            }
            b.remove(0)
        };
        assert_eq!(ch.blocks, vec![quoted("profond"), quoted("encore")]);
        // Reported once an article, where the first container too deep opens.
        assert_eq!(
            diags,
            vec![format!(
                "1:{}: warning: quotes, lists, emphasis and links nested more than {MAX_DEPTH} deep: the inner ones are set flat (their text is kept)",
                2 * MAX_DEPTH + 1
            )]
        );
    }

    #[test]
    fn emphasis_nested_too_deep_keeps_its_text_flat() {
        let md = format!(
            "{}fond{}\n",
            "<em>".repeat(MAX_DEPTH + 3),
            "</em>".repeat(MAX_DEPTH + 3)
        );
        let (ch, diags) = read_md(&md);
        let mut expected = vec![text("fond")];
        for _ in 0..MAX_DEPTH {
            expected = vec![Inline::Emph(expected)];
        }
        assert_eq!(ch.blocks, vec![para(expected)]);
        assert_eq!(
            diags,
            vec![format!(
                "1:{}: warning: quotes, lists, emphasis and links nested more than {MAX_DEPTH} deep: the inner ones are set flat (their text is kept)",
                4 * MAX_DEPTH + 1
            )]
        );
    }

    #[test]
    fn images_alone_are_figures_and_inline_ones_stay_inline() {
        let (ch, diags) = read_md(
            "![Un *plan*](images/plan.png \"Le plan\")\n\nTexte ![petit](i.png) et <img src=\"h.png\" alt=\"brut\">.\n",
        );
        assert_eq!(
            ch.blocks,
            vec![
                Block::Figure(Image {
                    source: ImageSource::Raw("images/plan.png".into()),
                    alt: "Un plan".into(),
                    title: "Le plan".into(),
                    pos: Pos::new(1, 1),
                }),
                para(vec![
                    text("Texte "),
                    Inline::Image(Box::new(Image {
                        source: ImageSource::Raw("i.png".into()),
                        alt: "petit".into(),
                        title: String::new(),
                        pos: Pos::new(3, 7),
                    })),
                    text(" et "),
                    Inline::Image(Box::new(Image {
                        source: ImageSource::Raw("h.png".into()),
                        alt: "brut".into(),
                        title: String::new(),
                        pos: Pos::new(3, 26),
                    })),
                    text("."),
                ]),
            ]
        );
        assert_eq!(diags, Vec::<String>::new());
    }

    #[test]
    fn links_keep_their_raw_target_title_and_place() {
        let (ch, diags) = read_md(
            "Voir [le *site*](https://example.org \"Titre\"), <https://a.org/x>,\n<moi@example.org> et [l'autre](b.md#fin).\n",
        );
        let link = |target: &str, title: &str, content, line, col| {
            Inline::Link(Box::new(Link {
                target: Target::Raw(target.into()),
                title: title.into(),
                content,
                pos: Pos::new(line, col),
            }))
        };
        assert_eq!(
            ch.blocks,
            vec![para(vec![
                text("Voir "),
                link(
                    "https://example.org",
                    "Titre",
                    vec![text("le "), Inline::Emph(vec![text("site")])],
                    1,
                    6
                ),
                text(", "),
                link("https://a.org/x", "", vec![text("https://a.org/x")], 1, 48),
                text(","),
                Inline::SoftBreak,
                link(
                    "mailto:moi@example.org",
                    "",
                    vec![text("moi@example.org")],
                    2,
                    1
                ),
                text(" et "),
                link("b.md#fin", "", vec![text("l'autre")], 2, 22),
                text("."),
            ])]
        );
        assert_eq!(diags, Vec::<String>::new());
    }

    #[test]
    fn a_link_inside_a_link_is_kept_as_text() {
        let (ch, diags) = read_md("[dehors <a href=\"b.md\">dedans</a>](a.md)\n");
        assert_eq!(
            ch.blocks,
            vec![para(vec![Inline::Link(Box::new(Link {
                target: Target::Raw("a.md".into()),
                title: String::new(),
                content: vec![text("dehors dedans")],
                pos: Pos::new(1, 1),
            }))])]
        );
        assert_eq!(
            diags,
            vec![
                "1:9: warning: a link inside a link: the inner one is kept as text, without its link"
            ]
        );
    }

    #[test]
    fn tables_keep_alignment_and_cells_past_the_header() {
        let (ch, diags) = read_md(
            "| Année | *Fait* |\n|:--|--:|\n| 1871 | Commune |\n| 1917 | Octobre | en trop |\n",
        );
        assert_eq!(
            ch.blocks,
            vec![Block::Table {
                align: vec![Align::Left, Align::Right],
                head: vec![vec![text("Année")], vec![Inline::Emph(vec![text("Fait")])]],
                rows: vec![
                    vec![vec![text("1871")], vec![text("Commune")]],
                    vec![
                        vec![text("1917")],
                        vec![text("Octobre"), text(" | en trop")]
                    ],
                ],
            }]
        );
        assert_eq!(
            diags,
            vec![
                "4:1: warning: table row has 3 cells but the header has 2; the extra cells are kept as text in the last one"
            ]
        );
    }

    #[test]
    fn lists_tasks_quotes_code_and_rules() {
        let (ch, diags) = read_md(
            "3. trois\n4. quatre\n\n- [x] fait\n- [ ] à faire\n\n> cité\n\n```rust ignore\nfn main() {}\n```\n\n***\n",
        );
        let item = |task, t: &str| ListItem {
            task,
            blocks: vec![para(vec![text(t)])],
        };
        assert_eq!(
            ch.blocks,
            vec![
                Block::List {
                    start: Some(3),
                    loose: false,
                    items: vec![item(None, "trois"), item(None, "quatre")],
                },
                Block::List {
                    start: None,
                    loose: false,
                    items: vec![item(Some(true), "fait"), item(Some(false), "à faire")],
                },
                Block::BlockQuote(vec![para(vec![text("cité")])]),
                Block::CodeBlock {
                    lang: Some("rust".into()),
                    text: "fn main() {}\n".into(),
                },
                Block::ThematicBreak,
            ]
        );
        assert_eq!(ch.block_lines, vec![1, 4, 7, 9, 13]);
        assert_eq!(diags, Vec::<String>::new());
    }

    #[test]
    fn note_definitions_with_a_space_before_the_colon_are_mended_in_place() {
        let cases = [
            ("[^1] : a\n", "[^1]:  a\n", 1),
            ("[^n]\t:\tb\n", "[^n]: \tb\n", 1),
            ("  [^2]   : c\n", "  [^2]:    c\n", 1),
            // In a fenced block, indented as code, or not a definition: left alone.
            ("```\n[^1] : a\n```\n", "```\n[^1] : a\n```\n", 0),
            (
                "~~~~\n[^1] : a\n~~~\n[^2] : b\n",
                "~~~~\n[^1] : a\n~~~\n[^2] : b\n",
                0,
            ),
            ("    [^1] : a\n", "    [^1] : a\n", 0),
            (
                "[^a b] : c\n[^] : d\nx [^1] : e\n",
                "[^a b] : c\n[^] : d\nx [^1] : e\n",
                0,
            ),
            ("[^1]: déjà\n", "[^1]: déjà\n", 0),
        ];
        for (input, expected, count) in cases {
            let body = spaced_note_definitions(input);
            assert_eq!(body.text, expected, "{input:?}");
            assert_eq!(body.text.len(), input.len(), "{input:?}");
            assert_eq!(body.mended.len(), count, "{input:?}");
        }
    }
}
