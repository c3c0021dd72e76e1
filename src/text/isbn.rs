//! ISBNs: a written ISBN-10 or ISBN-13 → its checked ISBN-13, hyphenated by the International
//! ISBN Agency's ranges (the `isbn` crate embeds them), and its EAN-13 bar code's modules.

use std::fmt;

/// A checked ISBN, held as its ISBN-13 (an ISBN-10 is converted: 978 and a new check digit).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Isbn(isbn::Isbn13);

/// Why a written ISBN is not one.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BadIsbn {
    /// Something else than digits, hyphens and spaces (and a final X for an ISBN-10).
    #[error("`{0}` is not an ISBN: only digits, hyphens and spaces (and a final X in an ISBN-10)")]
    Characters(String),
    /// Neither 10 nor 13 digits.
    #[error("`{0}` has {1} digits: an ISBN has 13 (or 10, for one given before 2007)")]
    Length(String, usize),
    /// The check digit does not match the others.
    #[error("`{0}` is not a valid ISBN: its check digit does not match (a digit is mistyped?)")]
    Check(String),
    /// An ISBN-13 whose prefix is not 978 or 979.
    #[error("`{0}` is not an ISBN: an ISBN-13 starts with 978 or 979")]
    Prefix(String),
}

impl Isbn {
    /// Reads an ISBN as people write it: `978-2-07-036822-8`, `2070368226`, `ISBN 978…`,
    /// `isbn:…` or `urn:isbn:…`; hyphens and spaces are ignored.
    pub fn parse(written: &str) -> Result<Self, BadIsbn> {
        let shown = written.trim().to_owned();
        let lower = shown.to_ascii_lowercase();
        let body = ["urn:isbn:", "isbn:", "isbn-13", "isbn-10", "isbn"]
            .iter()
            .find_map(|p| lower.strip_prefix(p).map(|_| &shown[p.len()..]))
            .unwrap_or(&shown)
            .trim_start_matches([':', ' ']);
        let kept: String = body.chars().filter(|c| !matches!(c, '-' | ' ')).collect();
        let last = kept.chars().count().saturating_sub(1);
        let well_formed = kept
            .chars()
            .enumerate()
            .all(|(i, c)| c.is_ascii_digit() || (matches!(c, 'X' | 'x') && i == last));
        if !well_formed || kept.is_empty() {
            return Err(BadIsbn::Characters(shown));
        }
        let count = kept.chars().count();
        if count != 10 && count != 13 {
            return Err(BadIsbn::Length(shown, count));
        }
        if count == 13 && !(kept.starts_with("978") || kept.starts_with("979")) {
            return Err(BadIsbn::Prefix(shown));
        }
        match kept.parse::<isbn::Isbn>() {
            Ok(isbn::Isbn::_13(i)) => Ok(Isbn(i)),
            Ok(isbn::Isbn::_10(i)) => Ok(Isbn(isbn::Isbn13::from(i))),
            Err(_) => Err(BadIsbn::Check(shown)),
        }
    }

    /// The thirteen digits, unhyphenated.
    pub fn digits(&self) -> String {
        self.0
            .to_string()
            .chars()
            .filter(char::is_ascii_digit)
            .collect()
    }

    /// The ISBN with hyphens between its prefix, registration group, registrant, publication
    /// and check digit (`978-2-07-036822-8`); `None` when it falls in no range the agency has
    /// given out yet (the ranges are those of the `isbn` crate's release).
    pub fn hyphenated(&self) -> Option<String> {
        self.0.hyphenate().ok().map(|h| h.to_string())
    }

    /// The ISBN as printed: hyphenated when its ranges are known, else its digits.
    pub fn printed(&self) -> String {
        self.hyphenated().unwrap_or_else(|| self.digits())
    }

    /// The ISBN as an EPUB's `dc:identifier`.
    pub fn urn(&self) -> String {
        format!("urn:isbn:{}", self.digits())
    }

    /// The 95 modules of its EAN-13 bar code, 1 for a bar, left to right (guards included).
    pub fn bars(&self) -> Vec<u8> {
        let digits = self.digits();
        barcoders::sym::ean13::EAN13::new(&digits[..12])
            .map(|code| code.encode())
            .unwrap_or_default()
    }
}

impl fmt::Display for Isbn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.printed())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_every_usual_spelling() {
        for written in [
            "978-2-07-036822-8",
            "9782070368228",
            "ISBN 978-2-07-036822-8",
            "isbn:9782070368228",
            "urn:isbn:978-2-07-036822-8",
            "2-07-036822-X",
            "207036822X",
        ] {
            let isbn = Isbn::parse(written);
            assert!(isbn.is_ok(), "{written}: {isbn:?}");
        }
    }

    #[test]
    fn hyphenates_by_the_ranges() {
        let isbn = Isbn::parse("9782070368228").expect("valid");
        assert_eq!(isbn.printed(), "978-2-07-036822-8");
        assert_eq!(isbn.urn(), "urn:isbn:9782070368228");
        // Another registrant length in the French group.
        let isbn = Isbn::parse("9782253004226").expect("valid");
        assert_eq!(isbn.printed(), "978-2-253-00422-6");
        let isbn = Isbn::parse("978-1-4920-6766-5").expect("valid");
        assert_eq!(isbn.printed(), "978-1-4920-6766-5");
    }

    #[test]
    fn converts_an_isbn_10() {
        // 2-07-036822-X is the ISBN-10 of 978-2-07-036822-8 (the check digit is recomputed).
        let isbn = Isbn::parse("2-07-036822-X").expect("valid");
        assert_eq!(isbn.digits(), "9782070368228");
    }

    #[test]
    fn says_what_is_wrong() {
        assert!(matches!(
            Isbn::parse("978-2-07-036822-5"),
            Err(BadIsbn::Check(_))
        ));
        assert!(matches!(
            Isbn::parse("978207036822"),
            Err(BadIsbn::Length(_, 12))
        ));
        assert!(matches!(
            Isbn::parse("97820703682a8"),
            Err(BadIsbn::Characters(_))
        ));
        assert!(matches!(Isbn::parse(""), Err(BadIsbn::Characters(_))));
        assert!(matches!(
            Isbn::parse("1234567890128"),
            Err(BadIsbn::Prefix(_))
        ));
        assert_eq!(
            Isbn::parse("978-2-07-036822-5").map_err(|e| e.to_string()),
            Err(
                "`978-2-07-036822-5` is not a valid ISBN: its check digit does not match \
                 (a digit is mistyped?)"
                    .to_owned()
            )
        );
    }

    #[test]
    fn the_bar_code_has_95_modules_and_its_guards() {
        let bars = Isbn::parse("9782070368228").expect("valid").bars();
        assert_eq!(bars.len(), 95);
        assert_eq!(&bars[..3], &[1, 0, 1]);
        assert_eq!(&bars[45..50], &[0, 1, 0, 1, 0]);
        assert_eq!(&bars[92..], &[1, 0, 1]);
    }

    proptest::proptest! {
        /// Every ISBN-13 with a right check digit is read back to itself, and none with a wrong
        /// one is read at all.
        #[test]
        fn check_digits(body in proptest::collection::vec(0u32..10, 9), prefix in 0usize..2, wrong in 1u32..10) {
            let mut digits: Vec<u32> = if prefix == 0 { vec![9, 7, 8] } else { vec![9, 7, 9] };
            digits.extend(body);
            let sum: u32 = digits.iter().enumerate().map(|(i, d)| if i % 2 == 0 { *d } else { 3 * d }).sum();
            let check = (10 - sum % 10) % 10;
            let text: String = digits.iter().map(|d| char::from_digit(*d, 10).unwrap_or('0')).collect();
            let good = format!("{text}{check}");
            proptest::prop_assert_eq!(Isbn::parse(&good).map(|i| i.digits()), Ok(good.clone()));
            let bad = format!("{text}{}", (check + wrong) % 10);
            proptest::prop_assert!(matches!(Isbn::parse(&bad), Err(BadIsbn::Check(_))));
        }
    }
}
