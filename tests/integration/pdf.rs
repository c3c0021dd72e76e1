//! The printed book: every test book and the default book go through `lcbook pdf` and the
//! pinned Typst; the PDF is read back with poppler (pdfinfo, pdffonts, pdftotext). A missing
//! Typst or poppler fails these tests with the command that installs it.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::support::{fixture, lcbook, lcbook_ok, stderr};

/// Runs a poppler tool; its absence is a failure that says how to install it.
pub(crate) fn poppler(tool: &str, args: &[&str]) -> String {
    crate::support::needs_tool(tool);
    let out = Command::new(tool).args(args).output().unwrap_or_else(|_| {
        panic!("`{tool}` is missing: install poppler-utils (the README's test command does)")
    });
    assert!(
        out.status.success(),
        "{tool} {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The text of a PDF (`pdftotext`), with the words Typst cut at a line's end joined again:
/// at a hyphen it added (U+00AD or `-`) or at a zero-width space lcbook wrote.
pub(crate) fn pdf_text(pdf: &Path) -> String {
    poppler("pdftotext", &[pdf.to_str().expect("utf-8"), "-"])
        .replace("\u{ad}\n", "")
        .replace("-\n", "")
        .replace("\u{200b}\n", "")
        .replace('\u{200b}', "")
}

/// Builds the PDF of a book directory into a temporary directory.
pub(crate) fn build_pdf(root: &Path) -> (tempfile::TempDir, PathBuf) {
    crate::support::built(root, "pdf", "livre.pdf")
}

/// Words, as a reader would compare them: NFKC (ligatures), lower case, zero-width spaces
/// removed; hyphens are removed
/// so that a word cut at a line end (`répres-` `sion`, pdftotext writes U+00AD there) and a
/// compound cut after its hyphen (`juin-` `juillet`) compare equal to the source.
fn words(text: &str) -> Vec<String> {
    use unicode_normalization::UnicodeNormalization;
    let text: String = text
        .nfkc()
        .collect::<String>()
        // Where lcbook let a long run break anywhere (`writer::typst::breakable`).
        .replace("\u{200b}\n", "")
        .replace('\u{200b}', "")
        .replace("\u{ad}\n", "")
        .replace("-\n", "")
        .replace(['-', '\u{ad}'], "");
    text.to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Whether `needle` is a subsequence of `hay`.
fn in_order(hay: &[String], needle: &[String]) -> bool {
    let mut it = hay.iter();
    needle.iter().all(|w| it.any(|h| h == w))
}

/// Every paragraph of every article of the book, in its words, is found in order in the text
/// of the PDF.
fn every_paragraph_in(loaded: &lcbook::Loaded, pdf: &Path) {
    use lcbook::model::Block;
    let text = words(&poppler("pdftotext", &[pdf.to_str().expect("utf-8"), "-"]));
    for ch in &loaded.book.chapters {
        let mut paragraphs: Vec<String> = Vec::new();
        lcbook::model::visit_blocks(&ch.blocks, &mut |b| {
            if let Block::Paragraph(inl) = b {
                let mut text = String::new();
                printed_text(inl, &mut text);
                paragraphs.push(text);
            }
        });
        for p in paragraphs {
            let w = words(&p);
            assert!(
                in_order(&text, &w),
                "{}: paragraph not found in the PDF:\n{p}",
                ch.source.path.display()
            );
        }
    }
}

/// The fidelity check (`lcbook check --fidelity`'s) finds every word of every article once and
/// in order in the EPUB and in this PDF.
fn no_word_lost(loaded: &lcbook::Loaded, pdf: &Path) {
    let expected = lcbook::fidelity::expected(loaded).expect("the articles read");
    let cover = loaded.settings.cover.clone();
    let epub =
        lcbook::epub::build(loaded, &lcbook::epub::Options { cover }).expect("the EPUB builds");
    let mut found = lcbook::diag::Diagnostics::new();
    let words = lcbook::fidelity::epub_words(Path::new("EPUB"), &epub).expect("EPUB words");
    lcbook::fidelity::compare(&expected, &words, "EPUB", &mut found);
    let words = lcbook::fidelity::pdf_words(pdf, &expected).expect("PDF words");
    lcbook::fidelity::compare(&expected, &words, "PDF", &mut found);
    assert!(
        found.is_empty(),
        "{}",
        found
            .sorted()
            .iter()
            .map(|d| format!("{}: {}", d.path.display(), d.message))
            .collect::<Vec<_>>()
            .join("\n")
    );
}

/// The text a reader sees of some inline content: a note's number glued to the word it
/// follows, as pdftotext gives it; no alt text (a picture's alt is in the PDF's tags).
fn printed_text(inlines: &[lcbook::model::Inline], out: &mut String) {
    use lcbook::model::Inline;
    for i in inlines {
        match i {
            Inline::Text(t) | Inline::Code(t) => out.push_str(t),
            Inline::NoteRef { note, .. } => out.push_str(&(note + 1).to_string()),
            Inline::LineBreak | Inline::SoftBreak => out.push(' '),
            other => {
                if let Some(c) = other.children() {
                    printed_text(c, out);
                }
            }
        }
    }
}

/// The PDF of a book (`fixtures::tool_pdf` for every valid fixture): its metadata, A5 pages,
/// embedded fonts, every paragraph and every word.
pub(crate) fn check_book(root: &Path) {
    let loaded = lcbook::load(root, &lcbook::BuildOptions::default()).expect("the book loads");
    let (_dir, pdf) = build_pdf(root);
    let path = pdf.to_str().expect("utf-8");
    let info = poppler("pdfinfo", &[path]);
    let title = &loaded.book.title;
    assert!(
        info.contains(&format!("Title:           {title}\n")),
        "{info}"
    );
    let authors = &loaded.book.authors;
    if let Some(first) = authors.first() {
        assert!(
            info.contains(&format!("Author:          {first}")),
            "{info}"
        );
    }
    assert!(
        info.contains("Page size:       419.528 x 595.276 pts"),
        "A5 expected:\n{info}"
    );
    assert!(info.contains("Creator:         Typst 0.15.1"), "{info}");
    let fonts = poppler("pdffonts", &[path]);
    for line in fonts.lines().skip(2) {
        let cols: Vec<&str> = line.split_whitespace().collect();
        // name type... encoding emb sub uni object ID: `emb` is the fourth from the end.
        let emb = cols.get(cols.len().saturating_sub(5)).copied();
        assert_eq!(emb, Some("yes"), "font not embedded: {line}");
    }
    assert!(fonts.contains("LibertinusSerif-Regular"), "{fonts}");
    every_paragraph_in(&loaded, &pdf);
    no_word_lost(&loaded, &pdf);
}

#[test]
fn tool_pdf_default_book() {
    check_book(Path::new(env!("CARGO_MANIFEST_DIR")));
}

/// The fidelity check can fail: a word taken out of the real PDF's words, and a note's words
/// repeated, are each reported at their place in the article.
#[test]
fn tool_the_fidelity_check_sees_a_lost_and_a_repeated_word() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let loaded = lcbook::load(root, &lcbook::BuildOptions::default()).expect("the book loads");
    let (_dir, pdf) = build_pdf(root);
    let expected = lcbook::fidelity::expected(&loaded).expect("the articles read");
    let mut words = lcbook::fidelity::pdf_words(&pdf, &expected).expect("PDF words");
    let lost = words
        .iter()
        .position(|w| w == "lamentablement")
        .expect("the word is printed");
    words.remove(lost);
    let again: Vec<String> = ["le", "putsch", "échoue", "lamentablement", "dès", "sa"]
        .map(String::from)
        .to_vec();
    words.extend(again);
    let mut found = lcbook::diag::Diagnostics::new();
    lcbook::fidelity::compare(&expected, &words, "PDF", &mut found);
    let found: Vec<String> = found
        .sorted()
        .iter()
        .map(|d| {
            let pos = d.pos.expect("a position");
            let text = std::fs::read_to_string(root.join(&d.path)).expect("the article");
            let line = text.lines().nth(pos.line - 1).expect("the line");
            // The position given is the line where the run's first word was written.
            let quoted = d.message.split('“').nth(1).unwrap_or_default();
            let first = quoted.split([' ', '”']).next().unwrap_or_default();
            assert!(line.to_lowercase().contains(first), "{}: {line}", d.message);
            d.message.clone()
        })
        .collect();
    assert_eq!(
        found,
        [
            "6 words of the article repeated in the PDF: “le putsch échoue lamentablement dès sa”",
            "1 word of the article missing from the PDF: “lamentablement”",
        ]
    );
}

/// The command itself, on the default book: both outputs built aside, every word found.
#[test]
fn tool_check_fidelity_on_the_default_book() {
    let o = lcbook_ok(&["check", "--fidelity", env!("CARGO_MANIFEST_DIR")]);
    assert_eq!(
        stderr(&o),
        "ok: every word of 1 chapter reaches the EPUB and the PDF\n"
    );
}

#[test]
fn tool_hostile_text_is_printed_never_run() {
    let root = fixture("hostile-typst");
    let (_dir, pdf) = build_pdf(&root);
    let loaded = lcbook::load(&root, &lcbook::BuildOptions::default()).expect("the book loads");
    no_word_lost(&loaded, &pdf);
    // Lines joined as a reader reads them: a word cut by hyphenation is whole again.
    let text = poppler("pdftotext", &[pdf.to_str().expect("utf-8"), "-"])
        // Where lcbook let a long run break anywhere (`writer::typst::breakable`).
        .replace("\u{200b}\n", "")
        .replace('\u{200b}', "")
        .replace("\u{ad}\n", "")
        .replace('\n', " ");
    for literal in [
        "Texte hostile #panic() $x$",
        // The basic typography rules still apply, to book.toml's strings too: curly quotes,
        // dashes.
        "Essai #read(“/etc/passwd”)",
        "Titre #import “x.typ”: * et $math$",
        "Appel de code #read(“/etc/passwd”) et #panic() puis #import “lib.typ”: *",
        "Math $x^2$ et dollars $$, arobase @ref, contact@site.fr, label <lbl>, chevrons",
        "Étoiles *a* et soulignés _b_ et égal = et moins – et plus + et barre / et tilde ~.",
        "commentaires a//b et /* ouvert",
        "Nombre -500 et 1. x",
        "#let x = 1 et #set text(red) et #show: none et #{ “code” } et #(1 + 2).",
        "= pas un titre",
        "- pas une liste",
        "+ pas une énumération",
        "/ pas: un terme",
        "12. pas un numéro",
        "Une ligne finissant par une barre oblique inverse \\",
        "#panic(\"dans un bloc de code\")",
        "Note #panic() avec $x$ et @ref.",
    ] {
        assert!(
            text.contains(literal),
            "`{literal}` not printed literally:\n{text}"
        );
    }
}

#[test]
fn tool_two_pdf_builds_give_identical_bytes() {
    let root = fixture("footnotes");
    let (_a, first) = build_pdf(&root);
    let (_b, second) = build_pdf(&root);
    assert_eq!(
        std::fs::read(first).expect("first"),
        std::fs::read(second).expect("second")
    );
}

#[test]
fn typst_only_writes_the_sources() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("livre.pdf");
    let sources = dir.path().join("sources");
    let o = lcbook_ok(&[
        "pdf",
        "--typst-only",
        fixture("parts-series").to_str().expect("utf-8"),
        "-o",
        out.to_str().expect("utf-8"),
        "--typst-dir",
        sources.to_str().expect("utf-8"),
    ]);
    assert!(!out.exists());
    assert_eq!(
        stderr(&o),
        format!("wrote the Typst sources in {}\n", sources.display())
    );
    for f in ["book.typ", "template.typ", "chapters/01-avant-propos.typ"] {
        assert!(sources.join(f).is_file(), "{f}");
    }
}

fn fake_typst(dir: &Path, version: &str) -> PathBuf {
    let path = dir.join("typst");
    std::fs::write(&path, format!("#!/bin/sh\necho 'typst {version} (fake)'\n")).expect("write");
    let mut perms = std::fs::metadata(&path).expect("meta").permissions();
    std::os::unix::fs::PermissionsExt::set_mode(&mut perms, 0o755);
    std::fs::set_permissions(&path, perms).expect("chmod");
    path
}

#[test]
fn a_missing_or_wrong_typst_says_how_to_install_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let book = fixture("order-date");
    let out = dir.path().join("x.pdf");
    let o = lcbook(&[
        "pdf",
        book.to_str().expect("utf-8"),
        "-o",
        out.to_str().expect("utf-8"),
        "--typst",
        "/nonexistent/typst",
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        stderr(&o),
        "error: Typst is not installed (no `/nonexistent/typst` found); install Typst 0.15.1 with `cargo install typst-cli --version 0.15.1 --locked`, or name it with --typst or LCBOOK_TYPST\n"
    );
    let fake = fake_typst(dir.path(), "0.14.2");
    let o = lcbook(&[
        "pdf",
        book.to_str().expect("utf-8"),
        "-o",
        out.to_str().expect("utf-8"),
        "--typst",
        fake.to_str().expect("utf-8"),
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        stderr(&o),
        format!(
            "error: Typst 0.15.1 is needed, but `{}` is `typst 0.14.2 (fake)`; install it with `cargo install typst-cli --version 0.15.1 --locked`\n",
            fake.display()
        )
    );
    assert!(!out.exists());
}

/// A book whose template is `template` (written to `modele.typ`).
fn book_with_template(template: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path().to_owned();
    std::fs::write(
        root.join("book.toml"),
        "[book]\ntitle = \"Essai\"\n[pdf]\ntemplate = \"modele.typ\"\n",
    )
    .expect("book.toml");
    std::fs::create_dir(root.join("chapters")).expect("mkdir");
    std::fs::write(root.join("chapters/a.md"), "# A\n\nTexte.\n").expect("a.md");
    std::fs::write(root.join("modele.typ"), template).expect("template");
    (dir, root)
}

fn pdf_errors(root: &Path) -> (Option<i32>, String, bool) {
    let out = root.join("build/out.pdf");
    let o = lcbook(&[
        "pdf",
        root.to_str().expect("utf-8"),
        "-o",
        out.to_str().expect("utf-8"),
    ]);
    (o.status.code(), stderr(&o), out.exists())
}

#[test]
fn tool_a_bad_template_is_reported_against_the_template() {
    let template =
        lcbook::pdf::TEMPLATE.replacen("set par(justify: true,", "set par(justifie: true,", 1);
    let line = template
        .lines()
        .position(|l| l.contains("set par(justifie: true,"))
        .expect("changed line")
        + 1;
    let (_dir, root) = book_with_template(&template);
    let (code, err, written) = pdf_errors(&root);
    assert_eq!(code, Some(1));
    assert!(!written, "no PDF is left behind");
    assert_eq!(
        err,
        format!(
            "modele.typ:{line}:11: error: typst: unexpected argument: justifie\nerror: the book was not built: 1 error, 0 warnings\n"
        )
    );
}

#[test]
fn tool_a_typst_error_is_reported_against_the_article_line() {
    // A PNG whose header and end are right but whose data is not: it passes lcbook's check
    // of the file and fails in Typst, at the figure written for line 5 of the article.
    fn chunk(kind: &[u8], data: &[u8]) -> Vec<u8> {
        let mut c = (data.len() as u32).to_be_bytes().to_vec();
        c.extend_from_slice(kind);
        c.extend_from_slice(data);
        let mut crc_input = kind.to_vec();
        crc_input.extend_from_slice(data);
        c.extend_from_slice(&crc32(&crc_input).to_be_bytes());
        c
    }
    fn crc32(bytes: &[u8]) -> u32 {
        let mut crc = 0xffff_ffffu32;
        for b in bytes {
            crc ^= u32::from(*b);
            for _ in 0..8 {
                crc = if crc & 1 == 1 {
                    (crc >> 1) ^ 0xedb8_8320
                } else {
                    crc >> 1
                };
            }
        }
        !crc
    }
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    png.extend(chunk(b"IHDR", &[0, 0, 0, 4, 0, 0, 0, 4, 8, 2, 0, 0, 0]));
    png.extend(chunk(b"IDAT", b"not zlib data at all!!"));
    png.extend(chunk(b"IEND", b""));
    let (_dir, root) = book_with_template(lcbook::pdf::TEMPLATE);
    std::fs::write(root.join("chapters/casse.png"), png).expect("png");
    std::fs::write(
        root.join("chapters/a.md"),
        "# A\n\nTexte.\n\n![Une image abîmée](casse.png)\n\nFin.\n",
    )
    .expect("a.md");
    let (code, err, written) = pdf_errors(&root);
    assert_eq!(code, Some(1));
    assert!(!written);
    assert_eq!(
        err,
        "chapters/a.md:5:1: error: typst: failed to decode image (Format error decoding Png: Corrupt deflate stream. BadZlibHeader)\nerror: the book was not built: 1 error, 0 warnings\n"
    );
}

#[test]
fn tool_a_missing_font_is_an_error() {
    let template = lcbook::pdf::TEMPLATE.replacen(
        "#let body-font = \"Libertinus Serif\"",
        "#let body-font = \"Nope Sans\"",
        1,
    );
    let line = template
        .lines()
        .position(|l| l.contains("set text(font: body-font"))
        .expect("the text rule")
        + 1;
    let (_dir, root) = book_with_template(&template);
    let (code, err, written) = pdf_errors(&root);
    assert_eq!(code, Some(1));
    assert!(!written);
    assert!(
        err.starts_with(&format!("modele.typ:{line}:"))
            && err.contains("error: typst: unknown font family: nope sans"),
        "{err}"
    );
}

#[test]
fn the_shipped_fonts_have_the_french_spaces() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fonts");
    let mut faces = Vec::new();
    for style in ["Regular", "Italic", "Bold", "BoldItalic"] {
        let path = dir.join(format!("LibertinusSerif-{style}.otf"));
        let data = std::fs::read(&path).expect("the font file is shipped");
        let face = ttf_parser::Face::parse(&data, 0).expect("an OpenType font");
        for c in ['\u{202f}', '\u{a0}', '«', '»', '’', '…', 'œ', 'É'] {
            assert!(
                face.glyph_index(c).is_some(),
                "{style} lacks U+{:04X}",
                c as u32
            );
        }
        faces.push(style);
    }
    assert_eq!(faces.len(), 4);
    assert!(dir.join("OFL.txt").is_file());
}

#[test]
fn tool_paper_sizes() {
    for (pdf_table, size) in [
        ("paper = \"a6\"", "297.638 x 419.528 pts"),
        ("paper = \"a4\"", "595.276 x 841.89 pts"),
        ("width = 120\nheight = 180", "340.157 x 510.236 pts"),
    ] {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path();
        std::fs::write(
            root.join("book.toml"),
            format!("[book]\ntitle = \"Essai\"\n[pdf]\n{pdf_table}\n"),
        )
        .expect("book.toml");
        std::fs::create_dir(root.join("chapters")).expect("mkdir");
        std::fs::write(root.join("chapters/a.md"), "# A\n\nTexte.\n").expect("a.md");
        let (_out, pdf) = build_pdf(root);
        let info = poppler("pdfinfo", &[pdf.to_str().expect("utf-8")]);
        assert!(
            info.contains(&format!("Page size:       {size}")),
            "{pdf_table}: {info}"
        );
    }
}

/// A book of one article with this Markdown, in a temporary directory.
fn one_article(markdown: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path().join("livre");
    std::fs::create_dir_all(root.join("chapters")).expect("mkdir");
    std::fs::write(root.join("book.toml"), "[book]\ntitle = \"Essai\"\n").expect("book.toml");
    std::fs::write(root.join("chapters/a.md"), markdown).expect("a.md");
    (dir, root)
}

#[test]
fn tool_a_directory_lcbook_did_not_make_is_never_deleted() {
    let (dir, root) = one_article("# A\n\nTexte.\n");
    // A `typst/` of the user's beside the PDF: not lcbook's business any more.
    let elsewhere = dir.path().join("ailleurs");
    std::fs::create_dir_all(elsewhere.join("typst")).expect("mkdir");
    std::fs::write(elsewhere.join("typst/precieux.txt"), "x").expect("write");
    let out = elsewhere.join("livre.pdf");
    lcbook_ok(&[
        "pdf",
        "-q",
        root.to_str().expect("utf-8"),
        "-o",
        out.to_str().expect("utf-8"),
    ]);
    assert!(out.is_file() && elsewhere.join("typst/precieux.txt").is_file());
    assert!(root.join("build/typst/book.typ").is_file());
    // A folder named for the sources that lcbook did not make is refused, never emptied.
    let victim = dir.path().join("victime");
    std::fs::create_dir_all(&victim).expect("mkdir");
    std::fs::write(victim.join("precieux.txt"), "x").expect("write");
    let o = lcbook(&[
        "pdf",
        root.to_str().expect("utf-8"),
        "-o",
        out.to_str().expect("utf-8"),
        "--typst-dir",
        victim.to_str().expect("utf-8"),
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        stderr(&o),
        format!(
            "error: {}: cannot write: this directory was not made by lcbook; move it, or name \
             another with --typst-dir\n",
            victim.display()
        )
    );
    assert!(victim.join("precieux.txt").is_file());
}

#[test]
fn tool_text_after_a_note_or_an_anchor_stays_text() {
    let (_dir, root) = one_article(
        "# A\n\nTexte[^n]\\(suite) et <a name=\"x\"></a>(1), il dit <q>oui</q> et part.\n\n[^n]: La note.\n",
    );
    let (_out, pdf) = build_pdf(&root);
    let text = poppler("pdftotext", &[pdf.to_str().expect("utf-8"), "-"]);
    assert!(
        text.contains("Texte1(suite) et (1), il dit « oui » et part."),
        "{text}"
    );
}

#[test]
fn tool_typst_is_found_by_a_relative_path_and_must_write_a_pdf() {
    let (dir, _root) = one_article("# A\n\nTexte.\n");
    let real = Command::new("sh")
        .args(["-c", "command -v typst"])
        .output()
        .expect("sh");
    let real = String::from_utf8_lossy(&real.stdout).trim().to_owned();
    assert!(
        !real.is_empty(),
        "typst 0.15.1 must be on PATH for these tests"
    );
    std::fs::create_dir(dir.path().join("bin")).expect("mkdir");
    std::os::unix::fs::symlink(&real, dir.path().join("bin/typst")).expect("symlink");
    let run = |typst: &str| {
        Command::new(env!("CARGO_BIN_EXE_lcbook"))
            .current_dir(dir.path())
            .args([
                "pdf",
                "-q",
                "livre",
                "-o",
                "out/livre.pdf",
                "--typst",
                typst,
            ])
            .output()
            .expect("runs")
    };
    let o = run("bin/typst");
    assert!(o.status.success(), "{}", stderr(&o));
    // A program that answers the right version and writes nothing is caught.
    let fake = dir.path().join("bin/muet");
    std::fs::write(
        &fake,
        "#!/bin/sh\n[ \"$1\" = --version ] && echo 'typst 0.15.1 (fake)'\nexit 0\n",
    )
    .expect("write");
    let mut perms = std::fs::metadata(&fake).expect("meta").permissions();
    std::os::unix::fs::PermissionsExt::set_mode(&mut perms, 0o755);
    std::fs::set_permissions(&fake, perms).expect("chmod");
    let o = run("bin/muet");
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).starts_with(&format!(
            "{}: error: `",
            dir.path().join("livre/build/typst/book.typ").display()
        )) || stderr(&o).contains("livre/build/typst/book.typ: error: `"),
        "{}",
        stderr(&o)
    );
    assert!(
        stderr(&o).contains("bin/muet` wrote no PDF\n"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn tool_a_template_without_chapter_is_the_templates_fault() {
    let template = lcbook::pdf::TEMPLATE.replacen("#let chapter(", "#let chapitre(", 1);
    let (_dir, root) = book_with_template(&template);
    let (code, err, _) = pdf_errors(&root);
    assert_eq!(code, Some(1));
    assert_eq!(
        err,
        "modele.typ: error: typst: unresolved import\nerror: the book was not built: 1 error, 0 warnings\n"
    );
}

#[test]
fn tool_blank_pages_are_bare_and_the_book_ends_on_a_left_page() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let (_dir, pdf) = build_pdf(root);
    let path = pdf.to_str().expect("utf-8");
    let info = poppler("pdfinfo", &[path]);
    let pages: usize = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .expect("a page count");
    assert_eq!(
        pages % 2,
        0,
        "the colophon ends the book on a left-hand page"
    );
    let page = |n: usize| {
        poppler(
            "pdftotext",
            &["-f", &n.to_string(), "-l", &n.to_string(), path, "-"],
        )
    };
    // Half-title, its blank back, title page, its back, contents, then the blank before the
    // chapter: none carries a running head or a number.
    assert_eq!(page(6).trim(), "", "page 6 is blank");
    assert!(
        page(7).trim_end().ends_with('7'),
        "the chapter opening has its number"
    );
}

#[test]
fn tool_notes_called_only_from_notes_are_printed_once() {
    let (_dir, root) = one_article(
        "# A\n\nTexte[^1] et encore.\n\n[^1]: alpha [^1] et [^2]\n\n[^2]: beta [^1]\n\n[^3]: gamma [^4]\n\n[^4]: delta [^3]\n",
    );
    let (_out, pdf) = build_pdf(&root);
    let text = poppler("pdftotext", &[pdf.to_str().expect("utf-8"), "-"]);
    for word in ["alpha", "beta", "gamma", "delta"] {
        assert_eq!(text.matches(word).count(), 1, "`{word}` once in:\n{text}");
    }
}

/// The Typst sources are written over a previous run's: a file only when its bytes change (the
/// others keep their time, and Typst's and the system's caches), what is no longer needed
/// removed.
#[test]
fn the_typst_sources_change_only_where_the_book_does() {
    let (dir, root) = one_article("# A\n\nTexte.\n");
    std::fs::write(root.join("chapters/b.md"), "# B\n\nAutre texte.\n").expect("b.md");
    let sources = dir.path().join("sources");
    let run = || {
        lcbook_ok(&[
            "pdf",
            "-q",
            "--typst-only",
            root.to_str().expect("utf-8"),
            "--typst-dir",
            sources.to_str().expect("utf-8"),
        ]);
    };
    run();
    let chapter = |name: &str| sources.join("chapters").join(name);
    let mtime = |p: &Path| {
        std::fs::metadata(p)
            .and_then(|m| m.modified())
            .expect("mtime")
    };
    let (a, b) = (chapter("01-a.typ"), chapter("02-b.typ"));
    let (a_then, b_then) = (mtime(&a), mtime(&b));
    std::thread::sleep(std::time::Duration::from_millis(20));
    std::fs::write(root.join("chapters/b.md"), "# B\n\nTexte changé.\n").expect("b.md");
    run();
    assert_eq!(mtime(&a), a_then, "an unchanged chapter is not rewritten");
    assert_ne!(mtime(&b), b_then, "a changed chapter is");
    // A chapter left out of the book: its file goes.
    std::fs::remove_file(root.join("chapters/b.md")).expect("rm");
    run();
    assert!(a.is_file() && !b.exists());
    assert!(sources.join(".lcbook-sources").is_file());
}
