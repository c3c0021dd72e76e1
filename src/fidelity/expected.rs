//! The words expected from the articles: their Markdown read again, straight from
//! pulldown-cmark's events, with their notes and the words the book may repeat.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

use pulldown_cmark::{Event, Parser, Tag, TagEnd};
use scraper::Html;
use unicode_normalization::UnicodeNormalization as _;

use super::epub::element_text;
use super::words::{Word, words_of};
use crate::diag::Diagnostics;
use crate::error::Error;
use crate::read::html::{TagClass, classify, is_void};
use crate::transform::Loaded;

/// The words an article must bring to each output.
#[derive(Debug)]
pub(super) struct ArticleWords {
    pub(super) path: PathBuf,
    pub(super) text: String,
    /// Title, subtitle and body, in reading order.
    pub(super) body: Vec<Word>,
    /// How many words of `body` are the title's and subtitle's.
    pub(super) head: usize,
    /// The words of each note, in the order of their first call, then those never called.
    pub(super) notes: Vec<Vec<Word>>,
}

/// What the book's articles say, word by word, to be found in each output.
#[derive(Debug)]
pub struct Expected {
    pub(super) articles: Vec<ArticleWords>,
    /// Every word of the articles, to join the parts of a word cut at a line's end.
    pub(super) vocabulary: HashSet<String>,
    /// Words an output may repeat: those of titles, headings, names.
    pub(super) may_repeat: HashSet<String>,
}

/// Reads every article of the book again, in book order, as words.
pub fn expected(loaded: &Loaded) -> Result<Expected, Error> {
    let mut articles = Vec::with_capacity(loaded.book.chapters.len());
    let mut repeatable: Vec<String> = vec![loaded.book.title.clone()];
    repeatable.extend(loaded.book.subtitle.clone());
    repeatable.extend(loaded.book.parts.iter().map(|p| p.title.clone()));
    // The book's own pages repeat the articles' bylines, dates and facts, and its labels.
    let labels = loaded.settings.labels();
    repeatable.push(loaded.book.publisher.clone());
    repeatable.extend(loaded.book.authors.iter().cloned());
    repeatable.extend(loaded.settings.date.map(|d| labels.date(d)));
    repeatable.extend(
        [
            labels.toc,
            labels.notes,
            labels.colophon,
            labels.articles,
            labels.made_with,
            &labels.original(),
        ]
        .map(String::from),
    );
    // The colophons' legal mentions (ISBNs, printer, legal deposit).
    for edition in [crate::writer::Edition::Print, crate::writer::Edition::Epub] {
        repeatable.extend(crate::writer::mentions(&loaded.settings, edition));
    }
    for ch in &loaded.book.chapters {
        repeatable.push(crate::model::Inline::plain_text(
            &labels.article_facts(&ch.meta),
        ));
    }
    for ch in &loaded.book.chapters {
        // The article's text as it was read, its front matter read again: the words expected
        // come from the source, not from the model the writers were given.
        let mut ignored = Diagnostics::new();
        let Some(article) = crate::read::article::from_bytes(
            ch.source.path.clone(),
            ch.source.abs_path.clone(),
            ch.source.rel_path.clone(),
            ch.source.text.clone().into_bytes(),
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
    pub(super) fn new(articles: Vec<ArticleWords>, repeatable: &[String]) -> Self {
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
pub(super) fn markdown_words(
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

#[cfg(test)]
mod tests {
    use super::super::testing::book;

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
