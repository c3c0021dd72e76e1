//! French typography in the built default book: a rule checker reads the EPUB's text and the
//! generated Typst's text and finds every place where a sign lacks its no-break space or a
//! straight quote is left; pdftotext shows that no printed line starts with a sign that must
//! stay with the word before it, nor ends with «.

use std::path::Path;

use crate::pdf::build_pdf;

const NBSP: char = '\u{a0}';
const NNBSP: char = '\u{202f}';

/// Whether `token` is not prose: an address, an identifier, a time.
fn not_prose(token: &str) -> bool {
    token.contains("://")
        || token.starts_with("www.")
        || token.contains('@')
        || token.starts_with("urn:")
        || token.starts_with("isbn:")
}

/// The violations of the French rules in `text`: a plain space or no space before `; : ! ?
/// »`, after `«`; a straight `'` or `"`.
fn violations(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut found = Vec::new();
    let context = |i: usize| -> String {
        chars[i.saturating_sub(20)..(i + 20).min(chars.len())]
            .iter()
            .collect::<String>()
            .replace(NNBSP, "⍽")
            .replace(NBSP, "~")
    };
    let token_at = |i: usize| -> String {
        let start = chars[..i]
            .iter()
            .rposition(|c| c.is_whitespace())
            .map_or(0, |p| p + 1);
        let end = chars[i..]
            .iter()
            .position(|c| c.is_whitespace())
            .map_or(chars.len(), |p| i + p);
        chars[start..end].iter().collect()
    };
    for (i, &c) in chars.iter().enumerate() {
        let before = i.checked_sub(1).map(|p| chars[p]);
        let after = chars.get(i + 1).copied();
        match c {
            ';' | ':' | '!' | '?' | '»' => {
                if not_prose(&token_at(i)) {
                    continue;
                }
                // A time (10:30) or a pair (?!) is one sign.
                let time = c == ':'
                    && before.is_some_and(|b| b.is_ascii_digit())
                    && after.is_some_and(|a| a.is_ascii_digit());
                let pair = c != '»' && matches!(before, Some('!' | '?'));
                match before {
                    _ if time || pair => {}
                    Some(' ') => found.push(format!("plain space before `{c}`: {}", context(i))),
                    Some(NBSP | NNBSP) => {}
                    // At the start of a text, or after an opening bracket: nothing to bind.
                    None | Some('(' | '[' | '\n') => {}
                    Some(_) => found.push(format!("no space before `{c}`: {}", context(i))),
                }
            }
            '«' => match after {
                Some(NBSP | NNBSP) => {}
                Some(' ') => found.push(format!("plain space after `«`: {}", context(i))),
                _ => found.push(format!("no space after `«`: {}", context(i))),
            },
            '\'' | '"' => found.push(format!("straight `{c}`: {}", context(i))),
            _ => {}
        }
    }
    found
}

/// How many of `; : ! ? « »` the default book's articles have after their front matter.
fn article_signs() -> usize {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("chapters");
    let mut n = 0;
    for entry in std::fs::read_dir(dir).expect("chapters") {
        let text = std::fs::read_to_string(entry.expect("entry").path()).expect("article");
        let body = text.splitn(3, "---\n").nth(2).unwrap_or(&text);
        n += body.matches([';', ':', '!', '?', '«', '»']).count();
    }
    assert!(n > 0, "the default article has no sign to check");
    n
}

#[test]
fn the_rule_checker_finds_each_fault() {
    for bad in [
        "Quoi ?",
        "Quoi?",
        "une «\u{202f}marche» sur",
        "une «marche\u{202f}» sur",
        "une «\u{202f}marche » sur",
        "Note : voir",
        "Note: voir",
        "conciliatrice ; il",
        "aujourd'hui",
        "il dit \"oui",
    ] {
        assert_eq!(violations(bad).len(), 1, "{bad:?}: {:?}", violations(bad));
    }
    for good in [
        "Quoi\u{202f}?!",
        "une «\u{202f}marche\u{202f}» sur",
        "Note\u{a0}: voir https://lacommune.org/a?b=1 à 10:30",
        "Identifiant\u{a0}: urn:uuid:02eba64d",
        "(! ici)",
    ] {
        assert_eq!(violations(good), Vec::<String>::new(), "{good:?}");
    }
}

/// The text of an XHTML document as the reader gets it, without code.
fn xhtml_prose(xml: &str) -> String {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut out = String::new();
    let mut code = 0usize;
    loop {
        match reader.read_event().expect("well-formed XHTML") {
            Event::Start(e) if matches!(e.local_name().as_ref(), "code" | "pre") => code += 1,
            Event::End(e) if matches!(e.local_name().as_ref(), "code" | "pre") => code -= 1,
            // Blocks are apart: a paragraph may start with a sign.
            Event::End(_) | Event::Empty(_) => out.push('\n'),
            Event::Text(t) if code == 0 => out.push_str(&t[..]),
            Event::GeneralRef(r) if code == 0 => out.push(match &r[..] {
                "amp" => '&',
                "lt" => '<',
                "gt" => '>',
                "quot" => '"',
                _ => '\'',
            }),
            Event::Eof => break,
            _ => {}
        }
    }
    out
}

#[test]
fn the_default_books_epub_follows_the_french_rules() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let (_dir, epub) = crate::support::epub_of(root);
    let mut checked = 0;
    let mut signs = 0;
    for name in epub.names() {
        if !name.ends_with(".xhtml") {
            continue;
        }
        let text = xhtml_prose(&epub.text(name));
        signs += text.matches([';', ':', '!', '?', '«', '»']).count();
        let v = violations(&text);
        assert!(v.is_empty(), "{name}:\n{}", v.join("\n"));
        checked += 1;
    }
    // Every sign of the article is there, and the checker looked at it.
    assert!(
        checked >= 4 && signs >= article_signs(),
        "{checked} documents, {signs} signs"
    );
}

/// The text of generated Typst markup: its text, spaces and escapes, not its code.
fn typst_prose(source: &str) -> String {
    use typst_syntax::{SyntaxKind, SyntaxNode};
    fn walk(node: &SyntaxNode, out: &mut String) {
        match node.kind() {
            SyntaxKind::Text | SyntaxKind::Space => out.push_str(node.leaf_text()),
            SyntaxKind::Escape => out.push_str(node.leaf_text().trim_start_matches('\\')),
            SyntaxKind::Parbreak | SyntaxKind::Linebreak => out.push('\n'),
            SyntaxKind::Shorthand | SyntaxKind::SmartQuote => out.push_str(node.leaf_text()),
            // Raw text and strings are code, not prose.
            SyntaxKind::Raw | SyntaxKind::Str => out.push('\n'),
            _ => {
                for child in node.children() {
                    walk(child, out);
                }
            }
        }
    }
    let mut out = String::new();
    walk(&typst_syntax::parse(source), &mut out);
    out
}

#[test]
fn the_default_books_typst_follows_the_french_rules() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let (_dir, sources) = crate::support::typst_sources(root);
    let mut signs = 0;
    let mut files = 0;
    let chapters = std::fs::read_dir(sources.join("chapters")).expect("chapter sources");
    for entry in std::fs::read_dir(&sources)
        .expect("sources")
        .chain(chapters)
    {
        let path = entry.expect("entry").path();
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        // The template is lcbook's code; the generated files hold the book's text.
        if path.extension().is_none_or(|e| e != "typ") || name == "template.typ" {
            continue;
        }
        let text = typst_prose(&std::fs::read_to_string(&path).expect("source"));
        signs += text.matches([';', ':', '!', '?', '«', '»']).count();
        let v = violations(&text);
        assert!(v.is_empty(), "{}:\n{}", path.display(), v.join("\n"));
        files += 1;
    }
    assert!(
        files >= 2 && signs >= article_signs(),
        "{files} files, {signs} signs"
    );
}

#[test]
fn tool_no_printed_line_starts_with_a_sign_or_ends_with_a_guillemet() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let (_dir, pdf) = build_pdf(root);
    let text = crate::pdf::poppler("pdftotext", &[pdf.to_str().expect("utf-8"), "-"]);
    let mut lines = 0;
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        lines += 1;
        assert!(
            !line.starts_with([';', ':', '!', '?', '»']),
            "a line starts with a sign: {line}"
        );
        assert!(!line.ends_with('«'), "a line ends with «: {line}");
    }
    assert!(lines > 50, "{lines} lines");
}

/// The text of a document's body, without code.
fn body_prose(doc: &str) -> String {
    let body = doc.split("<body").nth(1).unwrap_or_default();
    let body = body.split("</body>").next().unwrap_or_default();
    xhtml_prose(&format!("<body{body}</body>"))
}

/// `[epub] nnbsp-fallback = true`: every U+202F of the text becomes a narrowed U+00A0 in a
/// span, the stylesheet narrows it, and the EPUB stays valid.
#[test]
fn tool_nnbsp_fallback_replaces_every_narrow_space_of_the_text() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = crate::support::default_book_with("[epub]\nnnbsp-fallback = true\n");
    let book = dir.path();
    let (_a, plain) = crate::support::epub_of(root);
    let (_b, fallback) = crate::support::epub_of(book);
    crate::support::epubcheck(&fallback.path);
    let mut spans = 0;
    for name in plain.names() {
        if !name.ends_with(".xhtml") {
            continue;
        }
        let before = plain.text(name);
        let after = fallback.text(name);
        let in_text = body_prose(&after).matches(NNBSP).count();
        assert_eq!(in_text, 0, "{name}: a U+202F is left in the text");
        let n = after.matches("<span class=\"nnbsp\">\u{a0}</span>").count();
        assert_eq!(n, body_prose(&before).matches(NNBSP).count(), "{name}");
        spans += n;
    }
    assert!(spans >= article_signs(), "{spans} spans");
    let css = fallback.text("EPUB/css/livre.css");
    assert!(
        css.contains("span.nnbsp { word-spacing: -0.1em; }"),
        "{css}"
    );
}
