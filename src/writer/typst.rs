//! Writer, Typst: model chapters → Typst markup for the printed book (one file per chapter,
//! calling the template's `chapter`), with a map from each generated line back to the Markdown
//! line it comes from. All text goes through [`escape`] and [`string`]: nothing an article
//! says can run as Typst code.

use std::fmt::{self, Write as _};

use crate::locale::Labels;
use crate::model::{Align, Block, Book, Chapter, Image, ImageSource, Inline, ListItem, Target};

/// Characters with a meaning in Typst markup, anywhere in a line or at its start. Each is
/// written with a backslash, which Typst reads as the character itself.
const SPECIAL: &[char] = &[
    '\\', '#', '[', ']', '$', '`', '*', '_', '<', '>', '@', '=', '-', '+', '/', '.', '~', '\'', '"',
];

/// How deep the writer nests Typst content. Typst stops at 64 nested show rules (its
/// `MAX_SHOW_RULE_DEPTH`), and each element lcbook writes costs one or more; the rest is left
/// to the template's own rules. Deeper content is written flat, its text kept (see
/// [`TypstChapter::flattened`]).
const DEPTH_BUDGET: usize = 40;
/// What a block quote costs of [`DEPTH_BUDGET`]: four show rules (the quote, its block, its
/// padding, the template's rule), and above all its indent: eight quotes or lists inside
/// each other leave an A5 line a third of its width, and more would squeeze the text to a
/// letter a line.
const QUOTE_COST: usize = 5;
/// What a list costs (the list and its item; the indent, as for a quote).
const LIST_COST: usize = 5;
/// What a footnote costs (the note and its entry at the foot).
const NOTE_COST: usize = 3;
/// What an inline call (`#emph`, `#link`…) costs.
const CALL_COST: usize = 1;
/// How many notes a note's text may call, one inside the other, before the innermost are
/// set at the chapter's end instead of at the foot of the page.
const NOTE_CHAIN: usize = 3;

/// Runs of text without a break longer than this may break anywhere: no word of French is
/// as long, and Typst sets a run it cannot break past the margin, where it is lost.
pub const LONGEST_WORD: usize = 30;

/// No character before U+0300 (the first of the combining diacritical marks) is a combining
/// mark: most characters are told apart without a look in the tables.
const FIRST_COMBINING_MARK: u32 = 0x300;

/// Where a long run (a URL, a path) breaks best: after these.
const BREAK_AFTER: &[char] = &[
    '/', '?', '&', '=', '.', ',', ';', ':', '-', '_', '#', '+', '~',
];

/// `text` with zero-width spaces where Typst may break a run longer than [`LONGEST_WORD`]
/// when nothing else fits: after its punctuation (a URL breaks after a `/` or a `.`), and
/// between every two characters (grapheme clusters) of a stretch still too long; other
/// text is returned as it is.
pub fn breakable(text: &str) -> std::borrow::Cow<'_, str> {
    use unicode_segmentation::UnicodeSegmentation as _;
    let too_long = |w: &str| w.len() > LONGEST_WORD && w.graphemes(true).count() > LONGEST_WORD;
    // No stretch of bytes between ASCII spaces is long enough: no word is (a word's bytes lie
    // in one such stretch), and the text is not looked at closer.
    let longest_stretch = text
        .as_bytes()
        .split(u8::is_ascii_whitespace)
        .map(<[u8]>::len)
        .max()
        .unwrap_or(0);
    if longest_stretch <= LONGEST_WORD || !text.split(char::is_whitespace).any(too_long) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() * 2);
    for piece in text.split_inclusive(char::is_whitespace) {
        let word = piece.trim_end_matches(char::is_whitespace);
        if !too_long(word) {
            out.push_str(piece);
            continue;
        }
        let stretches: Vec<&str> = word.split_inclusive(BREAK_AFTER).collect();
        for (i, stretch) in stretches.iter().enumerate() {
            if too_long(stretch) {
                let count = stretch.graphemes(true).count();
                for (k, g) in stretch.graphemes(true).enumerate() {
                    out.push_str(g);
                    if k + 1 < count {
                        out.push('\u{200b}');
                    }
                }
            } else {
                out.push_str(stretch);
            }
            if i + 1 < stretches.len() {
                out.push('\u{200b}');
            }
        }
        out.push_str(&piece[word.len()..]);
    }
    std::borrow::Cow::Owned(out)
}

/// Whether Typst ends a line at `c`: its lexer knows seven line terminators, not only
/// `\n` and `\r`, and a comment or a markup line ends at each of them.
pub fn is_newline(c: char) -> bool {
    matches!(
        c,
        '\n' | '\r' | '\u{0b}' | '\u{0c}' | '\u{85}' | '\u{2028}' | '\u{2029}'
    )
}

/// Escapes text for Typst markup: every markup character is backslash-escaped, line breaks
/// (any of Typst's, see [`is_newline`]) and tabs become spaces (a Markdown text run has
/// none; raw HTML and file names may).
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    escape_into(&mut out, s);
    out
}

/// The bytes at which [`escape`] may change something: the markup characters, tabs and line
/// ends, and the first bytes of U+0085 (C2 85) and of U+2028 and U+2029 (E2 80 A8, E2 80 A9).
const ESCAPE_AT: [bool; 256] = {
    let mut table = [false; 256];
    let mut i = 0;
    while i < SPECIAL.len() {
        table[SPECIAL[i] as usize] = true;
        i += 1;
    }
    let others = [b'\t', b'\n', b'\r', 0x0b, 0x0c, 0xc2, 0xe2];
    let mut i = 0;
    while i < others.len() {
        table[others[i] as usize] = true;
        i += 1;
    }
    table
};

/// [`escape`] appended to `out`: the runs between the characters it changes are copied whole.
pub fn escape_into(out: &mut String, s: &str) {
    let bytes = s.as_bytes();
    let (mut from, mut i) = (0, 0);
    while let Some(at) = bytes[i..].iter().position(|b| ESCAPE_AT[usize::from(*b)]) {
        i += at;
        let Some(c) = s[i..].chars().next() else {
            break;
        };
        if c == '\t' || is_newline(c) {
            out.push_str(&s[from..i]);
            out.push(' ');
            from = i + c.len_utf8();
        } else if SPECIAL.contains(&c) {
            // The character itself goes with the next run.
            out.push_str(&s[from..i]);
            out.push('\\');
            from = i;
        }
        i += c.len_utf8();
    }
    out.push_str(&s[from..]);
}

/// A Typst string literal holding `s` exactly, on one line: every line terminator is written
/// as an escape, so the literal is also safe inside a comment.
pub fn string(s: &str) -> String {
    super::written(String::with_capacity(s.len() + 2), |out| {
        out.push('"');
        for c in s.chars() {
            match c {
                '"' => out.push_str("\\\""),
                '\\' => out.push_str("\\\\"),
                '\n' => out.push_str("\\n"),
                '\r' => out.push_str("\\r"),
                '\t' => out.push_str("\\t"),
                c if is_newline(c) => {
                    write!(out, "\\u{{{:x}}}", c as u32)?;
                }
                c => out.push(c),
            }
        }
        out.push('"');
        Ok(())
    })
}

/// A line comment saying what a generated file was made from: `what` (a file name, which
/// may hold anything) is written as a string literal, so the comment ends where lcbook ends
/// it.
pub fn comment(what: &str, advice: &str) -> String {
    format!("// Generated by lcbook from {}: {advice}\n", string(what))
}

/// A phrase lcbook sets outside an article's body (a title, a date): its text escaped, its
/// superior letters in `#super`.
pub fn phrase(inlines: &[Inline]) -> String {
    let mut out = String::new();
    for i in inlines {
        match i {
            Inline::Sup(c) => {
                out.push_str("#super[");
                out.push_str(&phrase(c));
                out.push_str("];");
            }
            other => out.push_str(&escape(&breakable(&Inline::plain_text(
                std::slice::from_ref(other),
            )))),
        }
    }
    out
}

/// The Typst label of a chapter (`ch-<slug>`) or of an element in it (`ch-<slug>:<id>`).
pub fn label(chapter: &Chapter, id: Option<&str>) -> String {
    match id {
        Some(id) => format!("ch-{}:{id}", chapter.slug),
        None => format!("ch-{}", chapter.slug),
    }
}

/// One chapter's Typst source and where each of its lines comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypstChapter {
    /// The markup.
    pub source: String,
    /// `line_map[i]` is the Markdown line of generated line `i + 1`; 0 for the lines that
    /// import and call the template.
    pub line_map: Vec<usize>,
    /// The Markdown line of the first content nested deeper than Typst can take, which was
    /// written flat (its text kept), if any.
    pub flattened: Option<usize>,
    /// The Markdown line of the first block Typst will be slow over (see [`Slow`]).
    pub slow: Option<(usize, Slow)>,
}

/// A block Typst is slow to set: it breaks a paragraph's lines all at once, and lays out a
/// table's rows together (measured on 2 cores, see the README).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Slow {
    /// A paragraph of this many bytes of text.
    Paragraph(usize),
    /// A table of this many rows.
    Table(usize),
}

/// Bytes of one paragraph past which Typst is slow: about 5 s and 250 MB a megabyte on 2
/// cores (see the README).
pub const SLOW_PARAGRAPH: usize = 1_000_000;
/// Rows of one table past which Typst is slow: about 0.5 s and 45 MB a thousand rows.
pub const SLOW_TABLE: usize = 20_000;

/// Writes chapter `index` of `book`, a chapter of a part when `in_part`.
pub fn chapter(book: &Book, index: usize, in_part: bool, labels: &Labels) -> TypstChapter {
    let ch = &book.chapters[index];
    let mut w = Writer {
        out: String::with_capacity(8 * 1024),
        book,
        ch,
        line_map: Vec::new(),
        emitted: vec![false; ch.notes.len()],
        writing: Vec::new(),
        depth: 0,
        line: 1,
        flattened: None,
        counted: 0,
        newlines: 0,
        slow: None,
        run: 0,
        offset: if in_part { 1 } else { 0 },
    };
    let result = write_chapter(&mut w, ch, in_part, labels);
    TypstChapter {
        source: super::finish(w.out, result),
        line_map: w.line_map,
        flattened: w.flattened,
        slow: w.slow,
    }
}

/// Writes chapter `ch` with `w`: the template's call, the blocks, then the notes no call
/// reaches.
fn write_chapter(w: &mut Writer<'_>, ch: &Chapter, in_part: bool, labels: &Labels) -> fmt::Result {
    let head_line = ch.block_lines.first().copied().unwrap_or(1);
    w.out.push_str(&comment(
        &ch.source.rel_path,
        "edit the Markdown, not this file.",
    ));
    // An included file does not see the including file's imports.
    w.out
        .push_str("#import \"/template.typ\": chapter, ornament\n#chapter(\n  title: [");
    w.out.push_str(&phrase(&ch.display_title));
    write!(w.out, "],\n  lbl: {},\n", string(&label(ch, None)))?;
    if let Some(sub) = &ch.display_subtitle {
        writeln!(w.out, "  subtitle: [{}],", phrase(sub))?;
    }
    let byline = byline(ch, labels);
    if !byline.is_empty() {
        writeln!(w.out, "  byline: [{byline}],")?;
    }
    // Outside a part, a chapter is at the parts' level of the contents and bookmarks.
    if !in_part {
        w.out.push_str("  level: 1,\n");
    }
    w.out.push_str(")\n\n");
    // Line 0: the import and the chapter call, whose errors are the template's.
    w.mark(0);
    for (i, b) in ch.blocks.iter().enumerate() {
        w.line = ch.block_lines.get(i).copied().unwrap_or(head_line);
        w.block(b)?;
        w.mark(w.line);
    }
    // Notes no call in the text reaches (never called, or called only from a note nobody
    // calls) have no place at a page's foot: they end the chapter.
    let orphans: Vec<usize> = (0..ch.notes.len()).filter(|&n| !w.emitted[n]).collect();
    if !orphans.is_empty() {
        w.out.push_str("#ornament()\n\n");
        for n in orphans {
            // Written meanwhile, at a call from an earlier orphan.
            if w.emitted[n] {
                continue;
            }
            w.emitted[n] = true;
            w.writing.push(n);
            write!(w.out, "#super[{}]; ", n + 1)?;
            w.blocks(&ch.notes[n].blocks)?;
            w.writing.pop();
        }
        w.mark(ch.block_lines.last().copied().unwrap_or(head_line));
    }
    Ok(())
}

/// "Author · 2 septembre 2017 · modifié le 14 septembre 2017", as markup.
fn byline(ch: &Chapter, labels: &Labels) -> String {
    let mut parts = Vec::new();
    if !ch.meta.authors.is_empty() {
        parts.push(format!(
            "#smallcaps[{}];",
            escape(&labels.names(&ch.meta.authors))
        ));
    }
    if let Some(d) = ch.meta.date {
        parts.push(phrase(&labels.date_inlines(d)));
    }
    if let Some(m) = ch.meta.modified_later() {
        parts.push(format!(
            "{} {}",
            escape(labels.modified),
            phrase(&labels.date_inlines(m))
        ));
    }
    parts.join(" · ")
}

struct Writer<'a> {
    out: String,
    book: &'a Book,
    ch: &'a Chapter,
    line_map: Vec<usize>,
    /// Notes already written at a call.
    emitted: Vec<bool>,
    /// Notes being written, innermost last.
    writing: Vec<usize>,
    /// How much of [`DEPTH_BUDGET`] the content being written uses.
    depth: usize,
    /// The Markdown line of the top-level block being written.
    line: usize,
    /// See [`TypstChapter::flattened`].
    flattened: Option<usize>,
    /// How much of `out` [`Writer::mark`] has counted, and the line breaks in it.
    counted: usize,
    newlines: usize,
    /// See [`TypstChapter::slow`].
    slow: Option<(usize, Slow)>,
    /// The chapter's heading level less one: its sections' headings are offset by it.
    offset: u8,
    /// Characters written since the last place a line may break, over the inlines of a
    /// paragraph: a run cut into many inlines (`*_*_*_…`) is as long as one.
    run: usize,
}

impl Writer<'_> {
    /// `text` (already through [`breakable`]) with a zero-width space before each of its
    /// characters once the run it continues, over several inlines, is longer than twice
    /// [`LONGEST_WORD`]: a run [`breakable`] could not see whole.
    fn unbroken<'t>(&mut self, text: &'t str) -> std::borrow::Cow<'t, str> {
        // By characters, not grapheme clusters (this runs over every text of the book): a
        // combining mark is never separated from its letter.
        let mut out: Option<String> = None;
        for (at, c) in text.char_indices() {
            if c.is_whitespace() || c == '\u{200b}' {
                self.run = 0;
            } else if u32::from(c) < FIRST_COMBINING_MARK
                || !unicode_normalization::char::is_combining_mark(c)
            {
                self.run += 1;
                if self.run > 2 * LONGEST_WORD {
                    out.get_or_insert_with(|| text[..at].to_owned())
                        .push('\u{200b}');
                }
            }
            if let Some(o) = &mut out {
                o.push(c);
            }
        }
        out.map_or(std::borrow::Cow::Borrowed(text), std::borrow::Cow::Owned)
    }

    /// Runs `nested` one container deeper when `cost` more fits in Typst's depth, else
    /// `flat` (the same content without its container), and notes where that happened.
    fn nest<T>(
        &mut self,
        cost: usize,
        nested: impl FnOnce(&mut Self) -> T,
        flat: impl FnOnce(&mut Self) -> T,
    ) -> T {
        if self.depth + cost > DEPTH_BUDGET {
            self.flattened.get_or_insert(self.line);
            return flat(self);
        }
        self.depth += cost;
        let r = nested(self);
        self.depth -= cost;
        r
    }

    /// Attributes every line written since the last mark to Markdown line `line`.
    fn mark(&mut self, line: usize) {
        // Counted from where the last mark stopped: linear in the chapter's length.
        self.newlines = match self.out.get(self.counted..) {
            Some(new) => self.newlines + new.matches('\n').count(),
            None => self.out.matches('\n').count(),
        };
        self.counted = self.out.len();
        let written = self.newlines;
        while self.line_map.len() < written {
            self.line_map.push(line);
        }
    }

    fn blocks(&mut self, blocks: &[Block]) -> fmt::Result {
        for b in blocks {
            self.block(b)?;
        }
        Ok(())
    }

    fn block(&mut self, b: &Block) -> fmt::Result {
        self.run = 0;
        match b {
            Block::Paragraph(inl) => {
                let before = self.out.len();
                self.inlines(inl)?;
                let size = self.out.len() - before;
                if size > SLOW_PARAGRAPH {
                    self.slow.get_or_insert((self.line, Slow::Paragraph(size)));
                }
                self.out.push_str("\n\n");
            }
            Block::Heading(h) => {
                // The book's levels: parts 1, chapters 2 in a part and 1 outside any; a
                // chapter's sections under it, their depth as the article has it (from 2).
                write!(
                    self.out,
                    "#[#heading(depth: {}, offset: {}, [",
                    h.level, self.offset
                )?;
                self.inlines(&h.content)?;
                write!(
                    self.out,
                    "]) #label({})]\n\n",
                    string(&label(self.ch, Some(&h.id)))
                )?;
            }
            Block::BlockQuote(inner) => self.nest(
                QUOTE_COST,
                |w| {
                    w.out.push_str("#quote(block: true)[\n");
                    w.blocks(inner)?;
                    w.out.push_str("]\n\n");
                    Ok(())
                },
                |w| w.blocks(inner),
            )?,
            Block::CodeBlock { text, .. } => {
                // No `lang`: syntax colours have no place in a black-and-white booklet.
                let text: String = text.split_inclusive('\n').map(breakable).collect();
                write!(self.out, "#raw(block: true, {})\n\n", string(&text))?;
            }
            Block::List {
                start,
                loose,
                items,
            } => self.nest(
                LIST_COST,
                |w| w.list(*start, *loose, items),
                |w| w.flat_list(*start, items),
            )?,
            Block::ThematicBreak => self.out.push_str("#ornament()\n\n"),
            Block::Table { align, head, rows } => self.table(align, head, rows)?,
            Block::Figure(img) => match self.image_path(img) {
                Some(path) => {
                    write!(
                        self.out,
                        "#figure(image({}, alt: {})",
                        string(&path),
                        string(&img.alt)
                    )?;
                    if !img.title.is_empty() {
                        write!(self.out, ", caption: [{}]", escape(&img.title))?;
                    }
                    self.out.push_str(")\n\n");
                }
                None => {
                    write!(self.out, "#emph[{}];\n\n", escape(&img.alt))?;
                }
            },
        }
        Ok(())
    }

    fn list(&mut self, start: Option<u64>, loose: bool, items: &[ListItem]) -> fmt::Result {
        match start {
            Some(n) => {
                write!(self.out, "#enum(start: {n}, tight: {}", !loose)?;
            }
            None => {
                write!(self.out, "#list(tight: {}", !loose)?;
            }
        }
        for item in items {
            self.out.push_str(",\n  [");
            if let Some(done) = item.task {
                self.out.push_str(if done { "☑ " } else { "☐ " });
            }
            // A tight item's paragraphs must not end in a paragraph break.
            let before = self.out.len();
            self.blocks(&item.blocks)?;
            while self.out.len() > before && self.out.ends_with('\n') {
                self.out.pop();
            }
            self.out.push(']');
        }
        self.out.push_str(",\n)\n\n");
        Ok(())
    }

    /// A list too deep for Typst: each item a paragraph, opened by its bullet or number.
    fn flat_list(&mut self, start: Option<u64>, items: &[ListItem]) -> fmt::Result {
        for (i, item) in items.iter().enumerate() {
            match start {
                Some(n) => {
                    write!(self.out, "{}\\. ", n.saturating_add(i as u64))?;
                }
                None => self.out.push_str("– "),
            }
            if let Some(done) = item.task {
                self.out.push_str(if done { "☑ " } else { "☐ " });
            }
            self.blocks(&item.blocks)?;
            if !self.out.ends_with("\n\n") {
                self.out.push_str("\n\n");
            }
        }
        Ok(())
    }

    fn table(
        &mut self,
        align: &[Align],
        head: &[Vec<Inline>],
        rows: &[Vec<Vec<Inline>>],
    ) -> fmt::Result {
        if rows.len() > SLOW_TABLE {
            self.slow
                .get_or_insert((self.line, Slow::Table(rows.len())));
        }
        let columns = align
            .len()
            .max(head.len())
            .max(rows.iter().map(Vec::len).max().unwrap_or(0))
            .max(1);
        let aligns: Vec<&str> = (0..columns)
            .map(|i| match align.get(i) {
                Some(Align::Center) => "center",
                Some(Align::Right) => "right",
                _ => "left",
            })
            .collect();
        write!(
            self.out,
            "#table(columns: {columns}, align: ({},)",
            aligns.join(", ")
        )?;
        if !head.is_empty() {
            self.out.push_str(",\n  table.header(");
            for (i, cell) in head.iter().enumerate() {
                if i > 0 {
                    self.out.push_str(", ");
                }
                self.cell(cell)?;
            }
            self.out.push(')');
        }
        for row in rows {
            self.out.push_str(",\n  ");
            for i in 0..columns {
                if i > 0 {
                    self.out.push_str(", ");
                }
                self.cell(row.get(i).map_or(&[][..], Vec::as_slice))?;
            }
        }
        self.out.push_str(",\n)\n\n");
        Ok(())
    }

    fn cell(&mut self, content: &[Inline]) -> fmt::Result {
        self.out.push('[');
        self.inlines(content)?;
        self.out.push(']');
        Ok(())
    }

    fn inlines(&mut self, inlines: &[Inline]) -> fmt::Result {
        for i in inlines {
            self.inline(i)?;
        }
        Ok(())
    }

    fn call(&mut self, func: &str, content: &[Inline]) -> fmt::Result {
        self.nest(
            CALL_COST,
            |w| {
                write!(w.out, "#{func}[")?;
                w.inlines(content)?;
                // The semicolon ends the call: a `(` or `[` after it would continue it.
                w.out.push_str("];");
                Ok(())
            },
            |w| w.inlines(content),
        )
    }

    fn inline(&mut self, i: &Inline) -> fmt::Result {
        match i {
            Inline::Text(t) => {
                let t = breakable(t);
                let t = self.unbroken(&t);
                escape_into(&mut self.out, &t);
            }
            Inline::Code(t) => {
                let t = breakable(t);
                let t = self.unbroken(&t);
                write!(self.out, "#raw({});", string(&t))?;
            }
            Inline::Emph(c) => self.call("emph", c)?,
            Inline::Strong(c) => self.call("strong", c)?,
            Inline::Strike(c) => self.call("strike", c)?,
            Inline::Sup(c) => self.call("super", c)?,
            Inline::Sub(c) => self.call("sub", c)?,
            Inline::Quote(c) => self.call("quote(block: false)", c)?,
            Inline::Lang { lang, content } => {
                let primary = lang
                    .split('-')
                    .next()
                    .unwrap_or_default()
                    .to_ascii_lowercase();
                if (2..=3).contains(&primary.len())
                    && primary.chars().all(|c| c.is_ascii_lowercase())
                {
                    self.call(&format!("text(lang: {})", string(&primary)), content)?;
                } else {
                    self.inlines(content)?;
                }
            }
            Inline::Link(link) => match &link.target {
                Target::External(url) => {
                    self.call(&format!("link({})", string(url)), &link.content)?;
                }
                Target::Chapter { chapter, anchor } => {
                    let to = &self.book.chapters[*chapter];
                    let func = format!("link(label({}))", string(&label(to, anchor.as_deref())));
                    self.call(&func, &link.content)?;
                }
                Target::Raw(_) | Target::Dropped => self.inlines(&link.content)?,
            },
            Inline::Image(img) => match self.image_path(img) {
                // Its natural size when it fits; else the text's width at most, and under
                // half the page's height (a map in a note stays readable). A picture wider
                // than a third of the line stands on a line of its own, the text before it
                // not spread to the margin.
                Some(path) => {
                    write!(
                        self.out,
                        "#context {{ let natural = measure(image({p})); \
                     let (w, h) = (calc.max(natural.width, 1pt), calc.max(natural.height, 1pt)); \
                     if w > 100pt {{ linebreak(justify: false) }}; \
                     box(layout(room => image({p}, alt: {}, \
                     width: w * calc.min(1, room.width / w, 0.45 * room.height / h)))); \
                     if w > 100pt {{ linebreak() }} }};",
                        string(&img.alt),
                        p = string(&path),
                    )?;
                }
                None => {
                    write!(self.out, "#emph[{}];", escape(&img.alt))?;
                }
            },
            Inline::NoteRef { note, .. } => {
                let note = *note;
                let lbl = string(&format!("fn-{}-{}", self.ch.slug, note + 1));
                if self.writing.contains(&note)
                    || (!self.emitted[note]
                        && (self.writing.len() >= NOTE_CHAIN
                            || self.depth + NOTE_COST > DEPTH_BUDGET))
                {
                    // A note that calls itself: its number, not a footnote inside itself.
                    // A note called from deep inside notes or other content: its number,
                    // and the note at the chapter's end (with the notes no call reaches).
                    if !self.writing.contains(&note) {
                        self.flattened.get_or_insert(self.line);
                    }
                    write!(self.out, "#super[{}];", note + 1)?;
                } else if self.emitted[note] {
                    write!(self.out, "#footnote(label({lbl}));")?;
                } else {
                    // The first call met in writing order carries the note, wherever the
                    // Markdown defined it or first named it.
                    self.emitted[note] = true;
                    self.writing.push(note);
                    self.out.push_str("#footnote[");
                    // A space between the note's number and its text, as in the EPUB.
                    if let Some(Block::Paragraph(_)) = self.ch.notes[note].blocks.first() {
                        self.out.push_str("#h(0.3em)");
                    }
                    let before = self.out.len();
                    self.depth += NOTE_COST;
                    let run = self.run;
                    self.blocks(&self.ch.notes[note].blocks)?;
                    self.run = run;
                    self.depth -= NOTE_COST;
                    while self.out.len() > before && self.out.ends_with('\n') {
                        self.out.pop();
                    }
                    self.writing.pop();
                    // The semicolon ends the label's expression: `(suite)` after a note
                    // would otherwise call it.
                    write!(self.out, "]#label({lbl});")?;
                }
            }
            Inline::Anchor { id, .. } => {
                write!(
                    self.out,
                    "#metadata(none)#label({});",
                    string(&label(self.ch, Some(id)))
                )?;
            }
            Inline::LineBreak => {
                self.run = 0;
                self.out.push_str("#linebreak();");
            }
            Inline::SoftBreak => {
                self.run = 0;
                self.out.push('\n');
            }
        }
        Ok(())
    }

    /// The path of an image inside the Typst root, if the picture is in the book.
    fn image_path(&self, img: &Image) -> Option<String> {
        match img.source {
            ImageSource::Resource(r) => Some(format!("/{}", self.book.resources[r].name)),
            ImageSource::Raw(_) | ImageSource::Missing => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_every_markup_character() {
        assert_eq!(
            escape("#read(\"/etc/passwd\")"),
            "\\#read(\\\"\\/etc\\/passwd\\\")"
        );
        assert_eq!(escape("a//b -500 1. x"), "a\\/\\/b \\-500 1\\. x");
        assert_eq!(escape("= x"), "\\= x");
        assert_eq!(escape("trailing \\"), "trailing \\\\");
        assert_eq!(escape("été « x »"), "été « x »");
    }

    #[test]
    fn no_character_before_the_first_combining_mark_is_one() {
        assert!(
            (0..FIRST_COMBINING_MARK)
                .filter_map(char::from_u32)
                .all(|c| !unicode_normalization::char::is_combining_mark(c))
        );
        assert!(unicode_normalization::char::is_combining_mark('\u{300}'));
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2048))]
        /// Escaping maps each character on its own: a tab or a line end to a space, a markup
        /// character to itself after a backslash, any other to itself.
        #[test]
        fn escaping_maps_each_character(
            s in "[a#\\\\*_/.é€ \t\n\r\u{b}\u{c}\u{85}\u{a0}\u{2028}\u{2029}\u{2027}\u{202f}\u{2026}-]{0,24}"
        ) {
            let expected: String = s
                .chars()
                .map(|c| match c {
                    '\t' => " ".to_owned(),
                    c if is_newline(c) => " ".to_owned(),
                    c if SPECIAL.contains(&c) => format!("\\{c}"),
                    c => c.to_string(),
                })
                .collect();
            proptest::prop_assert_eq!(escape(&s), expected);
        }

        /// The shortcut of `breakable` is taken only where no word is too long.
        #[test]
        fn breakable_leaves_only_texts_without_long_words(
            s in "([a-zé/.]{0,40}[ \u{a0}\u{202f}\n]?){0,4}"
        ) {
            use unicode_segmentation::UnicodeSegmentation as _;
            let long = s
                .split(char::is_whitespace)
                .any(|w| w.graphemes(true).count() > LONGEST_WORD);
            proptest::prop_assert_eq!(matches!(breakable(&s), std::borrow::Cow::Owned(_)), long);
        }
    }

    #[test]
    fn strings_hold_anything() {
        assert_eq!(string("a\"b\\c\nd"), "\"a\\\"b\\\\c\\nd\"");
    }
}
