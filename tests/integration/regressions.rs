//! Regressions found by trying lcbook on books it had not seen: each test builds a small book
//! in a temporary directory and checks the exact outcome.

use std::path::{Path, PathBuf};

use crate::support::{Epub, epubcheck, lcbook, lcbook_ok, stderr};

/// A book in a temporary directory: `book.toml` and the given files.
fn book(toml: &str, files: &[(&str, &[u8])]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path().to_owned();
    std::fs::write(root.join("book.toml"), toml).expect("book.toml");
    std::fs::create_dir_all(root.join("chapters")).expect("chapters");
    for (name, data) in files {
        let path = root.join(name);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, data).expect("write");
    }
    (dir, root)
}

fn epub(root: &Path) -> (std::process::Output, PathBuf) {
    let out = root.join("out.epub");
    let o = lcbook(&[
        "epub",
        root.to_str().expect("utf-8"),
        "-o",
        out.to_str().expect("utf-8"),
    ]);
    (o, out)
}

const TOML: &str = "[book]\ntitle = \"Essai\"\n";

/// A minimal valid PNG (1×1, grey), written here rather than copied.
fn png() -> Vec<u8> {
    std::fs::read(crate::support::fixture("images/chapters/images/plan.png")).expect("plan.png")
}

#[test]
fn tool_pictures_are_checked_by_content_not_name() {
    let png = png();
    let files: Vec<(&str, &[u8])> = vec![
        (
            "chapters/a.md",
            b"# A\n\n![vraie](png-nomme.jpg)\n\n![tronquee](tronquee.gif)\n\n![texte](texte.png)\n\n![script](script.svg)\n\n![externe](externe.svg)\n",
        ),
        ("chapters/png-nomme.jpg", &png),
        ("chapters/tronquee.gif", b"GIF89a"),
        ("chapters/texte.png", b"not a picture"),
        (
            "chapters/script.svg",
            b"<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>",
        ),
        (
            "chapters/externe.svg",
            b"<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\"><image xlink:href=\"http://example.org/x.png\"/></svg>",
        ),
    ];
    let (_dir, root) = book(TOML, &files);
    let (o, out) = epub(&root);
    assert!(o.status.success(), "{}", stderr(&o));
    let lines: Vec<String> = stderr(&o)
        .lines()
        .filter(|l| l.starts_with("chapters/"))
        .map(str::to_owned)
        .collect();
    assert_eq!(
        lines,
        [
            "chapters/a.md:5:1: warning: image `tronquee.gif`: the file is truncated or damaged; its alt text stands in",
            "chapters/a.md:7:1: warning: image `texte.png`: not a PNG, JPEG, GIF, WebP or SVG picture; its alt text stands in",
            "chapters/a.md:9:1: warning: image `script.svg`: the SVG contains `<script>`; its alt text stands in",
            "chapters/a.md:11:1: warning: image `externe.svg`: the SVG refers to another file (`http://example.org/x.png`); its alt text stands in",
        ]
    );
    let epub = Epub::open(&out);
    assert!(
        epub.names().contains(&"EPUB/images/png-nomme.png"),
        "{:?}",
        epub.names()
    );
    epubcheck(&out);
}

#[test]
fn a_stylesheet_must_be_self_contained() {
    let toml = "[book]\ntitle = \"Essai\"\n[epub]\nstylesheet = \"extra.css\"\n";
    let (_dir, root) = book(
        toml,
        &[
            ("chapters/a.md", b"texte"),
            ("extra.css", b"@import url(\"http://x/x.css\");"),
        ],
    );
    let (o, _) = epub(&root);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).starts_with(
        "book.toml:4:1: error: stylesheet `extra.css` imports another stylesheet (`@import`): a book's stylesheet must be self-contained\n"
    ), "{}", stderr(&o));
}

#[test]
fn the_output_is_written_through_a_symlink_and_never_over_a_directory() {
    let (_dir, root) = book(TOML, &[("chapters/a.md", b"texte")]);
    let real = root.join("real.epub");
    std::fs::write(&real, b"old").expect("write");
    let link = root.join("link.epub");
    std::os::unix::fs::symlink(&real, &link).expect("symlink");
    lcbook_ok(&[
        "epub",
        "-q",
        root.to_str().expect("utf-8"),
        "-o",
        link.to_str().expect("utf-8"),
    ]);
    assert!(
        std::fs::symlink_metadata(&link)
            .expect("link")
            .file_type()
            .is_symlink()
    );
    assert!(std::fs::read(&real).expect("real").starts_with(b"PK"));
    let o = lcbook(&[
        "epub",
        root.to_str().expect("utf-8"),
        "-o",
        root.to_str().expect("utf-8"),
    ]);
    // A folder as the output is a bad command line (exit status 2), said before any work.
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains(&format!(
            "this is a folder; name the file, such as `{}`",
            root.join("livre.epub").display()
        )),
        "{}",
        stderr(&o)
    );
}

#[test]
fn other_front_matter_shapes() {
    let toml = "[book]\ntitle = \"Essai\"\n[chapters]\ncategory = \"Histoire\"\n";
    let (_dir, root) = book(
        toml,
        &[
            (
                "chapters/hugo.md",
                b"+++\ntitle = \"Venu de Hugo\"\ndate = 2017-09-02T10:00:00+02:00\ncategories = [\"Histoire\", \"Luttes\"]\nauthors = [\"Louise Michel\", \"Jules Vall\xc3\xa8s\"]\n+++\n\nTexte hugo.\n",
            ),
            (
                "chapters/JEKYLL.MD",
                b"---\ntitle: 1.10\ncategories: [histoire]\ndate: 2018-01-01 12:00:00 +0100\n---\n\nTexte jekyll.\n",
            ),
            (
                "chapters/brouillon.md",
                b"---\ntitle: Brouillon\ncategory: Histoire\ndraft: true\n---\n\nPas encore.\n",
            ),
        ],
    );
    let (o, out) = epub(&root);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o)
            .contains("chapters/brouillon.md: warning: `draft: true`: left out of the book\n"),
        "{}",
        stderr(&o)
    );
    let epub = Epub::open(&out);
    assert_eq!(epub.h1s(), ["Venu de Hugo", "1.10"]);
    let first = epub.plain_text("EPUB/text/01-venu-de-hugo.xhtml");
    assert!(
        first.contains("Louise Michel et Jules Vallès · 2\u{a0}septembre\u{a0}2017"),
        "{first}"
    );
}

#[test]
fn tool_anchors_keep_natural_names() {
    let (_dir, root) = book(
        TOML,
        &[
            (
                "chapters/a.md",
                b"# A\n\n## Titre\n\n## Notes\n\n## 1917\n\nUn <a name=\"vieux\"></a>ancien ancrage et <span id=\"sp\">un autre</span>.\n\n[t](#titre) [n](#notes) [a](#1917) [v](#vieux) [s](#sp) [b](b.md#titre)\n",
            ),
            ("chapters/b.md", b"# B\n\n## Titre\n"),
        ],
    );
    let (o, out) = epub(&root);
    assert!(o.status.success(), "{}", stderr(&o));
    let xml = Epub::open(&out).text("EPUB/text/01-a.xhtml");
    for needle in [
        "<h2 id=\"titre\">Titre</h2>",
        "<h2 id=\"notes\">Notes</h2>",
        "<h2 id=\"s-1917\">1917</h2>",
        "<span id=\"vieux\"></span>",
        "<span id=\"sp\"></span>",
        "<a href=\"#titre\">t</a> <a href=\"#notes\">n</a> <a href=\"#s-1917\">a</a> <a href=\"#vieux\">v</a> <a href=\"#sp\">s</a> <a href=\"02-b.xhtml#titre\">b</a>",
    ] {
        assert!(xml.contains(needle), "{needle} in\n{xml}");
    }
    epubcheck(&out);
}

#[test]
fn listed_files_stay_inside_the_chapters_and_are_listed_once() {
    let toml = "[book]\ntitle = \"Essai\"\n[chapters]\norder = \"list\"\nfiles = [\"a.md\", \"../book.toml\", \"a.md\", \"notes.txt\"]\n";
    let (_dir, root) = book(
        toml,
        &[("chapters/a.md", b"texte"), ("chapters/notes.txt", b"x")],
    );
    let (o, _) = epub(&root);
    assert_eq!(o.status.code(), Some(1));
    let lines: Vec<String> = stderr(&o)
        .lines()
        .filter(|l| l.starts_with("book.toml"))
        .map(str::to_owned)
        .collect();
    assert_eq!(
        lines,
        [
            "book.toml:5:19: error: listed file `../book.toml` must be a path inside `chapters`",
            "book.toml:5:35: error: file `a.md` is listed twice",
            "book.toml:5:43: error: listed file `notes.txt` is not a Markdown (.md) file",
        ]
    );
}

#[test]
fn a_book_without_dates_claims_none() {
    let (_dir, root) = book(TOML, &[("chapters/a.md", b"texte")]);
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_lcbook"))
        .args(["epub", "-q", root.to_str().expect("utf-8"), "-o"])
        .arg(root.join("out.epub"))
        .env_remove("SOURCE_DATE_EPOCH")
        .output()
        .expect("runs");
    assert!(o.status.success());
    let colophon = Epub::open(&root.join("out.epub")).plain_text("EPUB/text/colophon.xhtml");
    assert!(colophon.contains("La Commune."), "{colophon}");
    assert!(!colophon.contains("1980"), "{colophon}");
}

#[test]
fn warnings_are_capped_per_file_and_quiet_hides_them() {
    let text = "x <em>ouvert\n\n".repeat(25);
    let (_dir, root) = book(TOML, &[("chapters/a.md", text.as_bytes())]);
    let o = lcbook(&["check", root.to_str().expect("utf-8")]);
    assert!(o.status.success());
    let err = stderr(&o);
    assert_eq!(
        err.matches(": warning: raw HTML `<em>` is not closed; closed here")
            .count(),
        20
    );
    assert!(
        err.contains("chapters/a.md: 5 warnings more not shown\n"),
        "{err}"
    );
    let o = lcbook(&["check", "-q", root.to_str().expect("utf-8")]);
    assert_eq!(stderr(&o), "");
}

#[test]
fn an_undefined_note_is_kept_as_text_with_a_warning() {
    let (_dir, root) = book(
        TOML,
        &[("chapters/a.md", b"# A\n\nUn appel[^nope] sans note.\n")],
    );
    let o = lcbook(&["check", root.to_str().expect("utf-8")]);
    assert!(o.status.success());
    assert!(
        stderr(&o).starts_with(
            "chapters/a.md:3:9: warning: note `[^nope]` is not defined; kept as text\n"
        ),
        "{}",
        stderr(&o)
    );
}

#[test]
fn tool_embedded_fonts_are_declared_and_valid() {
    let toml = "[book]\ntitle = \"Essai\"\n[epub]\nembed-fonts = true\n";
    let (_dir, root) = book(toml, &[("chapters/a.md", b"# A\n\n*Texte* et **gras**.\n")]);
    std::fs::create_dir(root.join("fonts")).expect("mkdir");
    let shipped = Path::new(env!("CARGO_MANIFEST_DIR")).join("fonts");
    for f in ["LibertinusSerif-Regular.otf", "LibertinusSerif-Italic.otf"] {
        std::fs::copy(shipped.join(f), root.join("fonts").join(f)).expect("copy");
    }
    let (o, out) = epub(&root);
    assert!(o.status.success(), "{}", stderr(&o));
    let epub = Epub::open(&out);
    let css = epub.text("EPUB/css/livre.css");
    assert!(css.contains("font-family: \"Libertinus Serif\";\n  font-weight: 400;\n  font-style: italic;\n  src: url(\"../fonts/libertinusserif-italic.otf\");"), "{css}");
    assert!(epub.text("EPUB/package.opf").contains(
        "<item id=\"font1\" href=\"fonts/libertinusserif-italic.otf\" media-type=\"font/otf\"/>"
    ));
    epubcheck(&out);
}

/// A book named by a relative path other than `.` (`lcbook check livres/brochure`) is read as
/// by its absolute path: pictures, listed files and symbolic links (refused when they lead
/// outside) resolve from the book, not from the working directory.
#[test]
fn a_book_named_by_a_relative_path_is_read_as_by_an_absolute_one() {
    let check_from = |dir: &Path, book: &str| {
        let o = std::process::Command::new(env!("CARGO_BIN_EXE_lcbook"))
            .current_dir(dir)
            .args(["check", book])
            .output()
            .expect("lcbook runs");
        (o.status.code(), stderr(&o))
    };
    let fixtures = crate::support::fixture("");
    let above = fixtures.parent().expect("tests/");
    for name in ["images", "order-list", "links", "parts-series"] {
        let absolute = fixtures.join(name);
        assert_eq!(
            check_from(above, &format!("fixtures/{name}")),
            check_from(above, absolute.to_str().expect("utf-8")),
            "{name}"
        );
    }
    // A link to an article outside the book.
    let dir = tempfile::tempdir().expect("tempdir");
    let book = dir.path().join("livres/brochure");
    std::fs::create_dir_all(book.join("chapters")).expect("chapters");
    std::fs::write(book.join("book.toml"), "[book]\ntitle = \"Essai\"\n").expect("toml");
    std::fs::write(book.join("chapters/a.md"), "# A\n\nTexte.\n").expect("a.md");
    std::fs::write(dir.path().join("secret.md"), "# Secret\n\nTexte.\n").expect("secret");
    std::os::unix::fs::symlink("../../../secret.md", book.join("chapters/lien.md")).expect("link");
    let relative = check_from(dir.path(), "livres/brochure");
    assert_eq!(
        relative,
        check_from(dir.path(), book.to_str().expect("utf-8"))
    );
    assert_eq!(relative.0, Some(1), "{}", relative.1);
    assert!(relative.1.contains("outside the book"), "{}", relative.1);
}
