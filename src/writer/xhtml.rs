//! Writer, XHTML: model chapters → XHTML content documents for the EPUB (one per chapter),
//! with EPUB 3 footnotes. Output is always well-formed: all text goes through [`escape`].

use std::fmt::{self, Write as _};

use crate::locale::Labels;
use crate::model::{Align, Block, Book, Chapter, Image, ImageSource, Inline, ListItem, Target};
use crate::text::{may_start_xml_forbidden, xml_forbidden};

/// Escapes text for XML content and attribute values. `&nbsp;`-style entities do not exist in
/// XHTML, so nothing but the five XML entities is ever written; characters XML forbids were
/// replaced when the article was read.
pub fn escape(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.bytes().any(|b| MAY_REPLACE[usize::from(b)]) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    escape_into(&mut out, s);
    std::borrow::Cow::Owned(out)
}

/// The bytes [`replacement`] may replace or start a replacement at: the markup characters,
/// the C0 controls, and the first byte of U+FFFE and U+FFFF.
const MAY_REPLACE: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = matches!(b as u8, b'&' | b'<' | b'>' | b'"' | b'\'')
            || may_start_xml_forbidden(b as u8);
        b += 1;
    }
    table
};

/// What the character starting at byte `i` of `s` is written as, and its length
/// in bytes, when it is not written as it is: a markup character's entity, or a space for a
/// character XML forbids (the last guard: what reached the model by a character reference,
/// `&#12;`, or from book.toml; readers replace these, with a warning, where they can say
/// where).
fn replacement(s: &str, i: usize) -> Option<(&'static str, usize)> {
    match s.as_bytes()[i] {
        b'&' => Some(("&amp;", 1)),
        b'<' => Some(("&lt;", 1)),
        b'>' => Some(("&gt;", 1)),
        b'"' => Some(("&quot;", 1)),
        b'\'' => Some(("&#39;", 1)),
        b if may_start_xml_forbidden(b) => {
            // Such a byte starts a character (a control, or 0xEF a character's first byte).
            let c = s.get(i..)?.chars().next()?;
            xml_forbidden(c).then_some((" ", c.len_utf8()))
        }
        _ => None,
    }
}

/// [`escape`] appended to `out`: the runs between the characters to replace are copied whole.
pub fn escape_into(out: &mut String, s: &str) {
    let bytes = s.as_bytes();
    let (mut from, mut i) = (0, 0);
    while let Some(at) = bytes[i..].iter().position(|b| MAY_REPLACE[usize::from(*b)]) {
        i += at;
        match replacement(s, i) {
            Some((written, len)) => {
                out.push_str(&s[from..i]);
                out.push_str(written);
                i += len;
                from = i;
            }
            None => i += 1,
        }
    }
    out.push_str(&s[from..]);
}

/// The rule that narrows the no-break spaces [`nnbsp_fallback`] writes: a no-break space is
/// about a quarter of an em wide, U+202F about a sixth.
pub const NNBSP_FALLBACK_CSS: &str =
    "\n/* [epub] nnbsp-fallback */\nspan.nnbsp { word-spacing: -0.1em; }\n";

/// Replaces each U+202F in the text of a document's body by `<span class="nnbsp">` holding
/// a U+00A0: every font has that one, and where the stylesheet is ignored the space is only
/// wider, never breakable. The head (the `<title>`), which cannot hold markup, gets a plain
/// U+00A0; attributes and code keep the character as typed.
pub fn nnbsp_fallback(doc: &str) -> String {
    let Some(body) = doc.find("<body") else {
        return doc.replace('\u{202f}', "\u{a0}");
    };
    let (head, rest) = doc.split_at(body);
    let mut out = String::with_capacity(doc.len() + 256);
    out.push_str(&head.replace('\u{202f}', "\u{a0}"));
    let mut in_tag = false;
    let mut code_depth = 0usize;
    let mut tag = String::new();
    for c in rest.chars() {
        match c {
            '<' => {
                in_tag = true;
                tag.clear();
            }
            '>' if in_tag => {
                in_tag = false;
                let name: String = tag
                    .trim_start_matches('/')
                    .chars()
                    .take_while(char::is_ascii_alphanumeric)
                    .collect();
                if matches!(name.as_str(), "code" | "pre") && !tag.ends_with('/') {
                    if tag.starts_with('/') {
                        code_depth = code_depth.saturating_sub(1);
                    } else {
                        code_depth += 1;
                    }
                }
            }
            _ if in_tag => tag.push(c),
            '\u{202f}' if code_depth == 0 => {
                out.push_str("<span class=\"nnbsp\">\u{a0}</span>");
                continue;
            }
            _ => {}
        }
        out.push(c);
    }
    out
}

/// A phrase lcbook sets outside an article's body (a title, a date): its text escaped, its
/// superior letters in `<sup>`.
pub fn phrase(inlines: &[Inline]) -> String {
    let mut out = String::new();
    for i in inlines {
        match i {
            Inline::Sup(c) => {
                out.push_str("<sup>");
                out.push_str(&phrase(c));
                out.push_str("</sup>");
            }
            other => out.push_str(&escape(&Inline::plain_text(std::slice::from_ref(other)))),
        }
    }
    out
}

/// What the XHTML writer needs besides the book.
#[derive(Debug, Clone, Copy)]
pub struct Context<'a> {
    /// The book language (BCP 47).
    pub lang: &'a str,
    /// Words of the book's language.
    pub labels: &'a Labels,
}

/// The start of every XHTML document of the book, up to and including `<body …>`.
pub fn document_start(ctx: &Context<'_>, title: &str, body_type: &str, css: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<!DOCTYPE html>\n\
         <html xmlns=\"http://www.w3.org/1999/xhtml\" xmlns:epub=\"http://www.idpf.org/2007/ops\" \
         lang=\"{lang}\" xml:lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\"/>\n\
         <title>{title}</title>\n<link rel=\"stylesheet\" type=\"text/css\" href=\"{css}\"/>\n\
         </head>\n<body epub:type=\"{body_type}\">\n",
        lang = escape(ctx.lang),
        title = escape(title),
    )
}

/// The end of every XHTML document.
pub const DOCUMENT_END: &str = "</body>\n</html>\n";

/// The file name of chapter `i` inside `text/`.
pub fn chapter_file(chapter: &Chapter) -> String {
    format!("{}.xhtml", chapter.slug)
}

/// Writes chapter `index` of `book` as a complete XHTML document.
pub fn chapter(book: &Book, index: usize, ctx: &Context<'_>) -> String {
    let mut w = Writer {
        out: String::with_capacity(8 * 1024),
        book,
        here: index,
    };
    let result = write_chapter(&mut w, &book.chapters[index], ctx);
    super::finish(w.out, result)
}

/// Writes chapter `ch` with `w`.
fn write_chapter(w: &mut Writer<'_>, ch: &Chapter, ctx: &Context<'_>) -> fmt::Result {
    w.out.push_str(&document_start(
        ctx,
        &ch.meta.title,
        "bodymatter",
        "../css/livre.css",
    ));
    w.out.push_str(
        "<section epub:type=\"chapter\" role=\"doc-chapter\" aria-labelledby=\"_titre\">\n<header>\n",
    );
    writeln!(
        w.out,
        "<h1 id=\"_titre\">{}</h1>",
        phrase(&ch.display_title)
    )?;
    if let Some(sub) = &ch.display_subtitle {
        writeln!(
            w.out,
            "<p class=\"sous-titre\" role=\"doc-subtitle\">{}</p>",
            phrase(sub)
        )?;
    }
    let byline = byline(ch, ctx.labels);
    if !byline.is_empty() {
        writeln!(w.out, "<p class=\"signature\">{byline}</p>")?;
    }
    w.out.push_str("</header>\n");
    w.blocks(&ch.blocks)?;
    w.out.push_str("</section>\n");
    if !ch.notes.is_empty() {
        w.notes(ch, ctx.labels)?;
    }
    w.out.push_str(DOCUMENT_END);
    Ok(())
}

/// "Author, Author · 2 septembre 2017 · modifié le 14 septembre 2017", escaped.
fn byline(ch: &Chapter, labels: &Labels) -> String {
    let mut parts = Vec::new();
    if !ch.meta.authors.is_empty() {
        parts.push(format!(
            "<span class=\"auteur\">{}</span>",
            escape(&labels.names(&ch.meta.authors))
        ));
    }
    if let Some(d) = ch.meta.date {
        parts.push(format!(
            "<time datetime=\"{d}\">{}</time>",
            phrase(&labels.date_inlines(d))
        ));
    }
    if let Some(m) = ch.meta.modified_later() {
        parts.push(format!(
            "{} <time datetime=\"{m}\">{}</time>",
            labels.modified,
            phrase(&labels.date_inlines(m))
        ));
    }
    parts.join(" · ")
}

struct Writer<'a> {
    out: String,
    book: &'a Book,
    here: usize,
}

impl Writer<'_> {
    fn blocks(&mut self, blocks: &[Block]) -> fmt::Result {
        for b in blocks {
            self.block(b, false)?;
        }
        Ok(())
    }

    fn block(&mut self, b: &Block, tight: bool) -> fmt::Result {
        match b {
            Block::Paragraph(inl) if tight => {
                self.inlines(inl)?;
                self.out.push('\n');
            }
            Block::Paragraph(inl) => {
                self.out.push_str("<p>");
                self.inlines(inl)?;
                self.out.push_str("</p>\n");
            }
            Block::Heading(h) => {
                write!(self.out, "<h{} id=\"{}\"", h.level, escape(&h.id))?;
                if !h.classes.is_empty() {
                    write!(self.out, " class=\"{}\"", escape(&h.classes.join(" ")))?;
                }
                self.out.push('>');
                self.inlines(&h.content)?;
                writeln!(self.out, "</h{}>", h.level)?;
            }
            Block::BlockQuote(inner) => {
                self.out.push_str("<blockquote>\n");
                self.blocks(inner)?;
                self.out.push_str("</blockquote>\n");
            }
            Block::CodeBlock { lang, text } => {
                self.out.push_str("<pre><code");
                if let Some(l) = lang {
                    write!(self.out, " class=\"language-{}\"", escape(l))?;
                }
                writeln!(self.out, ">{}</code></pre>", escape(text))?;
            }
            Block::List {
                start,
                loose,
                items,
            } => self.list(*start, *loose, items)?,
            Block::ThematicBreak => self.out.push_str("<hr/>\n"),
            Block::Table { align, head, rows } => self.table(align, head, rows)?,
            Block::Figure(img) => {
                self.out.push_str("<figure>\n");
                self.image(img)?;
                if !img.title.is_empty() {
                    write!(
                        self.out,
                        "\n<figcaption>{}</figcaption>",
                        escape(&img.title)
                    )?;
                }
                self.out.push_str("\n</figure>\n");
            }
        }
        Ok(())
    }

    fn list(&mut self, start: Option<u64>, loose: bool, items: &[ListItem]) -> fmt::Result {
        match start {
            Some(1) => self.out.push_str("<ol>\n"),
            Some(n) => {
                writeln!(self.out, "<ol start=\"{n}\">")?;
            }
            None => self.out.push_str("<ul>\n"),
        }
        for item in items {
            self.out.push_str("<li>");
            // A checkbox would be a form control; a ballot-box character keeps the list
            // readable. It goes inside the first paragraph so that it stays on its line.
            let mark = item.task.map(|done| {
                if done {
                    "<span class=\"tache\">☑</span> "
                } else {
                    "<span class=\"tache\">☐</span> "
                }
            });
            match (mark, item.blocks.split_first()) {
                (Some(mark), Some((Block::Paragraph(first), rest))) => {
                    if loose {
                        self.out.push_str("<p>");
                    }
                    self.out.push_str(mark);
                    self.inlines(first)?;
                    self.out.push_str(if loose { "</p>\n" } else { "\n" });
                    for b in rest {
                        self.block(b, !loose)?;
                    }
                }
                (mark, _) => {
                    self.out.push_str(mark.unwrap_or_default());
                    for b in &item.blocks {
                        self.block(b, !loose)?;
                    }
                }
            }
            self.out.push_str("</li>\n");
        }
        self.out.push_str(if start.is_some() {
            "</ol>\n"
        } else {
            "</ul>\n"
        });
        Ok(())
    }

    fn table(
        &mut self,
        align: &[Align],
        head: &[Vec<Inline>],
        rows: &[Vec<Vec<Inline>>],
    ) -> fmt::Result {
        self.out.push_str("<table>\n");
        if !head.is_empty() {
            self.out.push_str("<thead>\n");
            self.row("th", align, head)?;
            self.out.push_str("</thead>\n");
        }
        if !rows.is_empty() {
            self.out.push_str("<tbody>\n");
            for row in rows {
                self.row("td", align, row)?;
            }
            self.out.push_str("</tbody>\n");
        }
        self.out.push_str("</table>\n");
        Ok(())
    }

    fn row(&mut self, tag: &str, align: &[Align], cells: &[Vec<Inline>]) -> fmt::Result {
        self.out.push_str("<tr>");
        for (i, cell) in cells.iter().enumerate() {
            let style = match align.get(i) {
                Some(Align::Left) => " style=\"text-align: left\"",
                Some(Align::Center) => " style=\"text-align: center\"",
                Some(Align::Right) => " style=\"text-align: right\"",
                _ => "",
            };
            write!(self.out, "<{tag}{style}>")?;
            self.inlines(cell)?;
            write!(self.out, "</{tag}>")?;
        }
        self.out.push_str("</tr>\n");
        Ok(())
    }

    fn inlines(&mut self, inlines: &[Inline]) -> fmt::Result {
        for i in inlines {
            self.inline(i)?;
        }
        Ok(())
    }

    fn wrap(&mut self, tag: &str, content: &[Inline]) -> fmt::Result {
        write!(self.out, "<{tag}>")?;
        self.inlines(content)?;
        write!(self.out, "</{tag}>")
    }

    fn inline(&mut self, i: &Inline) -> fmt::Result {
        match i {
            Inline::Text(t) => escape_into(&mut self.out, t),
            Inline::Code(t) => {
                write!(self.out, "<code>{}</code>", escape(t))?;
            }
            Inline::Emph(c) => self.wrap("em", c)?,
            Inline::Strong(c) => self.wrap("strong", c)?,
            Inline::Strike(c) => self.wrap("del", c)?,
            Inline::Sup(c) => self.wrap("sup", c)?,
            Inline::Sub(c) => self.wrap("sub", c)?,
            Inline::Quote(c) => self.wrap("q", c)?,
            Inline::Lang { lang, content } => {
                write!(
                    self.out,
                    "<span lang=\"{l}\" xml:lang=\"{l}\">",
                    l = escape(lang)
                )?;
                self.inlines(content)?;
                self.out.push_str("</span>");
            }
            Inline::Link(link) => match self.href(&link.target) {
                Some(href) => {
                    write!(self.out, "<a href=\"{}\"", escape(&href))?;
                    if !link.title.is_empty() {
                        write!(self.out, " title=\"{}\"", escape(&link.title))?;
                    }
                    self.out.push('>');
                    self.inlines(&link.content)?;
                    self.out.push_str("</a>");
                }
                None => self.inlines(&link.content)?,
            },
            Inline::Image(img) => self.image(img)?,
            Inline::NoteRef { note, nth } => {
                let n = note + 1;
                let id = if *nth == 0 {
                    format!("_appel-{n}")
                } else {
                    format!("_appel-{n}-{}", nth + 1)
                };
                write!(
                    self.out,
                    "<a id=\"{id}\" href=\"#_note-{n}\" class=\"appel\" epub:type=\"noteref\" role=\"doc-noteref\">{n}</a>"
                )?;
            }
            Inline::Anchor { id, .. } => {
                write!(self.out, "<span id=\"{}\"></span>", escape(id))?;
            }
            Inline::LineBreak => self.out.push_str("<br/>\n"),
            Inline::SoftBreak => self.out.push('\n'),
        }
        Ok(())
    }

    fn image(&mut self, img: &Image) -> fmt::Result {
        match &img.source {
            ImageSource::Resource(r) => {
                let res = &self.book.resources[*r];
                write!(
                    self.out,
                    "<img src=\"../{}\" alt=\"{}\"",
                    escape(&res.name),
                    escape(&img.alt)
                )?;
                if !img.title.is_empty() {
                    write!(self.out, " title=\"{}\"", escape(&img.title))?;
                }
                self.out.push_str("/>");
            }
            ImageSource::Raw(_) | ImageSource::Missing => {
                write!(
                    self.out,
                    "<span class=\"image-absente\">{}</span>",
                    escape(&img.alt)
                )?;
            }
        }
        Ok(())
    }

    fn href(&self, target: &Target) -> Option<String> {
        match target {
            Target::External(url) => Some(url.clone()),
            Target::Chapter { chapter, anchor } => {
                let file = if *chapter == self.here {
                    String::new()
                } else {
                    chapter_file(&self.book.chapters[*chapter])
                };
                Some(match anchor {
                    Some(a) => format!("{file}#{a}"),
                    None if file.is_empty() => "#_titre".to_owned(),
                    None => file,
                })
            }
            Target::Raw(_) | Target::Dropped => None,
        }
    }

    /// The chapter's notes: one `aside` each, back-link first (see the EPUB guide: trailing
    /// back-links in a list made some readers merge notes).
    fn notes(&mut self, ch: &Chapter, labels: &Labels) -> fmt::Result {
        writeln!(
            self.out,
            "<section id=\"_notes\" class=\"notes\" epub:type=\"footnotes\" role=\"doc-endnotes\" aria-label=\"{}\">",
            labels.notes
        )?;
        for (i, note) in ch.notes.iter().enumerate() {
            let n = i + 1;
            writeln!(
                self.out,
                "<aside id=\"_note-{n}\" epub:type=\"footnote\" role=\"doc-footnote\">"
            )?;
            let back = if note.refs > 0 {
                format!("<a href=\"#_appel-{n}\" role=\"doc-backlink\">{n}.</a> ")
            } else {
                format!("<span class=\"numero\">{n}.</span> ")
            };
            match note.blocks.split_first() {
                Some((Block::Paragraph(first), rest)) => {
                    self.out.push_str("<p>");
                    self.out.push_str(&back);
                    self.inlines(first)?;
                    self.out.push_str("</p>\n");
                    self.blocks(rest)?;
                }
                _ => {
                    writeln!(self.out, "<p>{}</p>", back.trim_end())?;
                    self.blocks(&note.blocks)?;
                }
            }
            self.out.push_str("</aside>\n");
        }
        self.out.push_str("</section>\n");
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nnbsp_fallback_spares_attributes_head_and_code() {
        let doc = "<title>a\u{202f}?</title><body><p title=\"b\u{202f}?\">c\u{202f}?\
                   <code>d\u{202f}?</code><img alt=\"e\u{202f}?\"/></p></body>";
        assert_eq!(
            nnbsp_fallback(doc),
            "<title>a\u{a0}?</title><body><p title=\"b\u{202f}?\">\
             c<span class=\"nnbsp\">\u{a0}</span>?<code>d\u{202f}?</code>\
             <img alt=\"e\u{202f}?\"/></p></body>"
        );
    }

    #[test]
    fn escapes_the_five() {
        assert_eq!(
            escape("a < b & c > \"d\" 'e'"),
            "a &lt; b &amp; c &gt; &quot;d&quot; &#39;e&#39;"
        );
        assert!(matches!(escape("plain"), std::borrow::Cow::Borrowed(_)));
    }

    proptest::proptest! {
        /// Each character is written as itself, as its entity, or as a space where XML
        /// forbids it.
        #[test]
        fn escaping_maps_each_character(s in "[a<>&\"'é\u{1}\t\n\u{fffe}\u{ffff}\u{fffd}€ ]{0,20}") {
            let expected: String = s
                .chars()
                .map(|c| match c {
                    '&' => "&amp;".to_owned(),
                    '<' => "&lt;".to_owned(),
                    '>' => "&gt;".to_owned(),
                    '"' => "&quot;".to_owned(),
                    '\'' => "&#39;".to_owned(),
                    c if xml_forbidden(c) => " ".to_owned(),
                    c => c.to_string(),
                })
                .collect();
            proptest::prop_assert_eq!(escape(&s), expected.as_str());
            let mut out = String::from("x");
            escape_into(&mut out, &s);
            proptest::prop_assert_eq!(out, format!("x{expected}"));
        }
    }
}
