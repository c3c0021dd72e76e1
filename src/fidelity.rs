//! Check, fidelity: the articles' Markdown, a built EPUB and the text of a built PDF → the
//! words of an article missing, repeated or out of order in an output, as diagnostics.
//!
//! The Markdown is read again here, straight from pulldown-cmark's events and not through the
//! document model, so that a word the model or a writer drops is seen. Words are compared
//! after normalising what typography legitimately changes: case, spaces, punctuation and
//! quotes (only letters and digits make words), hyphens (a word cut at a line end is whole
//! again), ligatures and superior letters (`2ème` is `2e`). Each output is cut into one stretch
//! per article, found by the article's first words; in its stretch the article's text must be
//! found in order, then its notes (at the end in the EPUB, at the foot of pages in the PDF)
//! among what is left. What is still left is the output's own text (titles, running heads,
//! page numbers, contents), which may repeat titles and headings but not the articles' prose.

use std::collections::{HashMap, HashSet};
use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use pulldown_cmark::{Event, Parser, Tag, TagEnd};
use scraper::{ElementRef, Html};
use similar::{Algorithm, DiffOp};
use unicode_normalization::UnicodeNormalization as _;

use crate::Loaded;
use crate::diag::{Diagnostics, Pos};
use crate::error::Error;
use crate::read::html::{TagClass, classify, is_void};

/// A word of an article, where it was written.
#[derive(Debug, Clone)]
struct Word {
    /// The word as compared.
    key: String,
    /// Byte offset in the article's file.
    offset: usize,
}

/// The words an article must bring to each output.
#[derive(Debug)]
struct ArticleWords {
    path: PathBuf,
    text: String,
    /// Title, subtitle and body, in reading order.
    body: Vec<Word>,
    /// How many words of `body` are the title's and subtitle's.
    head: usize,
    /// The words of each note, in the order of their first call, then those never called.
    notes: Vec<Vec<Word>>,
}

/// What the book's articles say, word by word, to be found in each output.
#[derive(Debug)]
pub struct Expected {
    articles: Vec<ArticleWords>,
    /// Every word of the articles, to join the parts of a word cut at a line's end.
    vocabulary: HashSet<String>,
    /// Words an output may repeat: those of titles, headings, names.
    may_repeat: HashSet<String>,
}

/// Reads every article of the book again, in book order, as words.
pub fn expected(loaded: &Loaded) -> Result<Expected, Error> {
    let dir = loaded.settings.chapters_dir();
    let mut articles = Vec::with_capacity(loaded.book.chapters.len());
    let mut repeatable: Vec<String> = vec![loaded.book.title.clone()];
    repeatable.extend(loaded.book.subtitle.clone());
    repeatable.extend(loaded.book.parts.iter().map(|p| p.title.clone()));
    // The book's own pages repeat the articles' bylines, dates and facts, and its labels.
    let labels = loaded.settings.labels();
    repeatable.push(loaded.settings.config.book.publisher.clone());
    repeatable.extend(loaded.settings.date.map(|d| labels.date(d)));
    repeatable.extend(
        [
            labels.toc,
            labels.notes,
            labels.colophon,
            labels.articles,
            labels.made_with,
            &labels.original(),
            &labels.identifier(),
        ]
        .map(String::from),
    );
    for ch in &loaded.book.chapters {
        repeatable.push(crate::model::Inline::plain_text(
            &labels.article_facts(&ch.meta),
        ));
    }
    for ch in &loaded.book.chapters {
        let abs = dir.join(&ch.source.rel_path);
        let bytes = std::fs::read(&abs).map_err(|source| Error::Io {
            path: abs.clone(),
            source,
        })?;
        let mut ignored = Diagnostics::new();
        let Some(article) = crate::read::article::from_bytes(
            ch.source.path.clone(),
            abs.clone(),
            ch.source.rel_path.clone(),
            bytes,
            &loaded.settings.config.chapters.part_key,
            &mut ignored,
        ) else {
            continue;
        };
        repeatable.push(article.meta.title.clone());
        repeatable.extend(article.meta.subtitle.clone());
        repeatable.extend(article.meta.authors.iter().cloned());
        let mut words = markdown_words(&article.source.text, article.body_start, &mut repeatable);
        // A first heading that repeats the front matter's title is the title (it is shown once).
        let mut title = Vec::new();
        words_of(&article.meta.title, 0, &mut title);
        if article.has_title
            && words.2 == Some(title.len())
            && words.0.iter().zip(&title).all(|(a, b)| a.key == b.key)
        {
            words.0.drain(..title.len());
        }
        let mut head = Vec::new();
        // The title the book shows: the front matter's, else the first heading (in the body).
        for t in [Some(&ch.meta.title), ch.meta.subtitle.as_ref()]
            .into_iter()
            .flatten()
        {
            if article.has_title || Some(t) != Some(&ch.meta.title) {
                words_of(t, 0, &mut head);
            }
        }
        let head_len = head.len();
        head.append(&mut words.0);
        articles.push(ArticleWords {
            path: ch.source.path.clone(),
            text: article.source.text,
            head: head_len,
            body: head,
            notes: words.1,
        });
    }
    Ok(Expected::new(articles, &repeatable))
}

impl Expected {
    fn new(articles: Vec<ArticleWords>, repeatable: &[String]) -> Self {
        let vocabulary = articles
            .iter()
            .flat_map(|a| a.body.iter().chain(a.notes.iter().flatten()))
            .map(|w| w.key.clone())
            .collect();
        // Digits repeat: page numbers, dates, the contents' numbers.
        let mut may_repeat: HashSet<String> = ('0'..='9').map(String::from).collect();
        for text in repeatable {
            let mut w = Vec::new();
            words_of(text, 0, &mut w);
            may_repeat.extend(w.into_iter().map(|w| w.key));
        }
        Expected {
            articles,
            vocabulary,
            may_repeat,
        }
    }
}

/// The words of a Markdown body: the text's, the notes' (in order of first call), and how
/// many words the first heading has when the body starts with one. The headings' texts are
/// added to `repeatable`, as contents and running heads repeat them.
fn markdown_words(
    text: &str,
    body_start: usize,
    repeatable: &mut Vec<String>,
) -> (Vec<Word>, Vec<Vec<Word>>, Option<usize>) {
    let body = &text[body_start..];
    let mut flow = Flow::default();
    let mut out = Vec::new();
    let mut notes: HashMap<String, Vec<Word>> = HashMap::new();
    let mut defined: Vec<String> = Vec::new();
    let mut called: Vec<String> = Vec::new();
    let mut in_note: Option<(String, Vec<Word>)> = None;
    let mut in_image = 0usize;
    let mut removed = 0usize;
    let mut heading: Option<String> = None;
    let mut html_block: Option<(String, usize)> = None;
    let mut first_heading: Option<usize> = None;
    for (event, range) in Parser::new_ext(body, crate::read::markdown::options()).into_offset_iter()
    {
        let at = body_start + range.start;
        // A first heading with a note call, an anchor, a link or a picture is kept by the
        // reader even when it repeats the title: it is the article's text then.
        let holds_more = match &event {
            Event::FootnoteReference(_) | Event::Start(Tag::Link { .. } | Tag::Image { .. }) => {
                true
            }
            Event::InlineHtml(h) => h.trim_start().to_ascii_lowercase().starts_with("<a "),
            _ => false,
        };
        if holds_more && heading.is_some() && first_heading == Some(0) {
            first_heading = Some(usize::MAX);
        }
        let sink = match &mut in_note {
            Some((_, w)) => w,
            None => &mut out,
        };
        match event {
            Event::Text(t) | Event::Code(t) if in_image == 0 && removed == 0 => {
                // Where the text is the source as written, a word's column is known exactly.
                if body.get(range.clone()) == Some(&*t) {
                    flow.push_exact(&t, at);
                } else {
                    flow.push(&t, at);
                }
                if let Some(h) = &mut heading {
                    h.push_str(&t);
                }
            }
            Event::InlineHtml(h) => inline_html(&h, at, &mut flow, &mut removed),
            Event::Start(Tag::HtmlBlock) => {
                flow.flush(sink);
                html_block = Some((String::new(), at));
            }
            Event::Html(h) => match &mut html_block {
                Some((block, _)) => block.push_str(&h),
                None => html_words(&h, at, sink),
            },
            Event::End(TagEnd::HtmlBlock) => {
                if let Some((block, at)) = html_block.take() {
                    html_words(&block, at, sink);
                }
            }
            Event::SoftBreak | Event::HardBreak => flow.push(" ", at),
            Event::FootnoteReference(label) if !called.iter().any(|l| **l == *label) => {
                called.push(label.to_string());
            }
            Event::Start(Tag::Image { .. }) => in_image += 1,
            Event::End(TagEnd::Image) => in_image = in_image.saturating_sub(1),
            Event::Start(Tag::FootnoteDefinition(label)) => {
                flow.flush(sink);
                in_note = Some((label.to_string(), Vec::new()));
            }
            Event::End(TagEnd::FootnoteDefinition) => {
                if let Some((label, mut words)) = in_note.take() {
                    flow.flush(&mut words);
                    if !defined.contains(&label) {
                        defined.push(label.clone());
                    }
                    notes.entry(label).or_default().append(&mut words);
                }
            }
            Event::Start(Tag::Heading { .. }) => {
                flow.flush(sink);
                heading = Some(String::new());
                if out.is_empty() && first_heading.is_none() {
                    first_heading = Some(0);
                }
            }
            Event::End(TagEnd::Heading(_)) => {
                flow.flush(sink);
                if first_heading == Some(0) {
                    first_heading = Some(out.len());
                }
                repeatable.extend(heading.take());
            }
            // Emphasis and links do not end words; blocks, cells and items do.
            Event::Start(
                Tag::Emphasis
                | Tag::Strong
                | Tag::Strikethrough
                | Tag::Link { .. }
                | Tag::Superscript
                | Tag::Subscript,
            )
            | Event::End(
                TagEnd::Emphasis
                | TagEnd::Strong
                | TagEnd::Strikethrough
                | TagEnd::Link
                | TagEnd::Superscript
                | TagEnd::Subscript,
            ) => {}
            Event::Start(_) | Event::End(_) | Event::Rule | Event::TaskListMarker(_) => {
                flow.flush(sink);
            }
            _ => {}
        }
    }
    flow.flush(&mut out);
    // Notes as the outputs number them: by first call, then those never called.
    let mut note_words = Vec::new();
    for label in called
        .iter()
        .chain(defined.iter().filter(|l| !called.contains(l)))
    {
        if let Some(w) = notes.remove(label) {
            note_words.push(w);
        }
    }
    (out, note_words, first_heading)
}

/// The text of a paragraph (or cell, or heading) being gathered, with where each piece
/// started in the file: a word may span pieces (`1<sup>er</sup>`, `**Com**mune`).
#[derive(Default)]
struct Flow {
    text: String,
    /// Where each piece starts in `text`, where it was in the file, and whether it is the
    /// file's text as is (then a word's place inside it is known too).
    starts: Vec<(usize, usize, bool)>,
}

impl Flow {
    fn push(&mut self, s: &str, offset: usize) {
        self.starts.push((self.text.len(), offset, false));
        self.text.push_str(s);
    }

    fn push_exact(&mut self, s: &str, offset: usize) {
        self.starts.push((self.text.len(), offset, true));
        self.text.push_str(s);
    }

    fn flush(&mut self, out: &mut Vec<Word>) {
        let mut words = Vec::new();
        words_of(&self.text, 0, &mut words);
        // Offsets in the normalised text are offsets in the text when NFKC changed nothing.
        let same = self.text.nfkc().eq(self.text.chars());
        for mut w in words {
            let i = self.starts.partition_point(|(at, _, _)| *at <= w.offset);
            w.offset = match i.checked_sub(1).and_then(|i| self.starts.get(i)) {
                Some((at, offset, true)) if same => offset + (w.offset - at),
                Some((_, offset, _)) => *offset,
                None => 0,
            };
            out.push(w);
        }
        self.text.clear();
        self.starts.clear();
    }
}

/// An inline HTML tag: `<br>` separates words, the content of removed elements is skipped.
fn inline_html(tag: &str, offset: usize, flow: &mut Flow, removed: &mut usize) {
    let inner = tag.trim_start_matches('<');
    let closing = inner.starts_with('/');
    let name: String = inner
        .trim_start_matches('/')
        .chars()
        .take_while(char::is_ascii_alphanumeric)
        .collect::<String>()
        .to_ascii_lowercase();
    match classify(&name) {
        TagClass::LineBreak => flow.push(" ", offset),
        // A void element (`<source>`, `<input>`) has no content and no end tag.
        TagClass::Remove if !tag.trim_end().ends_with("/>") && !is_void(&name) => {
            if closing {
                *removed = removed.saturating_sub(1);
            } else {
                *removed += 1;
            }
        }
        TagClass::Block => flow.push(" ", offset),
        _ => {}
    }
}

/// The words of a raw HTML block: its text, without removed elements, comments or attributes.
fn html_words(html: &str, offset: usize, out: &mut Vec<Word>) {
    let fragment = Html::parse_fragment(html);
    let mut text = String::new();
    element_text(fragment.root_element(), &mut text);
    words_of(&text, offset, out);
}

/// The text of an element as a reader reads it: blocks apart, inline elements joined; the
/// content of removed elements, the outputs' note calls and back-links left out.
fn element_text(el: ElementRef<'_>, text: &mut String) {
    for child in el.children() {
        if let Some(t) = child.value().as_text() {
            text.push_str(t);
        }
        let Some(e) = ElementRef::wrap(child) else {
            continue;
        };
        let kind = e.attr("epub:type").unwrap_or_default();
        if kind.split_whitespace().any(|k| k == "noteref") || e.attr("role") == Some("doc-backlink")
        {
            continue;
        }
        match classify(e.value().name()) {
            TagClass::Remove => {}
            TagClass::LineBreak => text.push(' '),
            TagClass::Block | TagClass::Image => {
                text.push(' ');
                element_text(e, text);
                text.push(' ');
            }
            TagClass::Inline(_) | TagClass::Link | TagClass::Unwrap | TagClass::Unsafe => {
                element_text(e, text);
            }
        }
    }
}

/// Splits `text` into words: runs of letters, digits and hyphens, hyphens then dropped, in
/// lower case, NFKC (ligatures undone), superior letters in their short form; a doubled
/// hyphen is a dash, between words. Each digit is a word of its own: however a number's
/// groups are joined (`519 000`, `519 000` with U+202F, which pdftotext drops, `519000`) it
/// gives the same words, and a note number glued to a word (`soviets1`, `19171`) is only an
/// extra word.
fn words_of(text: &str, offset: usize, out: &mut Vec<Word>) {
    let text: String = text.nfkc().collect();
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let in_word = |k: usize| {
        let c = chars[k].1;
        let dash = c == '-'
            && (k > 0 && chars[k - 1].1 == '-' || chars.get(k + 1).is_some_and(|n| n.1 == '-'));
        !dash
            && (c.is_alphanumeric() || matches!(c, '-' | '\u{ad}' | '\u{2010}' | '\u{2011}' | '°'))
    };
    let mut k = 0;
    while k < chars.len() {
        if !in_word(k) {
            k += 1;
            continue;
        }
        let start = k;
        while k < chars.len() && in_word(k) {
            k += 1;
        }
        let end = chars.get(k).map_or(text.len(), |c| c.0);
        let key: String = text[chars[start].0..end]
            .chars()
            .filter(|c| !matches!(c, '-' | '\u{ad}' | '\u{2010}' | '\u{2011}'))
            .collect();
        if !key.chars().any(char::is_alphanumeric) {
            continue;
        }
        let key = crate::transform::typography::superior_form(&key)
            .unwrap_or(key)
            .to_lowercase();
        // `n°4` is set n, superior o, 4.
        let key = match key.strip_prefix("n°") {
            Some(rest) => format!("no{rest}"),
            None => key,
        };
        let at = offset + chars[start].0;
        let mut letters = String::new();
        for c in key.chars() {
            if c.is_ascii_digit() {
                if !letters.is_empty() {
                    out.push(Word {
                        key: std::mem::take(&mut letters),
                        offset: at,
                    });
                }
                out.push(Word {
                    key: c.to_string(),
                    offset: at,
                });
            } else {
                letters.push(c);
            }
        }
        if !letters.is_empty() {
            out.push(Word {
                key: letters,
                offset: at,
            });
        }
    }
}

/// The words of an EPUB, in the order of its spine; note calls and back-links left out, as
/// they are the EPUB's own.
pub fn epub_words(path: &Path, bytes: &[u8]) -> Result<Vec<String>, Error> {
    let bad = |why: String| Error::Io {
        path: path.to_owned(),
        source: std::io::Error::other(why),
    };
    let mut zip =
        zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|e| bad(e.to_string()))?;
    let mut read = |name: &str| -> Result<String, Error> {
        let mut s = String::new();
        zip.by_name(name)
            .map_err(|e| bad(format!("{name}: {e}")))?
            .read_to_string(&mut s)
            .map_err(|e| bad(format!("{name}: {e}")))?;
        Ok(s)
    };
    let container = read("META-INF/container.xml")?;
    let opf_path = attribute_values(&container, "rootfile", "full-path")
        .into_iter()
        .next()
        .ok_or_else(|| bad("container.xml names no package document".into()))?;
    let opf = read(&opf_path)?;
    let base = opf_path.rsplit_once('/').map_or("", |(dir, _)| dir);
    let ids = attribute_values(&opf, "item", "id");
    let hrefs = attribute_values(&opf, "item", "href");
    let manifest: HashMap<String, String> = ids.into_iter().zip(hrefs).collect();
    let mut words = Vec::new();
    for idref in attribute_values(&opf, "itemref", "idref") {
        let href = manifest
            .get(&idref)
            .ok_or_else(|| bad(format!("spine item `{idref}` is not in the manifest")))?;
        let name = if base.is_empty() {
            href.clone()
        } else {
            format!("{base}/{href}")
        };
        let doc = read(&name)?;
        let mut text = String::new();
        let html = Html::parse_document(&doc);
        if let Some(body) = html
            .root_element()
            .descendants()
            .filter_map(ElementRef::wrap)
            .find(|e| e.value().name() == "body")
        {
            element_text(body, &mut text);
        }
        let mut w = Vec::new();
        words_of(&text, 0, &mut w);
        words.extend(w.into_iter().map(|w| w.key));
    }
    Ok(words)
}

/// The values of `attr` on the elements named `element`, in document order.
fn attribute_values(xml: &str, element: &str, attr: &str) -> Vec<String> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut out = Vec::new();
    loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Start(e) | quick_xml::events::Event::Empty(e))
                if e.local_name().as_ref() == element =>
            {
                if let Some(v) = e
                    .attributes()
                    .flatten()
                    .find(|a| a.key.local_name().as_ref() == attr)
                    .and_then(|a| a.normalized_value(quick_xml::XmlVersion::Implicit1_0).ok())
                {
                    out.push(v.into_owned());
                }
            }
            Ok(quick_xml::events::Event::Eof) | Err(_) => break,
            _ => {}
        }
    }
    out
}

const PDFTOTEXT_MISSING: &str = "the fidelity check reads the PDF with poppler's pdftotext \
     (Debian, Ubuntu: apt install poppler-utils; macOS: brew install poppler)";

/// Fails early, before a long build, when `pdftotext` cannot run.
pub fn find_pdftotext() -> Result<(), Error> {
    match Command::new("pdftotext").arg("-v").output() {
        Ok(_) => Ok(()),
        Err(e) => Err(Error::Tool {
            message: format!("cannot run pdftotext ({e}): {PDFTOTEXT_MISSING}"),
        }),
    }
}

/// The words of a PDF, read by `pdftotext` (poppler): lines joined where a word of the book
/// was cut.
pub fn pdf_words(pdf: &Path, expected: &Expected) -> Result<Vec<String>, Error> {
    let output = crate::interrupt::output(
        Command::new("pdftotext")
            // `-raw`: in the order Typst drew the text, which is the reading order; the
            // layout mode would move the words beside an inline picture.
            .args(["-raw", "-enc", "UTF-8"])
            .arg(pdf)
            .arg("-"),
    )
    .map_err(|e| Error::Tool {
        message: format!("cannot run pdftotext ({e}): {PDFTOTEXT_MISSING}"),
    })?;
    if !output.status.success() {
        return Err(Error::Tool {
            message: format!(
                "pdftotext failed ({}) on {}: {}",
                output.status,
                pdf.display(),
                String::from_utf8_lossy(&output.stderr).trim()
            ),
        });
    }
    Ok(pdf_text_words(
        &String::from_utf8_lossy(&output.stdout),
        &expected.vocabulary,
    ))
}

/// The lines of `pdftotext`'s text with the runs the Typst writer made breakable anywhere
/// (zero-width spaces between their letters, see [`crate::writer::typst::breakable`]) joined
/// back: a line ending in a zero-width space goes on with the next line that has one (the
/// lines of a page's foot and the next page's head may come between), and the zero-width
/// spaces are removed.
fn join_breakable_runs(mut raw: Vec<String>) -> Vec<String> {
    const ZWSP: char = '\u{200b}';
    for i in 0..raw.len() {
        // The last line taken into line `i`.
        let mut after = i;
        while raw[i].trim_end_matches(' ').ends_with(ZWSP) {
            let end = raw[i].trim_end_matches([' ', ZWSP]).len();
            let next = (after + 1..(after + 8).min(raw.len()))
                .find(|&j| raw[j].contains(ZWSP))
                .or_else(|| (after + 1 < raw.len()).then_some(after + 1));
            let Some(j) = next else { break };
            after = j;
            let rest = std::mem::take(&mut raw[j]);
            raw[i].truncate(end);
            raw[i].push_str(rest.trim_start());
        }
    }
    for line in &mut raw {
        if line.contains(ZWSP) {
            *line = line.replace(ZWSP, "");
        }
    }
    raw
}

/// The words of `pdftotext`'s text. A line ending with a hyphen (hyphenation, or a compound
/// cut at its hyphen) continues with the first word of a later line that makes with it a word
/// of the book: the next line, or the first line of the next page when the cut was the last
/// line of a page above its footnotes; a word cut more than once in a narrow table cell goes
/// on over several lines. Otherwise (`pré- et post-`) the hyphen was the text's. A word of no
/// article that is two words of the book glued is split: `pdftotext -raw` drops a narrow
/// no-break space typed between two words.
fn pdf_text_words(text: &str, vocabulary: &HashSet<String>) -> Vec<String> {
    let text = text.replace('\u{c}', "\n");
    let raw = join_breakable_runs(text.lines().map(str::to_owned).collect());
    let cut = |i: usize| raw[i].trim_end().ends_with(['\u{ad}', '-']);
    let mut lines: Vec<Vec<String>> = raw
        .iter()
        .map(|l| {
            let mut w = Vec::new();
            words_of(l, 0, &mut w);
            w.into_iter().map(|w| w.key).collect()
        })
        .collect();
    let prefixes: HashSet<&str> = vocabulary
        .iter()
        .flat_map(|w| w.char_indices().skip(1).map(move |(i, _)| &w[..i]))
        .collect();
    for i in 0..lines.len() {
        let Some(mut head) = lines[i].last().cloned().filter(|_| cut(i)) else {
            continue;
        };
        // The lines whose first word continues the word, in order.
        let mut taken = Vec::new();
        let mut j = i + 1;
        while j < (i + 80).min(lines.len()) {
            let Some(first) = lines[j].first() else {
                j += 1;
                continue;
            };
            let joined = format!("{head}{first}");
            if vocabulary.contains(&joined) {
                taken.push(j);
                head = joined;
                break;
            }
            // A middle piece: alone on its line, cut again, and still the start of a word.
            if lines[j].len() == 1 && cut(j) && prefixes.contains(joined.as_str()) {
                taken.push(j);
                head = joined;
                j += 1;
                continue;
            }
            if taken.is_empty() {
                j += 1;
                continue;
            }
            // A chain that ends in no word: undone.
            taken.clear();
            break;
        }
        if taken.is_empty() || !vocabulary.contains(&head) {
            continue;
        }
        if let Some(last) = lines[i].last_mut() {
            *last = head;
        }
        for j in taken {
            lines[j].remove(0);
        }
    }
    let mut words = Vec::new();
    for w in lines.into_iter().flatten() {
        let glued = (!vocabulary.contains(&w))
            .then(|| {
                w.char_indices()
                    .skip(1)
                    .find(|(k, _)| vocabulary.contains(&w[..*k]) && vocabulary.contains(&w[*k..]))
            })
            .flatten();
        match glued {
            Some((k, _)) => {
                words.push(w[..k].to_owned());
                words.push(w[k..].to_owned());
            }
            None => words.push(w),
        }
    }
    words
}

/// What went wrong with a run of an article's words in an output.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fault {
    Missing,
    OutOfOrder,
    Repeated,
}

/// Compares the words of `output` (named `name`: "EPUB", "PDF") with the articles', adding
/// one error per run of words missing, repeated or out of order.
pub fn compare(expected: &Expected, output: &[String], name: &str, diags: &mut Diagnostics) {
    let output: Vec<&str> = output.iter().map(String::as_str).collect();
    let mut positions: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, w) in output.iter().enumerate() {
        positions.entry(*w).or_default().push(i);
    }
    // Where each article starts: its first run of words found after the previous one's.
    let mut starts: Vec<Option<usize>> = Vec::with_capacity(expected.articles.len());
    let mut cursor = 0;
    for a in &expected.articles {
        let found = anchor(a, &output, &positions, cursor);
        if let Some((at, index)) = found {
            // The article starts with its first word, a little before the anchor: a byline
            // or a picture may come between.
            let earliest = at.saturating_sub(index + 60).max(cursor);
            let latest = at.saturating_sub(index).max(earliest);
            let head: Vec<&str> = a.body[..a.head].iter().map(|w| w.key.as_str()).collect();
            let start = (earliest..=latest)
                .rev()
                .find(|p| !head.is_empty() && output[*p..].starts_with(&head))
                .unwrap_or(latest);
            starts.push(Some(start));
            cursor = at + 1;
        } else {
            starts.push(None);
        }
    }
    // Articles without an anchor share the stretch of the one before (or after) them.
    let mut groups: Vec<(usize, Vec<usize>)> = Vec::new();
    for (i, s) in starts.iter().enumerate() {
        match (s, groups.last_mut()) {
            (Some(s), _) => groups.push((*s, vec![i])),
            (None, Some(g)) => g.1.push(i),
            (None, None) => groups.push((0, vec![i])),
        }
    }
    if let Some(first) = groups.first_mut() {
        first.0 = 0;
    }
    for g in 0..groups.len() {
        let from = groups[g].0;
        let to = groups.get(g + 1).map_or(output.len(), |n| n.0).max(from);
        compare_stretch(expected, &groups[g].1, &output[from..to], name, diags);
    }
}

/// The first run of words of the article's text (after its title, as a byline may follow
/// the title; from its title when the text has fewer than eight words), trying from its
/// start, then further on, that `output` holds at or after `from`: its place in the output
/// and in `body`.
fn anchor(
    article: &ArticleWords,
    output: &[&str],
    positions: &HashMap<&str, Vec<usize>>,
    from: usize,
) -> Option<(usize, usize)> {
    let words = &article.body;
    // A text of a few words may be found anywhere (`Texte.`): its title, with it, is surer.
    let first = if words.len() >= article.head + 8 {
        article.head
    } else {
        0
    };
    // Sixteen words first: eight may open several articles of a series (`article 4` and
    // `article 40` share their first eight words once digits are words).
    find_run(words, first, output, positions, from, (16, 8))
        .or_else(|| find_run(words, first, output, positions, from, (8, 4)))
}

/// The first run of (up to) `length` words of `words` from `first` on, or further on (trying
/// every `step` words), that `output` holds at or after `from`: its place in `output` and in
/// `words`.
fn find_run(
    words: &[Word],
    first: usize,
    output: &[&str],
    positions: &HashMap<&str, Vec<usize>>,
    from: usize,
    (length, step): (usize, usize),
) -> Option<(usize, usize)> {
    let run = length.min(words.len() - first);
    if run == 0 {
        return None;
    }
    let last = words.len() - run;
    let probes = (first..=last).step_by(step).chain(std::iter::once(last));
    for index in probes {
        let probe = &words[index..index + run];
        let Some(candidates) = positions.get(probe[0].key.as_str()) else {
            continue;
        };
        let after = candidates.partition_point(|p| *p < from);
        for &at in &candidates[after..] {
            if output.len() >= at + run && probe.iter().zip(&output[at..]).all(|(w, o)| w.key == *o)
            {
                return Some((at, index));
            }
        }
    }
    None
}

/// Compares the articles `group` with their stretch of the output.
fn compare_stretch(
    expected: &Expected,
    group: &[usize],
    stretch: &[&str],
    name: &str,
    diags: &mut Diagnostics,
) {
    // Each expected word keeps its article, to be reported there.
    let body: Vec<(usize, &Word)> = group
        .iter()
        .flat_map(|&a| expected.articles[a].body.iter().map(move |w| (a, w)))
        .collect();
    let mut faults: Vec<(Vec<(usize, &Word)>, Fault)> = Vec::new();
    let mut left: Vec<&str> = stretch.to_vec();
    let notes: Vec<Vec<(usize, &Word)>> = group
        .iter()
        .flat_map(|&a| {
            expected.articles[a]
                .notes
                .iter()
                .map(move |n| n.iter().map(|w| (a, w)).collect())
        })
        .collect();
    // Notes go where the output puts them (the foot of a page, the end of the chapter), so
    // each is looked for on its own. Those of four words or more are found first, by their
    // words in a row, so that the text cannot take their words; shorter ones after the text.
    let mut later = Vec::new();
    for note in &notes {
        if note.len() < 4 || !match_note(note, &mut left, &mut faults, true) {
            later.push(note);
        }
    }
    match_words(&body, &mut left, &mut faults);
    for note in later {
        match_note(note, &mut left, &mut faults, false);
    }
    // What is left is the output's own text, or words put elsewhere, or said twice.
    let mut taken = vec![false; left.len()];
    for (run, fault) in &mut faults {
        if run.len() < 2 {
            continue;
        }
        let keys: Vec<&str> = run.iter().map(|(_, w)| w.key.as_str()).collect();
        if let Some(at) = left.windows(keys.len()).position(|w| w == keys.as_slice()) {
            *fault = Fault::OutOfOrder;
            taken[at..at + keys.len()].fill(true);
        }
    }
    let prose: HashMap<[&str; 3], (usize, &Word)> = expected_trigrams(expected, group);
    let tri = |j: usize| [left[j], left[j + 1], left[j + 2]];
    let mut i = 0;
    while i + 3 <= left.len() {
        let mut j = i;
        while j + 3 <= left.len() && !taken[j..j + 3].contains(&true) && prose.contains_key(&tri(j))
        {
            j += 1;
        }
        // A run of four words or more of the prose, not only words of titles and headings.
        let run_len = j - i + 2;
        if j > i + 1
            && left[i..i + run_len]
                .iter()
                .any(|w| !expected.may_repeat.contains(*w))
        {
            let (article, first) = prose[&tri(i)];
            report(
                expected,
                article,
                first,
                &left[i..i + run_len],
                Fault::Repeated,
                name,
                diags,
            );
            i = j + 2;
        } else {
            i += 1;
        }
    }
    for (run, fault) in faults {
        let (article, first) = run[0];
        let keys: Vec<&str> = run.iter().map(|(_, w)| w.key.as_str()).collect();
        report(expected, article, first, &keys, fault, name, diags);
    }
}

/// Finds the words of a note in `left` and removes them: piece by piece, each piece found by
/// its first words in a row and taken as far as it goes on in a row, as the PDF may cut a
/// note at a page's foot and go on at the next one's, with a page of text between. Returns
/// false, having done nothing, when `only_in_a_row` and the note's first words are nowhere.
fn match_note<'w>(
    note: &[(usize, &'w Word)],
    left: &mut Vec<&str>,
    faults: &mut Vec<(Vec<(usize, &'w Word)>, Fault)>,
    only_in_a_row: bool,
) -> bool {
    let words: Vec<Word> = note.iter().map(|(_, w)| (*w).clone()).collect();
    let mut positions: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, w) in left.iter().enumerate() {
        positions.entry(*w).or_default().push(i);
    }
    let mut used = vec![false; left.len()];
    let (mut i, mut from) = (0, 0);
    while i < words.len() {
        let Some((at, index)) = find_run(&words, i, left, &positions, from, (8, 1)) else {
            if i == 0 && only_in_a_row {
                return false;
            }
            faults.push((note[i..].to_vec(), Fault::Missing));
            break;
        };
        if index > i {
            // The words before this piece: the end of the previous page's part, in a row
            // somewhere before it, or lost.
            let gap: Vec<&str> = words[i..index].iter().map(|w| w.key.as_str()).collect();
            let found = (from..at.saturating_sub(gap.len() - 1)).find(|&p| {
                left[p..p + gap.len()] == gap[..] && !used[p..p + gap.len()].contains(&true)
            });
            match found {
                Some(p) => used[p..p + gap.len()].fill(true),
                None => faults.push((note[i..index].to_vec(), Fault::Missing)),
            }
        }
        let mut k = 0;
        while index + k < words.len()
            && at + k < left.len()
            && !used[at + k]
            && left[at + k] == words[index + k].key
        {
            used[at + k] = true;
            k += 1;
        }
        i = index + k;
        from = at + k;
    }
    let mut used = used.into_iter();
    left.retain(|_| !used.next().unwrap_or(false));
    true
}

/// Finds `words` in order in `left`, removing the words found; the runs not found are
/// faults (missing, until shown to be elsewhere).
fn match_words<'w>(
    words: &[(usize, &'w Word)],
    left: &mut Vec<&str>,
    faults: &mut Vec<(Vec<(usize, &'w Word)>, Fault)>,
) {
    let keys: Vec<&str> = words.iter().map(|(_, w)| w.key.as_str()).collect();
    let ops = similar::capture_diff_slices(Algorithm::Myers, &keys, left);
    let mut used = vec![false; left.len()];
    for op in ops {
        match op {
            DiffOp::Equal { new_index, len, .. } => used[new_index..new_index + len].fill(true),
            DiffOp::Delete {
                old_index, old_len, ..
            }
            | DiffOp::Replace {
                old_index, old_len, ..
            } => faults.push((
                words[old_index..old_index + old_len].to_vec(),
                Fault::Missing,
            )),
            DiffOp::Insert { .. } => {}
        }
    }
    let mut used = used.into_iter();
    left.retain(|_| !used.next().unwrap_or(false));
}

/// Every run of three words of the text and notes of `group`, with its first word.
fn expected_trigrams<'e>(
    expected: &'e Expected,
    group: &[usize],
) -> HashMap<[&'e str; 3], (usize, &'e Word)> {
    let mut out = HashMap::new();
    for &a in group {
        let article = &expected.articles[a];
        for words in std::iter::once(&article.body).chain(&article.notes) {
            for w in words.windows(3) {
                out.entry([w[0].key.as_str(), w[1].key.as_str(), w[2].key.as_str()])
                    .or_insert((a, &w[0]));
            }
        }
    }
    out
}

fn report(
    expected: &Expected,
    article: usize,
    first: &Word,
    run: &[&str],
    fault: Fault,
    name: &str,
    diags: &mut Diagnostics,
) {
    let a = &expected.articles[article];
    // A word of thousands of letters is shown by its ends.
    let run: Vec<String> = run
        .iter()
        .map(|w| {
            let chars: Vec<char> = w.chars().collect();
            if chars.len() > 40 {
                let head: String = chars[..20].iter().collect();
                let tail: String = chars[chars.len() - 10..].iter().collect();
                format!("{head}…{tail} ({} letters)", chars.len())
            } else {
                w.to_string()
            }
        })
        .collect();
    let shown = if run.len() > 12 {
        format!(
            "{} … {}",
            run[..6].join(" "),
            run[run.len() - 3..].join(" ")
        )
    } else {
        run.join(" ")
    };
    let count = if run.len() == 1 {
        "1 word".to_owned()
    } else {
        format!("{} words", run.len())
    };
    let what = match fault {
        Fault::Missing => format!("{count} of the article missing from the {name}"),
        Fault::OutOfOrder => format!("{count} of the article out of order in the {name}"),
        Fault::Repeated => format!("{count} of the article repeated in the {name}"),
    };
    diags.error(
        &a.path,
        Some(Pos::of_offset(&a.text, first.offset)),
        Some(&a.text),
        format!("{what}: “{shown}”"),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A book of one article whose Markdown body is `body`, titled "Titre".
    fn book(body: &str) -> Expected {
        let text = format!("---\ntitle: Titre\n---\n{body}");
        let body_start = text.find(body).unwrap_or(0);
        let mut repeatable = vec!["Titre".to_owned()];
        let (words, notes, _) = markdown_words(&text, body_start, &mut repeatable);
        let mut head = Vec::new();
        words_of("Titre", 0, &mut head);
        let head_len = head.len();
        head.extend(words);
        let articles = vec![ArticleWords {
            path: PathBuf::from("chapters/a.md"),
            text,
            body: head,
            head: head_len,
            notes,
        }];
        Expected::new(articles, &repeatable)
    }

    fn keys(text: &str) -> Vec<String> {
        let mut w = Vec::new();
        words_of(text, 0, &mut w);
        w.into_iter().map(|w| w.key).collect()
    }

    /// The messages of the errors `compare` finds in `output`.
    fn faults(expected: &Expected, output: &str) -> Vec<String> {
        let mut diags = Diagnostics::new();
        compare(expected, &keys(output), "EPUB", &mut diags);
        diags
            .sorted()
            .into_iter()
            .map(|d| {
                let p = d.pos.unwrap_or(Pos::new(0, 0));
                format!("{}:{}:{}", p.line, p.col, d.message)
            })
            .collect()
    }

    const ARTICLE: &str = "Le soviet de Petrograd vote la motion des bolcheviks le 31 août.\n\n\
        La majorité bascule[^1] en septembre, et Moscou suit le 5 septembre.\n\n\
        [^1]: Après le putsch manqué de Kornilov.\n";

    #[test]
    fn an_output_with_every_word_passes() {
        let b = book(ARTICLE);
        // Typography, a byline, a running head, a page number, and the note at the foot.
        let output = "Histoire Titre Autrice · 2 septembre 2017 Le soviet de Petrograd vote \
            la motion des bolcheviks le 31 août. Titre 12 La majorité bascule1 en septembre, \
            et Moscou suit le 5 septembre. 1Après le putsch manqué de Kornilov.";
        assert_eq!(faults(&b, output), Vec::<String>::new());
    }

    #[test]
    fn a_lost_word_is_reported_where_it_was_written() {
        let b = book(ARTICLE);
        let output = "Titre Le soviet de Petrograd vote la motion des bolcheviks le 31 août. \
            La majorité bascule en septembre, et suit le 5 septembre. \
            Après le putsch manqué de Kornilov.";
        assert_eq!(
            faults(&b, output),
            ["6:42:1 word of the article missing from the EPUB: “moscou”"]
        );
    }

    #[test]
    fn a_lost_note_is_reported() {
        let b = book(ARTICLE);
        let output = "Titre Le soviet de Petrograd vote la motion des bolcheviks le 31 août. \
            La majorité bascule en septembre, et Moscou suit le 5 septembre.";
        assert_eq!(
            faults(&b, output),
            [
                "8:7:6 words of the article missing from the EPUB: “après le putsch manqué de kornilov”"
            ]
        );
    }

    #[test]
    fn moved_and_repeated_words_are_reported() {
        let b = book(ARTICLE);
        let moved = "Titre La majorité bascule en septembre, et Moscou suit le 5 septembre. \
            Le soviet de Petrograd vote la motion des bolcheviks le 31 août. \
            Après le putsch manqué de Kornilov.";
        assert_eq!(
            faults(&b, moved),
            ["6:1:11 words of the article out of order in the EPUB: \
              “la majorité bascule en septembre et moscou suit le 5 septembre”"]
        );
        let repeated = "Titre Le soviet de Petrograd vote la motion des bolcheviks le 31 août. \
            La majorité bascule en septembre, et Moscou suit le 5 septembre. \
            Après le putsch manqué de Kornilov. la motion des bolcheviks";
        assert_eq!(
            faults(&b, repeated),
            ["4:29:4 words of the article repeated in the EPUB: “la motion des bolcheviks”"]
        );
    }

    #[test]
    fn a_note_cut_at_a_page_foot_is_found_in_its_two_parts() {
        let b = book(
            "Le soviet de Petrograd vote la motion des bolcheviks[^1] le 31 août, puis la \
             majorité bascule en septembre et Moscou suit le 5 septembre.\n\n\
             [^1]: Après le putsch manqué de Kornilov, les bolcheviks gagnent les soviets \
             des deux capitales.\n",
        );
        let output = "Titre Le soviet de Petrograd vote la motion des bolcheviks1 le 31 août, \
            1Après le putsch 12 Titre puis la majorité bascule en septembre et Moscou suit \
            le 5 septembre. manqué de Kornilov, les bolcheviks gagnent les soviets des deux \
            capitales. 13";
        assert_eq!(faults(&b, output), Vec::<String>::new());
    }

    #[test]
    fn titles_may_repeat() {
        let b = book("# Un long intertitre de section\n\nTexte.\n");
        let output = "Un long intertitre de section 7 Titre Un long intertitre de section Texte.";
        assert_eq!(faults(&b, output), Vec::<String>::new());
    }

    #[test]
    fn what_typography_changes_is_not_a_change() {
        assert_eq!(
            keys("l'État, aujourd'hui... « 519 000 » XIXe 2ème n° 3 pré-parlement ﬁn"),
            keys(
                "l’État, aujourd’hui… «\u{202f}519\u{202f}000\u{202f}» XIXe 2e no\u{a0}3 préparlement fin"
            )
        );
    }

    #[test]
    fn pdf_lines_cut_in_a_word_are_joined() {
        let vocabulary: HashSet<String> = keys("le pouvoir des pré-parlements solidarité et")
            .into_iter()
            .collect();
        assert_eq!(
            pdf_text_words(
                "le pou\u{ad}\nvoir des pré-\nparlements\u{c}Titre 3\n",
                &vocabulary
            ),
            keys("le pouvoir des pré-parlements Titre 3")
        );
        // Cut on a page's last line: the footnote and the running head come between.
        assert_eq!(
            pdf_text_words(
                "la sol\u{ad}\n6Une note.\n12\u{c}Titre\nidarité et\n",
                &vocabulary
            ),
            keys("la solidarité 6Une note. 12 Titre et")
        );
        // A suspended hyphen is the text's: `pré- et post-`.
        assert_eq!(
            pdf_text_words("les pré-\net post-révolutionnaires\n", &vocabulary),
            keys("les pré et postrévolutionnaires")
        );
    }

    #[test]
    fn numbers_are_the_same_words_whatever_joins_their_groups() {
        assert_eq!(keys("519 000"), keys("519\u{202f}000"));
        assert_eq!(keys("519 000"), keys("519000"));
        assert_eq!(keys("1er"), ["1", "er"]);
        assert_eq!(
            keys("1914--1918, Paris---Lyon"),
            keys("1914 1918 Paris Lyon")
        );
        assert_eq!(keys("soviets1"), ["soviets", "1"]);
    }

    #[test]
    fn the_markdown_is_read_as_a_reader_reads_it() {
        let b = book(
            "Un 1<sup>er</sup> mai ![texte de l'image](x.png) et **gras**ici.\n\n\
             Une <video><source src=\"f.mp4\"></video> vidéo.\n\n\
             <div>\n<p>Bloc</p><script>\ncode();\n</script>\n</div>\n\n\
             Deux[^b] appels[^a].\n\n[^a]: Note A.\n[^b]: Note B.\n",
        );
        let a = &b.articles[0];
        let body: Vec<&str> = a.body.iter().map(|w| w.key.as_str()).collect();
        assert_eq!(
            body,
            [
                "titre", "un", "1", "er", "mai", "et", "grasici", "une", "vidéo", "bloc", "deux",
                "appels"
            ]
        );
        let notes: Vec<Vec<&str>> = a
            .notes
            .iter()
            .map(|n| n.iter().map(|w| w.key.as_str()).collect())
            .collect();
        assert_eq!(notes, [["note", "b"], ["note", "a"]]);
    }
}
