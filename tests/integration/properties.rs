//! Properties over generated articles: whatever the Markdown and raw HTML, reading never
//! panics and every XHTML document is well-formed; in Markdown without raw HTML, every word
//! reaches the XHTML.

use std::path::PathBuf;

use lcbook::diag::Diagnostics;
use lcbook::model::Book;
use lcbook::writer::xhtml;
use proptest::prelude::*;

/// Pieces of Markdown and HTML that have broken writers before: delimiters, raw tags, entities,
/// XML specials, controls.
const HOSTILE: &[&str] = &[
    "*",
    "_",
    "**",
    "~~",
    "`",
    "``",
    "```\n",
    "\n",
    "\n\n",
    "# ",
    "## ",
    "> ",
    "- ",
    "1. ",
    "- [ ] ",
    "    ",
    "\t",
    "|a|b|\n|-|-|\n|c|d|\n",
    "[^1]",
    "\n\n[^1]: la note",
    "[^x]",
    "[lien](b.md)",
    "[ext](https://example.org/a?b=1&c=2)",
    "[js](javascript:alert(1))",
    "![img](absent.png)",
    "<https://example.org>",
    "{#id}",
    "{#1x}",
    "<sup>",
    "</sup>",
    "<em>",
    "</em>",
    "<b><i>",
    "</b>",
    "<br>",
    "<br/>",
    "<p>",
    "</p>",
    "<div>",
    "</div>",
    "<span lang=\"ru\">",
    "</span>",
    "<script>",
    "</script>",
    "<style>",
    "<iframe src=x>",
    "<a href=\"javascript:x\">",
    "</a>",
    "<img src=x onerror=alert(1)>",
    "<table><tr><td>",
    "<!--",
    "-->",
    "<![CDATA[",
    "]]>",
    "&amp;",
    "&nbsp;",
    "&#0;",
    "&#x1;",
    "&foo;",
    "<",
    ">",
    "&",
    "\"",
    "'",
    "\\",
    "\u{1}",
    "\u{b}",
    "\u{fffe}",
    "\r\n",
    "é",
    "«",
    "»",
    "mot",
    "texte",
    "1er",
    "XX<sup>e</sup>",
    "---",
    "***",
    "===",
    "\\\n",
    "  \n",
];

/// Markdown without raw HTML, made of words that must all survive. No lone backtick or
/// tilde: three of them at a line start open a code fence, whose info string is no text.
const PLAIN: &[&str] = &[
    "alpha ",
    "beta ",
    "gamma ",
    "delta ",
    "*",
    "**",
    "_",
    "`code` ",
    "\n",
    "\n\n",
    "# ",
    "## ",
    "> ",
    "- ",
    "1. ",
    "    ",
    " ~~barré~~ ",
    "[^1]",
    "\n\n[^1]: ",
    "[",
    "](b.md) ",
    "\\*",
    "!",
    "?",
    ": ",
    "; ",
    "« ",
    " »",
    "'",
    "\"",
    "...",
    "--",
    "|",
    "\n|-|\n",
];

fn chapter_xhtml(text: &str) -> (String, Diagnostics) {
    let mut diags = Diagnostics::new();
    let Some(article) = lcbook::load::from_bytes(
        PathBuf::from("chapters/x.md"),
        PathBuf::from("/nonexistent/chapters/x.md"),
        "x.md".into(),
        text.as_bytes().to_vec(),
        "series",
        &mut diags,
    ) else {
        return (String::new(), diags);
    };
    let chapter = lcbook::markdown::read(&article, &mut diags);
    let (mut chapters, parts, entries) = lcbook::order::group(vec![chapter]);
    let ids = lcbook::transform::headings::run(&mut chapters[0], &article.text, &mut diags);
    let mut book = Book {
        chapters,
        parts,
        entries,
        resources: Vec::new(),
    };
    lcbook::transform::links::run(
        &mut book,
        &[ids],
        &[&article.text],
        std::path::Path::new("/nonexistent"),
        &mut diags,
    );
    let labels = lcbook::locale::Labels::for_language("fr");
    let ctx = xhtml::Context {
        lang: "fr",
        labels: &labels,
    };
    (xhtml::chapter(&book, 0, &ctx), diags)
}

fn text_of(xml: &str) -> Result<String, String> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut out = String::new();
    loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Text(t)) => out.push_str(&t[..]),
            Ok(quick_xml::events::Event::Eof) => return Ok(out),
            Ok(_) => out.push(' '),
            Err(e) => return Err(format!("{e} at {}", reader.buffer_position())),
        }
    }
}

proptest! {
    // 512 cases in a normal run; PROPTEST_CASES=100000 for a longer search.
    #![proptest_config(ProptestConfig::with_cases(
        std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(512)
    ))]

    #[test]
    fn any_article_gives_well_formed_xhtml(pieces in prop::collection::vec(prop::sample::select(HOSTILE), 0..60)) {
        let text: String = pieces.concat();
        let (xml, _) = chapter_xhtml(&text);
        if !xml.is_empty()
            && let Err(e) = text_of(&xml)
        {
            prop_assert!(false, "not well-formed ({e}):\n{text:?}\n{xml}");
        }
    }

    #[test]
    fn plain_markdown_loses_no_word(pieces in prop::collection::vec(prop::sample::select(PLAIN), 0..60)) {
        let text: String = pieces.concat();
        let (xml, _) = chapter_xhtml(&text);
        // A first line `---` never closed is reported as broken front matter: no chapter.
        prop_assume!(!xml.is_empty());
        let out = text_of(&xml).map_err(TestCaseError::fail)?;
        for word in ["alpha", "beta", "gamma", "delta"] {
            // A word may also be the chapter title (taken from a first level-1 heading),
            // which the writer shows once in the chapter's h1.
            prop_assert!(
                out.matches(word).count() >= text.matches(word).count(),
                "`{word}` lost:\n{text:?}\n{xml}"
            );
        }
    }
}
