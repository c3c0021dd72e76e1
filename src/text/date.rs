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
