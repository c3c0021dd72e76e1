//! Benchmark: a generated book of 1,000 articles of about 6 KB (footnotes, headings, emphasis,
//! raw HTML, links between articles) → its EPUB, built in-process (median and best of several
//! builds, peak memory), then its PDF: lcbook's own share (loading, parsing, writing Typst)
//! against the whole `lcbook pdf`, and the pages per second Typst reaches; and `lcbook import`
//! of 1,000 saved pages. Run with
//! `cargo bench` (the PDF part needs Typst 0.15.1 and pdfinfo; without them it says so and
//! stops after the EPUB).

use std::fmt::Write as _;
use std::path::Path;
use std::time::{Duration, Instant};

const ARTICLES: usize = 1000;
const RUNS: usize = 7;

fn paragraph(i: usize, j: usize) -> String {
    format!(
        "Paragraphe {j} de l'article d'essai {i} : le texte parle des *conseils ouvriers*, du \
         **pouvoir** et de la grève de 19{:02}, au XX<sup>e</sup> siècle ; il cite « une phrase \
         entre guillemets » et renvoie à une note[^n{j}]. Une deuxième phrase, plus longue, \
         prolonge l'exposé sur les <em>soviets</em> et les assemblées, puis une troisième \
         conclut.<br>\nUne ligne après un saut.\n\n",
        (i + j) % 100
    )
}

fn article(i: usize) -> String {
    let mut s = String::with_capacity(6500);
    let series = if i % 10 < 3 {
        format!("series: Série {}\nepisode: {}\n", i / 10, i % 10 + 1)
    } else {
        String::new()
    };
    let _ = write!(
        s,
        "---\ntitle: \"Article d'essai numéro {i}\"\nauthor: Auteur {}\ndate: {}-{:02}-{:02}\ncategory: Histoire\n{series}tags: [essai]\n---\n\n",
        i % 7,
        1990 + i % 30,
        1 + i % 12,
        1 + i % 28
    );
    // A lead paragraph, as site articles have, brings the article to about 6 KB.
    s.push_str(&paragraph(i, 0));
    for section in 0..3 {
        let _ = writeln!(s, "## Section {section} de l'article {i}\n");
        for j in 0..4 {
            s.push_str(&paragraph(i, section * 4 + j));
        }
    }
    if i > 0 {
        let _ = writeln!(
            s,
            "Voir aussi [l'article précédent](a{:04}.md#section-1-de-l-article-{}).\n",
            i - 1,
            i - 1
        );
    }
    for j in 0..12 {
        let _ = writeln!(
            s,
            "[^n{j}]: Note {j} de l'article {i}, avec une *référence*."
        );
    }
    s
}

fn generate(root: &Path) {
    generate_n(root, ARTICLES);
}

/// A generated book of `n` articles in `root`.
fn generate_n(root: &Path, n: usize) {
    let chapters = root.join("chapters");
    std::fs::create_dir_all(&chapters).expect("create the book");
    std::fs::write(
        root.join("book.toml"),
        "[book]\ntitle = \"Mille articles\"\n[chapters]\ncategory = \"Histoire\"\n",
    )
    .expect("write book.toml");
    for i in 0..n {
        std::fs::write(chapters.join(format!("a{i:04}.md")), article(i)).expect("write an article");
    }
}

/// Writes the Typst sources of the book in `root` (`lcbook pdf --typst-only`).
fn typst_only(root: &Path, options: &lcbook::BuildOptions) {
    let pdf = root.join("book.pdf");
    lcbook::build::pdf(
        root,
        &lcbook::build::PdfRequest {
            out: Some(&pdf),
            typst_only: true,
            ..Default::default()
        },
        options,
        &mut |_| {},
    )
    .expect("the Typst sources");
}

/// The median of three runs of `build`. What it returns is dropped once its time is taken, as
/// the seven builds above do (`lcbook epub` leaves it to the end of the process).
fn median3<T>(mut build: impl FnMut() -> T) -> f64 {
    let mut times: Vec<f64> = (0..3)
        .map(|_| {
            let start = Instant::now();
            let built = build();
            let took = start.elapsed().as_secs_f64();
            drop(built);
            took
        })
        .collect();
    times.sort_by(f64::total_cmp);
    times[1]
}

/// Books of 100, 1,000 and 5,000 generated articles: the EPUB, and the Typst sources alone
/// (`--typst-only`), medians of three.
fn sizes(options: &lcbook::BuildOptions) {
    for n in [100, 1_000, 5_000] {
        let dir = tempfile::tempdir().expect("temporary directory");
        generate_n(dir.path(), n);
        let out = dir.path().join("book.epub");
        let epub = median3(|| {
            lcbook::build::epub(dir.path(), Some(&out), None, options).expect("the EPUB")
        });
        let sources = median3(|| typst_only(dir.path(), options));
        println!(
            "thousand: {n} articles: EPUB in {:.0} ms, Typst sources (--typst-only) in {:.0} ms",
            epub * 1000.0,
            sources * 1000.0
        );
    }
}

fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn main() {
    let dir = tempfile::tempdir().expect("temporary directory");
    generate(dir.path());
    // LCBOOK_BENCH_BOOK=DIR also writes the book there, to inspect or time by hand.
    if let Some(keep) = std::env::var_os("LCBOOK_BENCH_BOOK") {
        generate(Path::new(&keep));
        println!("thousand: book written to {}", Path::new(&keep).display());
        return;
    }
    let bytes: u64 = std::fs::read_dir(dir.path().join("chapters"))
        .expect("chapters")
        .filter_map(|e| e.ok()?.metadata().ok())
        .map(|m| m.len())
        .sum();
    let out = dir.path().join("book.epub");
    let options = lcbook::BuildOptions {
        source_date_epoch: Some(1_700_000_000),
        ..Default::default()
    };
    let mut times: Vec<Duration> = Vec::new();
    for _ in 0..RUNS {
        let start = Instant::now();
        let (loaded, _) =
            lcbook::build::epub(dir.path(), Some(&out), None, &options).expect("the book builds");
        times.push(start.elapsed());
        assert_eq!(loaded.book.chapters.len(), ARTICLES);
    }
    times.sort();
    let size = std::fs::metadata(&out).map(|m| m.len()).unwrap_or(0);
    println!(
        "thousand: {ARTICLES} articles, {} KiB of Markdown → EPUB of {} KiB: median {:.0} ms, best {:.0} ms over {RUNS} builds; peak memory {} MiB",
        bytes / 1024,
        size / 1024,
        times[RUNS / 2].as_secs_f64() * 1000.0,
        times[0].as_secs_f64() * 1000.0,
        peak_rss_kib().map_or("?".into(), |k| (k / 1024).to_string()),
    );
    import(dir.path());
    sizes(&options);
    hostile_sizes(&options);
    pdf(dir.path(), &options);
}

/// Inputs of hostile size, each its own one-article book, built to an EPUB: the time must
/// grow with the input, not with its square.
fn hostile_sizes(options: &lcbook::BuildOptions) {
    let cases: [(&str, String); 9] = [
        (
            "10,000 headings of the same text",
            "## Même titre\n\nTexte.\n\n".repeat(10_000),
        ),
        (
            "20,000 headings of the same text",
            "## Même titre\n\nTexte.\n\n".repeat(20_000),
        ),
        (
            "8,000 nested <div>",
            format!("{}fond{}", "<div>".repeat(8_000), "</div>".repeat(8_000)),
        ),
        ("a 100,000-row table", {
            let rows: String = (0..100_000).map(|i| format!("| {i} | x |\n")).collect();
            format!("| n | x |\n|---|---|\n{rows}")
        }),
        ("a 5 MB paragraph", "mot ".repeat(1_250_000)),
        // French punctuation every few words: each sign is spaced in the paragraph so far.
        ("a 3 MB paragraph with punctuation", "Quoi ? Oui : mot ; « fin » ! ".repeat(100_000)),
        // An event every few bytes on one line: each event's column is found from the one
        // before, not from the line's start.
        ("a 3 MB line of 500,000 emphasised words", "*mot* ".repeat(500_000)),
        // Each control character is replaced and reported at its line and column.
        ("a line of 200,000 control characters", "mot\u{1} ".repeat(200_000)),
        ("a 5 MB chapter of 50,000 paragraphs", "Un paragraphe d'essai : des mots, encore des mots ; « et » des notes ? Oui ! Un peu plus de texte ici.\n\n".repeat(50_000)),
    ];
    for (what, body) in cases {
        let dir = tempfile::tempdir().expect("temporary directory");
        std::fs::create_dir_all(dir.path().join("chapters")).expect("chapters");
        std::fs::write(dir.path().join("book.toml"), "[book]\ntitle = \"Essai\"\n").expect("toml");
        std::fs::write(
            dir.path().join("chapters/a.md"),
            format!("---\ntitle: Essai\ndate: 2017-09-02\n---\n\n{body}\n"),
        )
        .expect("article");
        let out = dir.path().join("book.epub");
        let start = Instant::now();
        lcbook::build::epub(dir.path(), Some(&out), None, options).expect("the book builds");
        let epub = start.elapsed().as_secs_f64();
        let start = Instant::now();
        typst_only(dir.path(), options);
        println!(
            "thousand: {what}: EPUB in {:.0} ms, Typst sources in {:.0} ms",
            epub * 1000.0,
            start.elapsed().as_secs_f64() * 1000.0
        );
    }
}

/// A page as the site saves it: the publication's name, the title, the text (one paragraph
/// cut by a page break), the byline, the modification date, the teasers.
fn saved_page(i: usize) -> String {
    let mut s = format!("# La Commune\n\n## Article d'essai numéro {i} : une page du site\n\n");
    for j in 0..13 {
        s.push_str(&paragraph(i, j).replace(&format!("[^n{j}]"), ""));
    }
    s.push_str("Un paragraphe coupé par la page dans une phrase qui\n\ncontinue ici.\n\n");
    let _ = write!(
        s,
        "**Auteur {},**  \n**2 septembre 2017**\n\n---\n\nModifié le jeudi 14 septembre 2017\n\n\
         ---\n\n## Voir aussi dans la catégorie Histoire\n\n[Un autre article](#)\n\n\
         Son début... [»](#)\n",
        i % 7
    );
    s
}

/// `lcbook import` of 1,000 saved pages, written to a temporary directory.
fn import(root: &Path) {
    let pages = root.join("pages");
    std::fs::create_dir_all(&pages).expect("pages");
    let files: Vec<std::path::PathBuf> = (0..ARTICLES)
        .map(|i| {
            let f = pages.join(format!("p{i:04}.txt"));
            std::fs::write(&f, saved_page(i)).expect("write a page");
            f
        })
        .collect();
    let into = root.join("imported");
    let start = Instant::now();
    let (done, diags) = lcbook::import_pages(
        root,
        &lcbook::ImportRequest {
            files,
            into: Some(into),
            category: None,
            dry_run: false,
            force: true,
        },
    )
    .expect("the pages import");
    let took = start.elapsed();
    assert!(!diags.has_errors());
    println!(
        "thousand: import of {} saved pages in {:.0} ms",
        done.len(),
        took.as_secs_f64() * 1000.0
    );
}

fn pdf(root: &Path, options: &lcbook::BuildOptions) {
    if lcbook::pdf::runner::find_program(None).is_err() {
        println!(
            "thousand: no Typst {}: PDF not measured",
            lcbook::pdf::TYPST_VERSION
        );
        return;
    }
    let out = root.join("book.pdf");
    let mut own: Vec<Duration> = Vec::new();
    for _ in 0..3 {
        let start = Instant::now();
        typst_only(root, options);
        own.push(start.elapsed());
    }
    own.sort();
    let start = Instant::now();
    lcbook::build::pdf(
        root,
        &lcbook::build::PdfRequest {
            out: Some(&out),
            ..Default::default()
        },
        options,
        &mut |_| {},
    )
    .expect("the PDF builds");
    let whole = start.elapsed();
    let pages = std::process::Command::new("pdfinfo")
        .arg(&out)
        .output()
        .ok()
        .and_then(|o| {
            String::from_utf8_lossy(&o.stdout)
                .lines()
                .find_map(|l| {
                    l.strip_prefix("Pages:")
                        .map(|n| n.trim().parse::<u64>().ok())
                })
                .flatten()
        })
        .unwrap_or(0);
    let typst = whole.saturating_sub(own[1]);
    println!(
        "thousand: PDF of {pages} pages in {:.1} s; lcbook's own work {:.0} ms ({:.1} % of the whole); Typst {:.0} pages/s",
        whole.as_secs_f64(),
        own[1].as_secs_f64() * 1000.0,
        100.0 * own[1].as_secs_f64() / whole.as_secs_f64(),
        pages as f64 / typst.as_secs_f64(),
    );
}
