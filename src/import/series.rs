//! Import, series across pages: the series of the pages imported together, and of the articles
//! already in the chapters directory, inferred from all of them. The site titles one series
//! in several shapes ("S : X" over a text opening with "Episode 3", "X, épisode 2",
//! "S – 2 : X"); pages whose series names meet (one's series is another's subtitle, the
//! same name, or a page's teasers name another page) are one series, named by the name most of
//! them give. Two pages of one series claiming the same episode are evidence that conflicts:
//! they are kept apart and reported.

use std::collections::BTreeMap;

use super::clean::Found;
use crate::text::series::{key, subtitle_of, title_series};

/// The reason of a join between pages that give the same series.
const SAME: &str = "the same series";

/// What one page (or article already written) says of its series.
#[derive(Debug, Clone)]
pub(crate) struct Member<'a> {
    pub(crate) title: &'a str,
    pub(crate) series: Option<&'a str>,
    pub(crate) episode: Option<u32>,
    pub(crate) related: &'a [String],
    /// An article already in the chapters directory: its name is kept, the others follow it.
    pub(crate) written: bool,
}

impl<'a> Member<'a> {
    /// A page's member.
    pub(crate) fn of(found: &'a Found, written: bool) -> Self {
        Member {
            title: &found.title,
            series: found.series.as_deref(),
            episode: found.episode,
            related: &found.related,
            written,
        }
    }
}

/// What the inference decided.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Inferred {
    /// Member index → the series it is given, and why.
    pub(crate) renamed: BTreeMap<usize, (String, String)>,
    /// Groups that would be one series but conflict: their members and why.
    pub(crate) conflicts: Vec<(Vec<usize>, String)>,
}

/// The subtitle `X` of a title `S : X` whose series is `S`: the name other pages of the
/// series may give it ("X, épisode 2").
fn subtitle<'a>(m: &Member<'a>) -> Option<&'a str> {
    subtitle_of(m.title, &key(m.series?))
}

/// Infers the series of `members` together.
pub(crate) fn infer(members: &[Member<'_>]) -> Inferred {
    let n = members.len();
    let mut parent: Vec<usize> = (0..n).collect();
    fn find(parent: &mut [usize], i: usize) -> usize {
        let mut r = i;
        while parent[r] != r {
            r = parent[r];
        }
        let mut i = i;
        while parent[i] != r {
            let next = parent[i];
            parent[i] = r;
            i = next;
        }
        r
    }
    let mut why: BTreeMap<usize, String> = BTreeMap::new();
    let names: Vec<Option<String>> = members.iter().map(|m| m.series.map(key)).collect();
    let subs: Vec<Option<String>> = members.iter().map(|m| subtitle(m).map(key)).collect();
    let titles: Vec<String> = members.iter().map(|m| key(m.title)).collect();
    let mut join = |parent: &mut Vec<usize>, a: usize, b: usize, reason: String| {
        let (ra, rb) = (find(parent, a), find(parent, b));
        if ra != rb {
            parent[rb] = ra;
            why.entry(b).or_insert_with(|| reason.clone());
            why.entry(a).or_insert(reason);
        }
    };
    for i in 0..n {
        for j in 0..n {
            if i == j || names[j].is_none() {
                continue;
            }
            if i < j && names[i].is_some() && names[i] == names[j] {
                join(&mut parent, i, j, SAME.into());
            } else if subs[i].is_some() && subs[i] == names[j] {
                join(
                    &mut parent,
                    i,
                    j,
                    format!(
                        "“{}” is the subtitle of “{}”",
                        members[j].series.unwrap_or_default(),
                        members[i].title
                    ),
                );
            }
        }
        // A teaser naming another page: by its title, or by its series and episode.
        for teaser in members[i].related {
            let t = key(teaser);
            let shaped = title_series(teaser);
            for j in (0..n).filter(|&j| j != i) {
                let by_title = titles[j] == t && names[j].is_some() && names[i].is_some();
                let by_episode = shaped.as_ref().is_some_and(|(s, e)| {
                    let s = key(s);
                    (Some(&s) == names[j].as_ref() || Some(&s) == subs[j].as_ref())
                        && *e == members[j].episode
                        && e.is_some()
                });
                if by_title || by_episode {
                    join(
                        &mut parent,
                        i,
                        j,
                        format!("“{}” lists “{teaser}” among its teasers", members[i].title),
                    );
                }
            }
        }
    }
    let mut groups: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for i in 0..n {
        let r = find(&mut parent, i);
        groups.entry(r).or_default().push(i);
    }
    let mut out = Inferred::default();
    for group in groups.into_values().filter(|g| g.len() > 1) {
        let distinct: Vec<&String> = {
            let mut v: Vec<&String> = group.iter().filter_map(|&i| names[i].as_ref()).collect();
            v.sort();
            v.dedup();
            v
        };
        if distinct.len() < 2 {
            continue;
        }
        // Two pages both episode N under different titles: the joins are not sure.
        let mut seen: BTreeMap<u32, usize> = BTreeMap::new();
        let mut conflict = None;
        for &i in &group {
            if let Some(e) = members[i].episode {
                match seen.get(&e) {
                    Some(&j) if titles[j] != titles[i] => {
                        conflict = Some(format!(
                            "“{}” and “{}” would be one series, but both are episode {e}",
                            members[j].title, members[i].title
                        ));
                        break;
                    }
                    _ => {
                        seen.insert(e, i);
                    }
                }
            }
        }
        if let Some(c) = conflict {
            out.conflicts.push((group, c));
            continue;
        }
        // The name: an article's already written, else the one most pages give in their
        // title's "S : X" shape, else the most frequent, else the longest.
        let score = |name: &String| {
            let written = group
                .iter()
                .any(|&i| members[i].written && names[i].as_ref() == Some(name));
            let prefix = group
                .iter()
                .filter(|&&i| subs[i].is_some() && names[i].as_ref() == Some(name))
                .count();
            let count = group
                .iter()
                .filter(|&&i| names[i].as_ref() == Some(name))
                .count();
            (written, prefix, count, name.chars().count())
        };
        let Some(chosen) = distinct.iter().copied().max_by_key(|n| score(n)) else {
            continue;
        };
        let Some(display) = group
            .iter()
            .find(|&&i| names[i].as_ref() == Some(chosen))
            .and_then(|&i| members[i].series)
        else {
            continue;
        };
        // Why the group is one: a page's own join, unless it only shares a name with a page
        // that was joined for a reason.
        let telling = group
            .iter()
            .filter_map(|i| why.get(i))
            .find(|r| *r != SAME)
            .cloned();
        for &i in &group {
            if names[i].as_ref() != Some(chosen) && !members[i].written {
                let own = why.get(&i).cloned().unwrap_or_default();
                let reason = match &telling {
                    Some(t) if own == SAME => t.clone(),
                    _ => own,
                };
                out.renamed.insert(i, (display.to_owned(), reason));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn member<'a>(title: &'a str, series: Option<&'a str>, episode: Option<u32>) -> Member<'a> {
        Member {
            title,
            series,
            episode,
            related: &[],
            written: false,
        }
    }

    const LONG: &str = "Une histoire du ventre des femmes au XXe siècle";
    const SUB: &str = "la bataille pour la légalisation de l'avortement";
    const EP2: &str = "La bataille pour la légalisation de l'avortement, épisode 2";

    #[test]
    fn the_corpus_shapes_make_one_series_named_by_the_title_shape() {
        let full = format!("{LONG} : {SUB}");
        let ep2_series = "La bataille pour la légalisation de l'avortement";
        let m = [
            member(&full, Some(LONG), Some(3)),
            member(EP2, Some(ep2_series), Some(2)),
        ];
        let inferred = infer(&m);
        assert_eq!(inferred.conflicts, []);
        assert_eq!(
            inferred.renamed.get(&1).map(|(s, _)| s.as_str()),
            Some(LONG),
            "{inferred:?}"
        );
        assert!(!inferred.renamed.contains_key(&0));
    }

    #[test]
    fn the_same_episode_twice_is_a_conflict_kept_apart() {
        let full = format!("{LONG} : {SUB}");
        let m = [
            member(&full, Some(LONG), Some(2)),
            member(
                EP2,
                Some("La bataille pour la légalisation de l'avortement"),
                Some(2),
            ),
        ];
        let inferred = infer(&m);
        assert!(inferred.renamed.is_empty());
        assert_eq!(inferred.conflicts.len(), 1);
    }

    #[test]
    fn an_article_already_written_keeps_its_name() {
        let full = format!("{LONG} : {SUB}");
        let mut written = member(
            EP2,
            Some("La bataille pour la légalisation de l'avortement"),
            Some(2),
        );
        written.written = true;
        let m = [member(&full, Some(LONG), Some(3)), written];
        let inferred = infer(&m);
        assert_eq!(
            inferred.renamed.get(&0).map(|(s, _)| s.as_str()),
            Some("La bataille pour la légalisation de l'avortement")
        );
    }

    #[test]
    fn unrelated_series_stay_apart() {
        let m = [
            member(
                "Marxisme économie – 2 : Retour",
                Some("Marxisme économie"),
                Some(2),
            ),
            member(
                EP2,
                Some("La bataille pour la légalisation de l'avortement"),
                Some(2),
            ),
            member("Un article seul", None, None),
        ];
        assert_eq!(infer(&m), Inferred::default());
    }
}
