//! Document model (the hub of the pipeline; a leaf: it uses only leaves): the renderer-neutral
//! book that the reader builds, the transforms rewrite and the writers (XHTML, Typst) consume.

use std::path::PathBuf;

use jiff::civil::Date;

/// A 1-based line and column in an article's Markdown file.
pub use crate::diag::Pos;

/// How deep containers (quotes, lists, emphasis, links…) nest in the model. The readers set
/// deeper ones flat, keeping their text and saying so, so that every walk over the model (the
/// transforms, both writers) is bounded whatever the input.
pub const MAX_DEPTH: usize = 32;

/// Inline content.
#[derive(Debug, Clone, PartialEq)]
pub enum Inline {
    /// Plain text.
    Text(String),
    /// A code span.
    Code(String),
    /// Emphasis (italics).
    Emph(Vec<Inline>),
    /// Strong emphasis (bold).
    Strong(Vec<Inline>),
    /// Struck-out text.
    Strike(Vec<Inline>),
    /// Superscript, from raw `<sup>`.
    Sup(Vec<Inline>),
    /// Subscript, from raw `<sub>`.
    Sub(Vec<Inline>),
    /// A quotation in the text, from raw `<q>`: the writer adds the quotation marks of the
    /// book's language.
    Quote(Vec<Inline>),
    /// Text in another language (raw `<span lang>`).
    Lang {
        /// BCP 47 tag.
        lang: String,
        /// The text.
        content: Vec<Inline>,
    },
    /// A link; its target is resolved by [`crate::transform::links`]. (Boxed, as the image:
    /// the rarer and larger inlines would otherwise make every inline of a book as large.)
    Link(Box<Link>),
    /// An image; its source is resolved by [`crate::transform::images`].
    Image(Box<Image>),
    /// A reference to the chapter's note with this index in [`Chapter::notes`].
    NoteRef {
        /// Index in the chapter's notes.
        note: usize,
        /// Which reference to that note this is (0 for the first), for unique ids.
        nth: usize,
    },
    /// A target for links, from an `id` (or `<a name>`) in raw HTML.
    Anchor {
        /// The element id.
        id: String,
        /// Where it was written.
        pos: Pos,
    },
    /// A hard line break.
    LineBreak,
    /// A soft line break (a newline in the source).
    SoftBreak,
}

/// Where a link leads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// As written in the source, not yet resolved.
    Raw(String),
    /// Outside the book (`https:`, `mailto:`…).
    External(String),
    /// A chapter of the book, optionally an anchor in it.
    Chapter {
        /// Index of the chapter in [`Book::chapters`].
        chapter: usize,
        /// An element id in that chapter.
        anchor: Option<String>,
    },
    /// Nowhere: the text stays, the link is gone (a warning said why).
    Dropped,
}

/// A link.
#[derive(Debug, Clone, PartialEq)]
pub struct Link {
    /// Where it leads.
    pub target: Target,
    /// Tooltip title.
    pub title: String,
    /// The link text.
    pub content: Vec<Inline>,
    /// Where it was written.
    pub pos: Pos,
}

/// An image.
#[derive(Debug, Clone, PartialEq)]
pub struct Image {
    /// Where the picture comes from.
    pub source: ImageSource,
    /// Alternative text (plain).
    pub alt: String,
    /// Title, shown as a caption in figures.
    pub title: String,
    /// Where it was written.
    pub pos: Pos,
}

/// Where an image's picture comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImageSource {
    /// As written in the source, not yet resolved.
    Raw(String),
    /// A file of the book; index in [`Book::resources`].
    Resource(usize),
    /// Missing, remote or of an unusable type: the alt text stands in.
    Missing,
}

/// Column alignment in a table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    /// Not specified.
    None,
    /// Left.
    Left,
    /// Centre.
    Center,
    /// Right.
    Right,
}

/// Block content.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// A paragraph.
    Paragraph(Vec<Inline>),
    /// A section heading inside a chapter.
    Heading(Heading),
    /// A quotation.
    BlockQuote(Vec<Block>),
    /// Preformatted code.
    CodeBlock {
        /// The info string's first word.
        lang: Option<String>,
        /// The code, verbatim.
        text: String,
    },
    /// A list.
    List {
        /// The first number of an ordered list; `None` for a bullet list.
        start: Option<u64>,
        /// Whether items are separated by blank lines.
        loose: bool,
        /// The items.
        items: Vec<ListItem>,
    },
    /// A thematic break (`***`).
    ThematicBreak,
    /// A table.
    Table {
        /// Column alignments.
        align: Vec<Align>,
        /// The header row's cells.
        head: Vec<Vec<Inline>>,
        /// The body rows.
        rows: Vec<Vec<Vec<Inline>>>,
    },
    /// An image standing alone in its paragraph.
    Figure(Image),
}

/// A list item.
#[derive(Debug, Clone, PartialEq)]
pub struct ListItem {
    /// `Some(done)` for a task-list item.
    pub task: Option<bool>,
    /// The content.
    pub blocks: Vec<Block>,
}

/// A heading inside a chapter.
#[derive(Debug, Clone, PartialEq)]
pub struct Heading {
    /// Level in the book: 2 is a chapter's top section (the chapter title is 1).
    pub level: u8,
    /// Element id, unique in the chapter.
    pub id: String,
    /// Whether the id was written by the author (`{#id}`).
    pub explicit_id: bool,
    /// Classes from heading attributes.
    pub classes: Vec<String>,
    /// The heading text.
    pub content: Vec<Inline>,
    /// Where it was written.
    pub pos: Pos,
}

/// A footnote.
#[derive(Debug, Clone, PartialEq)]
pub struct Note {
    /// The label as written (`1` for `[^1]`).
    pub label: String,
    /// The note's content.
    pub blocks: Vec<Block>,
    /// How many references point to it.
    pub refs: usize,
}

/// Metadata of one article, from its front matter.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ArticleMeta {
    /// Title.
    pub title: String,
    /// Subtitle.
    pub subtitle: Option<String>,
    /// Authors.
    pub authors: Vec<String>,
    /// Publication date.
    pub date: Option<Date>,
    /// Last modification.
    pub modified: Option<Date>,
    /// Categories on the site (`category` and `categories`).
    pub categories: Vec<String>,
    /// `draft: true`: not to be published.
    pub draft: bool,
    /// The value of the part key (`series` by default).
    pub part: Option<String>,
    /// Position in its series.
    pub episode: Option<f64>,
    /// Summary.
    pub summary: Option<String>,
    /// URL of the original.
    pub source: Option<String>,
    /// Titles of related articles, as the site's teasers give them (`related`, written by
    /// `lcbook import`).
    pub related: Vec<String>,
    /// Where `related` is written in the article, for a message about it.
    pub related_pos: Option<Pos>,
}

impl ArticleMeta {
    /// The modification date worth telling a reader: none when it is the publication's day.
    pub fn modified_later(&self) -> Option<Date> {
        self.modified.filter(|m| Some(*m) != self.date)
    }

    /// The URL of the original, when `source` is one (a colophon links to it).
    pub fn source_url(&self) -> Option<String> {
        self.source
            .as_deref()
            .and_then(|s| crate::text::url::external(s).ok())
    }
}

/// One article, parsed: the reader's output.
#[derive(Debug, Clone, PartialEq)]
pub struct Chapter {
    /// The article it was read from: its file and its text, for every later stage that
    /// reports a problem at a line or finds a file next to it.
    pub source: Source,
    /// Front-matter metadata.
    pub meta: ArticleMeta,
    /// The title as set at the chapter's head: `meta.title` with its superior letters raised
    /// (1er, XIXe) by the typography pass. Navigation and metadata use the plain `meta.title`.
    pub display_title: Vec<Inline>,
    /// The subtitle as set at the chapter's head.
    pub display_subtitle: Option<Vec<Inline>>,
    /// Body.
    pub blocks: Vec<Block>,
    /// The source line of each block of `blocks`, for reporting a writer's or typesetter's
    /// error against the Markdown.
    pub block_lines: Vec<usize>,
    /// Footnotes, numbered in order of first reference (number = index + 1).
    pub notes: Vec<Note>,
    /// File stem for output names: ASCII, unique in the book.
    pub slug: String,
    /// Every id of the chapter a link may target: headings' ids and anchors written in raw
    /// HTML, set by the headings transform.
    pub ids: std::collections::HashSet<String>,
}

/// Where a chapter comes from: one record per article, carried by the chapter from the
/// reader to the writers (no vectors matched by index).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Source {
    /// The Markdown file, as shown in diagnostics.
    pub path: PathBuf,
    /// The file on disk.
    pub abs_path: PathBuf,
    /// Path relative to the chapters directory, `/`-separated.
    pub rel_path: String,
    /// The whole text (controls that XML forbids replaced by spaces).
    pub text: String,
}

/// A part: a series of chapters kept together.
#[derive(Debug, Clone, PartialEq)]
pub struct Part {
    /// The part's title (the series name).
    pub title: String,
    /// The title as set, with its superior letters (`XXᵉ`), as the chapters' are.
    pub display_title: Vec<Inline>,
    /// Slug, unique in the book.
    pub slug: String,
    /// Indices in [`Book::chapters`], in reading order.
    pub chapters: Vec<usize>,
}

/// An entry of the book's table of contents, in reading order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Entry {
    /// A part (index in [`Book::parts`]).
    Part(usize),
    /// A chapter outside any part (index in [`Book::chapters`]).
    Chapter(usize),
}

/// A file copied into the outputs (an image).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resource {
    /// Where it is on disk.
    pub source: PathBuf,
    /// Its name inside the book (`images/01-plan.png`).
    pub name: String,
    /// Its media type.
    pub media_type: crate::text::media::MediaType,
    /// Whether every use of it has an alt text.
    pub described: bool,
}

/// The whole book, ordered.
#[derive(Debug, Clone, PartialEq)]
pub struct Book {
    /// The book's title, as set (`[book] title` after the typography pass).
    pub title: String,
    /// The book's subtitle, as set.
    pub subtitle: Option<String>,
    /// The book's authors, as set: `[book] authors`, else every article's author once, in
    /// reading order.
    pub authors: Vec<String>,
    /// The publisher, as set.
    pub publisher: String,
    /// The rights statement, as set.
    pub rights: Option<String>,
    /// The description (blurb), as set.
    pub description: Option<String>,
    /// Chapters in reading order.
    pub chapters: Vec<Chapter>,
    /// Parts.
    pub parts: Vec<Part>,
    /// Table of contents' top level, in reading order.
    pub entries: Vec<Entry>,
    /// Images and other files used by the chapters.
    pub resources: Vec<Resource>,
}

impl Inline {
    /// The content of a container (emphasis, link, superscript…); `None` for a leaf.
    pub fn children(&self) -> Option<&Vec<Inline>> {
        match self {
            Inline::Emph(c)
            | Inline::Strong(c)
            | Inline::Strike(c)
            | Inline::Sup(c)
            | Inline::Sub(c)
            | Inline::Quote(c)
            | Inline::Lang { content: c, .. } => Some(c),
            Inline::Link(link) => Some(&link.content),
            _ => None,
        }
    }

    /// The content of a container, to change it; `None` for a leaf.
    pub fn children_mut(&mut self) -> Option<&mut Vec<Inline>> {
        match self {
            Inline::Emph(c)
            | Inline::Strong(c)
            | Inline::Strike(c)
            | Inline::Sup(c)
            | Inline::Sub(c)
            | Inline::Quote(c)
            | Inline::Lang { content: c, .. } => Some(c),
            Inline::Link(link) => Some(&mut link.content),
            _ => None,
        }
    }

    /// The plain text of inline content (for titles, alt text, ids).
    pub fn plain_text(inlines: &[Inline]) -> String {
        let mut s = String::new();
        collect_text(inlines, &mut s);
        s
    }
}

fn collect_text(inlines: &[Inline], out: &mut String) {
    for i in inlines {
        match i {
            Inline::Text(t) | Inline::Code(t) => out.push_str(t),
            Inline::Image(img) => out.push_str(&img.alt),
            Inline::LineBreak | Inline::SoftBreak => out.push(' '),
            other => {
                if let Some(c) = other.children() {
                    collect_text(c, out);
                }
            }
        }
    }
}

/// Calls `f` on every inline of `blocks`, depth first, children after their parent.
pub fn visit_inlines_mut(blocks: &mut [Block], f: &mut dyn FnMut(&mut Inline)) {
    for b in blocks {
        match b {
            Block::Paragraph(inl) => visit_list(inl, f),
            Block::Heading(h) => visit_list(&mut h.content, f),
            Block::BlockQuote(inner) => visit_inlines_mut(inner, f),
            Block::List { items, .. } => {
                for item in items {
                    visit_inlines_mut(&mut item.blocks, f);
                }
            }
            Block::Table { head, rows, .. } => {
                for cell in head.iter_mut().chain(rows.iter_mut().flatten()) {
                    visit_list(cell, f);
                }
            }
            Block::CodeBlock { .. } | Block::ThematicBreak | Block::Figure(_) => {}
        }
    }
}

fn visit_list(inlines: &mut [Inline], f: &mut dyn FnMut(&mut Inline)) {
    for i in inlines {
        f(i);
        if let Some(c) = i.children_mut() {
            visit_list(c, f);
        }
    }
}

/// Calls `f` on every image of `blocks`: figures and inline images.
pub fn visit_images_mut(blocks: &mut [Block], f: &mut dyn FnMut(&mut Image)) {
    visit_inlines_mut(blocks, &mut |i| {
        if let Inline::Image(img) = i {
            f(img);
        }
    });
    visit_blocks_mut(blocks, &mut |b| {
        if let Block::Figure(img) = b {
            f(img);
        }
    });
}

/// Calls `f` on every block of `blocks`, parents before the blocks they contain (quotes,
/// list items).
pub fn visit_blocks_mut(blocks: &mut [Block], f: &mut dyn FnMut(&mut Block)) {
    for b in blocks {
        f(b);
        match b {
            Block::BlockQuote(inner) => visit_blocks_mut(inner, f),
            Block::List { items, .. } => {
                for item in items {
                    visit_blocks_mut(&mut item.blocks, f);
                }
            }
            _ => {}
        }
    }
}

/// Calls `f` on every block of `blocks`, as [`visit_blocks_mut`] does.
pub fn visit_blocks(blocks: &[Block], f: &mut dyn FnMut(&Block)) {
    for b in blocks {
        f(b);
        match b {
            Block::BlockQuote(inner) => visit_blocks(inner, f),
            Block::List { items, .. } => {
                for item in items {
                    visit_blocks(&item.blocks, f);
                }
            }
            _ => {}
        }
    }
}

impl Book {
    /// A book of `chapters` in the order given, before any part is made.
    pub fn new(chapters: Vec<Chapter>, title: String, subtitle: Option<String>) -> Book {
        Book {
            title,
            subtitle,
            authors: Vec::new(),
            publisher: String::new(),
            rights: None,
            description: None,
            chapters,
            parts: Vec::new(),
            entries: Vec::new(),
            resources: Vec::new(),
        }
    }
}

impl Chapter {
    /// Every block of the chapter: the body, then each note's content.
    pub fn all_blocks_mut(&mut self) -> impl Iterator<Item = &mut [Block]> {
        std::iter::once(self.blocks.as_mut_slice())
            .chain(self.notes.iter_mut().map(|n| n.blocks.as_mut_slice()))
    }

    /// The chapter's source beside every block of it, for a transform that rewrites the
    /// blocks and reports problems against the source.
    pub fn source_and_blocks_mut(&mut self) -> (&Source, impl Iterator<Item = &mut [Block]>) {
        let blocks = std::iter::once(self.blocks.as_mut_slice())
            .chain(self.notes.iter_mut().map(|n| n.blocks.as_mut_slice()));
        (&self.source, blocks)
    }
}
