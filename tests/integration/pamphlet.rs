//! The book as a French book designer would make it (issue 14): the PDF read back page by page
//! (pdftotext), its outline (pdftohtml's XML), its pictures (pdfimages); the EPUB's pages; the
//! legal mentions in both; openings, blank pages and folios over generated books.

use std::path::Path;

use crate::pdf::{build_pdf, poppler};
use crate::support::{
    diagnostic_lines, epub_of, expected_lines, fixture, lcbook, lcbook_ok, stderr,
};

/// The pages of a PDF, as pdftotext writes them (`-layout` keeps the indents).
fn pages(pdf: &Path, layout: bool) -> Vec<String> {
    let path = pdf.to_str().expect("utf-8");
    let args: &[&str] = if layout {
        &["-layout", path, "-"]
    } else {
        &[path, "-"]
    };
    let mut pages: Vec<String> = poppler("pdftotext", args)
        .split('\u{c}')
        .map(str::to_owned)
        .collect();
    // pdftotext ends the last page with a form feed too.
    if pages.last().is_some_and(|p| p.trim().is_empty()) {
        pages.pop();
    }
    pages
}

/// Spaces of any width (the narrow no-break ones of French typography) as one plain space.
fn squeezed(text: &str) -> String {
    text.split(|c: char| c.is_whitespace())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The PDF's outline (its bookmarks), one line per entry, indented two spaces a level.
fn outline(pdf: &Path) -> Vec<String> {
    let xml = poppler(
        "pdftohtml",
        &["-xml", "-i", "-stdout", pdf.to_str().expect("utf-8")],
    );
    let start = xml.find("<outline>").expect("the PDF has an outline");
    let mut depth = 0usize;
    let mut lines = Vec::new();
    for line in xml[start..].lines() {
        let line = line.trim();
        if line == "<outline>" {
            depth += 1;
        } else if line == "</outline>" {
            depth -= 1;
            if depth == 0 {
                break;
            }
        } else if let Some(item) = line.strip_prefix("<item") {
            let text = item
                .split_once('>')
                .and_then(|(_, rest)| rest.strip_suffix("</item>"))
                .expect("an outline item");
            lines.push(format!("{}{text}", "  ".repeat(depth - 1)));
        }
    }
    lines
}

/// `EXPECTED_ORDER` as the outline shows it: parts by their title, superior letters as plain
/// letters, then the colophon.
fn expected_outline(name: &str) -> Vec<String> {
    let mut lines: Vec<String> = expected_lines(name, "EXPECTED_ORDER")
        .iter()
        .map(|l| {
            l.replace("Part: ", "")
                .replace("<sup>", "")
                .replace("</sup>", "")
        })
        .collect();
    lines.push("Colophon".into());
    lines
}

#[test]
fn tool_the_pamphlets_pdf_reads_back_as_designed() {
    let root = fixture("pamphlet");
    let (_dir, pdf) = build_pdf(&root);
    // Bookmarks: standalone articles at the parts' level, episodes under their part.
    assert_eq!(outline(&pdf), expected_outline("pamphlet"));
    let plain = pages(&pdf, false);
    let layout = pages(&pdf, true);
    // No half-title: the title page first, with the book's author typeset (’), then the
    // contents on its back. Openings "any": no blank page anywhere.
    assert_eq!(plain.len(), 12, "{plain:#?}");
    assert!(plain[0].starts_with("Brochure d’essai\n"), "{}", plain[0]);
    assert!(plain[0].contains("Abou’lkasim Essai"), "{}", plain[0]);
    assert!(plain[1].starts_with("Table des matières"), "{}", plain[1]);
    for (i, page) in plain.iter().enumerate() {
        assert!(!page.trim().is_empty(), "page {} is blank", i + 1);
    }
    // The contents: a part's chapters indented, a standalone article not.
    let indent = |title: &str| {
        let line = layout[1]
            .lines()
            .find(|l| l.contains(title))
            .unwrap_or_else(|| panic!("`{title}` in the contents:\n{}", layout[1]));
        line.len() - line.trim_start().len()
    };
    let part = indent("La Commune au XIXe siècle");
    assert_eq!(indent("Ouverture de la brochure"), part);
    assert_eq!(indent("Un article entre deux parties"), part);
    assert_eq!(indent("Épilogue de la brochure"), part);
    assert!(indent("La Commune, premier épisode") > part);
    assert!(indent("Les grèves, second épisode") > part);
    // Part pages: the title alone, no number.
    for (page, title) in [
        (4, "La Commune au XIXe siècle"),
        (8, "Les grèves du XXe siècle"),
    ] {
        assert_eq!(plain[page - 1].trim(), title, "page {page}");
    }
    // A chapter page has its number; the byline tells one date when both are the same.
    assert!(
        plain[2].contains("Auteur d’essai · 5 avril 2017"),
        "{}",
        plain[2]
    );
    assert!(!plain[2].contains("modifié"), "{}", plain[2]);
    assert_eq!(plain[2].trim().lines().last(), Some("3"));
    // A space between a note's number and its text.
    assert!(
        plain[5].contains("1 Loi d’essai du 29 juillet 1881"),
        "{}",
        plain[5]
    );
    // The picture in the note is set at the text's width (600 px over about 114 mm: some
    // 134 pixels an inch), not at a line's height (some 3,000).
    let images = poppler("pdfimages", &["-list", pdf.to_str().expect("utf-8")]);
    let row: Vec<&str> = images
        .lines()
        .nth(2)
        .expect("one picture")
        .split_whitespace()
        .collect();
    assert_eq!((row[0], row[3], row[4]), ("5", "600", "300"), "{images}");
    let ppi: f64 = row[12].parse().expect("x-ppi");
    assert!((120.0..=150.0).contains(&ppi), "{images}");
    // The colophon: the ISBN hyphenated, the printer, the legal deposit; no raw identifier.
    let colophon = squeezed(&plain[11]);
    for line in [
        "ISBN 978-2-07-036822-8.",
        "Achevé d’imprimer en novembre 2026 par Imprimerie d’essai, 1 rue de l’Exemple, 75000 \
         Paris.",
        "Dépôt légal : décembre 2026.",
    ] {
        assert!(colophon.contains(line), "`{line}` in\n{colophon}");
    }
    assert!(!colophon.contains("urn:"), "{colophon}");
}

#[test]
fn tool_the_pamphlets_epub_agrees() {
    let (_dir, epub) = epub_of(&fixture("pamphlet"));
    let opf = epub.text("EPUB/package.opf");
    // The EPUB's own ISBN (an ISBN-10 in book.toml, written as its ISBN-13), and the printed
    // edition it comes from.
    assert!(
        opf.contains("<dc:identifier id=\"uid\">urn:isbn:9782253004226</dc:identifier>"),
        "{opf}"
    );
    assert!(
        opf.contains("<dc:source>urn:isbn:9782070368228</dc:source>"),
        "{opf}"
    );
    assert!(opf.contains("<dc:creator id=\"creator1\">Abou’lkasim Essai</dc:creator>"));
    let title = epub.plain_text("EPUB/text/titre.xhtml");
    assert!(title.contains("Abou’lkasim Essai"), "{title}");
    let colophon = squeezed(&epub.plain_text("EPUB/text/colophon.xhtml"));
    assert!(
        colophon.contains("ISBN numérique : 978-2-253-00422-6"),
        "{colophon}"
    );
    assert!(
        colophon.contains("ISBN de l’édition imprimée : 978-2-07-036822-8"),
        "{colophon}"
    );
    assert!(
        !colophon.contains("urn:") && !colophon.contains("Dépôt légal"),
        "{colophon}"
    );
    let nav = epub.text("EPUB/nav.xhtml");
    assert!(
        nav.contains("<a href=\"text/colophon.xhtml\">Colophon</a>"),
        "{nav}"
    );
    let opening = epub.text("EPUB/text/01-ouverture-de-la-brochure.xhtml");
    assert!(
        opening.contains("<span class=\"auteur\">Auteur d’essai</span>"),
        "{opening}"
    );
    assert!(!opening.contains("modifié"), "{opening}");
    let css = epub.text("EPUB/css/livre.css");
    assert!(
        css.contains("p.signature .auteur { font-variant: small-caps; }"),
        "{css}"
    );
}

/// A generated test book of `chapters` short articles, one in five an episode of a series of
/// three (parts), with `pdf` appended to its `book.toml`.
fn generated(chapters: usize, pdf: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    std::fs::create_dir_all(root.join("chapters")).expect("chapters");
    std::fs::write(
        root.join("book.toml"),
        format!("# Generated test book.\n[book]\ntitle = \"Livre engendré\"\n\n[chapters]\norder = \"path\"\n\n[pdf]\n{pdf}\n"),
    )
    .expect("book.toml");
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    for i in 0..chapters {
        // xorshift: paragraphs of varying length, the same every run.
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let series = if i % 5 == 0 {
            format!(
                "series: \"Série d'essai {}\"\nepisode: {}\n",
                i / 15,
                i % 15 / 5 + 1
            )
        } else {
            String::new()
        };
        let mut text = format!("---\ntitle: \"Article d'essai {i}\"\n{series}---\n\n");
        for p in 0..1 + seed % 3 {
            text.push_str(&format!(
                "Paragraphe d'essai {p} de l'article {i} : {}\n\n",
                "des mots d'essai qui occupent la page ".repeat(1 + (seed % 7) as usize)
            ));
        }
        std::fs::write(root.join("chapters").join(format!("a{i:04}.md")), text).expect("article");
    }
    dir
}

/// Pages with no text at all.
fn blank_pages(pages: &[String]) -> usize {
    pages.iter().filter(|p| p.trim().is_empty()).count()
}

#[test]
fn tool_a_thousand_chapters_opening_on_any_page_waste_no_paper() {
    let book = generated(1000, "openings = \"any\"");
    let (_dir, pdf) = build_pdf(book.path());
    let pages = pages(&pdf, false);
    let blank = blank_pages(&pages);
    // The front matter's and the colophon's blanks only.
    assert!(
        blank * 100 <= pages.len(),
        "{blank} blank pages of {}",
        pages.len()
    );
}

#[test]
fn tool_by_default_chapters_open_on_the_right_and_no_blank_page_has_a_number() {
    let book = generated(60, "");
    let dir = tempfile::tempdir().expect("tempdir");
    let pdf = dir.path().join("livre.pdf");
    // Asked for a booklet: the book is too thick for one fold (refused), its PDF written.
    let o = lcbook(&[
        "pdf",
        "-q",
        "--booklet",
        book.path().to_str().expect("utf-8"),
        "-o",
        pdf.to_str().expect("utf-8"),
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let err = stderr(&o);
    let lines = diagnostic_lines(&err);
    assert!(
        lines[0].starts_with("book.toml:1:1: error: the booklet would fold ")
            && lines[0].contains(
                "sheets, more than the 16 a saddle stitch takes (`[print] max-sheets`; 16 sheets \
             of 80 g/m² paper, 64 pages, is the usual limit): set `[print] signature = 4`"
            ),
        "{err}"
    );
    assert!(!dir.path().join("livre-livret.pdf").exists());
    let pages = pages(&pdf, false);
    assert!(pages.len() > 64, "{} pages", pages.len());
    // Right-hand openings leave blanks; none carries a number or a running head.
    assert!(blank_pages(&pages) > 0);
    let mut checked = 0;
    for (i, page) in pages.iter().enumerate() {
        let text = page.trim();
        if text
            .chars()
            .all(|c| c.is_ascii_digit() || c.is_whitespace())
        {
            assert!(
                text.is_empty(),
                "page {}: a blank page with `{text}`",
                i + 1
            );
        }
        // Part pages: the title alone, no number; every chapter opens on an odd page.
        if text.starts_with("Série d’essai") {
            assert!(!text.contains('\n'), "page {}: `{text}`", i + 1);
            assert_eq!(i % 2, 0, "page {}: a part on a left-hand page", i + 1);
            checked += 1;
        }
        // (Not the contents' pages, whose lines start with titles too.)
        if text.starts_with("Article d’essai") && !text.contains(". . .") {
            assert_eq!(
                i % 2,
                0,
                "page {}: a chapter on a left-hand page: {text}",
                i + 1
            );
        }
    }
    assert!(checked >= 4, "{checked} part pages");
}

/// The diagnostic lines of `lcbook check` on a one-article test book with `config` as its
/// `book.toml`, which must fail.
fn failed_check(config: &str) -> Vec<String> {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    std::fs::create_dir_all(root.join("chapters")).expect("chapters");
    std::fs::write(
        root.join("chapters/a.md"),
        "---\ntitle: Essai\n---\n\nTexte d'essai.\n",
    )
    .expect("article");
    std::fs::write(root.join("book.toml"), config).expect("book.toml");
    let o = lcbook(&["check", root.to_str().expect("utf-8")]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    diagnostic_lines(&stderr(&o))
        .into_iter()
        .map(str::to_owned)
        .collect()
}

#[test]
fn legal_mentions_are_checked_all_at_once() {
    assert_eq!(
        failed_check(
            "[book]\ntitle = \"Essai\"\nisbn = \"978-2-07-036822-5\"\n\n[epub]\nisbn = \
             \"97822530042\"\n\n[print]\nprinted = \"2026-11\"\nlegal-deposit = \"décembre 2026\"\n"
        ),
        [
            "book.toml:3:1: error: `978-2-07-036822-5` is not a valid ISBN: its check digit does \
             not match (a digit is mistyped?)",
            "book.toml:6:1: error: `97822530042` has 11 digits: an ISBN has 13 (or 10, for one \
             given before 2007)",
            "book.toml:9:1: error: `printed` dates the achevé d'imprimer, which names the \
             printer: add `printer`",
            "book.toml:10:1: error: `décembre 2026` is not a month of the form YYYY-MM",
            "error: the book has errors: 4 errors, 0 warnings",
        ]
    );
}

#[test]
fn the_same_isbn_for_both_editions_is_an_error() {
    // The same number, written as an ISBN-13 and as its ISBN-10.
    assert_eq!(
        failed_check(
            "[book]\ntitle = \"Essai\"\nisbn = \"978-2-07-036822-8\"\n\n[epub]\nisbn = \
             \"2-07-036822-X\"\n"
        ),
        [
            "book.toml:6:1: error: the EPUB's ISBN is the printed book's: each edition has its \
             own ISBN (leave `[epub] isbn` out if the EPUB has none)",
            "error: the book has errors: 1 error, 0 warnings",
        ]
    );
}

#[test]
fn tool_the_cover_carries_authors_isbn_and_bar_code() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path().join("livre");
    std::fs::create_dir_all(root.join("chapters")).expect("chapters");
    let from = fixture("pamphlet");
    for e in std::fs::read_dir(from.join("chapters")).expect("chapters") {
        let p = e.expect("entry").path();
        std::fs::copy(&p, root.join("chapters").join(p.file_name().expect("name"))).expect("copy");
    }
    let config = std::fs::read_to_string(from.join("book.toml")).expect("book.toml");
    std::fs::write(
        root.join("book.toml"),
        format!(
            "{config}\n[cover]\nimage = \"chapters/carte.png\"\nback-text = \"\"\"\nUn texte de \
             quatrième d'essai, sur deux lignes\ndu fichier.\n\nUn second paragraphe d'essai.\n\"\"\"\n"
        ),
    )
    .expect("book.toml");
    let out = dir.path().join("couverture.pdf");
    lcbook_ok(&[
        "cover",
        "-q",
        root.to_str().expect("utf-8"),
        "-o",
        out.to_str().expect("utf-8"),
    ]);
    let text = squeezed(&poppler("pdftotext", &[out.to_str().expect("utf-8"), "-"]));
    for expected in [
        "Abou’lkasim Essai",
        "Brochure d’essai",
        "Un texte de quatrième d’essai, sur deux lignes du fichier.",
        "ISBN 978-2-07-036822-8",
        "782070",
        "368228",
    ] {
        assert!(
            text.contains(expected),
            "`{expected}` on the cover:\n{text}"
        );
    }
    // The publisher on the back and on the front.
    assert_eq!(text.matches("Éditions d’essai").count(), 2, "{text}");
    // The bar code's bars: in the back's lower right quarter (at 300 dpi), the rows that cross
    // the bars (not the digits under them) cross all 30 of an EAN-13.
    let pgm = dir.path().join("dos");
    poppler(
        "pdftoppm",
        &[
            "-r",
            "300",
            "-gray",
            "-x",
            "874",
            "-y",
            "1240",
            "-W",
            "874",
            "-H",
            "1240",
            "-singlefile",
            out.to_str().expect("utf-8"),
            pgm.to_str().expect("utf-8"),
        ],
    );
    let bytes = std::fs::read(dir.path().join("dos.pgm")).expect("the rendered back");
    assert_eq!(most_bars(&bytes), 30, "bars across the bar code");
}

/// The number of dark runs most rows of a binary greyscale PGM (`P5`, as pdftoppm writes it)
/// cross, of the rows that cross more than ten.
fn most_bars(pgm: &[u8]) -> usize {
    // The header: "P5", width, height, maximum, each after white space, then one byte.
    let mut fields = Vec::new();
    let mut at = 0;
    while fields.len() < 4 {
        while pgm[at].is_ascii_whitespace() {
            at += 1;
        }
        let start = at;
        while !pgm[at].is_ascii_whitespace() {
            at += 1;
        }
        fields.push(String::from_utf8_lossy(&pgm[start..at]).into_owned());
    }
    assert_eq!(fields[0], "P5");
    let width: usize = fields[1].parse().expect("width");
    let pixels = &pgm[at + 1..];
    let mut counts = std::collections::BTreeMap::new();
    for runs in pixels.chunks(width).map(|row| {
        let mut runs = 0;
        let mut dark = false;
        for &v in row {
            if v < 128 && !dark {
                runs += 1;
            }
            dark = v < 128;
        }
        runs
    }) {
        if runs > 10 {
            *counts.entry(runs).or_insert(0usize) += 1;
        }
    }
    counts
        .into_iter()
        .max_by_key(|&(_, rows)| rows)
        .map_or(0, |(runs, _)| runs)
}
