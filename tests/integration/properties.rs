//! Properties over generated articles: whatever the Markdown and raw HTML, reading never
//! panics and every XHTML document is well-formed; in Markdown without raw HTML, every word
//! reaches the XHTML.

use std::path::{Path, PathBuf};

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

/// The settings of a French book with only a title (the `footnotes` fixture's; none of its
/// articles is read).
fn settings() -> &'static lcbook::config::Settings {
    static SETTINGS: std::sync::OnceLock<lcbook::config::Settings> = std::sync::OnceLock::new();
    SETTINGS.get_or_init(|| {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/footnotes");
        lcbook::config::read(&root, false)
            .expect("the fixture's book.toml reads")
            .0
    })
}

/// Reads one generated article and runs the transforms that need no file: the book a
/// writer would get.
fn book_of(text: &str) -> Option<Book> {
    let mut diags = Diagnostics::new();
    let article = lcbook::read::article::from_bytes(
        PathBuf::from("chapters/x.md"),
        PathBuf::from("/nonexistent/chapters/x.md"),
        "x.md".into(),
        text.as_bytes().to_vec(),
        "series",
        &mut diags,
    )?;
    let mut chapter = lcbook::read::markdown::read(article, &mut diags);
    // The book is French: the typography pass runs, as it does in a build.
    lcbook::transform::chapter(&mut chapter, settings());
    let book = Book::new(vec![chapter], "Livre".into(), None);
    let mut book = lcbook::order::group(book);
    lcbook::transform::headings::run(&mut book, settings(), &mut diags);
    lcbook::transform::links::run(&mut book, settings(), &mut diags);
    Some(book)
}

fn chapter_xhtml(text: &str) -> String {
    let Some(book) = book_of(text) else {
        return String::new();
    };
    let labels = lcbook::locale::Labels::for_language("fr");
    let ctx = xhtml::Context {
        lang: "fr",
        labels: &labels,
    };
    xhtml::chapter(&book, 0, &ctx)
}

fn chapter_typst(text: &str) -> Option<String> {
    let book = book_of(text)?;
    let labels = lcbook::locale::Labels::for_language("fr");
    Some(lcbook::writer::typst::chapter(&book, 0, false, &labels).source)
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

/// 512 cases in a normal run; `PROPTEST_CASES=100000` for a longer search.
fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(512)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases()))]

    #[test]
    fn any_article_gives_well_formed_xhtml(pieces in prop::collection::vec(prop::sample::select(HOSTILE), 0..60)) {
        let text: String = pieces.concat();
        let xml = chapter_xhtml(&text);
        if !xml.is_empty()
            && let Err(e) = text_of(&xml)
        {
            prop_assert!(false, "not well-formed ({e}):\n{text:?}\n{xml}");
        }
    }

    #[test]
    fn plain_markdown_loses_no_word(pieces in prop::collection::vec(prop::sample::select(PLAIN), 0..60)) {
        let text: String = pieces.concat();
        let xml = chapter_xhtml(&text);
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

/// The text a Typst markup leaf shows: escapes give their character, everything else its
/// source. `None` for any node that would be more than text (a call, a shorthand, a heading…).
fn typst_text(node: &typst_syntax::SyntaxNode, out: &mut String) -> Result<(), String> {
    use typst_syntax::SyntaxKind;
    match node.kind() {
        SyntaxKind::Markup => {
            for child in node.children() {
                typst_text(child, out)?;
            }
            Ok(())
        }
        SyntaxKind::Text | SyntaxKind::Space => {
            out.push_str(node.leaf_text());
            Ok(())
        }
        SyntaxKind::Escape => {
            let leaf = node.leaf_text();
            out.push_str(leaf.strip_prefix('\\').unwrap_or(leaf));
            Ok(())
        }
        other => Err(format!("{other:?} `{}`", node.full_text())),
    }
}

/// Every text and escaped character of a parsed Typst file, wherever it stands (markup, content
/// blocks, string literals of `raw`).
fn all_text(node: &typst_syntax::SyntaxNode, out: &mut String) {
    use typst_syntax::SyntaxKind;
    match node.kind() {
        SyntaxKind::Text | SyntaxKind::Space | SyntaxKind::Str => {
            out.push_str(node.leaf_text());
            out.push(' ');
        }
        SyntaxKind::Escape => {
            let leaf = node.leaf_text();
            out.push_str(leaf.strip_prefix('\\').unwrap_or(leaf));
        }
        _ => {
            for child in node.children() {
                all_text(child, out);
            }
        }
    }
}

/// Every character at which Typst's lexer ends a line.
const TERMINATORS: &[char] = &[
    '\n', '\r', '\u{0b}', '\u{0c}', '\u{85}', '\u{2028}', '\u{2029}',
];

/// Strings that broke Typst writers elsewhere.
const TRICKY: &[&str] = &[
    "a//b",
    "a/*b*/c",
    "-500",
    "--",
    "---",
    "1. x",
    "12. x",
    "= x",
    "== x",
    "- x",
    "+ x",
    "/ x: y",
    "@x",
    "contact@site.fr",
    "]",
    "[",
    "#f(x)",
    "#let x = 1",
    "#{ 1 }",
    "$x$",
    "`x`",
    "*x*",
    "_x_",
    "<x>",
    "~",
    "...",
    "'x'",
    "\"x\"",
    "\\",
    "x\\",
    "\\ x",
    "https://a_b.c/d",
    "http://x",
    "#read(\"/etc/passwd\")",
    "#panic()",
    "#import \"x\": *",
    "a\nb",
    "trailing \\",
    "é « » ’ — …",
    "\u{202f}:\u{a0};",
    "#",
    "##",
    "$",
    "$$",
    "**",
    "__",
    "//",
    "/*",
    "*/",
];

/// The text Typst shows for `s` escaped: a tab or any line terminator Typst knows is a space.
fn shown(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c == '\t' || lcbook::writer::typst::is_newline(c) {
                ' '
            } else {
                c
            }
        })
        .collect()
}

#[test]
fn escaped_text_is_only_text_for_typst() {
    for s in TRICKY {
        let escaped = lcbook::writer::typst::escape(s);
        let node = typst_syntax::parse(&escaped);
        let mut text = String::new();
        let result = typst_text(&node, &mut text);
        assert_eq!(result, Ok(()), "{s:?} escaped as {escaped:?}");
        assert_eq!(text, shown(s), "{s:?} escaped as {escaped:?}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases()))]

    #[test]
    fn any_string_escapes_to_its_own_text(s in "\\PC*") {
        let escaped = lcbook::writer::typst::escape(&s);
        let node = typst_syntax::parse(&escaped);
        let mut text = String::new();
        typst_text(&node, &mut text).map_err(TestCaseError::fail)?;
        prop_assert_eq!(text, shown(&s));
    }

    /// Any Unicode, every line terminator Typst knows among it, through each of the writer's
    /// ways of putting text in a file: markup, a string literal, a comment.
    #[test]
    fn any_unicode_stays_text_in_markup_strings_and_comments(
        chars in prop::collection::vec(
            prop_oneof![any::<char>(), prop::sample::select(TERMINATORS)],
            0..48,
        )
    ) {
        let s: String = chars.into_iter().collect();
        let escaped = lcbook::writer::typst::escape(&s);
        let node = typst_syntax::parse(&escaped);
        let mut text = String::new();
        typst_text(&node, &mut text).map_err(TestCaseError::fail)?;
        prop_assert_eq!(text, shown(&s));

        // A string literal: one `Str` node, whose value is the input.
        let literal = lcbook::writer::typst::string(&s);
        let code = typst_syntax::parse_code(&literal);
        let kinds: Vec<_> = code.children().map(typst_syntax::SyntaxNode::kind).collect();
        prop_assert_eq!(&kinds, &[typst_syntax::SyntaxKind::Str], "{:?}", literal);
        prop_assert!(code.errors_and_warnings().0.is_empty(), "{:?}", literal);

        // A comment: one line comment, then the line's end, then what lcbook writes next.
        let file = format!("{}#x", lcbook::writer::typst::comment(&s, "advice"));
        let node = typst_syntax::parse(&file);
        let kinds: Vec<_> = node.children().map(typst_syntax::SyntaxNode::kind).collect();
        prop_assert_eq!(
            &kinds[..2],
            &[typst_syntax::SyntaxKind::LineComment, typst_syntax::SyntaxKind::Space],
            "{:?}", file
        );
        prop_assert!(kinds[2..].iter().all(|k| *k != typst_syntax::SyntaxKind::LineComment));
    }

    #[test]
    fn plain_markdown_loses_no_word_in_typst(pieces in prop::collection::vec(prop::sample::select(PLAIN), 0..60)) {
        let text: String = pieces.concat();
        let Some(typst) = chapter_typst(&text) else {
            return Ok(());
        };
        let node = typst_syntax::parse(&typst);
        let mut shown = String::new();
        all_text(&node, &mut shown);
        for word in ["alpha", "beta", "gamma", "delta"] {
            prop_assert!(
                shown.matches(word).count() >= text.matches(word).count(),
                "`{word}` lost:\n{text:?}\n{typst}"
            );
        }
    }

    #[test]
    fn any_article_gives_typst_that_parses(pieces in prop::collection::vec(prop::sample::select(HOSTILE), 0..60)) {
        let text: String = pieces.concat();
        let Some(typst) = chapter_typst(&text) else {
            return Ok(());
        };
        let node = typst_syntax::parse(&typst);
        let (errors, _) = node.errors_and_warnings();
        prop_assert!(errors.is_empty(), "{errors:?}\n{text:?}\n{typst}");
    }
}
