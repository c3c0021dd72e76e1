//! Hostile inputs, class by class: nesting of any depth, paths leading outside the book,
//! special files, URLs that are not, words longer than a line, diagnostics without a real
//! place, interrupted builds and their debris. Each test builds small books in a temporary
//! directory and checks the exact outcome, over a range of inputs rather than one example.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use crate::pdf::{pdf_text, poppler};
use crate::support::{Epub, epubcheck, lcbook, lcbook_ok, stderr};

const TOML: &str = "[book]\ntitle = \"Essai\"\nlanguage = \"fr\"\n[chapters]\norder = \"path\"\n";

/// A book in a temporary directory: `book.toml` and the given files.
fn book(toml: &str, files: &[(&str, &str)]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path().join("livre");
    std::fs::create_dir_all(root.join("chapters")).expect("chapters");
    std::fs::write(root.join("book.toml"), toml).expect("book.toml");
    for (name, data) in files {
        let path = root.join(name);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, data).expect("write");
    }
    (dir, root)
}

fn article(body: &str) -> String {
    format!("---\ntitle: Essai\ndate: 2017-09-02\n---\n\n{body}\n")
}

/// Runs `lcbook <command> ROOT -o ROOT/../out.<ext> [extra]`.
fn run(command: &str, root: &Path, extra: &[&str]) -> (Output, PathBuf) {
    let ext = if command == "epub" { "epub" } else { "pdf" };
    let out = root.parent().expect("parent").join(format!("out.{ext}"));
    let mut args = vec![
        command,
        root.to_str().expect("utf-8"),
        "-o",
        out.to_str().expect("utf-8"),
    ];
    args.extend_from_slice(extra);
    (lcbook(&args), out)
}

/// No panic, no abort: an exit status of 0 or 1, and a message for 1.
fn no_crash(o: &Output, what: &str) {
    let code = o.status.code();
    assert!(
        matches!(code, Some(0 | 1)) && !stderr(o).contains("panicked"),
        "{what}: {:?}\n{}",
        o.status,
        stderr(o)
    );
}

#[test]
fn tool_nesting_of_any_depth_builds_both_ways_with_its_text() {
    type Make = fn(usize) -> String;
    let kinds: [(&str, Make); 7] = [
        ("quotes", |d| format!("{} fond", ">".repeat(d))),
        ("lists", |d| {
            (0..d.min(200))
                .map(|i| format!("{}- fond", "  ".repeat(i)))
                .collect::<Vec<_>>()
                .join("\n")
        }),
        ("html-emphasis", |d| {
            format!("{}fond{}", "<em>".repeat(d), "</em>".repeat(d))
        }),
        ("divs", |d| {
            format!("{}fond{}", "<div>".repeat(d), "</div>".repeat(d))
        }),
        ("html-quotes", |d| {
            format!(
                "{}fond{}",
                "<blockquote>".repeat(d),
                "</blockquote>".repeat(d)
            )
        }),
        ("markdown-emphasis", |d| {
            format!("{}fond{}", "*_".repeat(d), "_*".repeat(d))
        }),
        ("notes", |d| {
            let mut s = String::from("Appel[^n0] fond.\n\n");
            for n in 0..d {
                s.push_str(&format!("[^n{n}]: note fond [^n{}]\n\n", n + 1));
            }
            s.push_str(&format!("[^n{d}]: fin fond\n"));
            s
        }),
    ];
    // One book, one article per kind and depth, each with its own word: one EPUBCheck run.
    let depths = [1, 16, 33, 65, 300, 8_000];
    let mut files: Vec<(String, String)> = Vec::new();
    let mut markers = Vec::new();
    for depth in depths {
        for (k, (name, make)) in kinds.iter().enumerate() {
            let marker = format!("fond{k}x{depth}");
            let body = make(depth).replace("fond", &marker);
            files.push((
                format!("chapters/{name}-{depth:05}.md"),
                article(&format!("{body}\n\nFin.")),
            ));
            markers.push((marker, name, depth));
        }
    }
    let files: Vec<(&str, &str)> = files
        .iter()
        .map(|(n, t)| (n.as_str(), t.as_str()))
        .collect();
    let (_dir, root) = book(TOML, &files);
    let (o, epub) = run("epub", &root, &[]);
    no_crash(&o, "epub");
    assert!(o.status.success(), "{}", stderr(&o));
    epubcheck(&epub);
    let (o, pdf) = run("pdf", &root, &[]);
    no_crash(&o, "pdf");
    assert!(o.status.success(), "{}", stderr(&o));
    let printed = pdf_text(&pdf);
    let epub_text: String = {
        let e = Epub::open(&epub);
        e.spine_documents()
            .iter()
            .map(|d| e.plain_text(d))
            .collect()
    };
    // Every kind keeps its innermost text in both books, at every depth.
    for (marker, name, depth) in &markers {
        for (book, text) in [("PDF", &printed), ("EPUB", &epub_text)] {
            assert!(
                text.contains(marker.as_str()),
                "{name} at depth {depth}: text lost in the {book}"
            );
        }
    }
    // Every warning (content set flat) is located.
    let located =
        regex::Regex::new(r"^chapters/[a-z-]+-\d+\.md:\d+:\d+: warning: ").expect("regex");
    for line in stderr(&o).lines().filter(|l| l.contains(": warning: ")) {
        assert!(located.is_match(line), "unlocated: {line}");
    }
    for (name, depth) in [
        ("quotes", 16),
        ("lists", 16),
        ("html-emphasis", 65),
        ("divs", 300),
    ] {
        assert!(
            stderr(&o).contains(&format!("chapters/{name}-{depth:05}.md:")),
            "{name} at depth {depth}: no warning\n{}",
            stderr(&o)
        );
    }
}

#[test]
fn importing_deeply_nested_html_flattens_and_says_where() {
    let dir = tempfile::tempdir().expect("tempdir");
    for depth in [50, 101, 8_000] {
        let page = dir.path().join(format!("page-{depth}.html"));
        std::fs::write(
            &page,
            format!(
                "<!DOCTYPE html>\n<html><body><article>\n<h1>Titre {depth}</h1>\n\
                 <p><strong>Zdenek Zavladii</strong></p>\n{}profond{}\n</article></body></html>\n",
                "<div>".repeat(depth),
                "</div>".repeat(depth)
            ),
        )
        .expect("page");
        let into = dir.path().join(format!("out-{depth}"));
        let o = lcbook(&[
            "import",
            page.to_str().expect("utf-8"),
            "--into",
            into.to_str().expect("utf-8"),
        ]);
        no_crash(&o, &format!("import, depth {depth}"));
        assert!(o.status.success(), "depth {depth}: {}", stderr(&o));
        let written: String = std::fs::read_dir(&into)
            .expect("written")
            .map(|e| std::fs::read_to_string(e.expect("entry").path()).expect("article"))
            .collect();
        assert!(written.contains("profond"), "depth {depth}: {written}");
        // The 98th `<div>` of line 5 is the 101st element open (after html, body, article).
        let warned = stderr(&o).contains(&format!(
            "page-{depth}.html:5:{}: warning: HTML nested more than 100 elements deep",
            5 * 97 + 1
        ));
        assert_eq!(warned, depth > 100, "depth {depth}: {}", stderr(&o));
    }
}

/// The keys that name files, each given a path outside the book three ways.
#[test]
fn every_path_leading_outside_is_refused_with_its_key_unless_allowed() {
    let outside = tempfile::tempdir().expect("tempdir");
    let secret = outside.path().join("secret.css");
    std::fs::write(&secret, "SECRET-CONTENT").expect("secret");
    std::fs::create_dir_all(outside.path().join("dir")).expect("dir");
    std::fs::write(outside.path().join("dir/a.md"), article("Dehors.")).expect("a.md");
    let secret_s = secret.to_str().expect("utf-8");
    let name = outside
        .path()
        .file_name()
        .and_then(|n| n.to_str())
        .expect("name");
    for (section, key) in [
        ("epub", "stylesheet"),
        ("book", "cover"),
        ("pdf", "template"),
    ] {
        for path in [
            secret_s.to_owned(),
            format!("../../{name}/secret.css"),
            "lien.css".to_owned(),
        ] {
            let line = format!("{key} = \"{path}\"\n");
            let toml = if section == "book" {
                format!("[book]\ntitle = \"Essai\"\n{line}")
            } else {
                format!("{TOML}[{section}]\n{line}")
            };
            let (_dir, root) = book(&toml, &[("chapters/a.md", &article("Texte."))]);
            std::os::unix::fs::symlink(&secret, root.join("lien.css")).expect("link");
            let (o, _) = run("epub", &root, &[]);
            assert_eq!(o.status.code(), Some(1), "{key} = {path}: {}", stderr(&o));
            let err = stderr(&o);
            assert!(
                err.contains("book.toml:")
                    && err.contains("leads outside the book directory")
                    && !err.contains("SECRET-CONTENT"),
                "{key} = {path}:\n{err}"
            );
        }
    }
    // `[cover] image` and `[chapters] dir`.
    for toml in [
        format!("{TOML}[cover]\nimage = \"{secret_s}\"\n"),
        format!(
            "[book]\ntitle = \"Essai\"\n[chapters]\ndir = \"{}\"\n",
            outside.path().join("dir").display()
        ),
        format!("[book]\ntitle = \"Essai\"\n[chapters]\ndir = \"../../{name}/dir\"\n"),
    ] {
        let (_dir, root) = book(&toml, &[("chapters/a.md", &article("Texte."))]);
        let (o, _) = run("epub", &root, &[]);
        assert_eq!(o.status.code(), Some(1), "{toml}: {}", stderr(&o));
        assert!(
            stderr(&o).contains("leads outside the book directory"),
            "{toml}:\n{}",
            stderr(&o)
        );
    }
    // Links inside `chapters/`, to a file and to a directory.
    let (_dir, root) = book(TOML, &[("chapters/a.md", &article("Dedans."))]);
    std::os::unix::fs::symlink(
        outside.path().join("dir/a.md"),
        root.join("chapters/lien.md"),
    )
    .expect("link");
    std::os::unix::fs::symlink(outside.path().join("dir"), root.join("chapters/dossier"))
        .expect("link");
    let (o, epub) = run("epub", &root, &[]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let err = stderr(&o);
    for link in ["chapters/lien.md", "chapters/dossier"] {
        assert!(
            err.contains(&format!(
                "{link}: error: symbolic link leads outside the book directory"
            )),
            "{link}:\n{err}"
        );
    }
    assert!(!epub.exists());
    // Said explicitly, the outside files are read.
    let (o, epub) = run("epub", &root, &["--allow-outside"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text: String = {
        let e = Epub::open(&epub);
        e.spine_documents()
            .iter()
            .map(|d| e.plain_text(d))
            .collect()
    };
    assert!(text.contains("Dehors"), "{text}");
}

/// Runs lcbook with a deadline: a build that waits on a pipe fails the test instead of
/// hanging it.
fn run_with_deadline(args: &[&str], deadline: Duration) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_lcbook"))
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("lcbook runs");
    let start = Instant::now();
    while child.try_wait().expect("wait").is_none() {
        if start.elapsed() > deadline {
            let _ = child.kill();
            panic!("lcbook {args:?} still running after {deadline:?}");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    child.wait_with_output().expect("output")
}

fn mkfifo(path: &Path) {
    let ok = Command::new("mkfifo")
        .arg(path)
        .status()
        .is_ok_and(|s| s.success());
    assert!(ok, "mkfifo {}", path.display());
}

#[test]
fn special_files_are_refused_never_opened() {
    let cases: [(&str, &str, &str); 4] = [
        (
            "book.toml",
            "",
            "book.toml: error: is a named pipe, not a regular file",
        ),
        (
            "chapters/image.png",
            "![plan](image.png)",
            "chapters/a.md:6:1: warning: image `image.png`: cannot be read (is a named pipe, not a regular file); its alt text stands in",
        ),
        (
            "style.css",
            "",
            "book.toml:7:1: error: stylesheet `style.css`: is a named pipe, not a regular file",
        ),
        (
            "chapters/b.md",
            "",
            "chapters/b.md: error: is not a regular file (a pipe, a device?); an article must be one",
        ),
    ];
    for (fifo, body, expected) in cases {
        let toml = if fifo == "style.css" {
            format!("{TOML}[epub]\nstylesheet = \"style.css\"\n")
        } else {
            TOML.to_owned()
        };
        let (_dir, root) = book(&toml, &[("chapters/a.md", &article(body))]);
        if fifo == "book.toml" {
            std::fs::remove_file(root.join("book.toml")).expect("rm");
        }
        mkfifo(&root.join(fifo));
        let out = root.join("out.epub");
        let o = run_with_deadline(
            &[
                "epub",
                root.to_str().expect("utf-8"),
                "-o",
                out.to_str().expect("utf-8"),
            ],
            Duration::from_secs(30),
        );
        no_crash(&o, fifo);
        assert!(stderr(&o).contains(expected), "{fifo}:\n{}", stderr(&o));
    }
}

#[test]
fn tool_every_href_is_a_valid_url_or_no_link() {
    let typed = [
        "https://example.com/?find=\\*",
        "https://example.com/a?q=[1]",
        "https://example.com/a b",
        "https://example.com/100%",
        "https://example.com/#a#b",
        "https://example.com/é?x=ü#ß",
        "https://example.com/{x}|^`",
        "https://../",
        "https://a..b/",
        "http://",
        "mailto:a b@example.org",
        "//example.com/x",
        "ftp://example.com/x\"y",
    ];
    let mut body = String::new();
    for (i, url) in typed.iter().enumerate() {
        body.push_str(&format!(
            "[lien {i}](<{url}>) et <{url}> et <a href=\"{url}\">h{i}</a>\n\n"
        ));
    }
    let toml = TOML.to_owned();
    let source =
        "---\ntitle: Essai\ndate: 2017-09-02\nsource: \"https://example.com/?q=[1]\"\n---\n\n";
    let (_dir, root) = book(&toml, &[("chapters/a.md", &format!("{source}{body}"))]);
    let (o, epub) = run("epub", &root, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    epubcheck(&epub);
    let e = Epub::open(&epub);
    let href = regex::Regex::new(r#"href="([^"]*)""#).expect("regex");
    for doc in e.spine_documents() {
        for cap in href.captures_iter(&e.text(&doc)) {
            let url = cap[1].replace("&amp;", "&");
            if url.contains("://") || url.starts_with("mailto:") {
                assert!(lcbook::text::url::is_valid(&url), "{doc}: {url}");
            }
        }
    }
    for bad in ["https://../", "https://a..b/", "http://"] {
        assert!(
            stderr(&o).contains(&format!("link `{bad}` is not a valid URL")),
            "{bad}: {}",
            stderr(&o)
        );
    }
    // The PDF's links are the same URLs.
    let (o, _) = run("pdf", &root, &["--typst-only"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let sources = root.join("build/typst/chapters");
    let link = regex::Regex::new(r#"#link\("([^"]*)"\)"#).expect("regex");
    for entry in std::fs::read_dir(sources).expect("sources") {
        let text = std::fs::read_to_string(entry.expect("entry").path()).expect("typ");
        for cap in link.captures_iter(&text) {
            assert!(lcbook::text::url::is_valid(&cap[1]), "{}", &cap[1]);
        }
    }
}

#[test]
fn tool_a_word_longer_than_the_line_is_printed_whole() {
    let width = regex::Regex::new(r#"<page width="([0-9.]+)""#).expect("regex");
    let x_max = regex::Regex::new(r#"xMax="([0-9.]+)""#).expect("regex");
    for (word, paper) in [
        ("x".repeat(5_000), "a5"),
        (
            format!("https://example.com/{}", "chemin/".repeat(40)),
            "a6",
        ),
        ("é".repeat(300), "a6"),
        ("anticonstitutionnellement".repeat(20), "a5"),
    ] {
        let toml = format!("{TOML}[pdf]\npaper = \"{paper}\"\n");
        let (_dir, root) = book(
            &toml,
            &[("chapters/a.md", &article(&format!("Avant {word} après.")))],
        );
        let (o, pdf) = run("pdf", &root, &[]);
        assert!(o.status.success(), "{}", stderr(&o));
        // Cut over lines and pages (between running heads and page numbers): every letter
        // of the word is printed.
        let printed = poppler("pdftotext", &["-raw", pdf.to_str().expect("utf-8"), "-"]);
        for c in word.chars() {
            assert!(
                printed.matches(c).count() >= word.matches(c).count(),
                "{paper}: `{c}` of a {}-letter word lost",
                word.chars().count()
            );
        }
        // And nothing past the right margin: every line's glyphs are within the page.
        let boxes = poppler("pdftotext", &["-bbox", pdf.to_str().expect("utf-8"), "-"]);
        let page_width: f64 = width
            .captures(&boxes)
            .and_then(|c| c[1].parse().ok())
            .expect("page width");
        for cap in x_max.captures_iter(&boxes) {
            let x: f64 = cap[1].parse().expect("number");
            assert!(
                x < page_width - 20.0,
                "{paper}: a word ends at {x} of {page_width}"
            );
        }
    }
}

#[test]
fn diagnostics_point_at_real_places() {
    // A link to a missing anchor, written in raw HTML, inline and in a block.
    let body = "Texte.\n\nUn <a href=\"#nope\">lien</a> brut.\n\n<div>\n<a href=\"#rien\">bloc</a>\n</div>\n";
    let (_dir, root) = book(TOML, &[("chapters/a.md", &article(body))]);
    let (o, _) = run("epub", &root, &[]);
    let err = stderr(&o);
    assert!(
        err.contains(
            "chapters/a.md:8:4: error: link to `#nope`: no heading has this id in this article"
        ),
        "{err}"
    );
    assert!(
        err.contains(
            "chapters/a.md:10:1: error: link to `#rien`: no heading has this id in this article"
        ),
        "{err}"
    );
    assert!(!err.contains(":0:0:"), "{err}");
    // A book.toml that is not UTF-8: the line and column of the first bad byte.
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir_all(dir.path().join("chapters")).expect("chapters");
    std::fs::write(
        dir.path().join("book.toml"),
        b"[book]\ntitle = \"Histoire\"\nsubtitle = \"caf\xe9\"\n",
    )
    .expect("book.toml");
    let o = lcbook(&["check", dir.path().to_str().expect("utf-8")]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o)
            .starts_with("book.toml:3:16: error: invalid UTF-8: book.toml must be saved as UTF-8"),
        "{}",
        stderr(&o)
    );
}

/// The processes whose parent is `pid`, by their command name.
fn children_of(pid: u32) -> Vec<(u32, String)> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir("/proc").expect("/proc").flatten() {
        let Ok(child) = entry.file_name().to_string_lossy().parse::<u32>() else {
            continue;
        };
        let Ok(stat) = std::fs::read_to_string(entry.path().join("stat")) else {
            continue;
        };
        // `pid (comm) state ppid …`; the name may hold spaces and parentheses.
        let Some((head, rest)) = stat.rsplit_once(')') else {
            continue;
        };
        let ppid = rest
            .split_whitespace()
            .nth(1)
            .and_then(|p| p.parse::<u32>().ok());
        if ppid == Some(pid) {
            let comm = head
                .split_once('(')
                .map(|(_, c)| c.to_owned())
                .unwrap_or_default();
            found.push((child, comm));
        }
    }
    found
}

fn alive(pid: u32) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat")).is_ok_and(|s| {
        !s.rsplit_once(')')
            .is_some_and(|(_, r)| r.trim_start().starts_with('Z'))
    })
}

#[test]
fn tool_a_stopped_build_stops_typst_and_leaves_the_previous_book_alone() {
    // A book Typst takes a few seconds over.
    let long: String = (0..400)
        .map(|i| format!("Paragraphe {i} de la Commune de Paris, 1871 ; la suite.\n\n"))
        .collect();
    let files: Vec<(String, String)> = (0..40)
        .map(|i| (format!("chapters/{i:02}.md"), article(&long)))
        .collect();
    let files: Vec<(&str, &str)> = files
        .iter()
        .map(|(n, t)| (n.as_str(), t.as_str()))
        .collect();
    let (_dir, root) = book(TOML, &files);
    let out = root.parent().expect("parent").join("out.pdf");
    std::fs::write(&out, "%PDF- the previous book").expect("previous");
    // Debris of a run killed outright: removed by the next run.
    let debris = root
        .parent()
        .expect("parent")
        .join(".lcbook-4194305-abcdef.tmp");
    std::fs::write(&debris, "debris").expect("debris");
    for signal in ["TERM", "INT", "HUP"] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_lcbook"))
            .args(["pdf", "-q", root.to_str().expect("utf-8"), "-o"])
            .arg(&out)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("lcbook runs");
        let pid = child.id();
        let start = Instant::now();
        let typst = loop {
            if let Some((t, _)) = children_of(pid).into_iter().find(|(_, c)| c == "typst") {
                break t;
            }
            assert!(
                start.elapsed() < Duration::from_secs(60),
                "Typst never started"
            );
            std::thread::sleep(Duration::from_millis(20));
        };
        std::thread::sleep(Duration::from_millis(300));
        let ok = Command::new("kill")
            .args([format!("-{signal}"), pid.to_string()])
            .status()
            .is_ok_and(|s| s.success());
        assert!(ok, "kill -{signal}");
        let status = child.wait().expect("wait");
        assert!(!status.success(), "{signal}: {status:?}");
        // Typst is gone (its parent reaped it) within a moment.
        let start = Instant::now();
        while alive(typst) {
            assert!(
                start.elapsed() < Duration::from_secs(5),
                "{signal}: Typst ({typst}) still running"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
        assert_eq!(
            std::fs::read_to_string(&out).expect("previous"),
            "%PDF- the previous book"
        );
        let left: Vec<_> = std::fs::read_dir(root.parent().expect("parent"))
            .expect("dir")
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with(".lcbook-") && n.ends_with(".tmp"))
            .collect();
        assert!(
            left.iter().all(|n| n.contains("4194305")),
            "{signal}: {left:?}"
        );
    }
    // The next complete build removes the debris of the dead run.
    lcbook_ok(&[
        "pdf",
        "-q",
        root.to_str().expect("utf-8"),
        "-o",
        out.to_str().expect("utf-8"),
    ]);
    assert!(!debris.exists());
}

#[test]
fn a_huge_block_is_announced_before_typst_starts() {
    let rows: String = (0..20_001).map(|i| format!("| {i} | x |\n")).collect();
    let body = format!("| n | x |\n|---|---|\n{rows}");
    let (_dir, root) = book(TOML, &[("chapters/a.md", &article(&body))]);
    let (o, _) = run("pdf", &root, &["--typst-only"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains(
            "chapters/a.md:6:1: warning: a table of 20001 rows: Typst lays a table out whole, about \
             0.5 s and 45 MB a thousand rows; cut it to make the PDF faster (the EPUB is not slowed)"
        ),
        "{}",
        stderr(&o)
    );
}

/// What a review found to give EPUBCheck errors or a PDF failure where the EPUB built: links
/// inside links, character references to characters XML forbids, a control character in
/// book.toml, `mailto:` alone, a `file:` URL, a `lang` that is no language tag, a heading in
/// a note, SVGs of no size or with a DTD. All in one book, which must build both ways, valid.
#[test]
fn tool_what_made_invalid_books_builds_valid_ones() {
    let body = "<a href=\"https://e.org/1\">un <a href=\"https://e.org/2\">deux</a></a>\n\n\
        <a href=\"https://e.org/1\">un [deux](https://e.org/2)</a>\n\n\
        [un <a href=\"https://e.org/2\">deux</a>](https://e.org/3)\n\n\
        x &#xFFFF; b &#12; c <b>&#xFFFE;</b>\n\n\
        [écrire](mailto:) et [fichier](file:///etc/passwd)\n\n\
        <span lang=\"zz zz\">mot</span> <span lang=\"#str(1)\">mot</span>\n\n\
        Appel[^a].\n\n\
        ![négatif](negatif.svg) ![vide](vide.svg) ![dtd](dtd.svg)\n\n\
        [^a]: # Titre dans la note\n";
    let toml = "[book]\ntitle = \"A\\fB\"\nsubtitle = \"x\\u0001y\"\nlanguage = \"fr\"\n\
                [cover]\ntitle = \"Mot\"\n";
    let (_dir, root) = book(
        toml,
        &[
            ("chapters/a.md", &article(body)),
            (
                "chapters/negatif.svg",
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"-5\" height=\"10\"></svg>",
            ),
            (
                "chapters/vide.svg",
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"0\" height=\"0\"></svg>",
            ),
            (
                "chapters/dtd.svg",
                "<!DOCTYPE svg [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\
                 <svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 1 1\">&x;</svg>",
            ),
        ],
    );
    let (o, epub) = run("epub", &root, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    epubcheck(&epub);
    let err = stderr(&o);
    for expected in [
        "chapters/a.md:6:30: warning: a link inside a link: the inner one is kept as text",
        "chapters/a.md:8:30: warning: a link inside a link",
        "chapters/a.md:10:5: warning: a link inside a link",
        "chapters/a.md:14:1: warning: link `mailto:` is not a valid URL (nothing after `mailto:`)",
        "chapters/a.md:14:22: warning: link `file:///etc/passwd` is not a valid URL (a file on the reader's own machine)",
        "chapters/a.md:16:1: warning: `lang=\"zz zz\"` is not a language tag",
        "warning: image `negatif.svg`: the SVG's width `-5` is not a positive length",
        "warning: image `vide.svg`: the SVG's width `0` is not a positive length",
        "warning: image `dtd.svg`: the SVG has a document type declaration",
    ] {
        assert!(err.contains(expected), "{expected}\n{err}");
    }
    let (o, pdf) = run("pdf", &root, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(pdf_text(&pdf).contains("Titre dans la note"));
}

#[test]
fn import_reads_only_regular_pages_and_writes_through_no_link() {
    let dir = tempfile::tempdir().expect("tempdir");
    let fifo = dir.path().join("page.txt");
    mkfifo(&fifo);
    let into = dir.path().join("into");
    let o = run_with_deadline(
        &[
            "import",
            fifo.to_str().expect("utf-8"),
            "--into",
            into.to_str().expect("utf-8"),
        ],
        Duration::from_secs(30),
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("cannot read the page: is a named pipe, not a regular file"),
        "{}",
        stderr(&o)
    );
    // A link planted under the article's name, to a file outside.
    let page = dir.path().join("page.html");
    std::fs::write(
        &page,
        "<!DOCTYPE html><html><body><article><h1>Mon titre</h1>\
         <p><strong>Zdenek Zavladii</strong></p><p>Texte.</p></article></body></html>",
    )
    .expect("page");
    let victim = dir.path().join("victim.txt");
    std::fs::write(&victim, "intact").expect("victim");
    std::fs::create_dir_all(&into).expect("into");
    std::os::unix::fs::symlink(&victim, into.join("mon-titre.md")).expect("link");
    let o = lcbook(&[
        "import",
        "--force",
        page.to_str().expect("utf-8"),
        "--into",
        into.to_str().expect("utf-8"),
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("is a symbolic link: lcbook does not write an article through one"),
        "{}",
        stderr(&o)
    );
    assert_eq!(std::fs::read_to_string(&victim).expect("victim"), "intact");
}
