//! Numbers and units: digit groups, the space before a unit, a sign or a currency, the minus
//! sign, and the no-break space after the abbreviations before a name or a number.

use super::superscripts::is_roman;
use super::{Index, NBSP, NNBSP, is_typed_space};

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

/// The first characters of the [`ABBREVIATIONS`], and their second ones: most words are
/// no abbreviation by their first two characters.
const ABBREVIATION_FIRSTS: &[char] = &['M', 'D', 'p', 't', 'n', 'N'];
const ABBREVIATION_SECONDS: &[char] = &['.', 'M', 'm', 'l', 'r', 'p', '°'];

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
    let mut out = String::new();
    if numbers_into(text, prev, &mut Index::default(), &mut out) {
        out
    } else {
        text.to_owned()
    }
}

/// Whether [`numbers`] may change `text`: every rule starts at a figure or at an
/// abbreviation, which starts a word.
pub(super) fn may_change(text: &str) -> bool {
    let b = text.as_bytes();
    b.iter().enumerate().any(|(i, &c)| {
        c.is_ascii_digit()
            || ABBREVIATION_FIRSTS.contains(&char::from(c))
                && (i == 0 || !b[i - 1].is_ascii_alphanumeric())
                && ABBREVIATIONS
                    .iter()
                    .any(|(abbr, _)| b[i..].starts_with(abbr.as_bytes()))
    })
}

/// [`numbers`] with buffers reused from run to run: writes the result to `out` and returns
/// `true` when it differs from `text`; returns `false`, `out` unspecified, when it is `text`.
pub(super) fn numbers_into(
    text: &str,
    prev: Option<char>,
    index: &mut Index,
    out: &mut String,
) -> bool {
    may_change(text) && numbers_set(text, prev, index, out)
}

/// Whether a rule may start at `c`: a figure, a minus sign, an abbreviation.
fn may_start(c: char) -> bool {
    c.is_ascii_digit() || c == '-' || ABBREVIATION_FIRSTS.contains(&c)
}

/// [`numbers_into`] character by character.
pub(super) fn numbers_set(
    text: &str,
    prev: Option<char>,
    index: &mut Index,
    out: &mut String,
) -> bool {
    out.clear();
    out.reserve(text.len() + 8);
    index.of(text);
    let chars = &index.chars[..];
    let mut i = 0;
    while i < chars.len() {
        if !may_start(chars[i]) {
            // The characters up to the next one a rule may start at are copied at once.
            i = index.copy_until(text, i, out, may_start);
            continue;
        }
        let before = if i == 0 { prev } else { Some(chars[i - 1]) };
        let at_start = starts_token_after(before);
        let c = chars[i];
        if at_start && c == '-' && chars.get(i + 1).is_some_and(char::is_ascii_digit) {
            out.push('−');
            i = number(chars, i + 1, out);
            continue;
        }
        if at_start && c.is_ascii_digit() {
            i = number(chars, i, out);
            continue;
        }
        if at_start
            && ABBREVIATION_FIRSTS.contains(&c)
            && chars
                .get(i + 1)
                .is_some_and(|n| ABBREVIATION_SECONDS.contains(n))
        {
            let bound = ABBREVIATIONS.iter().find_map(|(abbr, next_ok)| {
                let n = abbr.chars().count();
                let word_ends =
                    chars.len() >= i + n && chars[i..i + n].iter().copied().eq(abbr.chars());
                let space = chars.get(i + n).copied().is_some_and(is_typed_space);
                (word_ends && space && next_ok(&word_at(chars, i + n + 1))).then_some(n)
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
    out != text
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
    // Most numbers have no unit: look closer only at a character a unit starts with.
    if !chars
        .get(unit_at)
        .is_some_and(|c| UNITS.iter().any(|u| u.starts_with(*c)))
    {
        return i;
    }
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

// Public to the pass: its tables also feed `every_case_in_both_writers`.
#[cfg(test)]
pub(super) mod tests {
    use super::super::tests::body;

    #[test]
    fn the_first_characters_of_every_abbreviation_are_known() {
        for (abbr, _) in super::ABBREVIATIONS {
            let mut chars = abbr.chars();
            assert!(
                chars
                    .next()
                    .is_some_and(|c| super::ABBREVIATION_FIRSTS.contains(&c))
            );
            assert!(
                chars
                    .next()
                    .is_some_and(|c| super::ABBREVIATION_SECONDS.contains(&c))
            );
        }
    }

    pub(in crate::transform::typography) const NUMBERS: &[(&str, &str)] = &[
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
}
