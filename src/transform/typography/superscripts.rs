//! Superior letters: ordinals (1er, 2e, XIXe) and the abbreviations French writes with them
//! (Mme, Dr, n°) raised, and their common wrong forms mended.

use crate::model::Inline;

/// Sets ordinals and the abbreviations French writes with superior letters in superscript,
/// in every inline list of `inlines`: 1er, 1re, 2e, 2nd, XIXe, Ier, Mme, Mlle, Dr, n°.
/// Common wrong forms are mended on the way (2ème, 2è → 2e; 1ère → 1re). Empty text runs are
/// dropped. A list is rebuilt only when one of its runs has a word to raise.
pub fn superscripts(inlines: &mut Vec<Inline>) {
    inlines.retain(|i| !matches!(i, Inline::Text(t) if t.is_empty()));
    let mut raise = false;
    for inline in inlines.iter_mut() {
        match inline {
            Inline::Text(t) => raise = raise || has_superior(t),
            // Already raised or lowered: nothing to raise inside.
            Inline::Sup(_) | Inline::Sub(_) => {}
            other => {
                if let Some(c) = other.children_mut() {
                    superscripts(c);
                }
            }
        }
    }
    if !raise {
        return;
    }
    let mut out = Vec::with_capacity(inlines.len() + 2);
    for inline in inlines.drain(..) {
        match inline {
            Inline::Text(t) => split_superscripts(&t, &mut out),
            other => out.push(other),
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
    let digits = &word[..word.bytes().take_while(u8::is_ascii_digit).count()];
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
        return Some((digits.to_owned(), raised));
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
    // Roman letters are ASCII: their count is their length in bytes.
    let roman = &word[..word.bytes().take_while(|b| b"IVXLCDM".contains(b)).count()];
    let suffix = &word[roman.len()..];
    let long_enough = roman.len() >= 2 || roman == "V" || roman == "X";
    let raised = match suffix {
        "e" | "es" => suffix,
        // Mended as for figures: `XIXème` → XIXe.
        "ème" | "eme" | "è" => "e",
        _ => return None,
    };
    if long_enough && is_roman(roman) {
        return Some((roman.to_owned(), raised.to_owned()));
    }
    None
}

/// Whether `s` is a well-formed roman numeral (I to MMMCMXCIX).
pub(super) fn is_roman(s: &str) -> bool {
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

/// The words of `text`: its runs of letters, digits and `°`, with their byte offsets.
fn words(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let is_word = |c: char| c.is_alphanumeric() || c == '°';
    let mut rest = text.char_indices().peekable();
    std::iter::from_fn(move || {
        let (start, _) = rest.find(|(_, c)| is_word(*c))?;
        let mut end = text.len();
        while let Some(&(at, c)) = rest.peek() {
            if !is_word(c) {
                end = at;
                break;
            }
            rest.next();
        }
        Some((start, &text[start..end]))
    })
}

/// Whether a word may carry superior letters: only words starting with a figure, a roman
/// letter, `n` or `N` can (see [`superior`]).
fn candidate(word: &str) -> bool {
    word.bytes()
        .next()
        .is_some_and(|b| b.is_ascii_digit() || b"IVXLCDMnN".contains(&b))
}

/// `n°4`: the number is not part of the abbreviation. The abbreviation and what follows it.
fn split_number(word: &str) -> (&str, &str) {
    ["n°", "N°"]
        .iter()
        .find(|p| word.starts_with(**p) && word.len() > p.len())
        .map_or((word, ""), |p| word.split_at(p.len()))
}

/// Whether a word of `text` has superior letters. Only the words starting with a candidate
/// byte are looked at.
pub(super) fn has_superior(text: &str) -> bool {
    let is_word = |c: char| c.is_alphanumeric() || c == '°';
    text.bytes().enumerate().any(|(i, b)| {
        (b.is_ascii_digit() || b"IVXLCDMnN".contains(&b))
            && !text[..i].chars().next_back().is_some_and(is_word)
            && {
                let rest = &text[i..];
                let word = &rest[..rest.find(|c| !is_word(c)).unwrap_or(rest.len())];
                superior(split_number(word).0).is_some()
            }
    })
}

/// The inlines of `text`, its superior letters raised, pushed onto `out`. No empty text run
/// is pushed.
pub(super) fn split_superscripts(text: &str, out: &mut Vec<Inline>) {
    let mut plain = String::new();
    let mut from = 0;
    for (at, word) in words(text) {
        if !candidate(word) {
            continue;
        }
        let (head, number) = split_number(word);
        let Some((kept, raised)) = superior(head) else {
            continue;
        };
        plain.push_str(&text[from..at]);
        plain.push_str(&kept);
        out.push(Inline::Text(std::mem::take(&mut plain)));
        out.push(Inline::Sup(vec![Inline::Text(raised)]));
        plain.push_str(number);
        from = at + word.len();
    }
    plain.push_str(&text[from..]);
    if !plain.is_empty() {
        out.push(Inline::Text(plain));
    }
}

// Public to the pass: its tables also feed `every_case_in_both_writers`.
#[cfg(test)]
pub(super) mod tests {
    use super::super::tests::body;

    pub(in crate::transform::typography) const SUPERSCRIPTS: &[(&str, &str)] = &[
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
}
