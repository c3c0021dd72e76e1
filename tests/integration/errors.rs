//! Bad inputs: each fails with exit status 1, writes no book, and says exactly what is wrong
//! and where (`path:line:col: error: message`), every problem of the run at once.

use crate::support::{build, diagnostic_lines, expected_lines, lcbook, lcbook_ok, stderr};

/// The diagnostic lines of stderr (excerpts left out) must be exactly the fixture's
/// `EXPECTED_ERROR` (`fixtures::invalid`).
pub(crate) fn fails_as_expected(name: &str) {
    let (_dir, out, o) = build(name);
    assert_eq!(
        o.status.code(),
        Some(1),
        "{name}: exit status\n{}",
        stderr(&o)
    );
    assert!(!out.exists(), "{name}: no book is written");
    let err = stderr(&o);
    assert_eq!(
        diagnostic_lines(&err),
        expected_lines(name, "EXPECTED_ERROR"),
        "{name}: full stderr was\n{err}"
    );
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
            "error: {}: no book.toml here (is this a book directory? `lcbook init` makes one)\n",
            dir.path().display()
        )
    );
}

#[test]
fn tool_hostile_inputs_never_panic() {
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
    lcbook_ok(&[
        "epub",
        root.to_str().expect("utf-8"),
        "-o",
        out.to_str().expect("utf-8"),
    ]);
    crate::support::epubcheck(&out);
}
