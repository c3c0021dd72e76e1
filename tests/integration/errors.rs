//! Bad inputs: each fails with exit status 1, writes no book, and says exactly what is wrong
//! and where (`path:line:col: error: message`), every problem of the run at once.

use crate::support::{build, fixture, lcbook, stderr};

/// The fixtures that must fail.
pub(crate) const INVALID: [&str; 14] = [
    "bad-date",
    "bad-identifier",
    "bad-order",
    "bad-utf8",
    "bad-yaml",
    "broken-links",
    "duplicate-ids",
    "empty-book",
    "empty-dir",
    "list-missing-file",
    "missing-dir",
    "missing-title",
    "multi-errors",
    "unknown-key",
];

/// The diagnostic lines of stderr (excerpts left out) must be exactly `expected`.
fn fails_with(name: &str, expected: &[&str]) {
    let (_dir, out, o) = build(name);
    assert_eq!(
        o.status.code(),
        Some(1),
        "{name}: exit status\n{}",
        stderr(&o)
    );
    assert!(!out.exists(), "{name}: no book is written");
    let err = stderr(&o);
    let lines: Vec<&str> = err
        .lines()
        .filter(|l| !l.starts_with(' ') && !l.starts_with(|c: char| c.is_ascii_digit()))
        .collect();
    assert_eq!(lines, expected, "{name}: full stderr was\n{err}");
}

macro_rules! invalid {
    ($($test:ident => $name:literal: [$($line:literal),* $(,)?],)*) => {$(
        #[test]
        fn $test() {
            fails_with($name, &[$($line),*]);
        }
    )*};
}

invalid! {
    bad_date => "bad-date": [
        "chapters/a.md:3:7: error: `date`: `2017-13-45` is not a valid date",
        "chapters/b.md:3:7: error: `date`: `hier` is not a date of the form YYYY-MM-DD",
        "error: the book was not built: 2 errors, 0 warnings",
    ],
    bad_identifier => "bad-identifier": [
        "book.toml:3:1: error: identifier `foo:bar` must start with `urn:uuid:` or `isbn:`",
        "error: the book was not built: 1 error, 0 warnings",
    ],
    bad_order => "bad-order": [
        "book.toml:6:9: error: unknown variant `random`, expected one of `date`, `path`, `list`",
        "error: the book was not built: 1 error, 0 warnings",
    ],
    bad_utf8 => "bad-utf8": [
        "chapters/b.md:3:43: error: invalid UTF-8: the file must be saved as UTF-8",
        "error: the book was not built: 1 error, 0 warnings",
    ],
    bad_yaml => "bad-yaml": [
        "chapters/b.md:4:1: error: invalid YAML in front matter: did not find expected ',' or ']', while parsing a flow sequence at line 3 column 8",
        "error: the book was not built: 1 error, 0 warnings",
    ],
    broken_links => "broken-links": [
        "chapters/a.md:8:17: error: link to `absent.md`: no such article",
        "chapters/a.md:10:18: error: link to `b.md#no-such-anchor`: no heading has this id in that article",
        "error: the book was not built: 2 errors, 0 warnings",
    ],
    duplicate_ids => "duplicate-ids": [
        "chapters/a.md:12:1: error: duplicate id `same` (first used on line 8)",
        "error: the book was not built: 1 error, 0 warnings",
    ],
    empty_book => "empty-book": [
        "book.toml:5:1: error: no article has the category `Histoire`: the book is empty",
        "error: the book was not built: 1 error, 0 warnings",
    ],
    empty_dir => "empty-dir": [
        "book.toml:1:1: error: no Markdown article in `chapters`: the book is empty",
        "error: the book was not built: 1 error, 0 warnings",
    ],
    list_missing_file => "list-missing-file": [
        "book.toml:6:19: error: listed file `absent.md` does not exist in `chapters`",
        "error: the book was not built: 1 error, 0 warnings",
    ],
    missing_dir => "missing-dir": [
        "book.toml:5:1: error: chapters directory `articles` does not exist",
        "error: the book was not built: 1 error, 0 warnings",
    ],
    missing_title => "missing-title": [
        "book.toml:1:1: error: missing required key `title`",
        "error: the book was not built: 1 error, 0 warnings",
    ],
    multi_errors => "multi-errors": [
        "chapters/a.md:4:1: error: invalid YAML in front matter: did not find expected ',' or ']', while parsing a flow sequence at line 3 column 8",
        "chapters/b.md:3:7: error: `date`: `2017-13-45` is not a valid date",
        "chapters/c.md:8:17: error: link to `absent.md`: no such article",
        "error: the book was not built: 3 errors, 0 warnings",
    ],
    unknown_key => "unknown-key": [
        "book.toml:3:1: error: unknown key `titel` in `[book]`; did you mean `title`?",
        "book.toml:7:1: error: unknown key `odrer` in `[chapters]`; did you mean `order`?",
        "error: the book was not built: 2 errors, 0 warnings",
    ],
}

#[test]
fn every_invalid_fixture_is_tested() {
    for name in INVALID {
        assert!(fixture(name).join("book.toml").is_file(), "{name}");
    }
}

#[test]
fn the_excerpt_shows_the_line_and_a_caret() {
    let (_dir, _out, o) = build("bad-date");
    let err = stderr(&o);
    assert!(
        err.starts_with(
            "chapters/a.md:3:7: error: `date`: `2017-13-45` is not a valid date\n  |\n3 | date: 2017-13-45\n  |       ^\n"
        ),
        "{err}"
    );
}

#[test]
fn a_directory_without_book_toml() {
    let dir = tempfile::tempdir().expect("tempdir");
    let o = lcbook(&["check", dir.path().to_str().expect("utf-8")]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        stderr(&o),
        format!(
            "error: {}: no book.toml here (is this a book directory?)\n",
            dir.path().display()
        )
    );
}

#[test]
fn hostile_inputs_never_panic() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    std::fs::create_dir(root.join("chapters")).expect("mkdir");
    std::fs::write(root.join("book.toml"), "[book]\ntitle = \"Essai <&>\"\n").expect("write");
    let cases: [&[u8]; 10] = [
        b"---\n---\n",
        b"---\n- a\n- b\n---\ntext",
        b"---\ntitle: [1, 2]\n---\n",
        b"---\nunclosed front matter\n",
        b"\xef\xbb\xbf# BOM first\n\ntext\x01with control\x0b chars",
        b"<div><p><b>unclosed</div></span></p><script>",
        b"[^1]\n\n[^1]: [^1]\n\n[^2]: unused [^2]",
        b"# \n\n## {#}\n\n### [link](<>)\n\n![](\x20)",
        b"> > > > > > > > > > > > > > > > > > > > > > > > deep\n\n1. 2. 3. - - - x",
        b"| a | b |\n|---|---|\n| <td>x</td> | `<sup>` |\n\n<table><tr><td>x",
    ];
    for (i, case) in cases.iter().enumerate() {
        std::fs::write(root.join(format!("chapters/c{i}.md")), case).expect("write");
    }
    let out = root.join("x.epub");
    let o = lcbook(&[
        "epub",
        root.to_str().expect("utf-8"),
        "-o",
        out.to_str().expect("utf-8"),
    ]);
    let err = stderr(&o);
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains(
            "chapters/c3.md:1:1: error: front matter is not closed: a line `---` must end it"
        ),
        "{err}"
    );
    assert!(
        err.contains(
            "chapters/c1.md:2:1: error: front matter must be a mapping of `key: value` lines"
        ),
        "{err}"
    );
    assert!(
        err.contains("chapters/c2.md:2:8: error: `title` must be a text"),
        "{err}"
    );
    // Without the three broken front matters, the rest builds into a valid book.
    for i in 1..=3 {
        std::fs::remove_file(root.join(format!("chapters/c{i}.md"))).expect("rm");
    }
    let o = lcbook(&[
        "epub",
        root.to_str().expect("utf-8"),
        "-o",
        out.to_str().expect("utf-8"),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    crate::support::epubcheck(&out);
}
