//! The booklet (`lcbook pdf --booklet`, `[print]`): each half of each imposed sheet side is
//! read back with pdftotext, and the page number printed at its foot must be the page the
//! saddle-stitch order puts there; blanks must be blank; pages keep their size.

use std::path::{Path, PathBuf};

use crate::pdf::poppler;
use crate::support::{lcbook, stderr};

/// Builds the PDF and the booklet of `root` into a temporary directory.
fn build(root: &Path, extra: &[&str]) -> (tempfile::TempDir, PathBuf, PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("livre.pdf");
    let mut args = vec!["pdf", "-q", root.to_str().expect("utf-8")];
    args.extend(extra);
    args.extend(["-o", out.to_str().expect("utf-8")]);
    let o = lcbook(&args);
    assert!(o.status.success(), "{}", stderr(&o));
    let booklet = dir.path().join("livre-livret.pdf");
    (dir, out, booklet)
}

/// `pdfinfo`'s page count and page size in points.
fn info(pdf: &Path) -> (usize, String) {
    let info = poppler("pdfinfo", &[pdf.to_str().expect("utf-8")]);
    let pages = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .expect("a page count");
    let size = info
        .lines()
        .find_map(|l| l.strip_prefix("Page size:"))
        .expect("a page size")
        .trim()
        .to_owned();
    (pages, size)
}

/// The number printed at the foot of a half of a sheet side, and whether the half has text.
fn half(pdf: &Path, side: usize, right: bool, width: u32, height: u32) -> (Option<usize>, bool) {
    let page = side.to_string();
    let x = if right { width / 2 } else { 0 }.to_string();
    let (w, h) = ((width / 2).to_string(), height.to_string());
    let text = poppler(
        "pdftotext",
        &[
            "-f",
            &page,
            "-l",
            &page,
            "-x",
            &x,
            "-y",
            "0",
            "-W",
            &w,
            "-H",
            &h,
            "-layout",
            pdf.to_str().expect("utf-8"),
            "-",
        ],
    );
    let number = text
        .lines()
        .map(str::trim)
        .rfind(|l| !l.is_empty())
        .and_then(|l| l.parse().ok());
    (number, !text.trim().is_empty())
}

/// Checks every half of the booklet against the saddle-stitch order of the book's pages.
/// `min_numbered` is how many pages of the book print their number (not the title pages, the
/// blanks, the openings).
fn check(book: &Path, booklet: &Path, signature: Option<usize>, min_numbered: usize) {
    let (pages, page_size) = info(book);
    let (sides, sheet_size) = info(booklet);
    assert_eq!(page_size, "419.528 x 595.276 pts");
    // A5 pages two-up, not scaled: the sheet is A4 landscape, exactly two pages wide.
    assert_eq!(sheet_size, "841.89 x 595.276 pts (A4)");
    let order = lcbook::impose::saddle(pages, signature);
    assert_eq!(order.len(), sides);
    let mut numbered = 0;
    for (i, [left, right]) in order.iter().enumerate() {
        for (expected, is_right) in [(left, false), (right, true)] {
            let (number, text) = half(booklet, i + 1, is_right, 842, 596);
            match expected {
                None => assert!(!text, "side {}: a blank half has text", i + 1),
                Some(p) => {
                    if let Some(n) = number {
                        assert_eq!(
                            n,
                            *p,
                            "side {}, {}",
                            i + 1,
                            if is_right { "right" } else { "left" }
                        );
                        numbered += 1;
                    }
                }
            }
        }
    }
    // The check did read the numbers.
    assert!(
        numbered >= min_numbered,
        "{numbered} numbers read for {pages} pages"
    );
}

#[test]
fn the_default_books_booklet_is_in_saddle_stitch_order() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let (_dir, book, booklet) = build(root, &["--booklet"]);
    // The article's pages 8 and 9, the colophon's 10.
    check(&book, &booklet, None, 3);
}

/// A test book of some forty pages, its booklet asked for in `book.toml`, in signatures of two
/// sheets.
#[test]
fn a_thicker_book_in_signatures() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path().join("livre");
    std::fs::create_dir_all(root.join("chapters")).expect("chapters");
    std::fs::write(
        root.join("book.toml"),
        "# Test book: a booklet in signatures of two sheets.\n[book]\ntitle = \"Livret d'essai\"\n\n\
         [print]\nbooklet = true\nsignature = 2\n",
    )
    .expect("book.toml");
    for a in 1..=12 {
        let mut text = format!("---\ntitle: Article d'essai {a}\ndate: 2020-01-{a:02}\n---\n\n");
        for p in 1..=9 {
            text.push_str(&format!(
                "Paragraphe d'essai {p} de l'article {a}, écrit pour remplir les pages du livret \
                 de test : il répète des phrases sans autre sens que d'occuper la place qu'un \
                 vrai texte prendrait, pour que le livre dépasse trente pages et que l'ordre \
                 des feuilles se voie.\n\n"
            ));
        }
        std::fs::write(root.join("chapters").join(format!("a{a:02}.md")), text).expect("article");
    }
    let (_out, book, booklet) = build(&root, &[]);
    let (pages, _) = info(&book);
    assert!(pages >= 30, "{pages} pages");
    check(&book, &booklet, Some(2), pages / 2);
}

#[test]
fn a_sheet_too_small_is_a_configuration_error() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir_all(dir.path().join("chapters")).expect("chapters");
    std::fs::write(
        dir.path().join("book.toml"),
        "[book]\ntitle = \"Essai\"\n\n[print]\nsheet = \"a5\"\n",
    )
    .expect("book.toml");
    let o = lcbook(&["check", dir.path().to_str().expect("utf-8")]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).starts_with(
            "book.toml:5:1: error: the sheet cannot hold two pages of 148 × 210 mm side by side\n"
        ),
        "{}",
        stderr(&o)
    );
}
