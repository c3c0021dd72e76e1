//! Import, page: the bytes of a saved page → its text as Markdown. A page converted to text is
//! taken as it is; an HTML page is parsed (html5ever, through scraper), its article element
//! chosen, and converted to Markdown by htmd.

use scraper::{ElementRef, Html, Selector};

use crate::diag::Pos;

/// A page read: its Markdown, and what was left out of it on the way.
#[derive(Debug)]
pub(super) struct Page {
    pub markdown: String,
    /// Whether it came from HTML (its lines are then the converted text's, not the file's).
    pub from_html: bool,
    /// The text of the HTML page outside the element imported, as words, when there is some.
    pub outside: Option<String>,
    /// Where the page nests elements deeper than [`MAX_HTML_DEPTH`] (set flat, their text
    /// kept), if it does.
    pub flattened: Option<Pos>,
}

/// How deep the elements of an HTML page are kept; deeper ones are unwrapped (their text
/// kept). The converter walks the tree recursively: thousands of nested `<div>`s would
/// overflow the stack.
pub(super) const MAX_HTML_DEPTH: usize = 100;

/// Why a page cannot be read.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct Unreadable {
    pub pos: Option<Pos>,
    pub message: String,
    /// Whether the page is no text at all: its bytes are no excerpt to show.
    pub binary: bool,
}

/// Reads a page: UTF-8 text (a byte-order mark dropped, CRLF made LF), as HTML when its name
/// or its first tag says so.
pub(super) fn read(name: &str, bytes: &[u8]) -> Result<Page, Unreadable> {
    if let Some(at) = bytes.iter().position(|b| *b == 0) {
        return Err(Unreadable {
            binary: true,
            pos: Some(pos_of(bytes, at)),
            message: "not a text page: a NUL byte (a binary file?); lcbook imports pages saved as \
                      text or HTML"
                .into(),
        });
    }
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            return Err(Unreadable {
                binary: false,
                pos: Some(pos_of(bytes, e.valid_up_to())),
                message: "invalid UTF-8: the page must be saved as UTF-8".into(),
            });
        }
    };
    let text = text
        .strip_prefix('\u{feff}')
        .unwrap_or(text)
        .replace("\r\n", "\n")
        .replace('\r', "\n")
        // A form feed from a PDF's conversion, an escape: no character of a book.
        .chars()
        .map(|c| {
            if c.is_control() && c != '\n' && c != '\t' {
                ' '
            } else {
                c
            }
        })
        .collect::<String>();
    if text.trim().is_empty() {
        return Err(Unreadable {
            binary: false,
            pos: None,
            message: "the page is empty".into(),
        });
    }
    let lower = name.to_ascii_lowercase();
    // A page saved by a browser may start with a comment or an XML declaration.
    let head: String = text
        .chars()
        .take(1024)
        .collect::<String>()
        .to_ascii_lowercase();
    let html = lower.ends_with(".html")
        || lower.ends_with(".htm")
        || head.trim_start().starts_with('<')
            && (head.contains("<!doctype html") || head.contains("<html"));
    if html {
        from_html(&text)
    } else {
        Ok(Page {
            markdown: text,
            from_html: false,
            outside: None,
            flattened: None,
        })
    }
}

fn pos_of(bytes: &[u8], at: usize) -> Pos {
    let before = String::from_utf8_lossy(&bytes[..at]);
    Pos::of_offset(&before, before.len())
}

/// The Markdown of an HTML page: its `<article>` (else `<main>`, else `<body>`).
fn from_html(text: &str) -> Result<Page, Unreadable> {
    let doc = Html::parse_document(text);
    let pick = |css: &str| {
        Selector::parse(css)
            .ok()
            .and_then(|s| doc.select(&s).next())
    };
    // The article with the most text: a sidebar's teasers may be `<article>`s too.
    let article = Selector::parse("article").ok().and_then(|s| {
        doc.select(&s)
            .max_by_key(|a| a.text().map(str::len).sum::<usize>())
    });
    let Some(root) = article.or_else(|| pick("main")).or_else(|| pick("body")) else {
        return Err(Unreadable {
            binary: false,
            pos: None,
            message: "the HTML page has no body".into(),
        });
    };
    let converter = htmd::HtmlToMarkdown::builder()
        .skip_tags(vec!["script", "style", "noscript", "template", "head"])
        .add_handler(
            vec!["sup", "sub"],
            |h: &dyn htmd::element_handler::Handlers, e: htmd::Element| {
                let inner = h.walk_children(e.node).content;
                Some(format!("<{t}>{inner}</{t}>", t = e.tag).into())
            },
        )
        .build();
    let (html, too_deep) = shallow_html(root);
    let markdown = converter.convert(&html).map_err(|e| Unreadable {
        binary: false,
        pos: None,
        message: format!("the HTML page cannot be converted: {e}"),
    })?;
    let outside = body_words_outside(&doc, root);
    Ok(Page {
        markdown,
        from_html: true,
        outside,
        flattened: too_deep.then(|| deep_position(text)),
    })
}

/// `root` written back as HTML, without a walk that recurses: elements deeper than
/// [`MAX_HTML_DEPTH`] below it are unwrapped (their content kept). Says whether any was.
fn shallow_html(root: ElementRef<'_>) -> (String, bool) {
    use ego_tree::iter::Edge;
    let mut out = String::new();
    let mut depth = 0usize;
    let mut too_deep = false;
    for edge in root.traverse() {
        match edge {
            Edge::Open(node) => match node.value() {
                scraper::Node::Element(el) => {
                    depth += 1;
                    if depth > MAX_HTML_DEPTH {
                        too_deep = true;
                        continue;
                    }
                    out.push('<');
                    out.push_str(el.name());
                    for (name, value) in el.attrs() {
                        out.push(' ');
                        out.push_str(name);
                        out.push_str("=\"");
                        out.push_str(&escape_html(value, true));
                        out.push('"');
                    }
                    out.push('>');
                }
                scraper::Node::Text(t) => out.push_str(&escape_html(t, false)),
                _ => {}
            },
            Edge::Close(node) => {
                if let scraper::Node::Element(el) = node.value() {
                    if depth <= MAX_HTML_DEPTH && !crate::read::html::is_void(el.name()) {
                        out.push_str("</");
                        out.push_str(el.name());
                        out.push('>');
                    }
                    depth = depth.saturating_sub(1);
                }
            }
        }
    }
    (out, too_deep)
}

fn escape_html(text: &str, attribute: bool) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if attribute => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
    out
}

/// Where, in the page's text, tags first open deeper than [`MAX_HTML_DEPTH`]: counted from
/// the tags as written (opening minus closing, void elements and comments aside), which is
/// where a reader of the file will find the nesting.
fn deep_position(text: &str) -> Pos {
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut i = 0;
    while let Some(off) = bytes
        .get(i..)
        .and_then(|b| b.iter().position(|&c| c == b'<'))
    {
        let at = i + off;
        let rest = &text[at + 1..];
        if rest.starts_with("!--") {
            i = rest.find("-->").map_or(text.len(), |e| at + 1 + e + 3);
            continue;
        }
        let closing = rest.starts_with('/');
        let name: String = rest
            .trim_start_matches('/')
            .chars()
            .take_while(char::is_ascii_alphanumeric)
            .collect::<String>()
            .to_ascii_lowercase();
        let end = rest.find('>').map_or(text.len(), |e| at + 1 + e + 1);
        let self_closing = text.get(at..end).is_some_and(|t| t.ends_with("/>"));
        if !name.is_empty() && !crate::read::html::is_void(&name) && !self_closing {
            if closing {
                depth = depth.saturating_sub(1);
            } else {
                depth += 1;
                if depth > MAX_HTML_DEPTH {
                    return Pos::of_offset(text, at);
                }
            }
        }
        i = end.max(at + 1);
    }
    Pos::new(1, 1)
}

/// The words of the page's body that are not in `root`, if any.
fn body_words_outside(doc: &Html, root: ElementRef<'_>) -> Option<String> {
    let body = Selector::parse("body")
        .ok()
        .and_then(|s| doc.select(&s).next())?;
    if body.id() == root.id() {
        return None;
    }
    let skip = |e: &ElementRef<'_>| {
        matches!(
            e.value().name(),
            "script" | "style" | "noscript" | "template"
        )
    };
    let mut words = Vec::new();
    for node in body.descendants() {
        let Some(t) = node.value().as_text() else {
            continue;
        };
        let inside = node.ancestors().any(|a| a.id() == root.id());
        let hidden = node
            .ancestors()
            .filter_map(ElementRef::wrap)
            .any(|e| skip(&e));
        if !inside && !hidden {
            words.extend(t.split_whitespace().map(str::to_owned));
        }
    }
    (!words.is_empty()).then(|| words.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_pages_are_taken_as_they_are() {
        let p = read("a.txt", "\u{feff}# Titre\r\n\r\nTexte.\r\n".as_bytes()).expect("read");
        assert_eq!(p.markdown, "# Titre\n\nTexte.\n");
        assert!(!p.from_html);
    }

    #[test]
    fn binary_and_empty_pages_are_refused() {
        let e = read("a.txt", b"abc\ndef\0ghi").expect_err("binary");
        assert_eq!(e.pos, Some(Pos::new(2, 4)));
        assert!(e.message.starts_with("not a text page"), "{}", e.message);
        let e = read("a.txt", b" \n\n ").expect_err("empty");
        assert_eq!(e.message, "the page is empty");
        let e = read("a.txt", b"ab\xffcd").expect_err("not UTF-8");
        assert_eq!(e.pos, Some(Pos::new(1, 3)));
    }

    #[test]
    fn html_pages_give_their_article_as_markdown() {
        let html = "<!DOCTYPE html><html><head><title>x</title><style>p{}</style></head>\
            <body><nav>Accueil Histoire</nav><article><h1>La Commune</h1><h2>Titre</h2>\
            <p>Le 1<sup>er</sup> mai, <em>tout</em> change.</p></article>\
            <footer>Mentions légales</footer></body></html>";
        let p = read("page.html", html.as_bytes()).expect("read");
        assert_eq!(
            p.markdown,
            "# La Commune\n\n## Titre\n\nLe 1<sup>er</sup> mai, *tout* change."
        );
        assert_eq!(
            p.outside.as_deref(),
            Some("Accueil Histoire Mentions légales")
        );
    }
}
