//! Golden files: the package document, the navigation and chapter XHTML of chosen fixtures,
//! compared with `tests/integration/snapshots/` (review changes by eye, then accept them with
//! `cargo insta review` or `INSTA_UPDATE=always`).

use crate::support::build_ok;

fn snapshot_book(name: &str, documents: &[&str]) {
    let (_dir, epub) = build_ok(name);
    insta::assert_snapshot!(format!("{name}-entries"), epub.names().join("\n"));
    insta::assert_snapshot!(format!("{name}-package.opf"), epub.text("EPUB/package.opf"));
    insta::assert_snapshot!(format!("{name}-nav.xhtml"), epub.text("EPUB/nav.xhtml"));
    for doc in documents {
        let file = doc.rsplit('/').next().unwrap_or(doc);
        insta::assert_snapshot!(format!("{name}-{file}"), epub.text(doc));
    }
}

#[test]
fn golden_commonmark() {
    snapshot_book(
        "commonmark",
        &[
            "EPUB/text/01-tour-complet-de-commonmark.xhtml",
            "EPUB/text/02-cas-limites-de-commonmark.xhtml",
        ],
    );
}

#[test]
fn golden_footnotes() {
    snapshot_book("footnotes", &["EPUB/text/01-notes-de-l-article-a.xhtml"]);
}

#[test]
fn golden_parts_series() {
    snapshot_book("parts-series", &["EPUB/toc.ncx"]);
}

#[test]
fn golden_metadata() {
    snapshot_book(
        "metadata",
        &["EPUB/text/titre.xhtml", "EPUB/text/colophon.xhtml"],
    );
}

#[test]
fn golden_pamphlet() {
    snapshot_book(
        "pamphlet",
        &[
            "EPUB/text/titre.xhtml",
            "EPUB/text/partie-1-la-commune-au-xixe-siecle.xhtml",
            "EPUB/text/colophon.xhtml",
        ],
    );
}

#[test]
fn golden_raw_html() {
    snapshot_book("raw-html", &[]);
}

#[test]
fn golden_default_book() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("livre.epub");
    let o = crate::support::lcbook(&[
        "epub",
        env!("CARGO_MANIFEST_DIR"),
        "-o",
        out.to_str().expect("utf-8"),
    ]);
    assert!(o.status.success());
    let epub = crate::support::Epub::open(&out);
    insta::assert_snapshot!("default-package.opf", epub.text("EPUB/package.opf"));
    insta::assert_snapshot!("default-nav.xhtml", epub.text("EPUB/nav.xhtml"));
    insta::assert_snapshot!(
        "default-chapter.xhtml",
        epub.text("EPUB/text/01-septembre-1917-la-marche-vers-le-pouvoir-des.xhtml")
    );
}

/// The Typst sources of a book (`--typst-only`): `book.typ` and each chapter file.
fn snapshot_typst(name: &str, root: &std::path::Path) {
    let (_dir, sources) = crate::support::typst_sources(root);
    insta::assert_snapshot!(
        format!("{name}-book.typ"),
        std::fs::read_to_string(sources.join("book.typ")).expect("book.typ")
    );
    let mut chapters: Vec<_> = std::fs::read_dir(sources.join("chapters"))
        .expect("chapters")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .collect();
    chapters.sort();
    for c in chapters {
        let file = c.file_name().expect("name").to_string_lossy().into_owned();
        insta::assert_snapshot!(
            format!("{name}-{file}"),
            std::fs::read_to_string(&c).expect("chapter")
        );
    }
}

#[test]
fn golden_typst() {
    for name in [
        "commonmark",
        "footnotes",
        "parts-series",
        "raw-html",
        "links",
        "hostile-typst",
        "pamphlet",
    ] {
        snapshot_typst(name, &crate::support::fixture(name));
    }
    snapshot_typst("default", std::path::Path::new(env!("CARGO_MANIFEST_DIR")));
}
