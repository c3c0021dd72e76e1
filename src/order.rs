//! Order stage: the book's articles → the order of chapters and parts. Which articles are in
//! the book (category filter, `files` list) is decided here too, before any Markdown is parsed.

use std::cmp::Ordering;
use std::collections::{HashMap, HashSet};

use crate::config::{ChaptersConfig, Order};
use crate::load::Article;
use crate::model::{Chapter, Entry, Part};

/// Keeps the articles of the configured category (all when none is set). Comparison ignores
/// case and surrounding space: `histoire` and `Histoire ` are the same category on a site.
pub fn select(articles: Vec<Article>, cfg: &ChaptersConfig) -> Vec<Article> {
    match &cfg.category {
        None => articles,
        Some(wanted) => {
            let wanted = wanted.trim().to_lowercase();
            articles
                .into_iter()
                .filter(|a| {
                    a.meta
                        .categories
                        .iter()
                        .any(|c| c.trim().to_lowercase() == wanted)
                })
                .collect()
        }
    }
}

/// Sorts articles in the configured order. With `order = "list"` the articles arrive in the
/// list's order already and keep it.
pub fn sort(articles: &mut [Article], order: Order) {
    match order {
        Order::Date => articles.sort_by(|a, b| {
            // Undated articles go last: they cannot be placed in time.
            (a.meta.date.is_none(), a.meta.date)
                .cmp(&(b.meta.date.is_none(), b.meta.date))
                .then_with(|| compare_titles(&a.meta.title, &b.meta.title))
                .then_with(|| a.rel_path.cmp(&b.rel_path))
        }),
        Order::Path => {
            articles.sort_by(|a, b| alphanumeric_sort::compare_str(&a.rel_path, &b.rel_path));
        }
        Order::List => {}
    }
}

fn compare_titles(a: &str, b: &str) -> Ordering {
    a.to_lowercase()
        .cmp(&b.to_lowercase())
        .then_with(|| a.cmp(b))
}

/// Groups ordered chapters into parts: chapters sharing a part value stay together, ordered by
/// episode (chapters without one after, in the chosen order), and the part takes the place of
/// its earliest chapter. Returns the chapters in reading order, the parts and the entries.
pub fn group(chapters: Vec<Chapter>) -> (Vec<Chapter>, Vec<Part>, Vec<Entry>) {
    let mut part_of: HashMap<String, usize> = HashMap::new();
    let mut groups: Vec<(Option<String>, Vec<usize>)> = Vec::new();
    for (i, ch) in chapters.iter().enumerate() {
        match &ch.meta.part {
            // "La Révolution russe" and "la révolution russe" are one series; the first
            // spelling met names the part.
            Some(p) => match part_of.get(&p.trim().to_lowercase()) {
                Some(&g) => groups[g].1.push(i),
                None => {
                    part_of.insert(p.trim().to_lowercase(), groups.len());
                    groups.push((Some(p.clone()), vec![i]));
                }
            },
            None => groups.push((None, vec![i])),
        }
    }
    let mut slots: Vec<Option<Chapter>> = chapters.into_iter().map(Some).collect();
    let mut ordered = Vec::with_capacity(slots.len());
    let mut parts = Vec::new();
    let mut entries = Vec::new();
    let mut part_slugs = Slugs::default();
    for (title, mut members) in groups {
        // `members` is in the chosen order; a stable sort by episode keeps it among equals.
        members.sort_by(|&a, &b| {
            let ep = |i: usize| slots[i].as_ref().and_then(|c| c.meta.episode);
            match (ep(a), ep(b)) {
                (Some(x), Some(y)) => x.partial_cmp(&y).unwrap_or(Ordering::Equal),
                (Some(_), None) => Ordering::Less,
                (None, Some(_)) => Ordering::Greater,
                (None, None) => Ordering::Equal,
            }
        });
        let mut indices = Vec::new();
        for m in members {
            if let Some(ch) = slots[m].take() {
                indices.push(ordered.len());
                ordered.push(ch);
            }
        }
        match title {
            Some(title) => {
                entries.push(Entry::Part(parts.len()));
                let n = parts.len() + 1;
                parts.push(Part {
                    slug: format!("partie-{n}-{}", part_slugs.make(&title, "partie")),
                    title,
                    chapters: indices,
                });
            }
            None => entries.extend(indices.into_iter().map(Entry::Chapter)),
        }
    }
    let width = ordered.len().to_string().len().max(2);
    let mut slugs = Slugs::default();
    for (i, ch) in ordered.iter_mut().enumerate() {
        let s = slugs.make(&ch.meta.title, "chapitre");
        ch.slug = format!("{:0width$}-{s}", i + 1);
    }
    (ordered, parts, entries)
}

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
