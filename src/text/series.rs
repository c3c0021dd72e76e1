//! Series titles (a leaf every stage may use): the shapes in which the site titles an episode
//! of a series — "Marxisme économie – 2 : Retour sur…", "La bataille pour la légalisation de
//! l'avortement, épisode 2", "… (épisode 3)" — read into the series and the episode.

use std::sync::LazyLock;

use regex::Regex;

static SERIES_NUMBER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(.+?)\s+[–—-]\s+(\d{1,3})\s*:\s*\S").expect("valid pattern"));
static SERIES_EPISODE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(.+?),\s*[ée]pisode\s+(\d{1,3})\s*$").expect("valid pattern")
});
static SERIES_PARENS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(.+?)\s*\(\s*[ée]pisode\s+(\d{1,3})\s*\)\s*$").expect("valid pattern")
});

/// The series and episode a title gives in one of the site's shapes ("S – 2 : X",
/// "X, épisode 2", "X (épisode 2)"), or `None`.
pub fn title_series(title: &str) -> Option<(String, Option<u32>)> {
    let c = SERIES_NUMBER
        .captures(title)
        .or_else(|| SERIES_EPISODE.captures(title))
        .or_else(|| SERIES_PARENS.captures(title))?;
    Some((c[1].trim().to_owned(), c[2].parse().ok()))
}

/// A title "S : X" cut at its colon, the spaces around it of any kind (French typography
/// puts a no-break space before it): `S` and `X`, trimmed.
pub fn colon_parts(title: &str) -> Option<(&str, &str)> {
    let (s, x) = title.split_once(':')?;
    let spaced = s.ends_with(char::is_whitespace) && x.starts_with(char::is_whitespace);
    (spaced && !s.trim().is_empty() && !x.trim().is_empty()).then(|| (s.trim(), x.trim()))
}

/// The subtitle `X` of a title `S : X` whose `S` is the series `series` (as [`key`] gives it):
/// the name other pages of the series may give it ("X, épisode 2").
pub fn subtitle_of<'a>(title: &'a str, series: &str) -> Option<&'a str> {
    colon_parts(title)
        .filter(|(s, _)| key(s) == series)
        .map(|(_, x)| x)
}

/// A series name as compared: case, apostrophes, dashes and spaces aside.
pub fn key(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '’' | 'ʼ' => '\'',
            '–' | '—' => '-',
            c if c.is_whitespace() => ' ',
            c => c,
        })
        .flat_map(char::to_lowercase)
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sites_shapes() {
        let some = |s: &str, e: u32| Some((s.to_owned(), Some(e)));
        assert_eq!(
            title_series("Marxisme économie – 2 : Retour sur quelques idées reçues"),
            some("Marxisme économie", 2)
        );
        assert_eq!(
            title_series("La bataille pour la légalisation de l'avortement, épisode 2"),
            some("La bataille pour la légalisation de l'avortement", 2)
        );
        assert_eq!(
            title_series("La bataille (Épisode 3)"),
            some("La bataille", 3)
        );
        assert_eq!(title_series("Les épisodes de la Commune"), None);
        assert_eq!(
            colon_parts("Une histoire\u{a0}: la bataille"),
            Some(("Une histoire", "la bataille"))
        );
        assert_eq!(colon_parts("Note: sans espace avant"), None);
        assert_eq!(
            key("L’Histoire  –  la\u{202f}suite"),
            "l'histoire - la suite"
        );
    }
}
