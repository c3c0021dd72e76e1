//! Stage 3, order: the book's articles → the order of chapters (and, in stage 5, the parts). Which
//! articles are in the book (category filter, `files` list) is decided here too, before any
//! Markdown is parsed.

use std::cmp::Ordering;
use std::collections::HashMap;
use std::path::Path;

use crate::config::{ChaptersConfig, Order, Settings};
use crate::diag::{Diagnostics, Pos};
use crate::model::{Book, Chapter, Entry, Inline, Part};
use crate::read::article::Article;
use crate::text::slug::Slugs;

/// Stage 3: the book's articles, in its order: those of the configured category, sorted. Each
/// article left out is a warning saying why (a listed file's at its entry in `book.toml`, any
/// other at its own category); an empty book is an error at the key that emptied it. Returns
/// the articles and how many were left out.
pub fn choose(
    articles: Vec<Article>,
    settings: &Settings,
    diags: &mut Diagnostics,
) -> (Vec<Article>, usize) {
    let config_text = settings.positions.text();
    let shown_config = Path::new(crate::config::CONFIG_FILE);
    let chapters = &settings.config.chapters;
    let (drafts, articles): (Vec<Article>, Vec<Article>) =
        articles.into_iter().partition(|a| a.meta.draft);
    for a in &drafts {
        diags.warning(
            &a.source.path,
            None,
            None,
            "`draft: true`: left out of the book".into(),
        );
    }
    let read: Vec<String> = articles.iter().map(|a| a.source.rel_path.clone()).collect();
    let (mut articles, others) = select(articles, chapters);
    let left_out = drafts.len() + others.len();
    if chapters.order != Order::List {
        for article in &others {
            report_left_out(article, chapters, diags);
        }
    }
    if chapters.order == Order::List && articles.len() < read.len() {
        for rel in read
            .iter()
            .filter(|r| !articles.iter().any(|a| &a.source.rel_path == *r))
        {
            let entry = chapters
                .files
                .iter()
                .position(|f| f.to_string_lossy().replace('\\', "/") == *rel);
            diags.warning(
                shown_config,
                entry.and_then(|i| settings.positions.file_entry(i)),
                Some(config_text),
                format!(
                    "listed file `{rel}` is not in the category `{}`; left out",
                    chapters.category.as_deref().unwrap_or_default()
                ),
            );
        }
    }
    sort(&mut articles, chapters.order);
    if articles.is_empty() && !diags.has_errors() {
        let (key, why) = match &chapters.category {
            Some(c) => (
                "chapters.category",
                format!("no article has the category `{c}`: the book is empty"),
            ),
            None => (
                "chapters.dir",
                format!(
                    "no Markdown article in `{}`: the book is empty",
                    chapters.dir.display()
                ),
            ),
        };
        diags.error(
            shown_config,
            settings.positions.key(key).or(Some(Pos::new(1, 1))),
            Some(config_text),
            why,
        );
    }
    (articles, left_out)
}

/// Says why `article` is not in the book: its category is not the book's (with the book's
/// category to write when it is close to it: a typo), or it has none.
fn report_left_out(article: &Article, chapters: &ChaptersConfig, diags: &mut Diagnostics) {
    let Some(wanted) = &chapters.category else {
        return;
    };
    let source = &article.source;
    let message = match article.meta.categories.as_slice() {
        [] => format!(
            "left out of the book: the article has no `category`, and the book is made of the \
             category “{wanted}”"
        ),
        found => {
            let listed = found
                .iter()
                .map(|c| format!("“{c}”"))
                .collect::<Vec<_>>()
                .join(", ");
            let typo = found.iter().any(|c| is_close(c, wanted));
            if typo {
                format!(
                    "left out of the book: its category {listed} is not the book's, “{wanted}”; \
                     did you mean “{wanted}”?"
                )
            } else {
                format!("left out of the book: its category {listed} is not the book's, “{wanted}”")
            }
        }
    };
    // Without a category, the message is about the front matter as a whole: its first line.
    let pos = article.category_pos.or(Some(Pos::new(1, 1)));
    diags.warning(&source.path, pos, Some(&source.text), message);
}

/// Whether `found` looks like a typo of `wanted`: a letter or two away (`Histiore`, `Hsitoire`,
/// `Histoires`), accents and case aside.
fn is_close(found: &str, wanted: &str) -> bool {
    let fold = |s: &str| -> String {
        use unicode_normalization::UnicodeNormalization;
        s.trim()
            .nfd()
            .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
            .flat_map(char::to_lowercase)
            .collect()
    };
    let (a, b) = (fold(found), fold(wanted));
    a != b && b.chars().count() >= 4 && strsim::damerau_levenshtein(&a, &b) <= 2
}

/// Parts the articles of the configured category (all when none is set) from the others.
/// Comparison ignores case and surrounding space: `histoire` and `Histoire ` are the same
/// category on a site.
fn select(articles: Vec<Article>, cfg: &ChaptersConfig) -> (Vec<Article>, Vec<Article>) {
    match &cfg.category {
        None => (articles, Vec::new()),
        Some(wanted) => {
            let wanted = wanted.trim().to_lowercase();
            articles.into_iter().partition(|a| {
                a.meta
                    .categories
                    .iter()
                    .any(|c| c.trim().to_lowercase() == wanted)
            })
        }
    }
}

/// Sorts articles in the configured order. With `order = "list"` the articles arrive in the
/// list's order already and keep it.
fn sort(articles: &mut [Article], order: Order) {
    match order {
        Order::Date => articles.sort_by(|a, b| {
            // Undated articles go last: they cannot be placed in time.
            (a.meta.date.is_none(), a.meta.date)
                .cmp(&(b.meta.date.is_none(), b.meta.date))
                .then_with(|| compare_titles(&a.meta.title, &b.meta.title))
                .then_with(|| a.source.rel_path.cmp(&b.source.rel_path))
        }),
        Order::Path => {
            articles.sort_by(|a, b| {
                alphanumeric_sort::compare_str(&a.source.rel_path, &b.source.rel_path)
            });
        }
        Order::List => {}
    }
}

fn compare_titles(a: &str, b: &str) -> Ordering {
    a.to_lowercase()
        .cmp(&b.to_lowercase())
        .then_with(|| a.cmp(b))
}

/// Stage 5b: groups the book's ordered chapters into parts: chapters sharing a part value stay
/// together, ordered by episode (chapters without one after, in the chosen order), and the
/// part takes the place of its earliest chapter. Chapters get their slugs in reading order.
pub fn group(book: Book) -> Book {
    let (chapters, parts, entries) = group_chapters(book.chapters);
    Book {
        chapters,
        parts,
        entries,
        ..book
    }
}

fn group_chapters(chapters: Vec<Chapter>) -> (Vec<Chapter>, Vec<Part>, Vec<Entry>) {
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
                    display_title: vec![Inline::Text(title.clone())],
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
