//! Generated hostile books, end to end: random Markdown, raw HTML, front matter and file
//! names (nesting thousands deep, Typst code, every line terminator, broken URLs, words longer
//! than a line), built by the `lcbook` binary into an EPUB (checked by EPUBCheck) and a PDF
//! (typeset by Typst, read back by pdftotext). A build must never panic or abort, every
//! diagnostic must point at a line and column, a book without errors must build both ways,
//! no text may run as Typst code, and every article's marker word must reach both books.
//!
//! The seed is fixed, so a failure is reproduced by running the test again; the failing book
//! is kept in `target/generative-failures/`. `LCBOOK_GENERATIVE_CASES` sets how many
//! articles are generated (240 by default, in books of 48); `LCBOOK_GENERATIVE_SEED` another
//! seed; `LCBOOK_GENERATIVE_KEEP=DIR` writes every book there, to look at.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Output;

use crate::pdf::pdf_text;
use crate::support::{epubcheck, lcbook, lcbook_ok, stderr};

/// Articles in a book: few books of many articles, since EPUBCheck's JVM takes seconds to
/// start for each.
const PER_BOOK: usize = 48;

/// What `#str(1234*5678)` gives: a PDF that shows it ran code.
const RAN: &str = "7006652";

/// SplitMix64: small, seeded, the same on every machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }

    fn chance(&mut self, one_in: usize) -> bool {
        self.below(one_in) == 0
    }
}

/// Pieces of text that have broken writers: Typst and Markdown syntax, XML specials, line
/// terminators, scripts and marks.
const HOSTILE: &[&str] = &[
    "#str(1234*5678)",
    "#[#str(1234*5678)]",
    "$x^2$",
    "@ref",
    "<lbl>",
    "// comment",
    "/* open",
    "*/",
    "\\",
    "= titre",
    "- tiret",
    "+ plus",
    "1. un",
    "*",
    "_",
    "`",
    "[",
    "]",
    "~",
    "'",
    "\"",
    "« guillemets »",
    "…",
    " ; ",
    " : ",
    " ! ",
    " ? ",
    "été",
    "œuvre",
    "\u{2028}",
    "\u{2029}",
    "\u{85}",
    "\u{b}",
    "\u{c}",
    "&amp;",
    "&#0;",
    "&lt;",
    "&",
    "<",
    ">",
    "\u{200b}",
    "\u{feff}",
    "العربية",
    "日本",
    "🙂",
    "e\u{301}",
    "<script>alert(1)</script>",
    "<!-- c -->",
    "]]>",
    "{{x}}",
    "%",
    "$",
    "&#xFFFF;",
    "&#12;",
    "<span lang=\"zz zz\">x</span>",
];

/// Characters of generated file names (no `/`, no NUL, no `\n`, which a terminal line
/// cannot show; the other line terminators are there).
const NAME_CHARS: &[&str] = &[
    "a", "é", "Z", "0", " ", "#", "[", "]", "(", ")", "*", "$", "\\", "'", "\"", "\u{2028}",
    "\u{2029}", "\u{85}", "\u{b}", "\u{c}", "\t", "😀", "日", "-", "_", "~", "@", "=", "<", ">",
    "%", "&", ";", "`",
];

/// Links: URLs as authors type them, some not URLs at all.
const LINKS: &[&str] = &[
    "<https://example.com/?find=\\*>",
    "[crochets](https://example.com/a?q=[1])",
    "[vide](https://../)",
    "[espace](<https://example.com/a b>)",
    "[courriel](mailto:a@example.org)",
    "<a href=\"https://example.com/?q=[1]|{2}\">html</a>",
    "[pourcent](https://example.com/100%)",
    "[dièse](https://example.com/#a#b)",
    "[relatif](//example.com/x)",
    "[js](javascript:alert(1))",
    "[rien]()",
    "[site](/chemin)",
    "<a href=\"https://e.org/1\">un [deux](https://e.org/2)</a>",
    "[écrire](mailto:)",
    "[fichier](file:///etc/passwd)",
];

fn words(rng: &mut Rng, n: usize, out: &mut String) {
    for _ in 0..n {
        if rng.chance(3) {
            out.push_str(rng.pick(HOSTILE));
        } else {
            out.push_str(rng.pick(&["la", "Commune", "de", "Paris", "1871", "soviets", "xxe"]));
        }
        out.push(' ');
    }
}

/// A YAML double-quoted string holding `s` exactly.
fn yaml(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        if c.is_ascii_alphanumeric() || c == ' ' {
            out.push(c);
        } else if (c as u32) <= 0xffff {
            let _ = write!(out, "\\u{:04x}", c as u32);
        } else {
            let _ = write!(out, "\\U{:08x}", c as u32);
        }
    }
    out.push('"');
    out
}

/// One generated article: its file name (relative to `chapters/`) and text, and the marker
/// word that must reach both books.
struct Article {
    name: String,
    text: String,
    marker: String,
}

fn article(rng: &mut Rng, book: usize, index: usize, with_error: bool) -> Article {
    let marker = format!("repere{book}x{index}");
    let mut name = String::new();
    for _ in 0..1 + rng.below(12) {
        name.push_str(rng.pick(NAME_CHARS));
    }
    // Unique, never hidden, never a leading space lost by a file system.
    let name = format!("{index:03}{name}.md");
    let name = if rng.chance(6) {
        format!("sous {}#[x]/{name}", rng.below(3))
    } else {
        name
    };
    let mut title = String::new();
    let n = 1 + rng.below(6);
    words(rng, n, &mut title);
    let mut text = format!("---\ntitle: {}\n", yaml(title.trim()));
    if rng.chance(2) {
        let mut author = String::new();
        words(rng, 2, &mut author);
        let _ = writeln!(text, "author: {}", yaml(author.trim()));
    }
    let _ = writeln!(
        text,
        "date: 2017-{:02}-{:02}",
        1 + rng.below(12),
        1 + rng.below(28)
    );
    if rng.chance(3) {
        let _ = writeln!(
            text,
            "series: {}",
            yaml(rng.pick(&["Série #1", "Série $2$"]))
        );
        let _ = writeln!(text, "episode: {}", 1 + rng.below(4));
    }
    if rng.chance(3) {
        let source = rng.pick(&[
            "https://example.com/a?q=[1]",
            "https://../",
            "pas une URL",
            "https://example.com/é",
        ]);
        let _ = writeln!(text, "source: {}", yaml(source));
    }
    text.push_str("---\n\n");
    let _ = write!(text, "Premier paragraphe {marker} ");
    words(rng, 8, &mut text);
    text.push_str("\n\n");
    let mut notes = String::new();
    for b in 0..2 + rng.below(8) {
        block(rng, &format!("{index}b{b}"), &marker, &mut text, &mut notes);
        text.push_str("\n\n");
    }
    if with_error {
        text.push_str("Un [lien](#nulle-part) et <a href=\"#nope\">un autre</a>.\n\n");
    }
    text.push_str(&notes);
    Article { name, text, marker }
}

/// Appends one random block to `text` (and the notes it calls to `notes`).
fn block(rng: &mut Rng, id: &str, marker: &str, text: &mut String, notes: &mut String) {
    let deep = |rng: &mut Rng| rng.pick(&[1, 2, 3, 5, 17, 40, 70, 200, 1000]);
    match rng.below(14) {
        0 => {
            let d = deep(rng);
            for i in 0..d {
                text.push_str(if i % 2 == 0 { "<em>" } else { "<strong>" });
            }
            let _ = write!(text, "au fond {marker}");
            for i in (0..d).rev() {
                text.push_str(if i % 2 == 0 { "</em>" } else { "</strong>" });
            }
        }
        1 => {
            let d = deep(rng);
            let _ = write!(text, "{} citation {marker} ", ">".repeat(d));
            words(rng, 4, text);
        }
        2 => {
            let d = deep(rng).min(60);
            for level in 0..d {
                let _ = writeln!(text, "{}- niveau {level} {marker}", "  ".repeat(level));
            }
        }
        3 => {
            let d = rng.pick(&[2, 50, 200, 3000]);
            text.push_str(&"<div>".repeat(d));
            let _ = write!(text, "bloc {marker}");
            text.push_str(&"</div>".repeat(d));
        }
        4 => {
            // A chain of notes, each calling the next.
            let d = rng.pick(&[1, 2, 4, 12, 60]);
            let _ = write!(text, "Appel {marker}[^{id}n0].");
            for n in 0..d {
                let _ = write!(notes, "[^{id}n{n}]: Note {n} {marker}");
                if n + 1 < d {
                    let _ = write!(notes, " [^{id}n{}]", n + 1);
                }
                notes.push_str("\n\n");
            }
        }
        5 => {
            text.push_str(rng.pick(LINKS));
            let _ = write!(text, " lien {marker}");
        }
        6 => {
            let n = rng.pick(&[40, 300, 5000]);
            let _ = write!(text, "Mot {marker} {} fin", "x".repeat(n));
        }
        7 => {
            let _ = write!(
                text,
                "| a | b |\n|---|---|\n| {} | {marker} |\n| `#x` | [^{id}t] |",
                rng.pick(HOSTILE).replace('|', "\\|")
            );
            let _ = write!(notes, "[^{id}t]: Note de tableau {marker}\n\n");
        }
        8 => {
            let _ = write!(text, "```\n{}\n```\n\nCode {marker}", rng.pick(HOSTILE));
        }
        9 => {
            let _ = write!(text, "## {} {marker}\n\n## {marker}", rng.pick(HOSTILE));
        }
        10 => {
            let _ = write!(
                text,
                "![{} alt]({})",
                marker,
                rng.pick(&["absent.png", "../x.png"])
            );
        }
        11 => {
            let _ = write!(
                text,
                "<span lang=\"en\">in <q>English</q></span> <sup>1</sup> {marker} {}",
                rng.pick(HOSTILE)
            );
        }
        12 => {
            let d = deep(rng);
            for _ in 0..d {
                text.push_str("*_");
            }
            let _ = write!(text, "imbrique {marker}");
            for _ in 0..d {
                text.push_str("_*");
            }
        }
        _ => {
            words(rng, 20, text);
            text.push_str(marker);
        }
    }
}

/// The diagnostics of a run that are about an article but name no line and column.
fn unlocated(output: &Output) -> Vec<String> {
    let located = regex::Regex::new(r"\.md:\d+:\d+: (error|warning): ").expect("regex");
    let about_article = regex::Regex::new(r"\.md: (error|warning): ").expect("regex");
    stderr(output)
        .lines()
        .filter(|l| about_article.is_match(l) && !located.is_match(l))
        .map(str::to_owned)
        .collect()
}

/// Fails with the book kept for a person to look at.
fn keep_and_fail(root: &Path, seed: u64, why: &str) -> ! {
    let kept = failures_dir().join(format!("seed-{seed}"));
    let _ = std::fs::remove_dir_all(&kept);
    let _ = copy_dir(root, &kept);
    panic!(
        "generated book (seed {seed}, kept in {}): {why}",
        kept.display()
    );
}

fn copy_dir(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for e in std::fs::read_dir(from)? {
        let e = e?;
        let target = to.join(e.file_name());
        if e.file_type()?.is_dir() {
            copy_dir(&e.path(), &target)?;
        } else {
            std::fs::copy(e.path(), target)?;
        }
    }
    Ok(())
}

/// Checks a run: no panic, no abort, every diagnostic located, the exit status expected.
fn check_run(root: &Path, seed: u64, what: &str, output: &Output, expect_ok: bool) {
    let err = stderr(output);
    if output.status.code().is_none() || err.contains("panicked") {
        keep_and_fail(
            root,
            seed,
            &format!("{what} crashed ({}):\n{err}", output.status),
        );
    }
    let code = output.status.code();
    if code != Some(if expect_ok { 0 } else { 1 }) {
        keep_and_fail(root, seed, &format!("{what} exited with {code:?}:\n{err}"));
    }
    let lost = unlocated(output);
    if !lost.is_empty() {
        keep_and_fail(
            root,
            seed,
            &format!("{what}: unlocated diagnostics:\n{lost:#?}"),
        );
    }
}

fn seed() -> u64 {
    std::env::var("LCBOOK_GENERATIVE_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x1c_b00c)
}

fn cases() -> usize {
    std::env::var("LCBOOK_GENERATIVE_CASES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(240)
}

#[test]
fn tool_generated_hostile_books_build_both_ways_or_fail_located() {
    let base = seed();
    let books = cases().div_ceil(PER_BOOK);
    for b in 0..books {
        let seed = base.wrapping_add(b as u64);
        let mut rng = Rng(seed);
        // One book in five carries links to anchors that do not exist: it must fail, located.
        let with_error = b % 5 == 2;
        let dir = tempfile::tempdir().expect("temp dir");
        let root = match std::env::var_os("LCBOOK_GENERATIVE_KEEP") {
            Some(keep) => Path::new(&keep).join(format!("seed-{seed}")),
            None => dir.path().join("livre"),
        };
        let _ = std::fs::remove_dir_all(&root);
        std::fs::create_dir_all(root.join("chapters")).expect("chapters");
        std::fs::write(
            root.join("book.toml"),
            "[book]\ntitle = \"Livre généré\"\nlanguage = \"fr\"\n[chapters]\norder = \"path\"\n",
        )
        .expect("book.toml");
        let mut articles: Vec<Article> = Vec::new();
        for i in 0..PER_BOOK {
            let a = article(&mut rng, b, i, with_error && i == 0);
            let path = root.join("chapters").join(&a.name);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent).expect("sub-directory");
            }
            std::fs::write(&path, &a.text).expect("article");
            articles.push(a);
        }
        let root_s = root.to_str().expect("UTF-8 temp path");
        let epub = dir.path().join("livre.epub");
        let epub_s = epub.to_str().expect("UTF-8 path");
        let o = lcbook(&["epub", root_s, "-o", epub_s]);
        check_run(&root, seed, "lcbook epub", &o, !with_error);
        let pdf = dir.path().join("livre.pdf");
        let o = lcbook(&["pdf", root_s, "-o", pdf.to_str().expect("UTF-8 path")]);
        check_run(&root, seed, "lcbook pdf", &o, !with_error);
        if with_error {
            for wanted in ["#nulle-part", "#nope"] {
                assert!(
                    stderr(&o).contains(wanted),
                    "seed {seed}: no error for {wanted}:\n{}",
                    stderr(&o)
                );
            }
            continue;
        }
        epubcheck(&epub);
        let printed = pdf_text(&pdf);
        let book = crate::support::Epub::open(&epub);
        let epub_text: String = book
            .spine_documents()
            .iter()
            .map(|d| book.text(d))
            .collect();
        if printed.contains(RAN) {
            keep_and_fail(
                &root,
                seed,
                "the PDF shows the result of code from an article",
            );
        }
        for a in &articles {
            if !printed.contains(&a.marker) {
                keep_and_fail(
                    &root,
                    seed,
                    &format!("{} lost in the PDF ({})", a.marker, a.name),
                );
            }
            if !epub_text.contains(&a.marker) {
                keep_and_fail(
                    &root,
                    seed,
                    &format!("{} lost in the EPUB ({})", a.marker, a.name),
                );
            }
        }
    }
}

/// Arbitrary file names and front-matter strings go into the Typst sources (a comment, the
/// title, the running head, the contents, the colophon): the PDF shows the title's words,
/// and nothing of them ever runs.
#[test]
fn tool_file_names_and_titles_are_printed_never_run() {
    let mut rng = Rng(seed() ^ 0x5eed);
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path().join("livre");
    std::fs::create_dir_all(root.join("chapters")).expect("chapters");
    std::fs::write(
        root.join("book.toml"),
        "[book]\ntitle = \"Noms #[#str(1234*5678)]\u{2028}#str(1234*5678)\"\n\
         language = \"fr\"\n[chapters]\norder = \"path\"\n",
    )
    .expect("book.toml");
    let mut titles = Vec::new();
    for i in 0..40 {
        let mut name = format!("{i:02}x");
        for _ in 0..rng.below(10) {
            name.push_str(rng.pick(NAME_CHARS));
        }
        name.push_str(rng.pick(&[
            "\u{2028}#[#str(1234*5678)]\u{2028}",
            "\u{85}#str(1234*5678)",
            "",
        ]));
        let mut title = format!("Titre{i} ");
        for _ in 0..1 + rng.below(5) {
            title.push_str(rng.pick(HOSTILE));
            title.push(' ');
        }
        let text = format!(
            "---\ntitle: {}\nauthor: {}\ndate: 2017-09-02\n---\n\nTexte.\n",
            yaml(title.trim()),
            yaml(&format!("#str(1234*5678) {}", rng.pick(HOSTILE)))
        );
        std::fs::write(root.join("chapters").join(format!("{name}.md")), text).expect("article");
        titles.push(format!("Titre{i}"));
    }
    let pdf = dir.path().join("livre.pdf");
    lcbook_ok(&[
        "pdf",
        "-q",
        root.to_str().expect("UTF-8 path"),
        "-o",
        pdf.to_str().expect("UTF-8 path"),
    ]);
    let printed = pdf_text(&pdf);
    assert!(!printed.contains(RAN), "code ran:\n{printed}");
    assert!(printed.contains("str(1234*5678)"), "{printed}");
    for t in titles {
        assert!(printed.contains(&t), "{t} missing:\n{printed}");
    }
}

/// Where the books of failed runs are kept.
fn failures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("target/generative-failures")
}
