//! Transform, series: a check of each part against the teasers its articles list. The site's
//! teasers name the other episodes of a series ("La bataille pour la légalisation de
//! l'avortement, épisode 2"); an episode they name that no article of the book is, is a
//! warning, so that the editors know which page to save next.

use std::collections::BTreeMap;

use crate::config::Settings;
use crate::diag::{Diagnostics, Pos};
use crate::model::Book;
use crate::text::series::{key, subtitle_of, title_series};

/// Warns, once an episode, of each episode of a part that the part's articles name in their
/// `related` teasers and that is not in the book.
pub fn run(book: &mut Book, settings: &Settings, diags: &mut Diagnostics) {
    let dir = settings.config.chapters.dir.display().to_string();
    for part in &book.parts {
        let name = key(&part.title);
        let present: Vec<f64> = part
            .chapters
            .iter()
            .filter_map(|&i| book.chapters.get(i)?.meta.episode)
            .collect();
        // Episode → the articles that name it, in reading order.
        let mut missing: BTreeMap<u32, Vec<usize>> = BTreeMap::new();
        for &i in &part.chapters {
            let Some(ch) = book.chapters.get(i) else {
                continue;
            };
            // A title "S : X" of the series S: its teasers may call the series X.
            let subtitle = subtitle_of(&ch.meta.title, &name).map(key);
            for teaser in &ch.meta.related {
                let Some((series, Some(episode))) = title_series(teaser) else {
                    continue;
                };
                let series = key(&series);
                let ours = series == name || Some(&series) == subtitle.as_ref();
                if ours && !present.contains(&f64::from(episode)) {
                    let namers = missing.entry(episode).or_default();
                    if !namers.contains(&i) {
                        namers.push(i);
                    }
                }
            }
        }
        for (episode, namers) in missing {
            let Some(first) = namers.first().and_then(|&i| book.chapters.get(i)) else {
                continue;
            };
            let count = namers.len();
            let articles = if count == 1 {
                "article in its"
            } else {
                "articles in their"
            };
            diags.warning(
                &first.source.path,
                first.meta.related_pos.or(Some(Pos::new(1, 1))),
                Some(&first.source.text),
                format!(
                    "episode {episode} of “{}”, named by {count} {articles} `related` teasers, is \
                     not in {dir}/: save its page and import it to complete the series",
                    part.title
                ),
            );
        }
    }
}
