//! The words of a built EPUB: its spine's documents read as a reader reads them.

use std::collections::HashMap;
use std::io::Read as _;
use std::path::Path;

use scraper::{ElementRef, Html};

use super::words::words_of;
use crate::error::Error;
use crate::read::html::{TagClass, classify};

/// The text of an element as a reader reads it: blocks apart, inline elements joined; the
/// content of removed elements, the outputs' note calls and back-links left out.
pub(super) fn element_text(el: ElementRef<'_>, text: &mut String) {
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
