//! Transform, typography: the text of a chapter → the same text set by the rules of its
//! language, once, so that the EPUB and the PDF get the same characters. Every book gets curly
//! quotes and apostrophes, ellipses and dashes. A French one also gets a no-break space
//! (narrow, U+202F) before `;` `!` `?` and inside « », a no-break space (U+00A0 by default)
//! before `:`, replacing a typed space or added where none was typed; « » for quotes (“ ”
//! inside them); digit groups, units and abbreviations held by no-break spaces; ordinals and
//! abbreviations with superior letters. Code, URLs and link destinations are not text here and
//! are never touched.

mod flow;
mod numbers;
mod punctuation;
mod quotes;
mod superscripts;
mod verbatim;

pub use numbers::numbers;
pub(crate) use superscripts::superior_form;
pub use superscripts::superscripts;

use crate::model::{Block, Chapter, Inline, visit_blocks_mut};
use flow::flow;

pub use crate::config::{French, Rules};
pub use crate::text::{NBSP, NNBSP};

/// Spaces a writer may have typed where a no-break space belongs.
fn is_typed_space(c: char) -> bool {
    matches!(c, ' ' | NBSP | '\u{2009}' | NNBSP)
}

/// Buffers the rules reuse from run to run of a chapter, so that a run costs no allocation
/// but the text it becomes.
#[derive(Debug, Default)]
pub(super) struct Buffers {
    /// The run's characters.
    index: Index,
    /// Which of them are verbatim.
    verbatim: Vec<bool>,
    /// The run, its punctuation set.
    out: String,
    /// The run, its numbers set too.
    numbers: String,
}

/// A run's characters, and their byte offsets in it: a pass looks at characters around the
/// one it acts on, and copies the others as slices of the run.
#[derive(Debug, Default)]
pub(super) struct Index {
    /// The characters.
    chars: Vec<char>,
    /// The byte offset of each, then the run's length.
    offsets: Vec<usize>,
}

impl Index {
    /// Indexes `s`, in place of what was indexed before.
    fn of(&mut self, s: &str) {
        self.chars.clear();
        self.offsets.clear();
        for (at, c) in s.char_indices() {
            self.chars.push(c);
            self.offsets.push(at);
        }
        self.offsets.push(s.len());
    }

    /// Copies the characters of the indexed `s` from the `from`th up to the next one `stop`
    /// accepts (or the end) to `out`, as one slice; returns where it stopped.
    fn copy_until(&self, s: &str, from: usize, out: &mut String, stop: fn(char) -> bool) -> usize {
        let end = self.chars[from..]
            .iter()
            .position(|c| stop(*c))
            .map_or(self.chars.len(), |p| from + p);
        out.push_str(&s[self.offsets[from]..self.offsets[end]]);
        end
    }
}

/// Applies the rules to one piece of plain text (a title, a subtitle).
pub fn apply(text: &str, rules: Rules) -> String {
    let mut one = [Inline::Text(text.to_owned())];
    flow(&mut one, rules, &mut Buffers::default());
    // A lone text run stays one: no line break binds, no other language is set apart.
    let [run] = one;
    match run {
        Inline::Text(out) => out,
        other => Inline::plain_text(&[other]),
    }
}

/// Applies the rules to every text of a chapter: body, notes, title, subtitle, series,
/// authors.
pub fn run(chapter: &mut Chapter, rules: Rules) {
    chapter.meta.title = apply(&chapter.meta.title, rules);
    chapter.meta.subtitle = chapter.meta.subtitle.as_deref().map(|s| apply(s, rules));
    chapter.display_title = raised(&chapter.meta.title, rules);
    chapter.display_subtitle = chapter.meta.subtitle.as_deref().map(|s| raised(s, rules));
    chapter.meta.part = chapter.meta.part.as_deref().map(|s| apply(s, rules));
    for author in &mut chapter.meta.authors {
        *author = apply(author, rules);
    }
    let mut buf = Buffers::default();
    let mut inlines = |inl: &mut Vec<Inline>| {
        flow(inl, rules, &mut buf);
        if let Rules::French(_) = rules {
            superscripts(inl);
        }
    };
    for blocks in chapter.all_blocks_mut() {
        visit_blocks_mut(blocks, &mut |b| match b {
            Block::Paragraph(inl) => inlines(inl),
            Block::Heading(h) => inlines(&mut h.content),
            Block::Table { head, rows, .. } => {
                for cell in head.iter_mut().chain(rows.iter_mut().flatten()) {
                    inlines(cell);
                }
            }
            Block::Figure(img) => {
                img.title = apply(&img.title, rules);
                img.alt = apply(&img.alt, rules);
            }
            Block::BlockQuote(_)
            | Block::List { .. }
            | Block::CodeBlock { .. }
            | Block::ThematicBreak => {}
        });
    }
}

/// A text already set by [`apply`] as inlines, its superior letters raised when the rules
/// are French: what a title shows on its page.
pub fn raised(text: &str, rules: Rules) -> Vec<Inline> {
    let mut v = vec![Inline::Text(text.to_owned())];
    if let Rules::French(_) = rules {
        superscripts(&mut v);
    }
    v
}

#[cfg(test)]
mod tests {
    use super::numbers::tests::NUMBERS;
    use super::punctuation::Spacer;
    use super::punctuation::tests::{CASES, OTHER_CASES};
    use super::superscripts::tests::SUPERSCRIPTS;
    use super::*;

    /// `_` stands for U+202F and `~` for U+00A0 in the tables, so that cases can be read.
    pub(super) fn show(s: &str) -> String {
        s.replace(NNBSP, "_").replace(NBSP, "~")
    }

    /// What a paragraph holding `input` becomes, superior letters shown as `^(…)`.
    pub(super) fn body(input: &str) -> String {
        let mut v = vec![Inline::Text(input.to_owned())];
        flow(
            &mut v,
            Rules::French(French::default()),
            &mut Buffers::default(),
        );
        superscripts(&mut v);
        v.iter()
            .map(|i| match i {
                Inline::Text(t) => show(t),
                Inline::Sup(c) => format!("^({})", Inline::plain_text(c)),
                other => format!("{other:?}"),
            })
            .collect()
    }

    /// Pieces of texts dense in what the rules act on: signs, quotes, figures, units,
    /// abbreviations and the words after them, ordinals, addresses, spaces of every kind.
    const PIECES: &[&str] = &[
        "mot", "Lénine", "Roland", " ", " ", "\u{a0}", "\u{202f}", "\u{2009}", ";", ":", "!", "?",
        "«", "»", "“", "”", "\"", "'", ".", "...", "…", "etc", "-", "--", "—", "(", "1", "12",
        "519", "000", ",5", "%", "€", "km", "km/h", "h", "30", "t", "M", "M.", "MM.", "Mme",
        "Mlle", "Dr", "p.", "pp.", "t.", "n°", "N°", "II", "XIX", "e", "er", "ème", "Ier", "De",
        "www.", "x.org/a", "a@b.fr", "C:\\x", "&amp;", "w", "/", ")", ":)",
    ];

    /// A text of up to 16 pieces.
    fn dense() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::strategy::Strategy;
        proptest::collection::vec(proptest::sample::select(PIECES), 0..16).prop_map(|v| v.concat())
    }

    /// Whether what lets a rule leave `text` without looking at it closer holds: the rule,
    /// looking closer, would leave it as it is too.
    fn shortcuts_hold(
        text: &str,
        prev: Option<char>,
        next: Option<char>,
        guillemet: bool,
        french: bool,
    ) -> Result<(), String> {
        let chars: Vec<char> = text.chars().collect();
        let mut buf = Buffers::default();
        if !verbatim::may_hold_address(text)
            && verbatim::verbatim_into(&chars, prev, &mut buf.verbatim)
        {
            return Err(format!("{text:?}: an address not foreseen"));
        }
        if !numbers::may_change(text)
            && numbers::numbers_set(text, prev, &mut buf.index, &mut buf.out)
        {
            return Err(format!("{text:?}: a number not foreseen"));
        }
        let mut pieces = Vec::new();
        superscripts::split_superscripts(text, &mut pieces);
        if superscripts::has_superior(text) != pieces.iter().any(|i| matches!(i, Inline::Sup(_))) {
            return Err(format!("{text:?}: superior letters misjudged"));
        }
        let rules = if french {
            Rules::French(French::default())
        } else {
            Rules::Basic
        };
        let mut spacer = Spacer::new(rules);
        spacer.prev = prev;
        if guillemet {
            // A run right after a guillemet: its typed spaces are the guillemet's.
            spacer.set("«", None, &mut buf);
        }
        if spacer.leaves(text, next) {
            let mut closer = spacer.clone();
            if closer.set(text, next, &mut buf) {
                return Err(format!(
                    "{text:?} before {next:?}: punctuation not foreseen"
                ));
            }
            spacer.prev = text.chars().next_back().or(spacer.prev);
            if closer != spacer {
                return Err(format!("{text:?}: the pass's state not foreseen"));
            }
        }
        Ok(())
    }

    /// Every pair of pieces, in every state a run may start in.
    #[test]
    fn the_shortcuts_skip_only_runs_left_as_they_are_pairs() {
        for a in PIECES {
            for b in PIECES {
                let text = format!("{a}{b}");
                for prev in [None, Some(' '), Some('x'), Some('«')] {
                    for next in [None, Some(';'), Some('»'), Some('x')] {
                        for (guillemet, french) in [(false, false), (false, true), (true, true)] {
                            if let Err(e) = shortcuts_hold(&text, prev, next, guillemet, french) {
                                panic!("{e}");
                            }
                        }
                    }
                }
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(4096))]
        /// Longer runs of pieces, in random states.
        #[test]
        fn the_shortcuts_skip_only_runs_left_as_they_are(
            text in dense(),
            prev in proptest::option::of("[ xa«(\u{202f}1]"),
            next in proptest::option::of("[ ;:!?»x]"),
            guillemet in proptest::bool::ANY,
            french in proptest::bool::ANY,
        ) {
            let prev = prev.and_then(|p| p.chars().next());
            let next = next.and_then(|n| n.chars().next());
            if let Err(e) = shortcuts_hold(&text, prev, next, guillemet, french) {
                proptest::prop_assert!(false, "{}", e);
            }
        }
    }

    /// Books not in French get quotes, apostrophes, ellipses and dashes, and nothing else.
    const BASIC: &[(&str, &str)] = &[
        ("he said \"yes\" and left", "he said “yes” and left"),
        ("\"a 'quoted' word\"", "“a ‘quoted’ word”"),
        ("the worker's hands", "the worker’s hands"),
        ("wait...", "wait…"),
        ("etc...", "etc…"),
        ("Paris -- Lyon", "Paris – Lyon"),
        ("said---and", "said—and"),
        ("Why? Because: no!", "Why? Because: no!"),
        ("« as typed »", "« as typed »"),
        ("519 000 and 12 %", "519 000 and 12 %"),
        ("the 1st and the XXe", "the 1st and the XXe"),
        ("a 5\" pipe", "a 5\" pipe"),
    ];

    #[test]
    fn basic_rules() {
        for (input, expected) in BASIC {
            let mut v = vec![Inline::Text((*input).to_owned())];
            flow(&mut v, Rules::Basic, &mut Buffers::default());
            assert_eq!(Inline::plain_text(&v), *expected, "{input:?}");
            assert_eq!(apply(input, Rules::Basic), *expected, "{input:?}");
        }
    }

    #[test]
    fn the_colon_space_is_configurable() {
        let narrow = Rules::French(French { colon: NNBSP });
        assert_eq!(show(&apply("Note : voir", narrow)), "Note_: voir");
    }

    /// `expected`, in the tables' notation, as the XHTML and the Typst writers write it.
    fn written(expected: &str) -> (String, String) {
        let (mut xhtml, mut typst) = (String::new(), String::new());
        for (i, piece) in expected.split("^(").enumerate() {
            let (raised, rest) = match piece.split_once(')') {
                Some((r, rest)) if i > 0 => (Some(r), rest),
                _ => (None, piece),
            };
            if let Some(r) = raised {
                xhtml.push_str(&format!("<sup>{r}</sup>"));
                typst.push_str(&format!("#super[{r}];"));
            }
            let rest = rest.replace('_', "\u{202f}").replace('~', "\u{a0}");
            xhtml.push_str(&crate::writer::xhtml::escape(&rest));
            typst.push_str(&crate::writer::typst::escape(&rest));
        }
        (xhtml, typst)
    }

    /// Every case of the tables, as a paragraph of an article read from Markdown, reaches the
    /// XHTML and the Typst markup as expected: the pass is the only place typography happens,
    /// and the writers change nothing of it.
    #[test]
    fn every_case_in_both_writers() {
        use crate::locale::Labels;
        use crate::model::{Book, Entry};
        let cases: Vec<&(&str, &str)> = CASES
            .iter()
            .chain(OTHER_CASES)
            .chain(NUMBERS)
            .chain(SUPERSCRIPTS)
            .collect();
        assert!(cases.len() >= 80, "{} cases", cases.len());
        let mut md = String::from("---\ntitle: Le 1er mai et la IIe Internationale\n---\n");
        for (input, _) in &cases {
            md.push('\n');
            md.push_str(input);
            md.push('\n');
        }
        let mut diags = crate::diag::Diagnostics::new();
        let article = crate::read::article::from_bytes(
            "cas.md".into(),
            "cas.md".into(),
            "cas.md".into(),
            md.into_bytes(),
            "series",
            &mut diags,
        )
        .expect("the article reads");
        let mut chapter = crate::read::markdown::read(article, &mut diags);
        run(&mut chapter, Rules::French(French::default()));
        let book = Book {
            chapters: vec![chapter],
            parts: Vec::new(),
            entries: vec![Entry::Chapter(0)],
            resources: Vec::new(),
            ..Book::new(Vec::new(), String::new(), None)
        };
        let labels = Labels::for_language("fr");
        let ctx = crate::writer::xhtml::Context {
            lang: "fr",
            labels: &labels,
        };
        let xhtml = crate::writer::xhtml::chapter(&book, 0, &ctx);
        let typst = crate::writer::typst::chapter(&book, 0, false, &labels).source;
        // The title too has its superior letters, at the chapter's head.
        assert!(
            xhtml.contains(
                "<h1 id=\"_titre\">Le 1<sup>er</sup> mai et la II<sup>e</sup> Internationale</h1>"
            ),
            "{xhtml}"
        );
        assert!(
            typst.contains("title: [Le 1#super[er]; mai et la II#super[e]; Internationale]"),
            "{typst}"
        );
        for (input, expected) in cases {
            let (x, t) = written(expected);
            assert!(
                xhtml.contains(&format!("<p>{x}</p>")),
                "XHTML of {input:?}: no <p>{x}</p> in\n{xhtml}"
            );
            assert!(
                typst.contains(&format!("\n{t}\n\n")),
                "Typst of {input:?}: no line {t} in\n{typst}"
            );
        }
    }
}
