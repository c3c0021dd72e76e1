//! Nothing is left out without a word: every article of the chapters directory that is not in
//! the book is named, once, with why; broken front matter is an error, not an article; French
//! habits (an unquoted ` : ` in a value, `[^1] :` for a note) get a located, mending message.

use std::path::Path;

use crate::support::{diagnostic_lines, epub_of, lcbook, stderr, typst_sources};

/// A small seeded generator (xorshift), so that a failure names the seed that makes it again.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}

/// How a generated article stands to the book's category, "Histoire".
#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    /// The book's category, as written or in another case and spacing.
    In,
    /// One letter away from it: left out, with a "did you mean".
    Typo,
    /// Another category: left out.
    Other,
    /// No category: left out.
    None,
    /// The book's category but `draft: true`: left out.
    Draft,
}

fn write_book(root: &Path, seed: u64) -> Vec<(String, Kind)> {
    let mut rng = Rng(seed);
    let chapters = root.join("chapters");
    std::fs::create_dir_all(&chapters).expect("chapters/");
    std::fs::write(
        root.join("book.toml"),
        "[book]\ntitle = \"Essai\"\n[chapters]\ncategory = \"Histoire\"\n",
    )
    .expect("book.toml");
    let spellings = ["Histoire", "histoire", " HISTOIRE ", "\"Histoire\""];
    let typos = [
        "Histiore",
        "Hisoire",
        "Histoires",
        "Hstoire",
        "Histoir",
        "Histoyre",
    ];
    let others = ["Économie", "Théorie", "Politique", "Culture"];
    let mut made = Vec::new();
    // At least one article in the book, so that it builds.
    let count = 3 + rng.below(12);
    for i in 0..count {
        let kind = if i == 0 {
            Kind::In
        } else {
            [Kind::In, Kind::Typo, Kind::Other, Kind::None, Kind::Draft][rng.below(5) as usize]
        };
        let pick =
            |list: &[&'static str], rng: &mut Rng| list[rng.below(list.len() as u64) as usize];
        let category = match kind {
            Kind::In | Kind::Draft => Some(pick(&spellings, &mut rng)),
            Kind::Typo => Some(pick(&typos, &mut rng)),
            Kind::Other => Some(pick(&others, &mut rng)),
            Kind::None => None,
        };
        let mut text = format!("---\ntitle: Article d'essai {i}\n");
        if let Some(c) = category {
            text.push_str(&format!("category: {c}\n"));
        }
        if kind == Kind::Draft {
            text.push_str("draft: true\n");
        }
        text.push_str("---\n\nTexte d'essai.\n");
        let name = format!("a{i:02}.md");
        std::fs::write(chapters.join(&name), text).expect("an article");
        made.push((format!("chapters/{name}"), kind));
    }
    made
}

#[test]
fn every_article_left_out_is_named_once_with_why() {
    for seed in 1..=24u64 {
        let dir = tempfile::tempdir().expect("temporary directory");
        let made = write_book(dir.path(), seed * 7919);
        let o = lcbook(&["check", dir.path().to_str().expect("utf-8")]);
        let err = stderr(&o);
        assert!(o.status.success(), "seed {seed}: {err}");
        let lines = diagnostic_lines(&err);
        let mut left_out = 0;
        for (path, kind) in &made {
            let about: Vec<&&str> = lines
                .iter()
                .filter(|l| l.starts_with(&format!("{path}:")))
                .collect();
            let expected = match kind {
                Kind::In => None,
                Kind::Typo => Some("did you mean “Histoire”?"),
                Kind::Other => Some("is not the book's, “Histoire”"),
                Kind::None => Some("the article has no `category`"),
                Kind::Draft => Some("`draft: true`: left out of the book"),
            };
            match expected {
                None => assert!(about.is_empty(), "seed {seed}: {path}: {about:?}"),
                Some(why) => {
                    left_out += 1;
                    assert_eq!(about.len(), 1, "seed {seed}: {path}: {err}");
                    assert!(about[0].contains(why), "seed {seed}: {path}: {}", about[0]);
                    assert!(about[0].contains("left out of the book"), "{}", about[0]);
                    if *kind == Kind::Other {
                        assert!(!about[0].contains("did you mean"), "{}", about[0]);
                    }
                }
            }
        }
        let summary = lines.last().copied().unwrap_or_default();
        let book = made.len() - left_out;
        let chapters = if book == 1 {
            "1 chapter"
        } else {
            &format!("{book} chapters")
        };
        assert!(
            summary.starts_with(&format!("ok: {chapters}, ")),
            "seed {seed}: {summary}"
        );
        if left_out > 0 {
            let articles = if left_out == 1 { "article" } else { "articles" };
            assert!(
                summary.ends_with(&format!(
                    "; {left_out} {articles} left out (see the warnings)"
                )),
                "seed {seed}: {summary}"
            );
        } else {
            assert!(!summary.contains("left out"), "seed {seed}: {summary}");
        }
    }
}

/// A book of one good article and `name` holding `text`; what `lcbook check` says of it.
fn check_with(name: &str, text: &str) -> (bool, String) {
    let dir = tempfile::tempdir().expect("temporary directory");
    let chapters = dir.path().join("chapters");
    std::fs::create_dir_all(&chapters).expect("chapters/");
    std::fs::write(dir.path().join("book.toml"), "[book]\ntitle = \"Essai\"\n").expect("toml");
    std::fs::write(chapters.join("bon.md"), "---\ntitle: Bon\n---\n\nTexte.\n").expect("md");
    std::fs::write(chapters.join(name), text).expect("the article");
    let o = lcbook(&["check", dir.path().to_str().expect("utf-8")]);
    (o.status.success(), stderr(&o))
}

#[test]
fn front_matter_without_its_opening_fence_is_an_error_not_an_article() {
    for (text, last) in [
        (
            "title: 18 mars 1871\nauthor: X\ncategory: Histoire\n---\n\nTexte.\n",
            3,
        ),
        ("title: Seul\n---\n\nTexte.\n", 1),
        (
            "title: Deux\ndate: 2017-09-02\n\nTexte sans fin de bloc.\n",
            2,
        ),
        ("Title: Majuscule\ntags:\n  - a\n  - b\n---\nTexte.\n", 4),
    ] {
        let (ok, err) = check_with("casse.md", text);
        assert!(!ok, "{text:?}: {err}");
        assert_eq!(
            diagnostic_lines(&err)[0],
            format!(
                "chapters/casse.md:1:1: error: this looks like front matter without its opening \
                 `---` (lines 1–{last} are `key: value` lines): add a line `---` above line 1; \
                 the file is not read as an article"
            ),
            "{text:?}"
        );
    }
    // Prose that merely opens with a colon, or one key over prose, is an article.
    for text in [
        "Titre : sous-titre\n\nTexte.\n",
        "title: un mot\n\nPuis de la prose.\n",
        "Note: ceci est du texte.\n---\n\nSuite.\n",
    ] {
        let (ok, err) = check_with("prose.md", text);
        assert!(ok, "{text:?}: {err}");
        assert!(!err.contains("front matter"), "{text:?}: {err}");
    }
}

#[test]
fn an_unquoted_colon_in_a_value_gets_the_quotes_to_write() {
    let (ok, err) = check_with(
        "deux-points.md",
        "---\ntitle: 18 mars 1871 : quand le peuple \"prend\" le pouvoir\n---\n\nTexte.\n",
    );
    assert!(!ok, "{err}");
    assert_eq!(
        diagnostic_lines(&err)[0],
        "chapters/deux-points.md:2:8: error: the value of `title` holds `: `, which YAML reads \
         as another key: put it in double quotes, `title: \"18 mars 1871 : quand le peuple \
         \\\"prend\\\" le pouvoir\"`"
    );
    // Quoted, the same title is read.
    let (ok, err) = check_with(
        "deux-points.md",
        "---\ntitle: \"18 mars 1871 : quand le peuple prend le pouvoir\"\n---\n\nTexte.\n",
    );
    assert!(ok, "{err}");
}

#[test]
fn a_note_defined_with_a_space_before_its_colon_is_a_note_in_both_outputs() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let chapters = dir.path().join("chapters");
    std::fs::create_dir_all(&chapters).expect("chapters/");
    std::fs::write(dir.path().join("book.toml"), "[book]\ntitle = \"Essai\"\n").expect("toml");
    std::fs::write(
        chapters.join("notes.md"),
        "---\ntitle: Notes\n---\n\n## Un titre[^1]\n\nTexte[^2] et[^x].\n\n\
         [^1] : Une note à la française.\n\n[^2]  :  Une autre.\n\n```\n[^3] : du code\n```\n",
    )
    .expect("the article");
    let root = dir.path().to_str().expect("utf-8");
    let o = lcbook(&["check", root]);
    let err = stderr(&o);
    assert_eq!(
        diagnostic_lines(&err),
        [
            "chapters/notes.md:7:13: warning: note `[^x]` is not defined; kept as text",
            "chapters/notes.md:9:5: warning: note definition written `[^1] :`, with a space \
             before the colon: read as one; write `[^1]:`",
            "chapters/notes.md:11:5: warning: note definition written `[^2] :`, with a space \
             before the colon: read as one; write `[^2]:`",
            "ok: 1 chapter, 0 parts, 3 warnings",
        ]
    );
    let (_epub_dir, epub) = epub_of(dir.path());
    let xhtml = epub.text("EPUB/text/01-notes.xhtml");
    assert!(xhtml.contains("Une note à la française.</p>"), "{xhtml}");
    assert!(xhtml.contains("Une autre.</p>"), "{xhtml}");
    assert!(xhtml.contains("[^3] : du code"), "{xhtml}");
    assert!(!xhtml.contains("[^1]"), "{xhtml}");
    let (_typst_dir, sources) = typst_sources(dir.path());
    let typst = std::fs::read_to_string(sources.join("chapters/01-notes.typ"))
        .expect("the chapter's Typst");
    assert!(
        typst.contains("#footnote[#h(0.3em)Une note à la française\\.]"),
        "{typst}"
    );
    assert!(
        typst.contains("#footnote[#h(0.3em)Une autre\\.]"),
        "{typst}"
    );
    assert!(
        !typst.contains("[^1]") && !typst.contains("\\[^1"),
        "{typst}"
    );
}
