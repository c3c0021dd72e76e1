//! EPUB writer, navigation part: the book's outline → `nav.xhtml` (table of contents and
//! landmarks) and `toc.ncx` for older reading systems.

use std::fmt::{self, Write as _};

use crate::model::{Book, Entry, Inline};
use crate::transform::headings::top_level_headings;
use crate::writer::written;
use crate::writer::xhtml::{self, Context, escape};

/// One line of the outline: a label, a link and what sits under it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node {
    /// Visible text.
    pub label: String,
    /// The same as XHTML phrasing: superior letters in `<sup>` (`XX<sup>e</sup>`).
    pub markup: String,
    /// Link, relative to the package directory (`text/01-x.xhtml#id`).
    pub href: String,
    /// Sub-entries.
    pub children: Vec<Node>,
}

/// The book's outline: parts › chapters › sections, then the colophon (titled `colophon`).
pub fn outline(book: &Book, colophon: &str) -> Vec<Node> {
    let chapter_node = |i: usize| {
        let ch = &book.chapters[i];
        let file = format!("text/{}", xhtml::chapter_file(ch));
        let heads: Vec<(u8, Node)> = top_level_headings(&ch.blocks)
            .map(|h| {
                (
                    h.level,
                    Node {
                        label: Inline::plain_text(&h.content).trim().to_owned(),
                        markup: xhtml::phrase(&h.content).trim().to_owned(),
                        href: format!("{file}#{}", h.id),
                        children: Vec::new(),
                    },
                )
            })
            .collect();
        Node {
            label: ch.meta.title.clone(),
            markup: xhtml::phrase(&ch.display_title),
            href: file,
            children: nest(heads),
        }
    };
    book.entries
        .iter()
        .map(|e| match e {
            Entry::Chapter(i) => chapter_node(*i),
            Entry::Part(p) => {
                let part = &book.parts[*p];
                Node {
                    label: part.title.clone(),
                    markup: xhtml::phrase(&part.display_title),
                    href: format!("text/{}.xhtml", part.slug),
                    children: part.chapters.iter().map(|&i| chapter_node(i)).collect(),
                }
            }
        })
        .chain(std::iter::once(Node {
            label: colophon.to_owned(),
            markup: escape(colophon).into_owned(),
            href: "text/colophon.xhtml".to_owned(),
            children: Vec::new(),
        }))
        .collect()
}

/// Nests headings by level: a heading goes under the nearest preceding one of a lower level.
fn nest(items: Vec<(u8, Node)>) -> Vec<Node> {
    let mut iter = items.into_iter().peekable();
    let mut roots = Vec::new();
    while let Some((level, mut node)) = iter.next() {
        let mut below = Vec::new();
        while let Some((l, _)) = iter.peek() {
            if *l <= level {
                break;
            }
            below.extend(iter.next());
        }
        node.children = nest(below);
        roots.push(node);
    }
    roots
}

fn nav_list(out: &mut String, nodes: &[Node], depth: usize) -> fmt::Result {
    let pad = "  ".repeat(depth);
    writeln!(out, "{pad}<ol>")?;
    for n in nodes {
        let label = if n.label.trim().is_empty() {
            "–"
        } else {
            n.markup.as_str()
        };
        write!(
            out,
            "{pad}  <li><a href=\"{}\">{label}</a>",
            escape(&n.href),
        )?;
        if n.children.is_empty() {
            out.push_str("</li>\n");
        } else {
            out.push('\n');
            nav_list(out, &n.children, depth + 2)?;
            writeln!(out, "{pad}  </li>")?;
        }
    }
    writeln!(out, "{pad}</ol>")
}

/// Landmarks worth a link: cover, table of contents, start of the text.
#[derive(Debug, Clone)]
pub(super) struct Landmarks {
    /// The cover page, if any.
    pub cover: Option<String>,
    /// The first chapter or part.
    pub body: String,
}

/// `nav.xhtml`.
pub(super) fn nav_document(book: &Book, ctx: &Context<'_>, landmarks: &Landmarks) -> String {
    let start = xhtml::document_start(ctx, ctx.labels.toc, "frontmatter", "css/livre.css");
    written(start, |out| {
        writeln!(
            out,
            "<nav epub:type=\"toc\" role=\"doc-toc\" id=\"toc\" aria-labelledby=\"toc-titre\">\n<h1 id=\"toc-titre\">{}</h1>",
            ctx.labels.toc
        )?;
        nav_list(out, &outline(book, ctx.labels.colophon), 0)?;
        out.push_str("</nav>\n");
        writeln!(
            out,
            "<nav epub:type=\"landmarks\" aria-label=\"{l}\" hidden=\"hidden\">\n<h2>{l}</h2>\n<ol>",
            l = ctx.labels.landmarks
        )?;
        if let Some(c) = &landmarks.cover {
            writeln!(
                out,
                "  <li><a epub:type=\"cover\" href=\"{}\">{}</a></li>",
                escape(c),
                ctx.labels.cover
            )?;
        }
        writeln!(
            out,
            "  <li><a epub:type=\"toc\" href=\"#toc\">{}</a></li>\n  <li><a epub:type=\"bodymatter\" href=\"{}\">{}</a></li>\n</ol>\n</nav>",
            ctx.labels.toc,
            escape(&landmarks.body),
            ctx.labels.start
        )?;
        out.push_str(xhtml::DOCUMENT_END);
        Ok(())
    })
}

/// `toc.ncx`, the EPUB 2 table of contents.
pub(super) fn ncx(book: &Book, uid: &str, title: &str, colophon: &str) -> String {
    let nodes = outline(book, colophon);
    let mut order = 0;
    fn depth(nodes: &[Node]) -> usize {
        nodes
            .iter()
            .map(|n| 1 + depth(&n.children))
            .max()
            .unwrap_or(0)
    }
    fn write_points(
        out: &mut String,
        nodes: &[Node],
        order: &mut usize,
        indent: usize,
    ) -> fmt::Result {
        let pad = "  ".repeat(indent);
        for n in nodes {
            *order += 1;
            writeln!(
                out,
                "{pad}<navPoint id=\"np-{o}\" playOrder=\"{o}\">\n{pad}  <navLabel><text>{l}</text></navLabel>\n{pad}  <content src=\"{h}\"/>",
                o = *order,
                l = escape(&n.label),
                h = escape(&n.href)
            )?;
            write_points(out, &n.children, order, indent + 1)?;
            writeln!(out, "{pad}</navPoint>")?;
        }
        Ok(())
    }
    let points = written(String::new(), |points| {
        write_points(points, &nodes, &mut order, 2)
    });
    format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n\
         <ncx xmlns=\"http://www.daisy.org/z3986/2005/ncx/\" version=\"2005-1\">\n\
         <head>\n  <meta name=\"dtb:uid\" content=\"{uid}\"/>\n  <meta name=\"dtb:depth\" content=\"{d}\"/>\n\
         \x20 <meta name=\"dtb:totalPageCount\" content=\"0\"/>\n  <meta name=\"dtb:maxPageNumber\" content=\"0\"/>\n</head>\n\
         <docTitle><text>{title}</text></docTitle>\n<navMap>\n{points}</navMap>\n</ncx>\n",
        uid = escape(uid),
        d = depth(&nodes).max(1),
        title = escape(title),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(label: &str) -> Node {
        Node {
            label: label.into(),
            markup: label.into(),
            href: String::new(),
            children: Vec::new(),
        }
    }

    #[test]
    fn nests_by_level_and_survives_jumps() {
        let tree = nest(vec![
            (2, n("a")),
            (3, n("a1")),
            (5, n("a1x")),
            (2, n("b")),
            (4, n("b1")),
        ]);
        let shape: Vec<(String, Vec<String>)> = tree
            .iter()
            .map(|t| {
                (
                    t.label.clone(),
                    t.children.iter().map(|c| c.label.clone()).collect(),
                )
            })
            .collect();
        assert_eq!(
            shape,
            vec![
                ("a".into(), vec!["a1".into()]),
                ("b".into(), vec!["b1".into()])
            ]
        );
        assert_eq!(tree[0].children[0].children[0].label, "a1x");
    }
}
