//! EPUB writer, book pages: metadata → the XHTML pages lcbook adds around the chapters (cover,
//! title page, part openings, colophon).

use std::fmt::Write as _;

use crate::config::Settings;
use crate::model::{Book, Inline};
use crate::writer::xhtml::{self, Context, escape};
use crate::writer::{Edition, written};

pub(crate) fn cover(ctx: &Context<'_>, title: &str, image: &str) -> String {
    let start = xhtml::document_start(ctx, ctx.labels.cover, "cover", "../css/livre.css");
    written(start, |o| {
        writeln!(
            o,
            "<section class=\"couverture\" epub:type=\"cover\">\n<img role=\"doc-cover\" src=\"../{}\" alt=\"{}\"/>\n</section>",
            escape(image),
            escape(&format!("{} — {title}", ctx.labels.cover))
        )?;
        o.push_str(xhtml::DOCUMENT_END);
        Ok(())
    })
}

pub(crate) fn title_page(ctx: &Context<'_>, book: &Book) -> String {
    let start = xhtml::document_start(ctx, &book.title, "frontmatter", "../css/livre.css");
    written(start, |o| {
        writeln!(
            o,
            "<section class=\"titre\" epub:type=\"titlepage\" aria-labelledby=\"_titre\">\n<h1 id=\"_titre\">{}</h1>",
            escape(&book.title)
        )?;
        if let Some(s) = &book.subtitle {
            writeln!(
                o,
                "<p class=\"sous-titre-livre\" role=\"doc-subtitle\">{}</p>",
                escape(s)
            )?;
        }
        if !book.authors.is_empty() {
            writeln!(
                o,
                "<p class=\"auteurs\">{}</p>",
                escape(&ctx.labels.names(&book.authors))
            )?;
        }
        writeln!(
            o,
            "<p class=\"editeur\">{}</p>\n</section>",
            escape(&book.publisher)
        )?;
        o.push_str(xhtml::DOCUMENT_END);
        Ok(())
    })
}

pub(crate) fn part(ctx: &Context<'_>, title: &str, display: &[Inline]) -> String {
    let start = xhtml::document_start(ctx, title, "bodymatter", "../css/livre.css");
    written(start, |o| {
        writeln!(
            o,
            "<section class=\"partie\" epub:type=\"part\" role=\"doc-part\" aria-labelledby=\"_titre\">\n<h1 id=\"_titre\">{}</h1>\n</section>",
            xhtml::phrase(display)
        )?;
        o.push_str(xhtml::DOCUMENT_END);
        Ok(())
    })
}

pub(crate) fn colophon(ctx: &Context<'_>, book: &Book, settings: &Settings) -> String {
    let l = ctx.labels;
    let start = xhtml::document_start(ctx, l.colophon, "backmatter", "../css/livre.css");
    written(start, |o| {
        writeln!(
            o,
            "<section class=\"colophon\" epub:type=\"colophon\" role=\"doc-colophon\" aria-labelledby=\"_titre\">\n<h1 id=\"_titre\">{}</h1>",
            l.colophon
        )?;
        write!(o, "<p><cite>{}</cite>", escape(&book.title))?;
        if let Some(s) = &book.subtitle {
            write!(o, " — {}", escape(s))?;
        }
        writeln!(o, "</p>")?;
        // The edition's date: the book's, else its newest article's; never the build time, which
        // says when the file was made, not when the book was published.
        let date = settings
            .date
            .or_else(|| book.chapters.iter().filter_map(|c| c.meta.date).max())
            .map(|d| xhtml::phrase(&l.date_inlines(d)));
        write!(o, "<p>{}", escape(&book.publisher))?;
        if let Some(d) = date {
            write!(o, ", {d}")?;
        }
        o.push_str(".</p>\n");
        if let Some(r) = &book.rights {
            writeln!(o, "<p>{}</p>", escape(r))?;
        }
        writeln!(o, "<h2>{}</h2>\n<ul>", l.articles)?;
        for ch in &book.chapters {
            write!(
                o,
                "<li><a href=\"{}\">{}</a>",
                escape(&xhtml::chapter_file(ch)),
                xhtml::phrase(&ch.display_title)
            )?;
            o.push_str(&xhtml::phrase(&l.article_facts(&ch.meta)));
            match (ch.meta.source_url(), &ch.meta.source) {
                (Some(src), _) => {
                    write!(
                        o,
                        " — {} <a class=\"source\" href=\"{url}\">{url}</a>",
                        l.original(),
                        url = escape(&src)
                    )?;
                }
                // Not a URL (a warning said so): shown, not linked.
                (None, Some(typed)) => {
                    write!(o, " — {} {}", l.original(), escape(typed))?;
                }
                (None, None) => {}
            }
            o.push_str(".</li>\n");
        }
        writeln!(o, "</ul>\n<p>{}</p>", l.made_with)?;
        // The legal mentions close the colophon, as in the printed book.
        let mentions = crate::writer::mentions(settings, Edition::Epub);
        if !mentions.is_empty() {
            o.push_str("<div class=\"mentions\">\n");
            for line in mentions {
                writeln!(o, "<p>{}</p>", escape(&line))?;
            }
            o.push_str("</div>\n");
        }
        o.push_str("</section>\n");
        o.push_str(xhtml::DOCUMENT_END);
        Ok(())
    })
}
