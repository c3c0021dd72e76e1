//! Dates (a leaf every stage may use): the `YYYY-MM-DD` of `book.toml` and front matter.

/// Parses `YYYY-MM-DD`.
pub fn parse_date(text: &str) -> Result<jiff::civil::Date, String> {
    let t = text.trim();
    let shaped = t.len() == 10
        && t.bytes().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                b == b'-'
            } else {
                b.is_ascii_digit()
            }
        });
    if !shaped {
        return Err(format!("`{t}` is not a date of the form YYYY-MM-DD"));
    }
    t.parse::<jiff::civil::Date>()
        .map_err(|_| format!("`{t}` is not a valid date"))
}

/// Parses a month, `YYYY-MM`, as its first day.
pub fn parse_month(text: &str) -> Result<jiff::civil::Date, String> {
    let t = text.trim();
    let shaped = t.len() == 7
        && t.bytes().enumerate().all(|(i, b)| {
            if i == 4 {
                b == b'-'
            } else {
                b.is_ascii_digit()
            }
        });
    if !shaped {
        return Err(format!("`{t}` is not a month of the form YYYY-MM"));
    }
    parse_date(&format!("{t}-01")).map_err(|_| format!("`{t}` is not a valid month"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months() {
        assert_eq!(
            parse_month("2026-12").map(|d| (d.year(), d.month(), d.day())),
            Ok((2026, 12, 1))
        );
        assert_eq!(
            parse_month("2026-13"),
            Err("`2026-13` is not a valid month".to_owned())
        );
        assert_eq!(
            parse_month("décembre 2026"),
            Err("`décembre 2026` is not a month of the form YYYY-MM".to_owned())
        );
    }
}
