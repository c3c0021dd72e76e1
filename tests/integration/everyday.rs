//! Everyday use (issue 15): `init`, `build`, `watch`, `completions`, `man`, `--color`,
//! `import` without a book, every `book.toml` problem in one run, where the outputs go.

use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::support::{Epub, diagnostic_lines, epubcheck, fixture, lcbook, stderr};

/// Runs `lcbook` in `dir` with `args`.
fn lcbook_in(dir: &Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_lcbook"))
        .current_dir(dir)
        .args(args)
        .env("SOURCE_DATE_EPOCH", "1700000000")
        .output()
        .expect("the lcbook binary runs")
}

#[test]
fn init_writes_every_key_of_book_toml_and_never_overwrites() {
    // Every key lcbook reads is in the new book.toml, in its table.
    let text = lcbook::init::BOOK_TOML;
    for (table, keys) in lcbook::config::known_keys() {
        let start = text
            .find(&format!("[{table}]"))
            .unwrap_or_else(|| panic!("`[{table}]` in the new book.toml"));
        let section = &text[start..];
        let section = section[1..]
            .find("\n[")
            .or_else(|| section[1..].find("\n# ["))
            .map_or(section, |end| &section[..=end]);
        for key in keys {
            assert!(
                section.contains(&format!("\n{key} = "))
                    || section.contains(&format!("\n# {key} = ")),
                "`{key}` in `[{table}]` of the new book.toml"
            );
        }
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let o = lcbook_in(dir.path(), &["init", "a/livre"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let book = dir.path().join("a/livre");
    assert_eq!(
        std::fs::read_to_string(book.join("book.toml")).expect("book.toml"),
        lcbook::init::BOOK_TOML
    );
    assert!(book.join("chapters/exemple.md").is_file());
    let said = stderr(&o);
    assert!(
        said.starts_with("wrote a/livre/book.toml\nwrote a/livre/chapters/exemple.md\n"),
        "{said}"
    );
    // The new book checks without a warning.
    let o = lcbook(&["check", book.to_str().expect("utf-8")]);
    assert_eq!(stderr(&o), "ok: 1 chapter, 1 part, 0 warnings\n");
    // A second init writes nothing.
    std::fs::write(book.join("book.toml"), "# mine\n").expect("edit");
    let o = lcbook_in(dir.path(), &["init", "a/livre"]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        stderr(&o),
        "error: a/livre/book.toml: cannot write: already there: lcbook init never overwrites a \
         file (edit it, or init another directory)\n"
    );
    assert_eq!(
        std::fs::read_to_string(book.join("book.toml")).expect("book.toml"),
        "# mine\n"
    );
}

#[test]
fn tool_init_then_build_makes_both_books() {
    let dir = tempfile::tempdir().expect("tempdir");
    let o = lcbook_in(dir.path(), &["init", "livre"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = lcbook_in(dir.path(), &["build", "livre"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let said = stderr(&o);
    let lines: Vec<&str> = said.lines().collect();
    assert_eq!(lines.len(), 2, "{said}");
    assert!(
        lines[0].starts_with("wrote livre/build/mon-livre.epub (1 chapter, "),
        "{said}"
    );
    assert!(
        lines[1].starts_with("wrote livre/build/mon-livre.pdf (1 chapter, "),
        "{said}"
    );
    let build = dir.path().join("livre/build");
    epubcheck(&build.join("mon-livre.epub"));
    let text = crate::pdf::pdf_text(&build.join("mon-livre.pdf"));
    assert!(text.contains("Un premier article"), "{text}");
    assert!(text.contains("Une note d’exemple."), "{text}");
    // --epub-only and --pdf-only make one of them.
    std::fs::remove_dir_all(&build).expect("rm build");
    let o = lcbook_in(dir.path(), &["build", "-q", "--epub-only", "livre"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(build.join("mon-livre.epub").is_file() && !build.join("mon-livre.pdf").exists());
}

#[test]
fn completions_and_the_manual_page() {
    for (shell, mark) in [
        ("bash", "complete -F _lcbook"),
        ("zsh", "#compdef lcbook"),
        ("fish", "complete -c lcbook"),
    ] {
        let o = lcbook(&["completions", shell]);
        assert!(o.status.success(), "{shell}: {}", stderr(&o));
        let script = String::from_utf8_lossy(&o.stdout);
        assert!(script.contains(mark), "{shell}:\n{script}");
        for command in ["init", "build", "watch", "import", "completions"] {
            assert!(script.contains(command), "{shell}: `{command}`");
        }
    }
    // The bash script is bash.
    let o = lcbook(&["completions", "bash"]);
    let check = Command::new("bash")
        .args(["-n", "-c"])
        .arg(String::from_utf8_lossy(&o.stdout).as_ref())
        .output()
        .expect("bash");
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );
    let o = lcbook(&["completions", "tcsh"]);
    assert_eq!(o.status.code(), Some(2));
    let o = lcbook(&["man"]);
    assert!(o.status.success());
    let page = String::from_utf8_lossy(&o.stdout);
    assert!(
        page.starts_with(".ie \\n(.g .ds Aq \\(aq") || page.contains(".TH lcbook"),
        "{page}"
    );
    assert!(page.contains("lcbook\\-init(1)"), "{page}");
    // Each command's page, which lcbook(1) names.
    let o = lcbook(&["man", "init"]);
    assert!(o.status.success());
    let page = String::from_utf8_lossy(&o.stdout);
    assert!(page.contains(".TH lcbook-init 1"), "{page}");
    let o = lcbook(&["man", "nothing"]);
    assert_eq!(o.status.code(), Some(1));
}

#[test]
fn diagnostics_in_colour_when_asked() {
    let book = fixture("unknown-key");
    let o = lcbook(&["--color", "always", "check", book.to_str().expect("utf-8")]);
    let err = stderr(&o);
    assert!(
        err.starts_with(
            "\u{1b}[1mbook.toml:3:1:\u{1b}[0m \u{1b}[1;31merror\u{1b}[0m\u{1b}[1m: unknown key"
        ),
        "{err:?}"
    );
    let o = lcbook(&["--color", "never", "check", book.to_str().expect("utf-8")]);
    assert!(!stderr(&o).contains('\u{1b}'));
    // Not a terminal: no colour by default.
    let o = lcbook(&["check", book.to_str().expect("utf-8")]);
    assert!(!stderr(&o).contains('\u{1b}'));
}

#[test]
fn every_book_toml_problem_in_one_run() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir_all(dir.path().join("chapters")).expect("chapters");
    std::fs::write(
        dir.path().join("book.toml"),
        "[book]\ntitle = \"Essai\"\ntitel = \"x\"\n\n[chapters]\norder = \"random\"\n\n[pdf]\n\
         paper = \"A5\"\nfont-size = \"grand\"\nopenings = \"Any\"\n\n[print]\nbleed = 50\n",
    )
    .expect("book.toml");
    let o = lcbook(&["check", dir.path().to_str().expect("utf-8")]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        diagnostic_lines(&stderr(&o)),
        [
            "book.toml:3:1: error: unknown key `titel` in `[book]`; did you mean `title`?",
            "book.toml:6:9: error: unknown variant `random`, expected one of `date`, `path`, `list`",
            "book.toml:10:13: error: invalid type: string \"grand\", expected f64",
            "book.toml:14:1: error: `bleed` must be between 0 and 20 (millimetres; 3 is usual)",
            "error: the book has errors: 4 errors, 0 warnings",
        ]
    );
}

#[test]
fn import_needs_no_book_into_a_folder_or_for_a_dry_run() {
    let dir = tempfile::tempdir().expect("tempdir");
    let pages = dir.path().join("pages");
    std::fs::create_dir_all(&pages).expect("pages");
    for page in ["serie-1.txt", "serie-2.txt"] {
        std::fs::copy(fixture("import").join(page), pages.join(page)).expect("page");
    }
    // No book here, nor above (a temporary directory): a dry run reads the folder's pages.
    let o = lcbook_in(dir.path(), &["import", "--dry-run", "pages"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(String::from_utf8_lossy(&o.stdout).contains("serie-2.txt"));
    assert_eq!(
        std::fs::read_dir(dir.path()).expect("dir").count(),
        1,
        "a dry run writes nothing"
    );
    // Without --into: no book to import into, and the way out said.
    let o = lcbook_in(dir.path(), &["import", "pages/serie-1.txt"]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        stderr(&o),
        "error: .: no book.toml here to import into: give --into DIR to write the articles \
         into a folder, or make a book first with `lcbook init`\n"
    );
    // --into a folder that does not exist: made, the folder's pages imported into it.
    let o = lcbook_in(
        dir.path(),
        &["import", "-q", "--into", "nouveau/chapitres", "pages"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let written: Vec<PathBuf> = std::fs::read_dir(dir.path().join("nouveau/chapitres"))
        .expect("made")
        .map(|e| e.expect("entry").path())
        .collect();
    assert_eq!(written.len(), 2, "{written:?}");
    // A folder without pages is an error at the folder.
    std::fs::create_dir_all(dir.path().join("vide")).expect("vide");
    let o = lcbook_in(dir.path(), &["import", "--into", "x", "vide"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).starts_with("vide: error: no page in this folder"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn the_typst_sources_go_into_the_book_and_outputs_keep_their_format() {
    let dir = tempfile::tempdir().expect("tempdir");
    let o = lcbook_in(dir.path(), &["init", "-q", "livre"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let elsewhere = dir.path().join("ailleurs");
    std::fs::create_dir_all(&elsewhere).expect("ailleurs");
    let out = elsewhere.join("livre.pdf");
    let o = lcbook_in(
        dir.path(),
        &[
            "pdf",
            "--typst-only",
            "livre",
            "-o",
            out.to_str().expect("utf-8"),
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stderr(&o), "wrote the Typst sources in livre/build/typst\n");
    assert!(dir.path().join("livre/build/typst/book.typ").is_file());
    assert_eq!(std::fs::read_dir(&elsewhere).expect("dir").count(), 0);
    // An output named for another format is a usage error.
    let o = lcbook_in(dir.path(), &["pdf", "livre", "-o", "livre.epub"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("the output is a .pdf file; name it `livre.pdf`"),
        "{}",
        stderr(&o)
    );
    let o = lcbook_in(dir.path(), &["epub", "livre", "-o", "livre.PDF"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("name it `livre.epub`"),
        "{}",
        stderr(&o)
    );
}

/// `lcbook watch` at work in the background, its stderr gathered as it comes.
struct Watching {
    child: std::process::Child,
    said: std::sync::Arc<std::sync::Mutex<String>>,
}

impl Watching {
    fn start(dir: &Path, args: &[&str]) -> Watching {
        let mut child = Command::new(env!("CARGO_BIN_EXE_lcbook"))
            .current_dir(dir)
            .arg("watch")
            .args(args)
            .env("SOURCE_DATE_EPOCH", "1700000000")
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("lcbook watch starts");
        let said = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
        let mut pipe = child.stderr.take().expect("stderr");
        let gathered = said.clone();
        std::thread::spawn(move || {
            let mut buffer = [0u8; 4096];
            while let Ok(n) = pipe.read(&mut buffer) {
                if n == 0 {
                    break;
                }
                if let Ok(mut s) = gathered.lock() {
                    s.push_str(&String::from_utf8_lossy(&buffer[..n]));
                }
            }
        });
        Watching { child, said }
    }

    fn said(&self) -> String {
        self.said.lock().map(|s| s.clone()).unwrap_or_default()
    }

    /// Waits (up to 20 s) until `done` holds of what it said.
    fn until(&self, what: &str, done: impl Fn(&str) -> bool) {
        let start = Instant::now();
        while !done(&self.said()) {
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "waited 20 s for {what}; it said:\n{}",
                self.said()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Watching {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn watch_rebuilds_on_save_keeps_the_good_book_and_stops_on_sigterm() {
    let dir = tempfile::tempdir().expect("tempdir");
    let o = lcbook_in(dir.path(), &["init", "-q", "livre"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let epub = dir.path().join("livre/build/mon-livre.epub");
    let mut watching = Watching::start(dir.path(), &["--epub-only", "livre"]);
    watching.until("the first build and the watch", |s| {
        s.contains("watching livre")
    });
    // Scratch files of editors and tools are not the book's.
    for scratch in [
        "4913",
        "notes.txt",
        "chapters/sedXk2a9",
        "chapters/exemple.md~",
    ] {
        std::fs::write(dir.path().join("livre").join(scratch), "x").expect("scratch");
    }
    std::thread::sleep(Duration::from_millis(600));
    assert!(
        !watching.said().contains("changed: "),
        "{}",
        watching.said()
    );
    assert!(epub.is_file());
    // A save: the EPUB is rebuilt with it.
    let article = dir.path().join("livre/chapters/exemple.md");
    let text = std::fs::read_to_string(&article).expect("article");
    std::fs::write(&article, format!("{text}\nUn mot ajouté par le test.\n")).expect("save");
    watching.until("the rebuild", |s| {
        s.matches("wrote livre/build/mon-livre.epub").count() == 2
    });
    let chapter = Epub::open(&epub).plain_text("EPUB/text/01-un-premier-article.xhtml");
    assert!(chapter.contains("Un mot ajouté par le test."), "{chapter}");
    let good = std::fs::read(&epub).expect("epub");
    // A broken save: said, and the previous book stays.
    std::fs::write(&article, "---\ntitle: [pas fermé\n---\n\nTexte.\n").expect("save");
    watching.until("the error", |s| s.contains("error: the book was not built"));
    assert!(
        watching
            .said()
            .contains("chapters/exemple.md:3:1: error: invalid YAML in front matter"),
        "{}",
        watching.said()
    );
    // Files only read by a build start no other build.
    std::thread::sleep(Duration::from_millis(600));
    assert_eq!(
        watching.said().matches("changed: ").count(),
        2,
        "{}",
        watching.said()
    );
    assert_eq!(std::fs::read(&epub).expect("epub"), good);
    // SIGTERM: it stops at once, and leaves no temporary file.
    let kill = Command::new("kill")
        .args(["-TERM", &watching.child.id().to_string()])
        .status()
        .expect("kill");
    assert!(kill.success());
    let start = Instant::now();
    let status = loop {
        if let Some(status) = watching.child.try_wait().expect("wait") {
            break status;
        }
        assert!(
            start.elapsed() < Duration::from_secs(5),
            "still running 5 s after SIGTERM"
        );
        std::thread::sleep(Duration::from_millis(20));
    };
    assert_eq!(status.code(), Some(143), "128 + SIGTERM");
    let left: Vec<String> = std::fs::read_dir(dir.path().join("livre/build"))
        .expect("build")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

#[test]
fn import_into_a_books_chapters_follows_its_book_toml() {
    let dir = tempfile::tempdir().expect("tempdir");
    let book = dir.path().join("livre");
    std::fs::create_dir_all(&book).expect("livre");
    std::fs::write(
        book.join("book.toml"),
        "[book]\ntitle = \"Essai\"\n\n[chapters]\ncategory = \"Histoire\"\n",
    )
    .expect("book.toml");
    let pages = fixture("import");
    let o = lcbook_in(
        dir.path(),
        &[
            "import",
            "-q",
            "--into",
            "livre/chapters",
            pages.join("septembre-1917.txt").to_str().expect("utf-8"),
            pages.join("serie-1.txt").to_str().expect("utf-8"),
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    // The book's category is checked, though lcbook runs outside the book: the page of
    // another category would be left out of the book, and is said.
    let o = lcbook_in(
        dir.path(),
        &[
            "import",
            "--dry-run",
            "--into",
            "livre/chapters",
            pages.join("serie-1.txt").to_str().expect("utf-8"),
        ],
    );
    assert!(
        stderr(&o).contains("category “Société” is not the book's (“Histoire”)"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn init_adds_no_example_to_a_book_with_articles() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir_all(dir.path().join("livre/chapters")).expect("chapters");
    std::fs::write(
        dir.path().join("livre/chapters/a.md"),
        "---\ntitle: Essai\n---\n\nTexte d'essai.\n",
    )
    .expect("article");
    let o = lcbook_in(dir.path(), &["init", "livre"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!dir.path().join("livre/chapters/exemple.md").exists());
    assert!(
        stderr(&o).contains("chapters/ already holds articles: no example added"),
        "{}",
        stderr(&o)
    );
    // A folder name a shell would split is quoted in the advice.
    let o = lcbook_in(dir.path(), &["init", "Livre: été 1871"]);
    assert!(
        stderr(&o).contains("`lcbook build 'Livre: été 1871'`"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn bad_outputs_and_times_are_usage_errors() {
    let dir = tempfile::tempdir().expect("tempdir");
    for (args, said) in [
        (
            &["epub", "-o", ""][..],
            "give a file name, such as `livre.epub`",
        ),
        (
            &["pdf", "-o", "."][..],
            "this is a folder; name the file, such as `./livre.pdf`",
        ),
        (
            &["check", "--creation-timestamp", "99999999999999"][..],
            "up to 253402300799 (the end of year 9999)",
        ),
    ] {
        let o = lcbook_in(dir.path(), args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        assert!(stderr(&o).contains(said), "{args:?}: {}", stderr(&o));
    }
}
