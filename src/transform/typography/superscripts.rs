//! Superior letters: ordinals (1er, 2e, XIXe) and the abbreviations French writes with them
//! (Mme, Dr, n°) raised, and their common wrong forms mended.

use crate::model::Inline;

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
