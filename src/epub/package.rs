//! EPUB writer, package part: metadata and file lists → `package.opf` (metadata, EPUB
//! Accessibility 1.1 statements, manifest, spine).

use std::fmt::{self, Write as _};

use crate::config::Settings;
use crate::locale::Labels;
use crate::model::Book;
use crate::writer::written;
use crate::writer::xhtml::escape;

/// A content document of the spine.
#[derive(Debug, Clone)]
pub(crate) struct Document {
    id: String,
    href: String,
    pub(crate) svg: bool,
}

impl Document {
    pub(crate) fn new(slug: &str, href: &str) -> Self {
        Document {
            // Manifest ids are XML ids: they may not start with a digit.
            id: format!("d-{slug}"),
            href: href.to_owned(),
            svg: false,
        }
    }
}

/// A picture or font of the manifest.
#[derive(Debug, Clone)]
pub(crate) struct Asset {
    pub(crate) href: String,
    pub(crate) media_type: crate::text::media::MediaType,
    pub(crate) cover: bool,
}

pub(crate) struct Package<'a> {
    pub(crate) settings: &'a Settings,
    pub(crate) book: &'a Book,
    pub(crate) labels: &'a Labels,
    pub(crate) epoch: i64,
    pub(crate) documents: &'a [Document],
    pub(crate) images: &'a [Asset],
    pub(crate) fonts: &'a [Asset],
}

/// `YYYY-MM-DDThh:mm:ssZ` for a Unix time.
pub(crate) fn w3c_time(epoch: i64) -> String {
    let ts = jiff::Timestamp::from_second(epoch).unwrap_or(jiff::Timestamp::UNIX_EPOCH);
    ts.strftime("%Y-%m-%dT%H:%M:%SZ").to_string()
}

pub(crate) fn package_document(p: &Package<'_>) -> String {
    let meta = &p.settings.config.book;
    let lang = escape(&p.settings.language);
    written(String::new(), |o| {
        writeln!(
            o,
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n\
         <package xmlns=\"http://www.idpf.org/2007/opf\" version=\"3.0\" unique-identifier=\"uid\" xml:lang=\"{lang}\">\n\
         <metadata xmlns:dc=\"http://purl.org/dc/elements/1.1/\">"
        )?;
        writeln!(
            o,
            "  <dc:identifier id=\"uid\">{}</dc:identifier>",
            escape(&p.settings.epub_identifier())
        )?;
        // The printed edition this EPUB is made from, when it has an ISBN of its own.
        if let Some(isbn) = &p.settings.isbn {
            writeln!(o, "  <dc:source>{}</dc:source>", escape(&isbn.urn()))?;
        }
        writeln!(
            o,
            "  <dc:title id=\"title\">{}</dc:title>",
            escape(&p.book.title)
        )?;
        writeln!(
            o,
            "  <meta refines=\"#title\" property=\"title-type\">main</meta>"
        )?;
        if let Some(sub) = &p.book.subtitle {
            writeln!(o, "  <dc:title id=\"subtitle\">{}</dc:title>", escape(sub))?;
            writeln!(
                o,
                "  <meta refines=\"#subtitle\" property=\"title-type\">subtitle</meta>"
            )?;
        }
        writeln!(o, "  <dc:language>{lang}</dc:language>")?;
        for (i, a) in p.book.authors.iter().enumerate() {
            writeln!(
                o,
                "  <dc:creator id=\"creator{n}\">{}</dc:creator>",
                escape(a),
                n = i + 1
            )?;
            writeln!(
                o,
                "  <meta refines=\"#creator{n}\" property=\"role\" scheme=\"marc:relators\">aut</meta>",
                n = i + 1
            )?;
        }
        writeln!(
            o,
            "  <dc:publisher>{}</dc:publisher>",
            escape(&p.book.publisher)
        )?;
        if let Some(d) = p.settings.date {
            writeln!(o, "  <dc:date>{d}</dc:date>")?;
        }
        if let Some(d) = &p.book.description {
            writeln!(o, "  <dc:description>{}</dc:description>", escape(d))?;
        }
        if let Some(r) = &p.book.rights {
            writeln!(o, "  <dc:rights>{}</dc:rights>", escape(r))?;
        }
        for s in &meta.subjects {
            writeln!(o, "  <dc:subject>{}</dc:subject>", escape(s))?;
        }
        writeln!(
            o,
            "  <meta property=\"dcterms:modified\">{}</meta>",
            w3c_time(p.epoch)
        )?;
        if let Some(series) = whole_book_series(p.book) {
            writeln!(
                o,
                "  <meta property=\"belongs-to-collection\" id=\"collection\">{}</meta>\n  <meta refines=\"#collection\" property=\"collection-type\">series</meta>",
                escape(series)
            )?;
        }
        if p.images.iter().any(|i| i.cover) {
            writeln!(o, "  <meta name=\"cover\" content=\"cover-image\"/>")?;
        }
        accessibility(o, p)?;
        o.push_str("</metadata>\n<manifest>\n");
        o.push_str("  <item id=\"nav\" href=\"nav.xhtml\" media-type=\"application/xhtml+xml\" properties=\"nav\"/>\n");
        o.push_str(
            "  <item id=\"ncx\" href=\"toc.ncx\" media-type=\"application/x-dtbncx+xml\"/>\n",
        );
        o.push_str("  <item id=\"css\" href=\"css/livre.css\" media-type=\"text/css\"/>\n");
        for (i, f) in p.fonts.iter().enumerate() {
            writeln!(
                o,
                "  <item id=\"font{}\" href=\"{}\" media-type=\"{}\"/>",
                i + 1,
                escape(&f.href),
                f.media_type
            )?;
        }
        for d in p.documents {
            let props = if d.svg { " properties=\"svg\"" } else { "" };
            writeln!(
                o,
                "  <item id=\"{}\" href=\"{}\" media-type=\"application/xhtml+xml\"{props}/>",
                escape(&d.id),
                escape(&d.href)
            )?;
        }
        let mut image_n = 0;
        for img in p.images {
            let (id, props) = if img.cover {
                ("cover-image".to_owned(), " properties=\"cover-image\"")
            } else {
                image_n += 1;
                (format!("img{image_n}"), "")
            };
            writeln!(
                o,
                "  <item id=\"{id}\" href=\"{}\" media-type=\"{}\"{props}/>",
                escape(&img.href),
                img.media_type
            )?;
        }
        o.push_str("</manifest>\n<spine toc=\"ncx\">\n");
        let mut docs = p.documents.iter();
        // The cover and title page come first, then the table of contents (outside the linear
        // reading order: readers show it from their own menu), then the text.
        let first_count = if p.images.iter().any(|i| i.cover) {
            2
        } else {
            1
        };
        for d in docs.by_ref().take(first_count) {
            writeln!(o, "  <itemref idref=\"{}\"/>", escape(&d.id))?;
        }
        o.push_str("  <itemref idref=\"nav\" linear=\"no\"/>\n");
        for d in docs {
            writeln!(o, "  <itemref idref=\"{}\"/>", escape(&d.id))?;
        }
        o.push_str("</spine>\n</package>\n");
        Ok(())
    })
}

/// The series every chapter belongs to, when they all belong to the same one.
fn whole_book_series(book: &Book) -> Option<&str> {
    let first = book.chapters.first()?.meta.part.as_deref()?;
    book.chapters
        .iter()
        .all(|c| c.meta.part.as_deref() == Some(first))
        .then_some(first)
}

/// EPUB Accessibility 1.1 metadata. The claims follow from what lcbook writes: structure,
/// navigation and reading order always; alternative text when there are pictures (all of
/// them have one, empty alt text being reported by the reader).
fn accessibility(o: &mut String, p: &Package<'_>) -> fmt::Result {
    let has_images = !p.book.resources.is_empty();
    let all_alt = p.book.resources.iter().all(|r| r.described);
    o.push_str("  <meta property=\"schema:accessMode\">textual</meta>\n");
    if has_images {
        o.push_str("  <meta property=\"schema:accessMode\">visual</meta>\n");
    }
    if !has_images || all_alt {
        o.push_str("  <meta property=\"schema:accessModeSufficient\">textual</meta>\n");
    }
    if has_images {
        o.push_str("  <meta property=\"schema:accessModeSufficient\">textual,visual</meta>\n");
    }
    for feature in [
        "structuralNavigation",
        "tableOfContents",
        "readingOrder",
        "displayTransformability",
    ] {
        writeln!(
            o,
            "  <meta property=\"schema:accessibilityFeature\">{feature}</meta>"
        )?;
    }
    if has_images && all_alt {
        o.push_str("  <meta property=\"schema:accessibilityFeature\">alternativeText</meta>\n");
    }
    o.push_str("  <meta property=\"schema:accessibilityHazard\">none</meta>\n");
    let summary = match (has_images, all_alt) {
        (false, _) => p.labels.a11y_summary.to_owned(),
        (true, true) => format!(
            "{} {}",
            p.labels.a11y_summary, p.labels.a11y_images_described
        ),
        (true, false) => format!(
            "{} {}",
            p.labels.a11y_summary, p.labels.a11y_images_undescribed
        ),
    };
    writeln!(
        o,
        "  <meta property=\"schema:accessibilitySummary\">{}</meta>",
        escape(&summary)
    )?;
    // WCAG AA needs a text alternative for every picture: no claim without one.
    if all_alt {
        o.push_str("  <meta property=\"dcterms:conformsTo\">EPUB Accessibility 1.1 - WCAG 2.2 Level AA</meta>\n");
        writeln!(
            o,
            "  <meta property=\"a11y:certifiedBy\">{}</meta>",
            escape(&p.book.publisher)
        )?;
    }
    Ok(())
}
