//! Import, dates: French dates as the site writes them ("2 septembre 2017", "1er mai 1968",
//! "jeudi 14 septembre 2017", "14/09/2017") → calendar dates. jiff reads ISO dates, not French
//! month names; twelve names and a pattern are all it takes.

use std::ops::Range;
use std::sync::LazyLock;

use jiff::civil::Date;
use regex::Regex;

use crate::locale::FRENCH_MONTHS as MONTHS;

static WORDS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(?:(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)\s+)?(1er|\d{1,2})\s+(janvier|f[ée]vrier|mars|avril|mai|juin|juillet|ao[uû]t|septembre|octobre|novembre|d[ée]cembre)\s+(\d{4})\b",
    )
    .expect("the date pattern is valid")
});

static FIGURES: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b").expect("the date pattern is valid")
});

/// The first valid date written in `text`, and where it is.
pub(super) fn find(text: &str) -> Option<(Date, Range<usize>)> {
    for c in WORDS.captures_iter(text) {
        let day = if c[1].eq_ignore_ascii_case("1er") {
            1
        } else {
            c[1].parse().ok()?
        };
        let month = month_number(&c[2])?;
        let year: i16 = c[3].parse().ok()?;
        if let Ok(d) = Date::new(year, month, day) {
            return Some((d, c.get(0)?.range()));
        }
    }
    for c in FIGURES.captures_iter(text) {
        let (day, month, year): (i8, i8, i16) =
            (c[1].parse().ok()?, c[2].parse().ok()?, c[3].parse().ok()?);
        if let Ok(d) = Date::new(year, month, day) {
            return Some((d, c.get(0)?.range()));
        }
    }
    None
}

fn month_number(name: &str) -> Option<i8> {
    let name = name
        .to_lowercase()
        .replace(['é', 'è'], "e")
        .replace('û', "u");
    MONTHS
        .iter()
        .position(|m| m.replace(['é', 'è'], "e").replace('û', "u") == name)
        .and_then(|i| i8::try_from(i + 1).ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> Option<String> {
        find(text).map(|(d, _)| d.to_string())
    }

    #[test]
    fn french_dates() {
        assert_eq!(date("2 septembre 2017").as_deref(), Some("2017-09-02"));
        assert_eq!(date("**2 septembre 2017**").as_deref(), Some("2017-09-02"));
        assert_eq!(date("le 1er mai 1968").as_deref(), Some("1968-05-01"));
        assert_eq!(
            date("Modifié le jeudi 14 septembre 2017").as_deref(),
            Some("2017-09-14")
        );
        assert_eq!(date("14 Aout 2017").as_deref(), Some("2017-08-14"));
        assert_eq!(date("le 3 février 1917").as_deref(), Some("1917-02-03"));
        assert_eq!(date("31/12/1999").as_deref(), Some("1999-12-31"));
        // Not dates.
        assert_eq!(date("31 février 2017"), None);
        assert_eq!(date("en septembre 1917"), None);
        assert_eq!(date("le 12 du mois"), None);
    }
}
