//! Valid books: each builds, passes EPUBCheck, keeps every word, and orders its chapters as
//! the fixture's `EXPECTED_ORDER` says.

use crate::support::{
    Epub, build, build_ok, diagnostic_lines, epubcheck, expected_lines, fixture, lcbook, stderr,
};

const VALID: [&str; 14] = [
    "order-date",
    "order-path",
    "order-list",
    "parts-series",
    "category-filter",
    "footnotes",
    "images",
    "links",
    "raw-html",
    "commonmark",
    "no-front-matter",
    "empty-articles",
    "metadata",
    "hostile-typst",
];

/// Builds a fixture, runs EPUBCheck on it and checks the container's invariants.
fn valid_book(name: &str) -> Epub {
    let (_dir, epub) = build_ok(name);
    let (first, data, method) = &epub.entries[0];
    assert_eq!(first, "mimetype", "{name}: mimetype comes first");
    assert_eq!(data, b"application/epub+zip");
    assert_eq!(
        *method,
        zip::CompressionMethod::Stored,
        "{name}: mimetype is stored"
    );
    for n in epub.names() {
        if n.ends_with(".xhtml") {
            // Parses every document: a malformed one panics with its name.
            epub.plain_text(n);
        }
    }
    epubcheck(&epub.path);
    epub
}

fn expected_order(name: &str) -> Vec<String> {
    let text =
        std::fs::read_to_string(fixture(name).join("EXPECTED_ORDER")).expect("EXPECTED_ORDER");
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.trim().trim_start_matches("Part: ").to_owned())
        .collect()
}

macro_rules! valid {
    ($($test:ident => $name:literal,)*) => {$(
        #[test]
        fn $test() {
            warns_as_expected($name);
            let epub = valid_book($name);
            if fixture($name).join("EXPECTED_ORDER").is_file() {
                assert_eq!(epub.h1s(), expected_order($name), "{}: order of parts and chapters", $name);
            }
        }
    )*};
}

valid! {
    order_date => "order-date",
    order_path => "order-path",
    order_list => "order-list",
    parts_series => "parts-series",
    category_filter => "category-filter",
    footnotes => "footnotes",
    images => "images",
    links => "links",
    raw_html => "raw-html",
    commonmark => "commonmark",
    no_front_matter => "no-front-matter",
    empty_articles => "empty-articles",
    metadata => "metadata",
    hostile_typst => "hostile-typst",
}

#[test]
fn every_valid_fixture_is_tested() {
    let mut on_disk: Vec<String> = std::fs::read_dir(fixture(""))
        .expect("fixtures")
        .filter_map(Result::ok)
        .filter(|e| e.path().join("book.toml").is_file())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| !crate::errors::INVALID.contains(&n.as_str()))
        .collect();
    on_disk.sort();
    let mut listed: Vec<String> = VALID.iter().map(|s| (*s).to_owned()).collect();
    listed.sort();
    assert_eq!(on_disk, listed);
}

#[test]
fn the_default_book_builds_and_passes_epubcheck() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("livre.epub");
    let root = env!("CARGO_MANIFEST_DIR");
    let o = lcbook(&["epub", root, "-o", out.to_str().expect("utf-8")]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        stderr(&o),
        format!("wrote {} (1 chapter, 8 KiB)\n", out.display())
    );
    epubcheck(&out);
    let epub = Epub::open(&out);
    let text = epub.plain_text("EPUB/text/01-septembre-1917-la-marche-vers-le-pouvoir-des.xhtml");
    // The paragraph cut by a page break on the site is one paragraph in the book.
    assert!(
        text.contains("dans une situation qui n’est plus celle de juillet"),
        "{text}"
    );
    assert!(text.contains("Le 1er septembre, Kornilov entre en prison"));
    assert!(text.contains(
        "Zdenek Zavladii · 2\u{a0}septembre\u{a0}2017 · modifié le 14\u{a0}septembre\u{a0}2017"
    ));
}

#[test]
fn every_word_of_the_default_article_reaches_the_epub() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("livre.epub");
    let root = env!("CARGO_MANIFEST_DIR");
    assert!(
        lcbook(&["epub", root, "-o", out.to_str().expect("utf-8")])
            .status
            .success()
    );
    let epub = Epub::open(&out);
    let text = epub.plain_text("EPUB/text/01-septembre-1917-la-marche-vers-le-pouvoir-des.xhtml");
    let norm = |s: &str| -> Vec<String> {
        s.replace(['’', '\''], " ")
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect()
    };
    let source = std::fs::read_to_string(
        std::path::Path::new(root)
            .join("chapters/septembre-1917-la-marche-vers-le-pouvoir-des-soviets.md"),
    )
    .expect("the default article");
    let body = source.splitn(3, "---\n").nth(2).expect("front matter");
    let body = body.replace("<sup>", "").replace("</sup>", "");
    let book_words = norm(&text);
    // Every word of the article, in order, is a subsequence of the chapter's words.
    let mut it = book_words.iter();
    for w in norm(&body) {
        assert!(it.any(|b| *b == w), "`{w}` is missing or out of order");
    }
}

#[test]
fn raw_html_keeps_every_word_and_drops_code() {
    let (_dir, epub) = build_ok("raw-html");
    let text: String = epub
        .spine_documents()
        .iter()
        .map(|d| epub.text(d))
        .collect::<Vec<_>>()
        .join("\n");
    let plain: String = epub
        .spine_documents()
        .iter()
        .map(|d| epub.plain_text(d))
        .collect::<Vec<_>>()
        .join("\n");
    let words = std::fs::read_to_string(fixture("raw-html").join("EXPECTED_WORDS")).expect("words");
    // Smart punctuation legitimately turns ' into ’.
    let plain = plain.replace('’', "'");
    for w in words.lines().filter(|l| !l.trim().is_empty()) {
        assert!(plain.contains(w.trim()), "`{w}` was lost");
    }
    let absent =
        std::fs::read_to_string(fixture("raw-html").join("EXPECTED_ABSENT")).expect("absent");
    for w in absent.lines().filter(|l| !l.trim().is_empty()) {
        assert!(!text.contains(w.trim()), "`{w}` should be gone");
    }
    assert!(text.contains("1<sup>er</sup>"));
    assert!(text.contains("<span lang=\"ru\" xml:lang=\"ru\">Совет</span>"));
}

#[test]
fn footnotes_reach_their_own_article() {
    let (_dir, epub) = build_ok("footnotes");
    let docs: Vec<String> = epub
        .spine_documents()
        .into_iter()
        .filter(|d| d.contains("/0"))
        .collect();
    assert_eq!(docs.len(), 3);
    for (doc, letter) in docs.iter().zip(["A", "B", "C"]) {
        let xml = epub.text(doc);
        assert!(xml.contains("<a id=\"_appel-1\" href=\"#_note-1\" class=\"appel\" epub:type=\"noteref\" role=\"doc-noteref\">1</a>"), "{doc}");
        assert!(xml.contains("<aside id=\"_note-1\" epub:type=\"footnote\" role=\"doc-footnote\">\n<p><a href=\"#_appel-1\" role=\"doc-backlink\">1.</a> "), "{doc}");
        let plain = epub.plain_text(doc);
        assert!(
            plain.contains(&format!("de l’article {letter}"))
                || plain.contains(&format!("de l'article {letter}")),
            "{doc}: {plain}"
        );
    }
}

/// `lcbook check` gives exactly the warnings of the fixture's `EXPECTED_WARNINGS` (none when
/// it has no such file), each as `path:line:col: warning: message`.
fn warns_as_expected(name: &str) {
    let o = lcbook(&["check", fixture(name).to_str().expect("utf-8")]);
    let err = stderr(&o);
    assert!(o.status.success(), "{name}: {err}");
    let mut lines = diagnostic_lines(&err);
    let summary = lines.pop().unwrap_or_default();
    assert!(summary.starts_with("ok: "), "{name}: {err}");
    assert_eq!(
        lines,
        expected_lines(name, "EXPECTED_WARNINGS"),
        "{name}: {err}"
    );
}

/// `--strict` turns each expected warning into an error, and the book fails.
#[test]
fn strict_turns_the_expected_warnings_into_errors() {
    let book = fixture("links");
    let o = lcbook(&["check", "--strict", book.to_str().expect("utf-8")]);
    assert_eq!(o.status.code(), Some(1));
    let mut expected: Vec<String> = expected_lines("links", "EXPECTED_WARNINGS")
        .iter()
        .map(|l| l.replacen(": warning: ", ": error: ", 1))
        .collect();
    assert_eq!(expected.len(), 2);
    expected.push("error: the book has errors: 2 errors, 0 warnings".into());
    assert_eq!(diagnostic_lines(&stderr(&o)), expected);
}

#[test]
fn images_are_copied_or_replaced_by_their_alt_text() {
    // The two warnings (a missing and a remote image) are the fixture's `EXPECTED_WARNINGS`.
    let (_dir, path, o) = build("images");
    assert!(o.status.success(), "{}", stderr(&o));
    let epub = Epub::open(&path);
    let names = epub.names();
    for n in [
        "EPUB/images/plan.png",
        "EPUB/images/photo.jpg",
        "EPUB/images/schema.svg",
        "EPUB/images/couverture.png",
    ] {
        assert!(names.contains(&n), "{n} in {names:?}");
    }
    let opf = epub.text("EPUB/package.opf");
    assert!(opf.contains("properties=\"cover-image\""));
    assert!(opf.contains("<meta property=\"schema:accessibilityFeature\">alternativeText</meta>"));
}

#[test]
fn two_builds_give_identical_bytes() {
    let (_d1, p1, o1) = build("parts-series");
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let dir = tempfile::tempdir().expect("tempdir");
    let p2 = dir.path().join("again.epub");
    let o2 = std::process::Command::new(env!("CARGO_BIN_EXE_lcbook"))
        .args([
            "epub",
            fixture("parts-series").to_str().expect("utf-8"),
            "-o",
            p2.to_str().expect("utf-8"),
        ])
        .env("SOURCE_DATE_EPOCH", "1700000000")
        .env("TZ", "Pacific/Kiritimati")
        .output()
        .expect("runs");
    assert!(o1.status.success() && o2.status.success());
    assert_eq!(
        std::fs::read(&p1).expect("first"),
        std::fs::read(&p2).expect("second")
    );
}

#[test]
fn without_source_date_epoch_the_newest_article_date_is_used() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("x.epub");
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_lcbook"))
        .args([
            "epub",
            env!("CARGO_MANIFEST_DIR"),
            "-o",
            out.to_str().expect("utf-8"),
        ])
        .env_remove("SOURCE_DATE_EPOCH")
        .output()
        .expect("runs");
    assert!(o.status.success());
    let opf = Epub::open(&out).text("EPUB/package.opf");
    // The article was modified on 2017-09-14.
    assert!(
        opf.contains("<meta property=\"dcterms:modified\">2017-09-14T00:00:00Z</meta>"),
        "{opf}"
    );
}

#[test]
fn a_failed_build_keeps_the_previous_book() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("book.epub");
    std::fs::write(&out, b"previous good book").expect("write");
    let o = lcbook(&[
        "epub",
        fixture("bad-date").to_str().expect("utf-8"),
        "-o",
        out.to_str().expect("utf-8"),
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        std::fs::read(&out).expect("still there"),
        b"previous good book"
    );
    let leftovers: Vec<_> = std::fs::read_dir(dir.path()).expect("dir").collect();
    assert_eq!(leftovers.len(), 1, "no temporary file is left behind");
}

#[test]
fn check_writes_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let book = dir.path().join("book");
    copy_dir(&fixture("order-date"), &book);
    let o = lcbook(&["check", book.to_str().expect("utf-8")]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stderr(&o), "ok: 4 chapters, 0 parts, 0 warnings\n");
    assert!(!book.join("build").exists());
    let o = lcbook(&["epub", "-q", book.to_str().expect("utf-8")]);
    assert!(o.status.success());
    assert_eq!(stderr(&o), "");
    assert!(
        book.join("build/dates-d-essai.epub").is_file()
            || std::fs::read_dir(book.join("build"))
                .expect("build")
                .count()
                == 1
    );
}

fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for e in std::fs::read_dir(from).expect("read_dir") {
        let e = e.expect("entry");
        let target = to.join(e.file_name());
        if e.path().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), target).expect("copy");
        }
    }
}

#[test]
fn usage_errors_exit_with_2() {
    let o = lcbook(&["epub", "--no-such-flag"]);
    assert_eq!(o.status.code(), Some(2));
    let o = lcbook(&["frobnicate"]);
    assert_eq!(o.status.code(), Some(2));
    let o = lcbook(&["--help"]);
    assert_eq!(o.status.code(), Some(0));
    for cmd in ["epub", "check"] {
        let o = lcbook(&[cmd, "--help"]);
        assert_eq!(o.status.code(), Some(0));
        assert!(String::from_utf8_lossy(&o.stdout).contains("BOOK_DIR"));
    }
}
