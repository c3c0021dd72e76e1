//! The booklet (`lcbook pdf --booklet`, `[print]`): each half of each imposed sheet side is
//! read back with pdftotext, and the page number printed at its foot must be the page the
//! saddle-stitch order puts there; blanks must be blank; pages keep their size.

use std::path::{Path, PathBuf};

use crate::pdf::poppler;
use crate::support::{default_book_with, lcbook, lcbook_ok, stderr};

/// Builds the PDF and the booklet of `root` into a temporary directory.
fn build(root: &Path, extra: &[&str]) -> (tempfile::TempDir, PathBuf, PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("livre.pdf");
    let sources = dir.path().join("typst");
    let mut args = vec!["pdf", "-q", root.to_str().expect("utf-8")];
    args.extend(extra);
    args.extend(["-o", out.to_str().expect("utf-8")]);
    args.extend(["--typst-dir", sources.to_str().expect("utf-8")]);
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
    let order = lcbook::pdf::impose::saddle(pages, signature);
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
fn tool_the_default_books_booklet_is_in_saddle_stitch_order() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let (_dir, book, booklet) = build(root, &["--booklet"]);
    // The article's pages 8 and 9, the colophon's 10.
    check(&book, &booklet, None, 3);
}

/// A test book of some forty pages, its booklet asked for in `book.toml`, in signatures of two
/// sheets.
#[test]
fn tool_a_thicker_book_in_signatures() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path().join("livre");
    std::fs::create_dir_all(root.join("chapters")).expect("chapters");
    std::fs::write(
        root.join("book.toml"),
        "# Test book: a booklet in signatures of two sheets.\n[book]\ntitle = \"Livret d'essai\"\n\n\
         [print]\nbooklet = true\nsignature = 2\ncreep = 0.8\n",
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

/// A page rendered in grey at `dpi`: width, height and one byte a pixel (poppler's PGM).
fn grey(pdf: &Path, page: usize, dpi: u32) -> (usize, usize, Vec<u8>) {
    let dir = tempfile::tempdir().expect("tempdir");
    let prefix = dir.path().join("p");
    let p = page.to_string();
    let r = dpi.to_string();
    poppler(
        "pdftoppm",
        &[
            "-gray",
            "-r",
            &r,
            "-f",
            &p,
            "-l",
            &p,
            "-singlefile",
            pdf.to_str().expect("utf-8"),
            prefix.to_str().expect("utf-8"),
        ],
    );
    let data = std::fs::read(dir.path().join("p.pgm")).expect("a PGM");
    // "P5\n<w> <h>\n255\n" then the pixels.
    let mut fields = Vec::new();
    let mut at = 0;
    while fields.len() < 4 {
        let start = at;
        while !data[at].is_ascii_whitespace() {
            at += 1;
        }
        fields.push(String::from_utf8_lossy(&data[start..at]).into_owned());
        at += 1;
    }
    let (w, h) = (fields[1].parse().expect("w"), fields[2].parse().expect("h"));
    (w, h, data[at..].to_vec())
}

/// `[print] bleed` and `crop-marks`: the trim box is the page, the media (and so the bleed
/// box) is larger by the bleed on each side, and the marks are in the bleed only.
#[test]
fn tool_bleed_and_crop_marks_for_a_print_shop() {
    let dir = default_book_with("[print]\nbleed = 3\ncrop-marks = true\nbooklet = true\n");
    let root = dir.path().to_owned();
    let (_out, book, booklet) = build(&root, &[]);
    let boxes = poppler("pdfinfo", &["-box", book.to_str().expect("utf-8")]);
    let get = |name: &str| -> Vec<f64> {
        boxes
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .expect("the box")
            .split_whitespace()
            .map(|v| v.parse().expect("a number"))
            .collect()
    };
    // 3 mm = 8.50 pt; A5 = 419.53 × 595.28 pt.
    let bleed = 3.0 * 72.0 / 25.4;
    let (media, trim, bleed_box) = (get("MediaBox:"), get("TrimBox:"), get("BleedBox:"));
    let close = |a: f64, b: f64| (a - b).abs() < 0.05;
    assert!(
        close(media[2], 419.53 + 2.0 * bleed) && close(media[3], 595.28 + 2.0 * bleed),
        "{boxes}"
    );
    assert!(close(trim[0], bleed) && close(trim[1], bleed), "{boxes}");
    assert!(
        close(trim[2] - trim[0], 419.53) && close(trim[3] - trim[1], 595.28),
        "{boxes}"
    );
    assert_eq!(bleed_box, media, "{boxes}");
    // The marks: dark pixels in the bleed at each corner, none inside the trim near it (page 2
    // is the blank back of the title page).
    let dpi = 300;
    let (w, h, px) = grey(&book, 2, dpi);
    let mm = |v: f64| (v * f64::from(dpi) / 25.4).round() as usize;
    let dark = |x0: usize, y0: usize, x1: usize, y1: usize| {
        (y0..y1).any(|y| (x0..x1).any(|x| px[y * w + x] < 240))
    };
    let (b, inner) = (mm(3.0), mm(8.0));
    // A mark runs on the trim's edge, extended: the corner squares reach past it.
    for (cx, cy) in [
        (0, 0),
        (w - b - 3, 0),
        (0, h - b - 3),
        (w - b - 3, h - b - 3),
    ] {
        assert!(
            dark(cx, cy, cx + b + 3, cy + b + 3),
            "no mark in the bleed at ({cx}, {cy})"
        );
    }
    for (x0, y0) in [
        (b, b),
        (w - b - inner, b),
        (b, h - b - inner),
        (w - b - inner, h - b - inner),
    ] {
        assert!(
            !dark(x0 + 3, y0 + 3, x0 + inner - 3, y0 + inner - 3),
            "a mark inside the trim at ({x0}, {y0})"
        );
    }
    // The booklet is built without bleed: A5 pages, two-up on A4, still in order.
    let (sides, sheet) = info(&booklet);
    assert_eq!(sheet, "841.89 x 595.276 pts (A4)");
    assert_eq!(sides, 6);
}

/// `[print] pdf-a` and `[pdf] accessible`: Typst checks PDF/A-2a and PDF/UA-1 itself and
/// writes their identification.
#[test]
fn tool_pdf_a_and_pdf_ua_pass_typsts_checks() {
    let dir = default_book_with("[pdf]\naccessible = true\n\n[print]\npdf-a = true\n");
    let (_out, book, _) = build(dir.path(), &[]);
    let meta = poppler("pdfinfo", &["-meta", book.to_str().expect("utf-8")]);
    assert!(
        meta.contains("<pdfaid:part>2</pdfaid:part><pdfaid:conformance>A</pdfaid:conformance>"),
        "{meta}"
    );
    assert!(meta.contains("<pdfuaid:part>1</pdfuaid:part>"), "{meta}");
}

#[test]
fn tool_cmyk_black_builds_and_cannot_go_with_pdf_a() {
    let dir = default_book_with("[print]\ncmyk-black = true\n");
    let (_out, book, _) = build(dir.path(), &[]);
    assert!(std::fs::read(&book).expect("pdf").starts_with(b"%PDF-"));
    let dir = default_book_with("[print]\ncmyk-black = true\npdf-a = true\n");
    let o = lcbook(&["check", dir.path().to_str().expect("utf-8")]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains(
            "error: `cmyk-black` and `pdf-a` cannot go together: PDF/A needs an output intent \
             for CMYK colours, which Typst 0.15.1 does not write; keep one of them\n"
        ),
        "{}",
        stderr(&o)
    );
}

/// `[pdf] accessible`: a picture without alt text is an error at its line.
#[test]
fn accessible_books_need_alt_text() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    std::fs::create_dir_all(root.join("chapters")).expect("chapters");
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/images/chapters/images/plan.png"),
        root.join("chapters/plan.png"),
    )
    .expect("a picture");
    std::fs::write(
        root.join("book.toml"),
        "[book]\ntitle = \"Essai\"\n\n[pdf]\naccessible = true\n",
    )
    .expect("book.toml");
    std::fs::write(
        root.join("chapters/a.md"),
        "---\ntitle: Article d'essai\n---\n\nTexte.\n\n![](plan.png)\n",
    )
    .expect("article");
    let o = lcbook(&["check", root.to_str().expect("utf-8")]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).starts_with(
            "chapters/a.md:7:1: error: image `plan.png` has no alt text, which `[pdf] accessible` \
             (PDF/UA) requires\n"
        ),
        "{}",
        stderr(&o)
    );
}

/// `lcbook cover`: back, spine and front in one piece, the spine a paper thickness a leaf,
/// with the book's bleed.
#[test]
fn tool_the_cover_has_its_spine_and_bleed() {
    let dir = default_book_with(
        "[print]\nbleed = 3\ncrop-marks = true\n\n[cover]\nback-text = \"Texte d'essai : le dos.\"\n\
         paper-thickness = 0.25\n",
    );
    let out = dir.path().join("couverture.pdf");
    lcbook_ok(&[
        "cover",
        "-q",
        dir.path().to_str().expect("utf-8"),
        "-o",
        out.to_str().expect("utf-8"),
    ]);
    // The default book has 10 pages, 12 once folded in sheets: 6 leaves of 0.25 mm.
    let spine = lcbook::pdf::impose::spine_mm(12, 0.25);
    assert!((spine - 1.5).abs() < 1e-9);
    let boxes = poppler("pdfinfo", &["-box", out.to_str().expect("utf-8")]);
    let trim: Vec<f64> = boxes
        .lines()
        .find_map(|l| l.strip_prefix("TrimBox:"))
        .expect("a trim box")
        .split_whitespace()
        .map(|v| v.parse().expect("a number"))
        .collect();
    let pt = |mm: f64| mm * 72.0 / 25.4;
    assert!(
        (trim[2] - trim[0] - pt(2.0 * 148.0 + spine)).abs() < 0.1,
        "{boxes}"
    );
    assert!((trim[3] - trim[1] - pt(210.0)).abs() < 0.1, "{boxes}");
    assert!((trim[0] - pt(3.0)).abs() < 0.1, "{boxes}");
    let text = poppler("pdftotext", &[out.to_str().expect("utf-8"), "-"]);
    // The back's text, set by the French rules (pdftotext makes the no-break space a space).
    assert!(text.contains("Texte d’essai : le dos."), "{text:?}");
}

/// A `[cover]` and no `[book] cover` picture: the EPUB's cover is the printed front, rendered
/// by Typst, the same bytes at each build, and the EPUB stays valid.
#[test]
fn tool_the_epub_cover_is_the_printed_front() {
    let dir = default_book_with("[cover]\nback-text = \"Dos d'essai.\"\n");
    let epub = |name: &str| {
        let out = dir.path().join(name);
        lcbook_ok(&[
            "epub",
            "-q",
            dir.path().to_str().expect("utf-8"),
            "-o",
            out.to_str().expect("utf-8"),
        ]);
        out
    };
    let (first, second) = (epub("a.epub"), epub("b.epub"));
    assert_eq!(
        std::fs::read(&first).expect("a"),
        std::fs::read(&second).expect("b")
    );
    let book = crate::support::Epub::open(&first);
    let (_, png, _) = book
        .entries
        .iter()
        .find(|(n, _, _)| n == "EPUB/images/couverture.png")
        .expect("the cover picture");
    assert!(png.starts_with(b"\x89PNG"));
    assert!(
        book.text("EPUB/package.opf")
            .contains("properties=\"cover-image\"")
    );
    crate::support::epubcheck(&first);
}

/// `[cover] image` is checked by its content when `book.toml` is read.
#[test]
fn a_cover_image_that_is_no_picture_is_a_configuration_error() {
    let dir = default_book_with("[cover]\nimage = \"faux.png\"\n");
    std::fs::write(dir.path().join("faux.png"), "texte d'essai").expect("a fake picture");
    let o = lcbook(&["check", dir.path().to_str().expect("utf-8")]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o)
            .contains("error: cover image `faux.png`: not a PNG, JPEG, GIF, WebP or SVG picture\n"),
        "{}",
        stderr(&o)
    );
}
