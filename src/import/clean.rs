//! Import, cleaning: a page's blocks → the article's metadata and body. The site's chrome is
//! recognised and removed (the publication's name, the byline, "Modifié le …", the "Voir
//! aussi" teasers and the rules framing them), the damage of the conversion repaired (a
//! paragraph cut in two, words repeated at a page boundary, heading levels, a caption left
//! without its picture). Every change is listed.

use std::sync::LazyLock;

use jiff::civil::Date;
use regex::Regex;

use super::blocks::{Block, Kind, plain};
use super::dates;

/// What was done to the page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// Removed (chrome) or repaired (damage).
    pub kind: ChangeKind,
    /// Lines of the page, when the page is the file (not converted from HTML).
    pub lines: Option<(usize, usize)>,
    /// What, in a few words, with the text concerned.
    pub what: String,
}

/// The kinds of [`Change`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeKind {
    /// Site chrome, taken out of the article.
    Removed,
    /// Damage of the conversion, mended.
    Repaired,
}

/// What the page says of the article.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Found {
    /// The title: the first heading after the publication's name.
    pub title: String,
    /// From the byline.
    pub authors: Vec<String>,
    /// Publication date, from the byline.
    pub date: Option<Date>,
    /// From "Modifié le …".
    pub modified: Option<Date>,
    /// From "Voir aussi dans la catégorie …", or `--category`.
    pub category: Option<String>,
    /// From the title's pattern.
    pub series: Option<String>,
    /// The episode's number in its series.
    pub episode: Option<u32>,
    /// Titles of the related articles the page lists.
    pub related: Vec<String>,
}

/// The page, cleaned.
#[derive(Debug)]
pub(super) struct Cleaned {
    pub found: Found,
    pub body: Vec<Block>,
    pub changes: Vec<Change>,
}

/// Why a page gives no article.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct NoArticle {
    pub line: Option<usize>,
    pub message: String,
}

static CATEGORY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)cat[ée]gorie\s+(.+?)\s*$").expect("valid pattern"));
static MODIFIED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^\s*modifi[ée] le\b").expect("valid pattern"));
static SERIES_NUMBER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(.+?)\s+[–—-]\s+(\d{1,3})\s*:\s*\S").expect("valid pattern"));
static SERIES_EPISODE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(.+?),\s*[ée]pisode\s+(\d{1,3})\s*$").expect("valid pattern")
});
static EPISODE_FIRST: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^[ée]pisode\s+(\d{1,3})\b").expect("valid pattern"));

/// Cleans a page. `publisher` is the publication's name (`[book] publisher`): a first heading
/// that says it is chrome. `lines` says whether block lines mean something to the reader.
pub(super) fn clean(blocks: &[Block], publisher: &str, lines: bool) -> Result<Cleaned, NoArticle> {
    let mut changes = Vec::new();
    let at = |b: &Block| lines.then_some(b.lines);
    let removed = |changes: &mut Vec<Change>, b: &Block, what: String| {
        changes.push(Change {
            kind: ChangeKind::Removed,
            lines: at(b),
            what,
        });
    };

    // The title: the first heading, unless it says the publication's name (then the next).
    let headings: Vec<usize> = blocks
        .iter()
        .enumerate()
        .filter(|(_, b)| matches!(b.kind, Kind::Heading(_)))
        .map(|(i, _)| i)
        .collect();
    let Some(&first) = headings.first() else {
        return Err(NoArticle {
            line: None,
            message: "no title: the page has no heading".into(),
        });
    };
    let first_text = blocks[first].plain();
    let is_publisher = same(&first_text, publisher);
    let title_at = if is_publisher {
        match headings.get(1) {
            Some(&t) => t,
            None => {
                return Err(NoArticle {
                    line: Some(blocks[first].lines.0),
                    message: format!(
                        "no title: the only heading is the publication's name `{first_text}`"
                    ),
                });
            }
        }
    } else {
        first
    };
    for b in &blocks[..title_at] {
        let what = if same(&b.plain(), &first_text) && is_publisher {
            format!("the publication's name “{}”", b.plain())
        } else {
            format!("before the title: “{}”", short(&b.plain()))
        };
        removed(&mut changes, b, what);
    }
    let mut found = Found {
        title: blocks[title_at].plain().replace('\n', " "),
        ..Found::default()
    };
    if found.title.trim().is_empty() {
        return Err(NoArticle {
            line: Some(blocks[title_at].lines.0),
            message: "no title: the title heading is empty".into(),
        });
    }

    // The footer: "Voir aussi dans la catégorie X" and its teasers, to the end.
    let rest = &blocks[title_at + 1..];
    let footer = rest
        .iter()
        .position(|b| {
            matches!(b.kind, Kind::Heading(_)) && b.plain().to_lowercase().starts_with("voir aussi")
        })
        .unwrap_or(rest.len());
    if footer < rest.len() {
        let heading = rest[footer].plain();
        found.category = CATEGORY
            .captures(&heading)
            .map(|c| c[1].trim_end_matches(['.', ':']).to_owned());
        found.related = teasers(&rest[footer + 1..]);
        let last = rest.last().map_or(rest[footer].lines, |b| b.lines);
        changes.push(Change {
            kind: ChangeKind::Removed,
            lines: lines.then_some((rest[footer].lines.0, last.1)),
            what: format!(
                "“{heading}” and its {} teaser(s) (their titles kept as `related`)",
                found.related.len()
            ),
        });
    }

    // Between the text and the footer: the byline, "Modifié le …", rules.
    let mut end = footer;
    while let Some(b) = end.checked_sub(1).map(|i| &rest[i]) {
        let text = b.plain();
        if b.kind == Kind::Rule {
            removed(&mut changes, b, "a rule framing the page's footer".into());
        } else if b.kind == Kind::Paragraph && MODIFIED.is_match(&text) && found.modified.is_none()
        {
            let Some((d, _)) = dates::find(&text) else {
                break;
            };
            found.modified = Some(d);
            removed(&mut changes, b, format!("“{}”", text.replace('\n', " ")));
        } else if b.kind == Kind::Paragraph
            && found.date.is_none()
            && let Some((date, authors)) = byline(&text)
        {
            found.date = Some(date);
            found.authors = authors;
            removed(
                &mut changes,
                b,
                format!("the byline “{}”", text.replace('\n', " ")),
            );
        } else {
            break;
        }
        end -= 1;
    }
    let mut body: Vec<Block> = rest[..end].to_vec();

    let mut repairs = Vec::new();
    levels(&mut body, lines, &mut repairs);
    repeated(&mut body, lines, &mut repairs);
    join_cut_paragraphs(&mut body, lines, &mut repairs);
    captions(&mut body, lines, &mut repairs);
    changes.extend(repairs);
    // In the order of the page, for the person who checks it.
    changes.sort_by_key(|c| c.lines);

    series(&mut found, &body);
    Ok(Cleaned {
        found,
        body,
        changes,
    })
}

/// Whether two names are the same, whatever their case, spaces and punctuation.
fn same(a: &str, b: &str) -> bool {
    let norm = |s: &str| -> String {
        s.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect()
    };
    !norm(a).is_empty() && norm(a) == norm(b)
}

/// A text cut to a few words, for a report.
fn short(text: &str) -> String {
    let one_line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.chars().count() <= 60 {
        one_line
    } else {
        let cut: String = one_line.chars().take(57).collect();
        format!("{}…", cut.trim_end())
    }
}

/// A byline: a short paragraph with a date, the rest its author(s): "**Zdenek Zavladii,**
/// **2 septembre 2017**", "Par Louise Michel, le 1er mai 1968", "2 septembre 2017".
fn byline(text: &str) -> Option<(Date, Vec<String>)> {
    if text.chars().count() > 200 || text.lines().count() > 3 {
        return None;
    }
    let (date, range) = dates::find(text)?;
    let rest = format!("{} {}", &text[..range.start], &text[range.end..]);
    let rest = rest.trim();
    let rest = rest
        .strip_prefix("Par ")
        .or_else(|| rest.strip_prefix("par "))
        .unwrap_or(rest);
    let rest = rest
        .trim_end_matches(|c: char| c.is_whitespace() || ",;–—-·|".contains(c))
        .trim_end_matches(" le")
        .trim_end_matches(|c: char| c.is_whitespace() || ",;–—-·|".contains(c))
        .trim_start_matches(|c: char| c.is_whitespace() || ",;–—-·|".contains(c));
    // Anything that reads like a sentence is not a byline.
    if rest.split_whitespace().count() > 8 || rest.ends_with(['.', '!', '?']) {
        return None;
    }
    let authors = rest
        .split([',', '&', '\n'])
        .flat_map(|p| p.split(" et "))
        .map(str::trim)
        .filter(|a| !a.is_empty())
        .map(str::to_owned)
        .collect();
    Some((date, authors))
}

/// The titles of the teasers of a "Voir aussi" block: each teaser's first block (a link, a
/// heading or a short line), teasers being apart by rules.
fn teasers(blocks: &[Block]) -> Vec<String> {
    let mut titles = Vec::new();
    let mut at_start = true;
    for b in blocks {
        if b.kind == Kind::Rule {
            at_start = true;
            continue;
        }
        if at_start {
            let text = b.plain().replace('\n', " ");
            let looks_like_title = matches!(b.kind, Kind::Heading(_))
                || b.text.trim_start().starts_with('[')
                || text.chars().count() <= 150
                    && !text.ends_with(['.', '…'])
                    && !text.ends_with(">>")
                    && !text.ends_with('»');
            if looks_like_title && !text.is_empty() {
                titles.push(text);
            }
            at_start = false;
        }
    }
    titles
}

/// Heading levels under the title: the first section is level 2 (the title is the
/// chapter's), a heading is at most one level under the one before it, and a heading as high
/// as an earlier one is at that one's level.
fn levels(body: &mut [Block], lines: bool, changes: &mut Vec<Change>) {
    // (level in the page, level given), from the outermost.
    let mut stack: Vec<(u8, u8)> = Vec::new();
    for b in body.iter_mut() {
        let Kind::Heading(level) = b.kind else {
            continue;
        };
        while stack.last().is_some_and(|(l, _)| *l > level) {
            stack.pop();
        }
        let given = match stack.last() {
            Some((l, given)) if *l == level => *given,
            Some((_, given)) => (*given + 1).min(6),
            None => 2,
        };
        if stack.last().is_none_or(|(l, _)| *l != level) {
            stack.push((level, given));
        }
        if given != level {
            let content = b
                .text
                .lines()
                .next()
                .unwrap_or_default()
                .trim_start_matches('#')
                .trim()
                .trim_end_matches('#')
                .trim()
                .to_owned();
            changes.push(Change {
                kind: ChangeKind::Repaired,
                lines: lines.then_some(b.lines),
                what: format!(
                    "heading “{}” set at level {given} (was {level})",
                    b.plain().replace('\n', " ")
                ),
            });
            b.text = format!("{} {content}", "#".repeat(usize::from(given)));
            b.kind = Kind::Heading(given);
        }
    }
}

/// A paragraph repeated, or the words that end one repeated at the start of the next: a page
/// boundary of the conversion. The repetition is removed once.
fn repeated(body: &mut Vec<Block>, lines: bool, changes: &mut Vec<Change>) {
    let mut i = 1;
    while i < body.len() {
        let (a, b) = (&body[i - 1], &body[i]);
        if a.kind != Kind::Paragraph || b.kind != Kind::Paragraph {
            i += 1;
            continue;
        }
        if a.text == b.text {
            changes.push(Change {
                kind: ChangeKind::Repaired,
                lines: lines.then_some(b.lines),
                what: format!("paragraph repeated: “{}” removed once", short(&b.plain())),
            });
            body.remove(i);
            continue;
        }
        // Words compared without the punctuation stuck to them: `texte` ends one, `texte,`
        // starts the other.
        let core = |w: &str| -> String { w.chars().filter(|c| c.is_alphanumeric()).collect() };
        let a_words: Vec<String> = a.text.split_whitespace().map(core).collect();
        let b_raw: Vec<&str> = b.text.split_whitespace().collect();
        let b_words: Vec<String> = b_raw.iter().map(|w| core(w)).collect();
        let longest = (3..=a_words.len().min(b_words.len()))
            .rev()
            .find(|&k| a_words[a_words.len() - k..] == b_words[..k]);
        if let Some(k) = longest {
            let run = b_raw[..k].join(" ");
            // Cut after the letters of the k-th word of b, in its own text: what follows them
            // (a comma) stays.
            let mut cut = 0;
            for w in &b_raw[..k] {
                cut = b.text[cut..].find(w).map_or(cut, |p| cut + p + w.len());
            }
            let last = b_raw[k - 1];
            let letters_end = last
                .char_indices()
                .rfind(|(_, c)| c.is_alphanumeric())
                .map_or(last.len(), |(i, c)| i + c.len_utf8());
            let cut = cut - (last.len() - letters_end);
            let rest = b.text[cut..].trim_start().to_owned();
            changes.push(Change {
                kind: ChangeKind::Repaired,
                lines: lines.then_some((a.lines.1, b.lines.0)),
                what: format!(
                    "“{}” repeated across a paragraph break: removed once",
                    short(run.trim_end_matches(|c: char| !c.is_alphanumeric()))
                ),
            });
            if rest.chars().all(|c| !c.is_alphanumeric()) {
                body.remove(i);
                continue;
            }
            body[i].text = rest;
        }
        i += 1;
    }
}

/// A paragraph that ends without final punctuation, followed by one that starts in lower case,
/// is one paragraph cut in two: joined.
fn join_cut_paragraphs(body: &mut Vec<Block>, lines: bool, changes: &mut Vec<Change>) {
    let mut i = 1;
    while i < body.len() {
        let (a, b) = (&body[i - 1], &body[i]);
        let (a_text, b_text) = (a.plain(), b.plain());
        let cut = a.kind == Kind::Paragraph
            && b.kind == Kind::Paragraph
            && !a_text.ends_with(['.', '!', '?', '…', ':', ';', '»', '"', '”', ')', ']'])
            && (b_text.starts_with(char::is_lowercase) || b_text.starts_with([',', ')']));
        if !cut {
            i += 1;
            continue;
        }
        let tail: String = {
            let w: Vec<&str> = a_text.split_whitespace().collect();
            w[w.len().saturating_sub(4)..].join(" ")
        };
        let head: String = b_text
            .split_whitespace()
            .take(4)
            .collect::<Vec<_>>()
            .join(" ");
        changes.push(Change {
            kind: ChangeKind::Repaired,
            lines: lines.then_some((a.lines.0, b.lines.1)),
            what: format!("paragraph cut in two joined: “… {tail}” + “{head} …”"),
        });
        // What the repetition left of b may start with its punctuation: `, puis…`.
        let glue = if b.text.starts_with([',', '.', ')', '…']) {
            ""
        } else {
            " "
        };
        let joined = format!("{}{glue}{}", a.text.trim_end(), b.text.trim_start());
        let lines_ab = (a.lines.0, b.lines.1);
        body[i - 1].text = joined;
        body[i - 1].lines = lines_ab;
        body.remove(i);
    }
}

/// A short line alone between paragraphs, with no final punctuation, is the caption of a
/// picture the conversion lost: kept, in italics, and reported.
fn captions(body: &mut [Block], lines: bool, changes: &mut Vec<Change>) {
    for i in 0..body.len() {
        let b = &body[i];
        let text = b.plain();
        let words = text.split_whitespace().count();
        let alone = b.kind == Kind::Paragraph
            && !text.contains('\n')
            && (1..=8).contains(&words)
            && text.chars().count() <= 80
            && text.starts_with(char::is_uppercase)
            && !text.ends_with(['.', '!', '?', '…', ':', ';', ','])
            && i + 1 < body.len()
            && body[i + 1].kind == Kind::Paragraph;
        let already = b.text.starts_with(['*', '_']) && b.text.ends_with(['*', '_']);
        if alone && !already {
            changes.push(Change {
                kind: ChangeKind::Repaired,
                lines: lines.then_some(b.lines),
                what: format!(
                    "“{text}” alone on its line: a caption whose picture is lost, kept in italics"
                ),
            });
            body[i].text = format!("*{}*", b.text.trim());
        }
    }
}

/// Series and episode from the title, as the site writes them: "Marxisme économie – 2 :
/// Retour sur…", "La bataille pour la légalisation de l'avortement, épisode 2", or a text that
/// opens with "Episode 3" (the series is then the title, before its colon).
fn series(found: &mut Found, body: &[Block]) {
    if let Some(c) = SERIES_NUMBER.captures(&found.title) {
        found.series = Some(c[1].trim().to_owned());
        found.episode = c[2].parse().ok();
    } else if let Some(c) = SERIES_EPISODE.captures(&found.title) {
        found.series = Some(c[1].trim().to_owned());
        found.episode = c[2].parse().ok();
    } else if let Some(first) = body.iter().find(|b| b.kind == Kind::Paragraph)
        && let Some(c) = EPISODE_FIRST.captures(&plain(&first.text))
    {
        let series = found
            .title
            .split_once(" : ")
            .map_or(found.title.as_str(), |(s, _)| s);
        found.series = Some(series.trim().to_owned());
        found.episode = c[1].parse().ok();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::blocks::split;

    fn cleaned(page: &str) -> Cleaned {
        clean(&split(page), "La Commune", true).expect("an article")
    }

    fn body(c: &Cleaned) -> String {
        c.body
            .iter()
            .map(|b| b.text.as_str())
            .collect::<Vec<_>>()
            .join("\n\n")
    }

    #[test]
    fn bylines() {
        let d = |s: &str| byline(s).map(|(d, a)| (d.to_string(), a));
        assert_eq!(
            d("Zdenek Zavladii,\n2 septembre 2017"),
            Some(("2017-09-02".into(), vec!["Zdenek Zavladii".into()]))
        );
        assert_eq!(
            d("Par Louise Michel et Jules Vallès, le 1er mai 1968"),
            Some((
                "1968-05-01".into(),
                vec!["Louise Michel".into(), "Jules Vallès".into()]
            ))
        );
        assert_eq!(d("2 septembre 2017"), Some(("2017-09-02".into(), vec![])));
        assert_eq!(
            d("Le 2 septembre 2017, les soviets de Moscou et de Petrograd votèrent la motion."),
            None
        );
    }

    #[test]
    fn chrome_is_removed_and_metadata_found() {
        let c = cleaned(
            "# La Commune\n\n## Un titre, épisode 2\n\nLe texte.\n\n**Louise Michel,**  \n\
             **1er mai 1968**\n\n---\n\nModifié le jeudi 2 mai 1968\n\n---\n\n\
             ## Voir aussi dans la catégorie Histoire\n\n[Autre article](#)\n\nSon début... [»](#)\n\n\
             ---\n\n### Encore un\n\nDébut... >>\n",
        );
        assert_eq!(c.found.title, "Un titre, épisode 2");
        assert_eq!(c.found.authors, ["Louise Michel"]);
        assert_eq!(
            c.found.date.map(|d| d.to_string()).as_deref(),
            Some("1968-05-01")
        );
        assert_eq!(
            c.found.modified.map(|d| d.to_string()).as_deref(),
            Some("1968-05-02")
        );
        assert_eq!(c.found.category.as_deref(), Some("Histoire"));
        assert_eq!(c.found.series.as_deref(), Some("Un titre"));
        assert_eq!(c.found.episode, Some(2));
        assert_eq!(c.found.related, ["Autre article", "Encore un"]);
        assert_eq!(body(&c), "Le texte.");
        let removed: Vec<&str> = c
            .changes
            .iter()
            .filter(|c| c.kind == ChangeKind::Removed)
            .map(|c| c.what.as_str())
            .collect();
        assert_eq!(
            removed,
            [
                "the publication's name “La Commune”",
                "the byline “Louise Michel,\n1er mai 1968”"
                    .replace('\n', " ")
                    .as_str(),
                "a rule framing the page's footer",
                "“Modifié le jeudi 2 mai 1968”",
                "a rule framing the page's footer",
                "“Voir aussi dans la catégorie Histoire” and its 2 teaser(s) (their titles kept as `related`)",
            ]
        );
    }

    #[test]
    fn damage_is_repaired() {
        let c = cleaned(
            "## Le titre\n\n### Première partie\n\nUn texte coupé dans une situation qui\n\n\
             n'est plus celle de juillet.\n\nAlexandre Kerenski\n\nLe putsch échoue.\n\n\
             ## Seconde partie\n\nLes femmes ne désirant pas d'enfant\n\n\
             ne désirant pas d'enfant ne furent pas entendues.\n\nUn paragraphe.\n\nUn paragraphe.\n",
        );
        assert_eq!(
            body(&c),
            "## Première partie\n\n\
             Un texte coupé dans une situation qui n'est plus celle de juillet.\n\n\
             *Alexandre Kerenski*\n\nLe putsch échoue.\n\n## Seconde partie\n\n\
             Les femmes ne désirant pas d'enfant ne furent pas entendues.\n\nUn paragraphe."
        );
        let repaired: Vec<String> = c
            .changes
            .iter()
            .filter(|c| c.kind == ChangeKind::Repaired)
            .map(|c| format!("{:?} {}", c.lines, c.what))
            .collect();
        assert_eq!(
            repaired,
            [
                "Some((3, 3)) heading “Première partie” set at level 2 (was 3)",
                "Some((5, 7)) paragraph cut in two joined: “… dans une situation qui” + “n'est plus celle de …”",
                "Some((9, 9)) “Alexandre Kerenski” alone on its line: a caption whose picture is lost, kept in italics",
                "Some((15, 17)) “ne désirant pas d'enfant” repeated across a paragraph break: removed once",
                "Some((15, 17)) paragraph cut in two joined: “… ne désirant pas d'enfant” + “ne furent pas entendues. …”",
                "Some((21, 21)) paragraph repeated: “Un paragraphe.” removed once",
            ]
        );
    }

    #[test]
    fn pages_without_a_title() {
        let e = clean(&split("Rien que du texte.\n"), "La Commune", true).expect_err("no title");
        assert_eq!(e.message, "no title: the page has no heading");
        let e =
            clean(&split("# La Commune\n\nDu texte.\n"), "La Commune", true).expect_err("no title");
        assert_eq!(
            e.message,
            "no title: the only heading is the publication's name `La Commune`"
        );
    }
}
