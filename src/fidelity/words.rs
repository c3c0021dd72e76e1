//! What a word is, the same for the articles and for each output: letters and digits,
//! normalised for what typography legitimately changes.

use unicode_normalization::UnicodeNormalization as _;

/// A word of an article, where it was written.
#[derive(Debug, Clone)]
pub(super) struct Word {
    /// The word as compared.
    pub(super) key: String,
    /// Byte offset in the article's file.
    pub(super) offset: usize,
}

/// Splits `text` into words: runs of letters, digits and hyphens, hyphens then dropped, in
/// lower case, NFKC (ligatures undone), superior letters in their short form; a doubled
/// hyphen is a dash, between words. Each digit is a word of its own: however a number's
/// groups are joined (`519 000`, `519 000` with U+202F, which pdftotext drops, `519000`) it
/// gives the same words, and a note number glued to a word (`soviets1`, `19171`) is only an
/// extra word.
pub(super) fn words_of(text: &str, offset: usize, out: &mut Vec<Word>) {
    let text: String = text.nfkc().collect();
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let in_word = |k: usize| {
        let c = chars[k].1;
        let dash = c == '-'
            && (k > 0 && chars[k - 1].1 == '-' || chars.get(k + 1).is_some_and(|n| n.1 == '-'));
        !dash
            && (c.is_alphanumeric() || matches!(c, '-' | '\u{ad}' | '\u{2010}' | '\u{2011}' | '°'))
    };
    let mut k = 0;
    while k < chars.len() {
        if !in_word(k) {
            k += 1;
            continue;
        }
        let start = k;
        while k < chars.len() && in_word(k) {
            k += 1;
        }
        let end = chars.get(k).map_or(text.len(), |c| c.0);
        let key: String = text[chars[start].0..end]
            .chars()
            .filter(|c| !matches!(c, '-' | '\u{ad}' | '\u{2010}' | '\u{2011}'))
            .collect();
        if !key.chars().any(char::is_alphanumeric) {
            continue;
        }
        let key = crate::transform::typography::superior_form(&key)
            .unwrap_or(key)
            .to_lowercase();
        // `n°4` is set n, superior o, 4.
        let key = match key.strip_prefix("n°") {
            Some(rest) => format!("no{rest}"),
            None => key,
        };
        let at = offset + chars[start].0;
        let mut letters = String::new();
        for c in key.chars() {
            if c.is_ascii_digit() {
                if !letters.is_empty() {
                    out.push(Word {
                        key: std::mem::take(&mut letters),
                        offset: at,
                    });
                }
                out.push(Word {
                    key: c.to_string(),
                    offset: at,
                });
            } else {
                letters.push(c);
            }
        }
        if !letters.is_empty() {
            out.push(Word {
                key: letters,
                offset: at,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::keys;

    #[test]
    fn what_typography_changes_is_not_a_change() {
        assert_eq!(
            keys("l'État, aujourd'hui... « 519 000 » XIXe 2ème n° 3 pré-parlement ﬁn"),
            keys(
                "l’État, aujourd’hui… «\u{202f}519\u{202f}000\u{202f}» XIXe 2e no\u{a0}3 préparlement fin"
            )
        );
    }

    #[test]
    fn numbers_are_the_same_words_whatever_joins_their_groups() {
        assert_eq!(keys("519 000"), keys("519\u{202f}000"));
        assert_eq!(keys("519 000"), keys("519000"));
        assert_eq!(keys("1er"), ["1", "er"]);
        assert_eq!(
            keys("1914--1918, Paris---Lyon"),
            keys("1914 1918 Paris Lyon")
        );
        assert_eq!(keys("soviets1"), ["soviets", "1"]);
    }
}
