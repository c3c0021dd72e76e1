//! Slugs (a leaf every stage may use): text → short ASCII names, unique in a set, for file
//! names, ids and labels.

use std::collections::{HashMap, HashSet};

/// ASCII slugs (`[a-z0-9-]`, at most 48 characters, cut at a word boundary), unique in a set.
#[derive(Debug, Default)]
pub struct Slugs {
    used: HashSet<String>,
    /// For each base, the next number to try: ten thousand headings of the same text take
    /// linear time, not quadratic.
    next: HashMap<String, u64>,
}

impl Slugs {
    /// A new slug for `text`; `fallback` when `text` has no letter or digit.
    pub fn make(&mut self, text: &str, fallback: &str) -> String {
        let mut base = slug::slugify(text);
        if base.len() > 48 {
            let cut = base[..48].rfind('-').unwrap_or(48);
            base.truncate(cut);
        }
        if base.is_empty() {
            base = fallback.to_owned();
        }
        if self.used.insert(base.clone()) {
            return base;
        }
        let n = self.next.entry(base.clone()).or_insert(2);
        loop {
            let candidate = format!("{base}-{n}");
            *n += 1;
            if self.used.insert(candidate.clone()) {
                return candidate;
            }
        }
    }

    /// Marks `s` as taken.
    pub fn reserve(&mut self, s: &str) {
        self.used.insert(s.to_owned());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_ascii_short_and_unique() {
        let mut s = Slugs::default();
        assert_eq!(
            s.make(
                "Septembre 1917 : La marche vers le pouvoir des soviets",
                "x"
            ),
            "septembre-1917-la-marche-vers-le-pouvoir-des"
        );
        assert_eq!(s.make("L’État, c’est « nous » !", "x"), "l-etat-c-est-nous");
        assert_eq!(s.make("L'État, c'est nous", "x"), "l-etat-c-est-nous-2");
        assert_eq!(s.make("???", "chapitre"), "chapitre");
        assert_eq!(s.make("", "chapitre"), "chapitre-2");
    }
}
