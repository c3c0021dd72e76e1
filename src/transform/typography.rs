//! Transform, typography: the text of a chapter → the same text set by the rules of its
//! language, once, so that the EPUB and the PDF get the same characters. Every book gets curly
//! quotes and apostrophes, ellipses and dashes. A French one also gets a no-break space
//! (narrow, U+202F) before `;` `!` `?` and inside « », a no-break space (U+00A0 by default)
//! before `:`, replacing a typed space or added where none was typed; « » for quotes (“ ”
//! inside them); digit groups, units and abbreviations held by no-break spaces; ordinals and
//! abbreviations with superior letters. Code, URLs and link destinations are not text here and
//! are never touched.

use crate::model::{Block, Chapter, Inline, visit_blocks_mut};

pub use crate::config::{French, Rules};
pub use crate::text::{NBSP, NNBSP};

/// Spaces a writer may have typed where a no-break space belongs.
fn is_typed_space(c: char) -> bool {
    matches!(c, ' ' | NBSP | '\u{2009}' | NNBSP)
}

/// After these, a sign starts its own run and takes no space before it.
fn opens(c: char) -> bool {
    c.is_whitespace()
        || matches!(c, '(' | '[' | '«' | '“' | '‘' | '\u{2014}' | '\u{2013}')
        || c == NNBSP
}

/// Applies the rules to one piece of plain text (a title, a subtitle).
pub fn apply(text: &str, rules: Rules) -> String {
    let mut s = Spacer::new(rules);
    let chars: Vec<char> = text.chars().collect();
    s.roles = quote_roles(&chars, &verbatim(&chars, None));
    let out = s.text(text, None);
    match rules {
        Rules::French(_) => numbers(&out, None),
        Rules::Basic => out,
    }
}

/// Applies the rules to every text of a chapter: body, notes, title, subtitle, series.
pub fn run(chapter: &mut Chapter, rules: Rules) {
    chapter.meta.title = apply(&chapter.meta.title, rules);
    chapter.meta.subtitle = chapter.meta.subtitle.as_deref().map(|s| apply(s, rules));
    chapter.display_title = raised(&chapter.meta.title, rules);
    chapter.display_subtitle = chapter.meta.subtitle.as_deref().map(|s| raised(s, rules));
    chapter.meta.part = chapter.meta.part.as_deref().map(|s| apply(s, rules));
    let inlines = |inl: &mut Vec<Inline>| {
        flow(inl, rules);
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

/// Sets ordinals and the abbreviations French writes with superior letters in superscript,
/// in every inline list of `inlines`: 1er, 1re, 2e, 2nd, XIXe, Ier, Mme, Mlle, Dr, n°.
/// Common wrong forms are mended on the way (2ème, 2è → 2e; 1ère → 1re).
pub fn superscripts(inlines: &mut Vec<Inline>) {
    let mut out = Vec::with_capacity(inlines.len());
    for mut inline in inlines.drain(..) {
        match &mut inline {
            Inline::Text(t) => split_superscripts(t, &mut out),
            // Already raised or lowered: nothing to raise inside.
            Inline::Sup(_) | Inline::Sub(_) => out.push(inline),
            other => {
                if let Some(c) = other.children_mut() {
                    superscripts(c);
                }
                out.push(inline);
            }
        }
    }
    *inlines = out;
}

/// A word with its superior letters in their usual short form (`2ème` → `2e`, `n°` → `no`),
/// if it is an ordinal or such an abbreviation.
pub(crate) fn superior_form(word: &str) -> Option<String> {
    superior(word).map(|(kept, raised)| kept + &raised)
}

/// The superior letters of a word, if it is an ordinal or such an abbreviation: the part kept
/// on the line and the letters to raise.
fn superior(word: &str) -> Option<(String, String)> {
    let digits: String = word.chars().take_while(char::is_ascii_digit).collect();
    if !digits.is_empty() {
        let suffix = &word[digits.len()..];
        let raised = match suffix {
            "er" | "re" | "ers" | "res" | "e" | "es" | "nd" | "nde" | "nds" | "ndes" | "d"
            | "de" => suffix.to_owned(),
            "ème" | "è" | "eme" => "e".to_owned(),
            "èmes" | "emes" => "es".to_owned(),
            "ère" => "re".to_owned(),
            "ères" => "res".to_owned(),
            _ => return None,
        };
        if (raised == "er" || raised == "ers") && digits != "1" {
            return None;
        }
        return Some((digits, raised));
    }
    match word {
        "Mme" => return Some(("M".into(), "me".into())),
        "Mmes" => return Some(("M".into(), "mes".into())),
        "Mlle" => return Some(("M".into(), "lle".into())),
        "Mlles" => return Some(("M".into(), "lles".into())),
        "Dr" => return Some(("D".into(), "r".into())),
        "n°" => return Some(("n".into(), "o".into())),
        "N°" => return Some(("N".into(), "o".into())),
        "Ier" => return Some(("I".into(), "er".into())),
        "Ire" => return Some(("I".into(), "re".into())),
        _ => {}
    }
    // Roman numerals: two letters at least (`De`, `Le`, `Ce`, `Me` are words), or V and X.
    let roman: String = word
        .chars()
        .take_while(|c| "IVXLCDM".contains(*c))
        .collect();
    let suffix = &word[roman.len()..];
    let long_enough = roman.len() >= 2 || roman == "V" || roman == "X";
    let raised = match suffix {
        "e" | "es" => suffix,
        // Mended as for figures: `XIXème` → XIXe.
        "ème" | "eme" | "è" => "e",
        _ => return None,
    };
    if long_enough && is_roman(&roman) {
        return Some((roman, raised.to_owned()));
    }
    None
}

/// Whether `s` is a well-formed roman numeral (I to MMMCMXCIX).
fn is_roman(s: &str) -> bool {
    let value = |c: char| match c {
        'I' => 1,
        'V' => 5,
        'X' => 10,
        'L' => 50,
        'C' => 100,
        'D' => 500,
        'M' => 1000,
        _ => 0,
    };
    let chars: Vec<u32> = s.chars().map(value).collect();
    if chars.is_empty() || chars.contains(&0) {
        return false;
    }
    let mut total = 0;
    for (i, v) in chars.iter().enumerate() {
        if chars.get(i + 1).is_some_and(|n| n > v) {
            total -= *v as i64;
        } else {
            total += *v as i64;
        }
    }
    // Round trip: a numeral is well formed when it is the canonical writing of its value.
    (1..4000).contains(&total) && to_roman(total) == s
}

fn to_roman(mut n: i64) -> String {
    let table = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut s = String::new();
    for (v, r) in table {
        while n >= v {
            s.push_str(r);
            n -= v;
        }
    }
    s
}

fn split_superscripts(text: &str, out: &mut Vec<Inline>) {
    let mut plain = String::new();
    let mut word = String::new();
    let flush_word = |word: &mut String, plain: &mut String, out: &mut Vec<Inline>| {
        // `n°4`: the number is not part of the abbreviation.
        let number = ["n°", "N°"]
            .iter()
            .find(|p| word.starts_with(**p) && word.len() > p.len())
            .map(|p| word.split_off(p.len()));
        if let Some((kept, raised)) = superior(word) {
            plain.push_str(&kept);
            out.push(Inline::Text(std::mem::take(plain)));
            out.push(Inline::Sup(vec![Inline::Text(raised)]));
        } else {
            plain.push_str(word);
        }
        plain.push_str(&number.unwrap_or_default());
        word.clear();
    };
    for c in text.chars() {
        if c.is_alphanumeric() || c == '°' {
            word.push(c);
        } else {
            flush_word(&mut word, &mut plain, out);
            plain.push(c);
        }
    }
    flush_word(&mut word, &mut plain, out);
    if !plain.is_empty() {
        out.push(Inline::Text(plain));
    }
    out.retain(|i| !matches!(i, Inline::Text(t) if t.is_empty()));
}

/// Units, signs and currencies written after a number, kept on its line by a no-break space.
const UNITS: &[&str] = &[
    "%", "‰", "€", "$", "£", "¥", "₽", "km", "m", "cm", "mm", "km²", "m²", "ha", "kg", "g", "mg",
    "t", "l", "cl", "ml", "h", "min", "°C", "kW", "MW", "kWh", "ko", "Mo", "Go", "dB", "Hz",
    "km/h",
];

/// Signs that take their space even where none was typed: `12%` → `12 %`.
fn is_sign(unit: &str) -> bool {
    matches!(unit, "%" | "‰" | "€" | "$" | "£" | "¥" | "₽")
}

/// What the word after an abbreviation must be.
type Before = fn(&str) -> bool;

fn a_name(word: &str) -> bool {
    word.starts_with(char::is_uppercase)
}

fn a_number(word: &str) -> bool {
    word.starts_with(|c: char| c.is_ascii_digit())
}

/// A number in figures or in roman numerals (`t. II`, `t. 3`).
fn a_volume(word: &str) -> bool {
    let w = word.trim_end_matches(|c: char| !c.is_alphanumeric());
    a_number(w) || is_roman(w)
}

/// Abbreviations bound to the word after them by a no-break space, with what that word must
/// be: `M. Lénine`, `Mme Roland`, `p. 12`, `t. II`, `n° 3`.
const ABBREVIATIONS: &[(&str, Before)] = &[
    ("M.", a_name),
    ("MM.", a_name),
    ("Mme", a_name),
    ("Mmes", a_name),
    ("Mlle", a_name),
    ("Mlles", a_name),
    ("Dr", a_name),
    ("p.", a_number),
    ("pp.", a_number),
    ("t.", a_volume),
    ("n°", a_number),
    ("N°", a_number),
];

/// The word of `chars` starting at `at`, up to the next space.
fn word_at(chars: &[char], at: usize) -> String {
    chars
        .get(at..)
        .unwrap_or_default()
        .iter()
        .take_while(|c| !c.is_whitespace())
        .collect()
}

/// Whether a number, an abbreviation or a minus sign may start after `c`: not inside a word,
/// a decimal, a path or a range (`v1.2`, `a/3`, `1914-1918`).
fn starts_token_after(c: Option<char>) -> bool {
    c.is_none_or(|c| {
        c.is_whitespace() || matches!(c, '(' | '[' | '«' | '“' | '‘' | '—' | '–' | '−')
    })
}

/// Numbers: digit groups typed with spaces joined by U+202F (`519 000`, never a year as
/// `1917` is one group), U+00A0 between a number and its unit, percent sign or currency
/// (`30 km`, `12 %`, `50 €`), a minus sign for a negative number (`-500` → `−500`), and
/// U+00A0 after the abbreviations that stand before a name or a number (`M. Lénine`,
/// `p. 12`). `prev` is the character before `text` in its paragraph.
pub fn numbers(text: &str, prev: Option<char>) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len() + 8);
    let mut i = 0;
    while i < chars.len() {
        let before = if i == 0 { prev } else { Some(chars[i - 1]) };
        let at_start = starts_token_after(before);
        let c = chars[i];
        if at_start && c == '-' && chars.get(i + 1).is_some_and(char::is_ascii_digit) {
            out.push('−');
            i = number(&chars, i + 1, &mut out);
            continue;
        }
        if at_start && c.is_ascii_digit() {
            i = number(&chars, i, &mut out);
            continue;
        }
        if at_start && matches!(c, 'M' | 'D' | 'p' | 't' | 'n' | 'N') {
            let bound = ABBREVIATIONS.iter().find_map(|(abbr, next_ok)| {
                let n = abbr.chars().count();
                let word_ends =
                    chars.len() >= i + n && chars[i..i + n].iter().copied().eq(abbr.chars());
                let space = chars.get(i + n).copied().is_some_and(is_typed_space);
                (word_ends && space && next_ok(&word_at(&chars, i + n + 1))).then_some(n)
            });
            if let Some(n) = bound {
                out.extend(&chars[i..i + n]);
                out.push(NBSP);
                i += n + 1;
                continue;
            }
        }
        out.push(c);
        i += 1;
    }
    out
}

/// Writes the number starting at `chars[start]` and the space before its unit; returns the
/// index after what it wrote.
fn number(chars: &[char], start: usize, out: &mut String) -> usize {
    let digits_from = |i: usize| chars[i..].iter().take_while(|c| c.is_ascii_digit()).count();
    let mut i = start + digits_from(start);
    out.extend(&chars[start..i]);
    // Only a first group of one to three digits can start a number written in groups.
    if i - start <= 3 {
        while chars.get(i).copied().is_some_and(is_typed_space)
            && i + 1 < chars.len()
            && digits_from(i + 1) == 3
            && !chars.get(i + 4).is_some_and(|c| c.is_alphanumeric())
        {
            out.push(NNBSP);
            out.extend(&chars[i + 1..i + 4]);
            i += 4;
        }
    }
    // A decimal part: `3,5`.
    if chars.get(i) == Some(&',') && i + 1 < chars.len() && digits_from(i + 1) > 0 {
        let end = i + 1 + digits_from(i + 1);
        out.extend(&chars[i..end]);
        i = end;
    }
    let spaces = chars[i..]
        .iter()
        .take_while(|c| is_typed_space(**c))
        .count();
    let unit_at = i + spaces;
    let unit = UNITS.iter().filter(|u| {
        let n = u.chars().count();
        let after = chars.get(unit_at + n).copied();
        chars.len() >= unit_at + n
            && chars[unit_at..unit_at + n].iter().copied().eq(u.chars())
            && after.is_none_or(|a| {
                a.is_whitespace()
                    || matches!(a, ',' | ';' | ':' | '!' | '?' | ')' | ']' | '»' | '”' | '…')
                    // `5 t.` ends a sentence; `1917 t. II` is a volume, not a weight.
                    || a == '.'
                        && !(n == 1
                            && u.chars().all(char::is_alphabetic)
                            && a_volume(&word_at(chars, unit_at + n + 2)))
            })
    });
    // The longest unit that matches: `km/h` rather than `km`.
    if let Some(unit) = unit.max_by_key(|u| u.len())
        && (spaces > 0 || is_sign(unit))
    {
        out.push(NBSP);
        i = unit_at;
        // `20 h 30`: the minutes stay with the hour.
        let minutes = chars.get(unit_at + 2..).unwrap_or_default();
        if *unit == "h"
            && chars.get(unit_at + 1).copied().is_some_and(is_typed_space)
            && minutes.len() >= 2
            && minutes[..2].iter().all(char::is_ascii_digit)
            && !minutes.get(2).is_some_and(char::is_ascii_digit)
        {
            out.push('h');
            out.push(NBSP);
            i = unit_at + 2;
        }
    }
    i
}

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
fn foreign_phrases(inlines: &mut [Inline]) {
    for i in inlines {
        match i {
            Inline::Lang { lang, content } if !is_french(lang) => flow(content, Rules::Basic),
            other => {
                if let Some(c) = other.children_mut() {
                    foreign_phrases(c);
                }
            }
        }
    }
}

/// Rewrites the text of one flow (a paragraph, a heading, a cell), looking across the
/// boundaries of emphasis and links: in `« *Tout le pouvoir* »` the guillemets and their
/// spaces are in other text runs than the words.
fn flow(inlines: &mut [Inline], rules: Rules) {
    let french = matches!(rules, Rules::French(_));
    if french {
        bind_soft_breaks(inlines);
        foreign_phrases(inlines);
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
    // The straight quotes of the whole flow are paired before any is written.
    let mut all = Vec::new();
    let mut skip = Vec::new();
    for p in &pieces {
        match p {
            Piece::Text(t) => {
                let chars: Vec<char> = t.chars().collect();
                skip.extend(verbatim(&chars, all.last().copied()));
                all.extend(chars);
            }
            Piece::Stands(c) => {
                all.push(*c);
                skip.push(true);
            }
            Piece::QuoteStart | Piece::QuoteEnd => {}
        }
    }
    let mut spacer = Spacer::new(rules);
    spacer.roles = quote_roles(&all, &skip);
    for (i, piece) in pieces.into_iter().enumerate() {
        let next = firsts.get(i + 1).copied().flatten();
        match piece {
            Piece::Text(t) => {
                let prev = spacer.prev;
                let out = spacer.text(t, next);
                *t = match rules {
                    Rules::French(_) => numbers(&out, prev),
                    Rules::Basic => out,
                };
            }
            Piece::Stands(c) => spacer.prev = Some(c),
            Piece::QuoteStart => spacer.quotes.push(true),
            Piece::QuoteEnd => {
                spacer.quotes.pop();
            }
        }
    }
}

/// What a straight `"` is, decided for the whole flow before any is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Open,
    Close,
    /// No partner (an inch mark, a stray mark): left as typed.
    Keep,
}

/// The role of each straight `"` of `chars` not marked in `skip`, in order. A mark opens
/// after a space, a bracket, an apostrophe or a colon and before a word; it closes after a
/// word and before a space or punctuation; openings and closings pair up like brackets. A
/// mark that opens the flow and is never closed opens a quotation that goes on in the next
/// paragraph, as French writes it.
fn quote_roles(chars: &[char], skip: &[bool]) -> std::collections::VecDeque<Role> {
    let mut roles = Vec::new();
    let mut open: Vec<usize> = Vec::new();
    for (j, &c) in chars.iter().enumerate() {
        if c != '"' || skip.get(j).copied().unwrap_or(false) {
            continue;
        }
        let prev = j.checked_sub(1).map(|p| chars[p]);
        let next = chars.get(j + 1).copied();
        let opener = prev.is_none_or(|p| {
            p.is_whitespace()
                || matches!(
                    p,
                    '(' | '[' | '{' | '«' | '“' | '‘' | '—' | '–' | '’' | '\'' | ':' | '/'
                )
        }) && next.is_some_and(|n| !n.is_whitespace());
        let closer = prev.is_some_and(|p| !p.is_whitespace())
            && next.is_none_or(|n| {
                n.is_whitespace() || n.is_ascii_punctuation() || matches!(n, '»' | '”' | '’' | '…')
            });
        let k = roles.len();
        roles.push(Role::Keep);
        if opener {
            open.push(k);
        } else if closer && let Some(o) = open.pop() {
            roles[o] = Role::Open;
            roles[k] = Role::Close;
        }
    }
    // An opening at the very start that nothing closes: a quotation over paragraphs.
    if let Some(&first) = open.first()
        && first == 0
        && chars.iter().position(|c| *c == '"') == Some(0)
    {
        roles[first] = Role::Open;
    }
    roles.into()
}

/// Which characters of a text run are not prose and are left as typed: addresses, URLs,
/// paths, entity-like text. The punctuation around them is prose: in `«https://x.org»` or
/// `x@y.fr !` the guillemets and the `!` get their spaces. `prev` is the character before.
fn verbatim(chars: &[char], prev: Option<char>) -> Vec<bool> {
    let mut v = vec![false; chars.len()];
    let mut i = 0;
    while i < chars.len() {
        let at_start = match i {
            0 => prev.is_none_or(char::is_whitespace),
            _ => chars[i - 1].is_whitespace(),
        };
        if !at_start || chars[i].is_whitespace() {
            i += 1;
            continue;
        }
        let end = chars[i..]
            .iter()
            .position(|c| c.is_whitespace())
            .map_or(chars.len(), |p| i + p);
        // Most words cannot be addresses: no need to look closer.
        let maybe = chars[i] == 'w'
            || chars[i..end]
                .iter()
                .any(|c| matches!(c, '/' | '@' | '\\' | '&'));
        if !maybe {
            i = end;
            continue;
        }
        let token: String = chars[i..end].iter().collect();
        if token.starts_with('&') && token.contains(';') {
            v[i..end].fill(true);
            i = end;
            continue;
        }
        let lead = chars[i..end]
            .iter()
            .take_while(|c| matches!(c, '«' | '“' | '‘' | '"' | '\'' | '(' | '['))
            .count();
        let trail = chars[i + lead..end]
            .iter()
            .rev()
            .take_while(|c| {
                matches!(
                    c,
                    '"' | '\''
                        | '»'
                        | '”'
                        | '’'
                        | ')'
                        | ']'
                        | '.'
                        | ','
                        | ';'
                        | ':'
                        | '!'
                        | '?'
                        | '…'
                )
            })
            .count();
        let core: String = chars[i + lead..end - trail].iter().collect();
        if is_address(&core) {
            v[i + lead..end - trail].fill(true);
        }
        i = end;
    }
    v
}

/// Whether a word is an address or a path rather than prose: a URL, an e-mail address or a
/// handle, a domain with a path (`lacommune.org/contact?x=1`), a Windows path (`C:\Users`).
fn is_address(core: &str) -> bool {
    let drive = {
        let c: Vec<char> = core.chars().take(3).collect();
        c.len() == 3 && c[0].is_ascii_alphabetic() && c[1] == ':' && matches!(c[2], '\\' | '/')
    };
    let domain_path = core.split_once('/').is_some_and(|(host, _)| {
        host.rsplit_once('.').is_some_and(|(name, tld)| {
            !name.is_empty()
                && tld.len() >= 2
                && tld.chars().all(|c| c.is_ascii_lowercase())
                && host
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-'))
        })
    });
    core.contains("://")
        || core.starts_with("www.")
        || core.len() > 1 && core.contains('@')
        || core.contains('\\')
        || drive
        || domain_path
}

/// The rules, as a pass over the characters of a flow's successive text runs.
struct Spacer {
    /// The French rules, when they apply.
    french: Option<French>,
    /// The last character written, in this run or an earlier one.
    prev: Option<char>,
    /// Open quotations: `true` where the mark became a guillemet.
    quotes: Vec<bool>,
    /// A guillemet ended the previous run: spaces starting this one are its own.
    after_guillemet: bool,
    /// The roles of the straight quotes still to be written, in order.
    roles: std::collections::VecDeque<Role>,
}

impl Spacer {
    fn new(rules: Rules) -> Self {
        Spacer {
            french: match rules {
                Rules::French(f) => Some(f),
                Rules::Basic => None,
            },
            prev: None,
            quotes: Vec::new(),
            after_guillemet: false,
            roles: std::collections::VecDeque::new(),
        }
    }

    /// The character before the sign about to be written, typed spaces removed from `out`.
    fn before_sign(&self, out: &mut String) -> Option<char> {
        while out.ends_with(is_typed_space) {
            out.pop();
        }
        match out.chars().last() {
            Some(c) => Some(c),
            None => self.prev.filter(|c| !is_typed_space(*c)),
        }
    }

    fn text(&mut self, s: &str, next: Option<char>) -> String {
        let chars: Vec<char> = s.chars().collect();
        let mut out = String::with_capacity(s.len() + 8);
        let mut i = 0;
        if self.after_guillemet {
            while i < chars.len() && is_typed_space(chars[i]) {
                i += 1;
            }
            self.after_guillemet = false;
        }
        let verbatim = verbatim(&chars, self.prev);
        while i < chars.len() {
            let c = chars[i];
            if verbatim[i] {
                out.push(c);
                i += 1;
                continue;
            }
            let following =
                chars
                    .get(i + 1)
                    .copied()
                    .or(if i + 1 == chars.len() { next } else { None });
            match c {
                ';' | '!' | '?' | ':' if self.french.is_some() => {
                    // `:)` `;-)`, not `(sic !)`.
                    let smiley = matches!(c, ':' | ';')
                        && matches!(following, Some(')' | '(' | '-' | 'D' | 'P'))
                        && (i == 0 || chars[i - 1].is_whitespace());
                    let time = c == ':'
                        && following.is_some_and(|f| f.is_ascii_digit())
                        && out.chars().last().is_some_and(|p| p.is_ascii_digit());
                    if smiley || time {
                        out.push(c);
                    } else {
                        let mut probe = out.clone();
                        let before = self.before_sign(&mut probe);
                        match (before, self.french) {
                            // `?!` and `!?`: one space before the pair.
                            (Some('!' | '?'), _) if c != ':' => {
                                out = probe;
                            }
                            (Some(b), Some(f)) if !opens(b) => {
                                out = probe;
                                out.push(if c == ':' { f.colon } else { NNBSP });
                            }
                            _ => {}
                        }
                        out.push(c);
                    }
                }
                '«' if self.french.is_some() => self.open_guillemet(&mut out, &chars, &mut i),
                '“' if self.french.is_some() && self.quotes.is_empty() => {
                    self.open_guillemet(&mut out, &chars, &mut i);
                }
                '“' => {
                    self.quotes.push(false);
                    out.push('“');
                }
                '"' => match self.roles.pop_front().unwrap_or(Role::Keep) {
                    Role::Open if self.french.is_some() && self.quotes.is_empty() => {
                        self.open_guillemet(&mut out, &chars, &mut i);
                    }
                    Role::Open => {
                        self.quotes.push(false);
                        out.push('“');
                    }
                    Role::Close => match self.quotes.pop() {
                        Some(true) => self.close_guillemet(&mut out),
                        _ => out.push('”'),
                    },
                    Role::Keep => out.push('"'),
                },
                '»' if self.french.is_some() => {
                    self.quotes.pop();
                    self.close_guillemet(&mut out);
                }
                '\'' => {
                    let before = out.chars().last().or(self.prev);
                    let letter_after = following.is_some_and(char::is_alphabetic);
                    out.push(
                        if before.is_some_and(char::is_alphanumeric) || !letter_after {
                            '’'
                        } else {
                            '‘'
                        },
                    );
                }
                '.' if chars.get(i + 1) == Some(&'.') && chars.get(i + 2) == Some(&'.') => {
                    out.push('…');
                    i += 2;
                }
                '-' if chars.get(i + 1) == Some(&'-') && chars.get(i + 2) == Some(&'-') => {
                    out.push('—');
                    i += 2;
                }
                '-' if chars.get(i + 1) == Some(&'-') => {
                    out.push('–');
                    i += 1;
                }
                // A hyphen alone between spaces is a dash: ` - ` → ` – `.
                '-' if i > 0 && chars[i - 1] == ' ' && matches!(following, Some(' ' | NBSP)) => {
                    out.push('–');
                }
                // A typed closing mark: a guillemet where its quotation became one.
                '”' if self.french.is_some() => match self.quotes.last() {
                    Some(true) => {
                        self.quotes.pop();
                        self.close_guillemet(&mut out);
                    }
                    Some(false) => {
                        self.quotes.pop();
                        out.push('”');
                    }
                    None => out.push('”'),
                },
                c => out.push(c),
            }
            i += 1;
        }
        // Never "etc.…": the period of the abbreviation is enough.
        if self.french.is_some() && (out.contains("etc.…") || out.contains("etc…")) {
            out = out
                .replace("etc.…", "etc.")
                .replace("etc….", "etc.")
                .replace("etc…", "etc.");
        }
        // A typed space before a sign that opens the next run is that sign's to replace.
        if self.french.is_some() && next.is_some_and(|n| matches!(n, ';' | '!' | '?' | ':' | '»'))
        {
            while out.ends_with(is_typed_space) {
                out.pop();
            }
        }
        if let Some(last) = out.chars().last() {
            self.prev = Some(last);
        }
        out
    }

    /// Writes `«` and a narrow no-break space, skipping the spaces typed after it.
    fn open_guillemet(&mut self, out: &mut String, chars: &[char], i: &mut usize) {
        self.quotes.push(true);
        out.push('«');
        out.push(NNBSP);
        while *i + 1 < chars.len() && is_typed_space(chars[*i + 1]) {
            *i += 1;
        }
        if *i + 1 == chars.len() {
            self.after_guillemet = true;
        }
    }

    /// Writes a narrow no-break space (in place of typed ones) and `»`.
    fn close_guillemet(&mut self, out: &mut String) {
        let mut probe = out.clone();
        let before = self.before_sign(&mut probe);
        *out = probe;
        if before.is_some_and(|b| b != NNBSP) {
            out.push(NNBSP);
        }
        out.push('»');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `_` stands for U+202F and `~` for U+00A0 in the tables, so that cases can be read.
    fn show(s: &str) -> String {
        s.replace(NNBSP, "_").replace(NBSP, "~")
    }

    /// What a paragraph holding `input` becomes, superior letters shown as `^(…)`.
    fn body(input: &str) -> String {
        let mut v = vec![Inline::Text(input.to_owned())];
        flow(&mut v, Rules::French(French::default()));
        superscripts(&mut v);
        v.iter()
            .map(|i| match i {
                Inline::Text(t) => show(t),
                Inline::Sup(c) => format!("^({})", Inline::plain_text(c)),
                other => format!("{other:?}"),
            })
            .collect()
    }

    const CASES: &[(&str, &str)] = &[
        // Before ; ! ? : a typed space is replaced, a missing one added.
        ("Quoi ?", "Quoi_?"),
        ("Quoi?", "Quoi_?"),
        ("Quoi\u{a0}?", "Quoi_?"),
        ("Vive la Commune !", "Vive la Commune_!"),
        ("Vive la Commune!", "Vive la Commune_!"),
        ("conciliatrice; il y eut", "conciliatrice_; il y eut"),
        ("conciliatrice ; il y eut", "conciliatrice_; il y eut"),
        ("Septembre 1917 : La marche", "Septembre 1917~: La marche"),
        ("Septembre 1917: La marche", "Septembre 1917~: La marche"),
        ("Note : voir", "Note~: voir"),
        // Pairs take one space before them.
        ("Quoi ?!", "Quoi_?!"),
        ("Quoi !?", "Quoi_!?"),
        ("Quoi?!", "Quoi_?!"),
        ("Vraiment ?? Oui.", "Vraiment_?? Oui."),
        // Times, ratios, URLs, smileys and addresses are left alone.
        ("à 10:30 précises", "à 10:30 précises"),
        (
            "voir https://lacommune.org/a?b=1 ici",
            "voir https://lacommune.org/a?b=1 ici",
        ),
        ("voir www.exemple.fr/x?y ici", "voir www.exemple.fr/x?y ici"),
        ("écrire à a@b.fr ; merci", "écrire à a@b.fr_; merci"),
        ("content :) vraiment", "content :) vraiment"),
        ("content ;) vraiment", "content ;) vraiment"),
        ("triste :( vraiment", "triste :( vraiment"),
        // A sign at the start of a text takes no space.
        ("? Non.", "? Non."),
        ("(! ici)", "(! ici)"),
        // Guillemets: spaces inside become narrow no-break ones.
        ("une « marche » sur", "une «_marche_» sur"),
        ("une «marche» sur", "une «_marche_» sur"),
        ("une «\u{a0}marche\u{a0}» sur", "une «_marche_» sur"),
        ("« sauvé ».", "«_sauvé_»."),
        ("un « pré-parlement » ?", "un «_pré-parlement_»_?"),
        // English quotation marks become guillemets; nested ones stay “ ”.
        ("il dit “oui” et part", "il dit «_oui_» et part"),
        ("« il dit “oui” »", "«_il dit “oui”_»"),
        ("il dit \"oui\" et part", "il dit «_oui_» et part"),
        ("\"Vive la Commune !\"", "«_Vive la Commune_!_»"),
        // A stray straight quote stays as typed.
        ("5\" de diamètre", "5\" de diamètre"),
        ("un \" seul", "un \" seul"),
        // Entity-like text is not prose.
        ("écrire &foo; ici", "écrire &foo; ici"),
        // Quotes after an apostrophe or a colon open; inch marks have no partner.
        (
            "il lisait l'\"Humanité\" hier",
            "il lisait l’«_Humanité_» hier",
        ),
        ("il a dit:\"non\"", "il a dit~:«_non_»"),
        (
            "un tuyau de 5\" et un disque 12\" ; il dit \"oui\" puis \"non\".",
            "un tuyau de 5\" et un disque 12\"_; il dit «_oui_» puis «_non_».",
        ),
        ("\"Une citation qui continue", "«_Une citation qui continue"),
        ("un 5” isolé", "un 5” isolé"),
        // Around an address, the punctuation is prose; inside, nothing changes.
        (
            "il écrivit \"lisez https://lacommune.org\" puis \"merci\"",
            "il écrivit «_lisez https://lacommune.org_» puis «_merci_»",
        ),
        ("«https://lacommune.org»", "«_https://lacommune.org_»"),
        (
            "écrire à redaction@lacommune.org!",
            "écrire à redaction@lacommune.org_!",
        ),
        (
            "voir lacommune.org/contact?sujet=1 ici",
            "voir lacommune.org/contact?sujet=1 ici",
        ),
        ("le dossier C:\\Users\\x ici", "le dossier C:\\Users\\x ici"),
        // `(sic !)` is no smiley.
        ("(sic !) et (pourquoi ?)", "(sic_!) et (pourquoi_?)"),
        // Everything at once.
        (
            "Tout le pouvoir aux soviets !",
            "Tout le pouvoir aux soviets_!",
        ),
        (
            "Conseils ouvriers ou « pré-parlement » ?",
            "Conseils ouvriers ou «_pré-parlement_»_?",
        ),
        ("Le basculement : majorité", "Le basculement~: majorité"),
    ];

    #[test]
    fn french_spacing() {
        for (input, expected) in CASES {
            assert_eq!(body(input), *expected, "{input:?}");
        }
    }

    const OTHER_CASES: &[(&str, &str)] = &[
        ("aujourd'hui", "aujourd’hui"),
        ("l'État", "l’État"),
        ("Notes de l'article A", "Notes de l’article A"),
        ("les 'guillemets'", "les ‘guillemets’"),
        ("il attend...", "il attend…"),
        ("etc...", "etc."),
        ("etc....", "etc."),
        ("Paris - Lyon", "Paris – Lyon"),
        ("Paris -- Lyon", "Paris – Lyon"),
        ("dit---et", "dit—et"),
        ("juin-juillet", "juin-juillet"),
        ("c'est-à-dire", "c’est-à-dire"),
        ("-500 degrés", "−500 degrés"),
        ("1914-1918", "1914-1918"),
    ];

    #[test]
    fn apostrophes_ellipses_dashes() {
        for (input, expected) in OTHER_CASES {
            assert_eq!(body(input), *expected, "{input:?}");
        }
    }

    const NUMBERS: &[(&str, &str)] = &[
        ("519 000 voix", "519_000 voix"),
        ("1 200 000 soldats", "1_200_000 soldats"),
        ("519\u{a0}000", "519_000"),
        ("les 3 000 hommes", "les 3_000 hommes"),
        ("(80 000)", "(80_000)"),
        // Years, dates and telephone numbers are not grouped.
        ("en 1917", "en 1917"),
        ("en 1917 300 soldats", "en 1917 300 soldats"),
        ("de 1905 à 1917", "de 1905 à 1917"),
        ("le 25 octobre 1917", "le 25 octobre 1917"),
        ("01 23 45 67 89", "01 23 45 67 89"),
        ("page12 345", "page12 345"),
        // A unit, a percent sign or a currency stays with its number.
        ("30 km", "30~km"),
        ("120 km/h", "120~km/h"),
        ("50 €", "50~€"),
        ("50€", "50~€"),
        ("12 %", "12~%"),
        ("12%", "12~%"),
        ("3,5 %", "3,5~%"),
        ("10 h 30", "10~h~30"),
        ("2 000 km.", "2_000~km."),
        ("30 kilomètres", "30 kilomètres"),
        ("en 1917 l'armée", "en 1917 l’armée"),
        ("1917 t. II", "1917 t.~II"),
        // Abbreviations before a name or a number.
        ("M. Lénine", "M.~Lénine"),
        ("MM. Kamenev et Zinoviev", "MM.~Kamenev et Zinoviev"),
        ("Mme Kollontaï", "M^(me)~Kollontaï"),
        ("p. 12", "p.~12"),
        ("t. II", "t.~II"),
        ("n° 3", "n^(o)~3"),
        ("le mot m. suit", "le mot m. suit"),
        // A unit ends a sentence; a volume follows `t.`.
        (
            "le camion portait 5 t. Le reste suivit.",
            "le camion portait 5~t. Le reste suivit.",
        ),
        ("à 18 h. Puis", "à 18~h. Puis"),
        ("à 20 h 30 précises", "à 20~h~30 précises"),
        // Negative numbers are numbers too.
        ("il faisait -30 °C", "il faisait −30~°C"),
        ("une dette de -1 200 000 €", "une dette de −1_200_000~€"),
        ("N° 5", "N^(o)~5"),
    ];

    #[test]
    fn numbers_units_and_abbreviations() {
        for (input, expected) in NUMBERS {
            assert_eq!(body(input), *expected, "{input:?}");
        }
    }

    const SUPERSCRIPTS: &[(&str, &str)] = &[
        ("le 1er septembre", "le 1^(er) septembre"),
        ("la 1re fois", "la 1^(re) fois"),
        ("les 1ers jours", "les 1^(ers) jours"),
        ("le 2e jour", "le 2^(e) jour"),
        ("le 2ème jour", "le 2^(e) jour"),
        ("le 2è jour", "le 2^(e) jour"),
        ("la 1ère fois", "la 1^(re) fois"),
        ("le 2nd tour", "le 2^(nd) tour"),
        ("la 2nde guerre", "la 2^(nde) guerre"),
        ("le XXe siècle", "le XX^(e) siècle"),
        ("au XIXe siècle", "au XIX^(e) siècle"),
        ("la Ve République", "la V^(e) République"),
        ("François Ier", "François I^(er)"),
        ("la IIe Internationale", "la II^(e) Internationale"),
        ("Mme Curie", "M^(me)~Curie"),
        ("Mlle Michel", "M^(lle)~Michel"),
        ("le Dr Petit", "le D^(r)~Petit"),
        ("le n° 3", "le n^(o)~3"),
        // Words that look like ordinals are left alone.
        ("De Gaulle", "De Gaulle"),
        ("Le Ce Me", "Le Ce Me"),
        ("le 2er", "le 2er"),
        ("VXe", "VXe"),
        ("IIIIe", "IIIIe"),
        ("1917", "1917"),
        ("2eme", "2^(e)"),
        ("au XIXème siècle", "au XIX^(e) siècle"),
        ("la Ire Internationale", "la I^(re) Internationale"),
        ("le n°4", "le n^(o)4"),
    ];

    #[test]
    fn ordinals_and_abbreviations() {
        for (input, expected) in SUPERSCRIPTS {
            assert_eq!(body(input), *expected, "{input:?}");
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
            flow(&mut v, Rules::Basic);
            assert_eq!(Inline::plain_text(&v), *expected, "{input:?}");
            assert_eq!(apply(input, Rules::Basic), *expected, "{input:?}");
        }
    }

    #[test]
    fn the_colon_space_is_configurable() {
        let narrow = Rules::French(French { colon: NNBSP });
        assert_eq!(show(&apply("Note : voir", narrow)), "Note_: voir");
    }

    #[test]
    fn across_emphasis_and_links() {
        let mut inl = vec![
            Inline::Text("le mot d’ordre de « ".into()),
            Inline::Emph(vec![Inline::Text("Tout le pouvoir aux Soviets".into())]),
            Inline::Text(" », dans".into()),
        ];
        flow(&mut inl, Rules::French(French::default()));
        let text: String = Inline::plain_text(&inl);
        assert_eq!(
            show(&text),
            "le mot d’ordre de «_Tout le pouvoir aux Soviets_», dans"
        );
        let mut inl = vec![
            Inline::Emph(vec![Inline::Text("pré-parlement".into())]),
            Inline::Text(" ?".into()),
        ];
        flow(&mut inl, Rules::French(French::default()));
        assert_eq!(show(&Inline::plain_text(&inl)), "pré-parlement_?");
        let mut inl = vec![
            Inline::Text("un mot ".into()),
            Inline::Strong(vec![Inline::Text("; suite".into())]),
        ];
        flow(&mut inl, Rules::French(French::default()));
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
        flow(&mut inl, Rules::French(French::default()));
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
        flow(&mut inl, Rules::French(French::default()));
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
        flow(&mut inl, Rules::French(French::default()));
        assert_eq!(Inline::plain_text(&inl), "avec “guillemets” dedans");
    }

    #[test]
    fn code_is_not_text() {
        let mut inl = vec![
            Inline::Text("lancer ".into()),
            Inline::Code("a ? b : c".into()),
            Inline::Text(" !".into()),
        ];
        flow(&mut inl, Rules::French(French::default()));
        assert_eq!(inl[1], Inline::Code("a ? b : c".into()));
        assert_eq!(show(&Inline::plain_text(&inl)), "lancer a ? b : c_!");
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
            title: String::new(),
            subtitle: None,
            chapters: vec![chapter],
            parts: Vec::new(),
            entries: vec![Entry::Chapter(0)],
            resources: Vec::new(),
        };
        let labels = Labels::for_language("fr");
        let ctx = crate::writer::xhtml::Context {
            lang: "fr",
            labels: &labels,
        };
        let xhtml = crate::writer::xhtml::chapter(&book, 0, &ctx);
        let typst = crate::writer::typst::chapter(&book, 0, &labels).source;
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
