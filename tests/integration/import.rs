//! `lcbook import` over the saved pages of `tests/fixtures/import/`: the corpus page gives the
//! default book's article, other pages (other bylines, series titles, repeated lines, HTML)
//! give the articles in the golden files, and bad pages give their exact errors.

use std::path::{Path, PathBuf};

use crate::support::{Epub, epub_of, lcbook_ok, stderr, typst_sources};

fn page(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import")
        .join(name)
}

/// Runs `lcbook import --into DIR` on pages, from the fixtures directory (so that paths in
/// the output are short); returns the output and the directory.
fn import(pages: &[&str], extra: &[&str]) -> (std::process::Output, tempfile::TempDir) {
    let dir = tempfile::tempdir().expect("tempdir");
    let into = dir.path().join("chapters");
    let mut args = vec!["import", "--into", into.to_str().expect("utf-8")];
    args.extend(extra);
    args.extend(pages);
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_lcbook"))
        .args(&args)
        .current_dir(page(""))
        .output()
        .expect("lcbook runs");
    (o, dir)
}

fn stdout(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// The report, with the temporary directory's path taken out.
fn report(o: &std::process::Output, dir: &tempfile::TempDir) -> String {
    stdout(o).replace(&dir.path().display().to_string(), "TMP")
}

#[test]
fn the_corpus_page_gives_the_default_books_article() {
    let (o, dir) = import(&["septembre-1917.txt"], &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let name = "septembre-1917-la-marche-vers-le-pouvoir-des-soviets.md";
    let made = std::fs::read_to_string(dir.path().join("chapters").join(name)).expect("written");
    let shipped = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("chapters")
            .join(name),
    )
    .expect("the default book's article");
    assert_eq!(made, shipped);
    insta::assert_snapshot!("import-report-septembre-1917", report(&o, &dir));
}

/// Markdown reduced to its words and punctuation: no markup, one space between words.
fn prose(markdown: &str) -> String {
    markdown
        .replace(['#', '*'], " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn every_sentence_of_the_corpus_article_is_kept() {
    let corpus = std::fs::read_to_string(page("septembre-1917.txt")).expect("corpus");
    // The article, as the corpus's README describes it: from the line after the title to the
    // byline.
    let lines: Vec<&str> = corpus.lines().collect();
    let start = lines
        .iter()
        .position(|l| l.starts_with("## Septembre 1917"))
        .expect("the title")
        + 1;
    let end = lines
        .iter()
        .position(|l| l.starts_with("**Zdenek"))
        .expect("the byline");
    let article = prose(&lines[start..end].join("\n"));
    let (o, dir) = import(&["septembre-1917.txt"], &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let made = std::fs::read_to_string(
        dir.path()
            .join("chapters/septembre-1917-la-marche-vers-le-pouvoir-des-soviets.md"),
    )
    .expect("written");
    let body = prose(made.splitn(3, "---\n").nth(2).expect("a body"));
    let mut sentences = 0;
    for sentence in article.split_inclusive(['.', '!', '?']) {
        let sentence = sentence.trim();
        if sentence.is_empty() {
            continue;
        }
        sentences += 1;
        assert!(body.contains(sentence), "lost: {sentence}");
    }
    assert!(sentences >= 20, "{sentences} sentences");
}

macro_rules! pages {
    ($($test:ident => $page:literal, $file:literal;)*) => {$(
        #[test]
        fn $test() {
            let (o, dir) = import(&[$page], &[]);
            assert!(o.status.success(), "{}", stderr(&o));
            let made = std::fs::read_to_string(dir.path().join("chapters").join($file))
                .expect("the article is written under its title's slug");
            insta::assert_snapshot!(concat!("import-", $page), made);
            insta::assert_snapshot!(concat!("import-report-", $page), report(&o, &dir));
        }
    )*};
}

pages! {
    a_byline_with_par_and_two_authors => "byline-par.txt", "marxisme-economie-3-la-valeur-et-le-prix.md";
    a_series_episode_in_the_text => "episode.txt", "une-histoire-d-essai-au-xxe-siecle-la-bataille-des-tests.md";
    an_html_page => "page.html", "une-page-d-essai-en-html-la-commune-de-1871.md";
}

#[test]
fn bad_pages_give_their_exact_errors_and_nothing_else() {
    let (o, dir) = import(
        &["empty.txt", "no-title.txt", "binary.png", "absent.txt"],
        &[],
    );
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    let firsts: Vec<&str> = err.lines().filter(|l| !l.starts_with([' ', '|'])).collect();
    assert_eq!(
        firsts,
        [
            "absent.txt: error: cannot read the page: No such file or directory (os error 2)",
            "binary.png:3:1: error: not a text page: a NUL byte (a binary file?); lcbook imports pages saved as text or HTML",
            "empty.txt: error: the page is empty",
            "no-title.txt: error: no title: the page has no heading",
            "error: some pages were not imported: 4 errors, 0 warnings",
        ]
    );
    assert!(!dir.path().join("chapters").exists());
}

#[test]
fn nothing_is_replaced_without_force_and_a_dry_run_writes_nothing() {
    let (o, dir) = import(&["byline-par.txt"], &["--dry-run"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains(" → would write "), "{}", stdout(&o));
    assert!(!dir.path().join("chapters").exists());

    let into = dir.path().join("chapters");
    std::fs::create_dir_all(&into).expect("dir");
    let file = into.join("marxisme-economie-3-la-valeur-et-le-prix.md");
    std::fs::write(&file, "mine").expect("write");
    let again = |extra: &[&str]| {
        let mut args = vec!["import", "--into", into.to_str().expect("utf-8")];
        args.extend(extra);
        args.push("byline-par.txt");
        std::process::Command::new(env!("CARGO_BIN_EXE_lcbook"))
            .args(&args)
            .current_dir(page(""))
            .output()
            .expect("lcbook runs")
    };
    let o = again(&["-q"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).starts_with(&format!(
            "byline-par.txt: error: `{}` exists: give --force to replace it\n",
            file.display()
        )),
        "{}",
        stderr(&o)
    );
    assert_eq!(std::fs::read_to_string(&file).expect("kept"), "mine");
    let o = again(&["-q", "--force"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        std::fs::read_to_string(&file)
            .expect("replaced")
            .starts_with("---\ntitle:")
    );
}

#[test]
fn two_pages_with_one_title_are_refused() {
    let (o, _dir) = import(&["episode.txt", "episode.txt"], &["-q"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("episode.txt: error: gives `"),
        "{}",
        stderr(&o)
    );
}

/// The imported pages make a book that builds.
#[test]
fn tool_imported_pages_make_a_book() {
    let (o, dir) = import(
        &["byline-par.txt", "episode.txt", "page.html"],
        &["-q", "--category", "Histoire"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    std::fs::write(
        dir.path().join("book.toml"),
        "[book]\ntitle = \"Livre d'essai importé\"\n\n[chapters]\ncategory = \"Histoire\"\n",
    )
    .expect("book.toml");
    let out = dir.path().join("livre.epub");
    let o = lcbook_ok(&[
        "epub",
        dir.path().to_str().expect("utf-8"),
        "-o",
        out.to_str().expect("utf-8"),
    ]);
    assert!(stderr(&o).contains("3 chapters"), "{}", stderr(&o));
    crate::support::epubcheck(&out);
}

/// The chapter files of an EPUB, concatenated.
fn epub_text(epub: &Epub) -> String {
    epub.names()
        .into_iter()
        .filter(|n| n.starts_with("EPUB/text/"))
        .map(|n| epub.text(n))
        .collect()
}

#[test]
fn the_sites_notes_become_footnotes_in_both_outputs() {
    // The linked shape after the teasers with anchors that do not match, SPIP's HTML notes,
    // and plain calls with a "Notes" list: one run, one book.
    let (o, dir) = import(&["notes.txt", "notes-spip.html", "notes-list.txt"], &["-q"]);
    assert!(o.status.success(), "{}", stderr(&o));
    std::fs::write(
        dir.path().join("book.toml"),
        "[book]\ntitle = \"Notes d'essai\"\n",
    )
    .expect("book.toml");
    let (_epub_dir, epub) = epub_of(dir.path());
    let xhtml = epub_text(&epub);
    // (The apostrophes are typographic in the book.)
    for note in [
        "Gisèle Halimi, une note d’essai définie après les teasers.",
        "Une seconde note d’essai,\nsur deux lignes.",
        "Gisèle Halimi, la note d’essai.",
        "Seconde note d’essai.",
        "Première note d’essai.",
    ] {
        assert!(xhtml.contains(note), "{note}: {xhtml}");
    }
    assert_eq!(
        xhtml.matches("epub:type=\"footnote\"").count(),
        6,
        "{xhtml}"
    );
    assert_eq!(xhtml.matches("epub:type=\"noteref\"").count(), 6, "{xhtml}");
    // The call without a definition stays as its text; no link into the saved page is left.
    assert!(xhtml.contains("pas de définition[3]."), "{xhtml}");
    assert!(!xhtml.contains("#nb") && !xhtml.contains("#nh"), "{xhtml}");
    let (_typst_dir, sources) = typst_sources(dir.path());
    let mut typst = String::new();
    for entry in std::fs::read_dir(sources.join("chapters")).expect("chapters") {
        typst.push_str(&std::fs::read_to_string(entry.expect("a file").path()).expect("UTF-8"));
    }
    assert_eq!(typst.matches("#footnote[").count(), 6, "{typst}");
    assert!(
        typst.contains("Gisèle Halimi, une note d’essai définie après les teasers"),
        "{typst}"
    );
}

/// The `series:` and `episode:` lines of each article written in `dir`'s `chapters/`, sorted.
fn series_lines(dir: &tempfile::TempDir) -> Vec<String> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir.path().join("chapters")).expect("chapters") {
        let text = std::fs::read_to_string(entry.expect("a file").path()).expect("UTF-8");
        let series: Vec<&str> = text
            .lines()
            .filter(|l| l.starts_with("series:") || l.starts_with("episode:"))
            .collect();
        out.push(series.join(" "));
    }
    out.sort();
    out
}

/// `lcbook check` of the articles in `dir` as a book: its summary line.
fn check_summary(dir: &tempfile::TempDir) -> String {
    std::fs::write(dir.path().join("book.toml"), "[book]\ntitle = \"Série\"\n").expect("toml");
    let o = lcbook_ok(&["check", dir.path().to_str().expect("utf-8")]);
    stderr(&o)
}

#[test]
fn a_series_in_the_sites_shapes_is_one_part_in_one_run() {
    // "S : X" over "Episode 1", "X, épisode 2" (the corpus teasers' shapes), "S : X" over
    // "Episode 3", "S – 4 : Y": one series, named by the title shape most pages give, its
    // episodes in order whatever the order of the pages.
    let (o, dir) = import(
        &["serie-4.txt", "serie-2.txt", "serie-1.txt", "episode.txt"],
        &[],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let s = "series: Une histoire d'essai au XXe siècle";
    assert_eq!(
        series_lines(&dir),
        [
            format!("{s} episode: 1"),
            format!("{s} episode: 2"),
            format!("{s} episode: 3"),
            format!("{s} episode: 4")
        ]
    );
    // The page says why it was joined: the teaser it lists, met first in this order.
    assert!(
        stdout(&o).contains(
            "  repaired: series “La bataille des tests” joined to “Une histoire d'essai au XXe \
             siècle”: “La bataille des tests, épisode 2” lists “Une histoire d'essai au XXe \
             siècle : la bataille des tests” among its teasers\n"
        ),
        "{}",
        stdout(&o)
    );
    // Episodes 1 and 3 share a title: the second's file says its episode.
    assert!(
        dir.path()
            .join("chapters/une-histoire-d-essai-au-xxe-siecle-la-bataille-des-tests-episode-3.md")
            .is_file()
    );
    assert_eq!(check_summary(&dir), "ok: 4 chapters, 1 part, 0 warnings\n");
    // The chapters in episode order: their files are numbered in reading order.
    let (_epub_dir, epub) = epub_of(dir.path());
    let mut chapters: Vec<&str> = epub
        .names()
        .into_iter()
        .filter(|n| n.starts_with("EPUB/text/0"))
        .collect();
    chapters.sort_unstable();
    assert_eq!(
        chapters,
        [
            "EPUB/text/01-une-histoire-d-essai-au-xxe-siecle-la-bataille.xhtml",
            "EPUB/text/02-la-bataille-des-tests-episode-2.xhtml",
            "EPUB/text/03-une-histoire-d-essai-au-xxe-siecle-la-bataille-2.xhtml",
            "EPUB/text/04-une-histoire-d-essai-au-xxe-siecle-4-la-fin-des.xhtml",
        ]
    );
}

#[test]
fn a_series_in_the_sites_shapes_is_one_part_in_two_runs() {
    // The second run joins the article the first wrote, whose name it keeps.
    let (o, dir) = import(&["serie-2.txt"], &["-q"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let into = dir.path().join("chapters");
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_lcbook"))
        .args(["import", "--into", into.to_str().expect("utf-8")])
        .args(["serie-1.txt", "episode.txt"])
        .current_dir(page(""))
        .output()
        .expect("lcbook runs");
    assert!(o.status.success(), "{}", stderr(&o));
    let s = "series: La bataille des tests";
    assert_eq!(
        series_lines(&dir),
        [
            format!("{s} episode: 1"),
            format!("{s} episode: 2"),
            format!("{s} episode: 3")
        ]
    );
    assert_eq!(check_summary(&dir), "ok: 3 chapters, 1 part, 0 warnings\n");
}

#[test]
fn conflicting_series_evidence_is_kept_apart_and_said() {
    // Two first episodes under different titles: no join, a warning on each page.
    let (o, dir) = import(&["serie-1.txt", "serie-2.txt", "serie-conflit.txt"], &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let why = "warning: “Une histoire d'essai au XXe siècle : la bataille des tests” and “La \
               bataille des tests, épisode 1” would be one series, but both are episode 1: \
               their series are kept apart; check the pages";
    assert_eq!(
        stderr(&o),
        format!("serie-1.txt: {why}\nserie-2.txt: {why}\nserie-conflit.txt: {why}\n")
    );
    assert_eq!(
        series_lines(&dir),
        [
            "series: La bataille des tests episode: 1",
            "series: La bataille des tests episode: 2",
            "series: Une histoire d'essai au XXe siècle episode: 1"
        ]
    );
}

#[test]
fn an_episode_the_teasers_name_and_the_book_lacks_is_said() {
    // Episodes 1 and 3; the first's teasers name episode 2 ("La bataille des tests, épisode
    // 2", the subtitle's shape), which is not imported.
    let (o, dir) = import(&["serie-1.txt", "episode.txt"], &["-q"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let summary = check_summary(&dir);
    assert_eq!(
        crate::support::diagnostic_lines(&summary),
        [
            "chapters/une-histoire-d-essai-au-xxe-siecle-la-bataille-des-tests.md:8:9: warning: \
             episode 2 of “Une histoire d’essai au XXe siècle”, named by 1 article in its \
             `related` teasers, is not in chapters/: save its page and import it to complete \
             the series",
            "ok: 2 chapters, 1 part, 1 warning"
        ]
    );
}
