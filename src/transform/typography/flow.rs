//! The flow: a paragraph's (a heading's, a cell's) inlines seen as one text across emphasis,
//! links and line breaks, other languages set apart, then rewritten run by run.

use std::collections::VecDeque;

use super::numbers::numbers_into;
use super::punctuation::Spacer;
use super::quotes::{Role, quote_roles};
use super::verbatim::verbatim_into;
use super::{Buffers, Rules};
use crate::model::Inline;

/// A piece of a paragraph's flow: text to rewrite, something that stands for a character (a
/// code span for a word, a line break for a space), or the bounds of a `<q>` quotation, whose
/// marks the writers add.
enum Piece<'a> {
    Text(&'a mut String),
    Stands(char),
    QuoteStart,
    QuoteEnd,
}

/// Whether a BCP 47 tag is French.
fn is_french(tag: &str) -> bool {
    tag.split('-')
        .next()
        .is_some_and(|p| p.eq_ignore_ascii_case("fr"))
}

fn collect<'a>(inlines: &'a mut [Inline], out: &mut Vec<Piece<'a>>, french: bool) {
    for i in inlines {
        match i {
            Inline::Text(t) => out.push(Piece::Text(t)),
            Inline::Code(_) | Inline::Image(_) | Inline::NoteRef { .. } => {
                out.push(Piece::Stands('x'));
            }
            Inline::LineBreak | Inline::SoftBreak => out.push(Piece::Stands(' ')),
            Inline::Quote(c) => {
                out.push(Piece::QuoteStart);
                collect(c, out, french);
                out.push(Piece::QuoteEnd);
            }
            // Another language has its own rules: set apart, a word in this flow.
            Inline::Lang { lang, .. } if french && !is_french(lang) => {
                out.push(Piece::Stands('x'));
            }
            other => {
                if let Some(c) = other.children_mut() {
                    collect(c, out, french);
                }
            }
        }
    }
}

/// The first and last characters of an inline's text, if it starts or ends with text.
fn first_char(i: &Inline) -> Option<char> {
    match i {
        Inline::Text(t) => t.chars().next(),
        other => other
            .children()
            .and_then(|c| c.first())
            .and_then(first_char),
    }
}

fn last_char(i: &Inline) -> Option<char> {
    match i {
        Inline::Text(t) => t.chars().last(),
        other => other.children().and_then(|c| c.last()).and_then(last_char),
    }
}

/// A line break of the source before `; : ! ? »` or after `«` is the space the sign binds:
/// made a typed space, it becomes the no-break one.
fn bind_soft_breaks(inlines: &mut [Inline]) {
    for i in 0..inlines.len() {
        if inlines[i] == Inline::SoftBreak {
            let next = inlines.get(i + 1).and_then(first_char);
            let prev = i.checked_sub(1).and_then(|p| last_char(&inlines[p]));
            if matches!(next, Some(';' | ':' | '!' | '?' | '»')) || prev == Some('«') {
                inlines[i] = Inline::Text(" ".into());
            }
        }
        if let Some(c) = inlines[i].children_mut() {
            bind_soft_breaks(c);
        }
    }
}

/// Runs the basic rules on the phrases of a French flow marked as in another language.
fn foreign_phrases(inlines: &mut [Inline], buf: &mut Buffers) {
    for i in inlines {
        match i {
            Inline::Lang { lang, content } if !is_french(lang) => {
                flow(content, Rules::Basic, buf);
            }
            other => {
                if let Some(c) = other.children_mut() {
                    foreign_phrases(c, buf);
                }
            }
        }
    }
}

/// The roles of the straight quotes of the whole flow, paired before any is written.
fn roles(pieces: &[Piece<'_>]) -> VecDeque<Role> {
    let mut all = Vec::new();
    let mut skip = Vec::new();
    let mut verbatim = Vec::new();
    for p in pieces {
        match p {
            Piece::Text(t) => {
                let start = all.len();
                let prev = all.last().copied();
                all.extend(t.chars());
                verbatim_into(&all[start..], prev, &mut verbatim);
                skip.extend_from_slice(&verbatim);
            }
            Piece::Stands(c) => {
                all.push(*c);
                skip.push(true);
            }
            Piece::QuoteStart | Piece::QuoteEnd => {}
        }
    }
    quote_roles(&all, &skip)
}

/// `text` made `new`, its allocation reused when it is large enough.
fn set(text: &mut String, new: &str) {
    text.clear();
    text.reserve_exact(new.len());
    text.push_str(new);
}

/// Rewrites the text of one flow (a paragraph, a heading, a cell), looking across the
/// boundaries of emphasis and links: in `« *Tout le pouvoir* »` the guillemets and their
/// spaces are in other text runs than the words. Each run is read once by each rule that can
/// act on it, in `buf`'s buffers, and written back only when it changes.
pub(super) fn flow(inlines: &mut [Inline], rules: Rules, buf: &mut Buffers) {
    let french = matches!(rules, Rules::French(_));
    if french {
        bind_soft_breaks(inlines);
        foreign_phrases(inlines, buf);
    }
    let mut pieces = Vec::new();
    collect(inlines, &mut pieces, french);
    let firsts: Vec<Option<char>> = pieces
        .iter()
        .map(|p| match p {
            Piece::Text(t) => t.chars().next(),
            Piece::Stands(c) => Some(*c),
            Piece::QuoteStart | Piece::QuoteEnd => None,
        })
        .collect();
    let mut spacer = Spacer::new(rules);
    if pieces
        .iter()
        .any(|p| matches!(p, Piece::Text(t) if t.contains('"')))
    {
        spacer.roles = roles(&pieces);
    }
    for (i, piece) in pieces.into_iter().enumerate() {
        let next = firsts.get(i + 1).copied().flatten();
        match piece {
            Piece::Text(t) => {
                let prev = spacer.prev;
                let spaced = spacer.text(t, next, buf);
                let set_so_far: &str = if spaced { &buf.out } else { t };
                if french && numbers_into(set_so_far, prev, &mut buf.index, &mut buf.numbers) {
                    set(t, &buf.numbers);
                } else if spaced {
                    set(t, &buf.out);
                }
            }
            Piece::Stands(c) => spacer.prev = Some(c),
            Piece::QuoteStart => spacer.quotes.push(true),
            Piece::QuoteEnd => {
                spacer.quotes.pop();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::French;
    use super::super::tests::show;
    use super::*;

    #[test]
    fn across_emphasis_and_links() {
        let mut inl = vec![
            Inline::Text("le mot d’ordre de « ".into()),
            Inline::Emph(vec![Inline::Text("Tout le pouvoir aux Soviets".into())]),
            Inline::Text(" », dans".into()),
        ];
        flow(
            &mut inl,
            Rules::French(French::default()),
            &mut Buffers::default(),
        );
        let text: String = Inline::plain_text(&inl);
        assert_eq!(
            show(&text),
            "le mot d’ordre de «_Tout le pouvoir aux Soviets_», dans"
        );
        let mut inl = vec![
            Inline::Emph(vec![Inline::Text("pré-parlement".into())]),
            Inline::Text(" ?".into()),
        ];
        flow(
            &mut inl,
            Rules::French(French::default()),
            &mut Buffers::default(),
        );
        assert_eq!(show(&Inline::plain_text(&inl)), "pré-parlement_?");
        let mut inl = vec![
            Inline::Text("un mot ".into()),
            Inline::Strong(vec![Inline::Text("; suite".into())]),
        ];
        flow(
            &mut inl,
            Rules::French(French::default()),
            &mut Buffers::default(),
        );
        assert_eq!(show(&Inline::plain_text(&inl)), "un mot_; suite");
    }

    #[test]
    fn a_source_line_break_next_to_a_sign_is_its_space() {
        let mut inl = vec![
            Inline::Text("la résolution suivante".into()),
            Inline::SoftBreak,
            Inline::Text(": il fallait, le mot d’ordre «".into()),
            Inline::SoftBreak,
            Inline::Emph(vec![Inline::Text("Tout le pouvoir".into())]),
            Inline::SoftBreak,
            Inline::Text("» dans le pays".into()),
            Inline::SoftBreak,
            Inline::Text("? Oui.".into()),
        ];
        flow(
            &mut inl,
            Rules::French(French::default()),
            &mut Buffers::default(),
        );
        assert_eq!(
            show(&Inline::plain_text(&inl)),
            "la résolution suivante~: il fallait, le mot d’ordre «_Tout le pouvoir_» dans le pays_? Oui."
        );
        assert!(!inl.contains(&Inline::SoftBreak), "{inl:?}");
    }

    #[test]
    fn another_language_keeps_its_rules() {
        let mut inl = vec![
            Inline::Text("il dit ".into()),
            Inline::Lang {
                lang: "en".into(),
                content: vec![Inline::Text("really: \"Yes\"!".into())],
            },
            Inline::Text(" puis part !".into()),
        ];
        flow(
            &mut inl,
            Rules::French(French::default()),
            &mut Buffers::default(),
        );
        assert_eq!(
            show(&Inline::plain_text(&inl)),
            "il dit really: “Yes”! puis part_!"
        );
    }

    #[test]
    fn quotes_inside_a_q_element_are_the_inner_ones() {
        let mut inl = vec![Inline::Quote(vec![Inline::Text(
            "avec \"guillemets\" dedans".into(),
        )])];
        flow(
            &mut inl,
            Rules::French(French::default()),
            &mut Buffers::default(),
        );
        assert_eq!(Inline::plain_text(&inl), "avec “guillemets” dedans");
    }

    #[test]
    fn code_is_not_text() {
        let mut inl = vec![
            Inline::Text("lancer ".into()),
            Inline::Code("a ? b : c".into()),
            Inline::Text(" !".into()),
        ];
        flow(
            &mut inl,
            Rules::French(French::default()),
            &mut Buffers::default(),
        );
        assert_eq!(inl[1], Inline::Code("a ? b : c".into()));
        assert_eq!(show(&Inline::plain_text(&inl)), "lancer a ? b : c_!");
    }
}
