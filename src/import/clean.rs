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
pub(super) use crate::text::series::title_series;

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

static FOOTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*voir aussi dans la cat[ée]gorie\s+(.+?)\s*$").expect("valid pattern")
});
static MODIFIED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\W*(modifi[ée]|mis à jour|mise à jour)( le)?\b").expect("valid pattern")
});
static EPISODE_FIRST: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^[ée]pisode\s+(\d{1,3})\b").expect("valid pattern"));
/// "Episode 3" opening a paragraph, maybe in bold or italics, maybe followed by a colon, a
/// dash or a full stop.
static EPISODE_MARKER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:\*{1,2}|_{1,2})?\s*[ée]pisode\s+(\d{1,3})\b\s*[:.–—-]?(?:\*{1,2}|_{1,2})?\s*[:.–—-]?(?:\s+|$)")
        .expect("valid pattern")
});
static TIME: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\bà\s+\d{1,2}\s*(?:h|:)\s*\d{0,2}").expect("valid pattern"));
/// A link into the saved page; its text may hold brackets (`[[a]](#x)`, a note's call in a
/// shape not read as one): such a link leads nowhere in the book.
static IN_PAGE_LINK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"\[((?:\\.|[^\[\]\\]|\[(?:\\.|[^\[\]\\])*\])*)\]\(#[^()\s]*(?:\s+"[^"]*")?\)"#)
        .expect("valid pattern")
});
static AFTERWORD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\W*(notes?|post-?scriptum|sources|r[ée]f[ée]rences|bibliographie)\W*$")
        .expect("valid pattern")
});
/// A note call or a definition's head as the site writes it: `[[1]](#nb1)`, `[\[1\]](#nh1)`,
/// in `<sup>` or not, or SPIP's HTML notes as converted, `\[[1](#nb1)\]`, with the spaces
/// before it. The number is the first group that matched.
static SITE_NOTE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        // The spaces before a call (SPIP's `&nbsp;[1]`): a call is glued to its word.
        r"[ \u{a0}\u{202f}]*(?:<sup>\s*)?(?:",
        r#"\[\\?\[(\d{1,5})\\?\]\]\(#[^()\s]*(?:\s+"[^"]*")?\)"#,
        r#"|\\\[\[(\d{1,5})\]\(#[^()\s]*(?:\s+"[^"]*")?\)\\\]"#,
        r")(?:\s*</sup>)?",
    ))
    .expect("valid pattern")
});

/// The number of a [`SITE_NOTE`] match.
fn site_note_number(c: &regex::Captures<'_>) -> Option<u32> {
    c.get(1).or_else(|| c.get(2))?.as_str().parse().ok()
}
/// A plain `[1]` or `\[1\]`: a call, or the head of a definition under a "Notes" heading.
static PLAIN_NOTE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\\?\[(\d{1,5})\\?\]").expect("valid pattern"));
/// A "Notes" heading.
static NOTES_HEADING: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^\W*notes?\W*$").expect("valid pattern"));
static LIST_MARKER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:[a-z]|\d{1,2}|[ivx]{1,4})[).]\s").expect("valid pattern"));

/// Words after which a French paragraph cannot end: a paragraph ending with one was cut.
const CANNOT_END: &[&str] = &[
    "de", "d", "du", "des", "la", "le", "les", "l", "un", "une", "à", "au", "aux", "et", "ou",
    "qui", "que", "qu", "dont", "en", "par", "pour", "sur", "dans", "avec", "sans", "sous",
    "entre", "vers", "chez", "ce", "cette", "ces", "son", "sa", "ses", "leur", "leurs", "mais",
    "donc", "car", "ni", "ne", "se", "il", "elle", "ils", "elles", "on", "nous", "vous", "dit",
];

/// Cleans a page. `publisher` is the publication's name (`[book] publisher`): a first heading
/// that says it, followed by another heading, is chrome. Each change says at which lines of
/// the page it was made (for an HTML page, lines of its conversion: they order the changes).
pub(super) fn clean(blocks: &[Block], publisher: &str) -> Result<Cleaned, NoArticle> {
    let mut changes = Vec::new();
    let blocks = &site_notes(blocks.to_vec(), &mut changes);
    let at = |b: &Block| Some(b.lines);
    let removed = |changes: &mut Vec<Change>, b: &Block, what: String| {
        changes.push(Change {
            kind: ChangeKind::Removed,
            lines: at(b),
            what,
        });
    };
    // Notes are the article's wherever the page put their definitions (after the teasers,
    // often): they go to the end of the text.
    let notes: Vec<Block> = blocks
        .iter()
        .filter(|b| b.kind == Kind::Note)
        .cloned()
        .collect();
    let blocks: Vec<Block> = blocks
        .iter()
        .filter(|b| b.kind != Kind::Note)
        .cloned()
        .collect();
    // The footer's heading; some exports make it a paragraph in bold.
    let is_footer = |b: &Block| {
        (matches!(b.kind, Kind::Heading(_)) || b.kind == Kind::Paragraph && bold(&b.text))
            && FOOTER.is_match(&b.plain())
    };

    // The title: the first heading, unless it names the publication and another heading
    // follows it (then that one).
    let headings: Vec<usize> = blocks
        .iter()
        .enumerate()
        .filter(|(_, b)| matches!(b.kind, Kind::Heading(_)) && !is_footer(b))
        .map(|(i, _)| i)
        .collect();
    let Some(&first) = headings.first() else {
        return Err(NoArticle {
            line: None,
            message: "no title: the page has no heading".into(),
        });
    };
    let first_text = blocks[first].plain();
    let names_publisher = names(&first_text, publisher);
    let next_is_heading = blocks[first + 1..]
        .iter()
        .find(|b| b.kind != Kind::Rule)
        .is_some_and(|b| matches!(b.kind, Kind::Heading(_)) && !is_footer(b));
    // `# La Commune` (level 1, as the site's pages are converted) is the site's name even with
    // a line between it and the title.
    let site_name = names_publisher
        && (next_is_heading || blocks[first].kind == Kind::Heading(1) && headings.len() > 1);
    let title_at = if site_name {
        headings[1]
    } else if names_publisher && blocks[first].kind == Kind::Heading(1) && headings.len() == 1 {
        return Err(NoArticle {
            line: Some(blocks[first].lines.0),
            message: format!("no title: the only heading is the publication's name `{first_text}`"),
        });
    } else {
        first
    };
    for (i, b) in blocks[..title_at].iter().enumerate() {
        let text = b.plain();
        if i == first && title_at != first {
            removed(&mut changes, b, format!("the publication's name “{text}”"));
        } else if b.kind == Kind::Rule {
            removed(&mut changes, b, "a rule before the title".into());
        } else if b.kind == Kind::Other && !b.text.trim().is_empty() {
            return Err(NoArticle {
                line: Some(b.lines.0),
                message: "a block (a list, a quotation, HTML) before the title: the title must \
                          be a heading (`## Titre`) before the article's text"
                    .into(),
            });
        } else if text.split_whitespace().count() <= 12 && !text.ends_with('.') {
            removed(
                &mut changes,
                b,
                format!("before the title: “{}”", short(&text)),
            );
        } else {
            return Err(NoArticle {
                line: Some(b.lines.0),
                message: "text before the first heading: the title must be a heading \
                          (`## Titre`) before the article's text"
                    .into(),
            });
        }
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
    let footer = rest.iter().position(is_footer).unwrap_or(rest.len());
    // A "Notes" or "Post-scriptum" heading after the teasers is the article's again.
    let after = rest[footer..]
        .iter()
        .position(|b| matches!(b.kind, Kind::Heading(_)) && AFTERWORD.is_match(&b.plain()))
        .map_or(rest.len(), |p| footer + p);
    let mut afterword: Vec<Block> = rest[after..].to_vec();
    let rest = &rest[..after];
    if footer < rest.len() {
        let heading = rest[footer].plain();
        found.category = FOOTER
            .captures(&heading)
            .map(|c| c[1].trim_matches(|c: char| !c.is_alphanumeric()).to_owned());
        let (found_teasers, not_teasers) = teasers(&rest[footer + 1..]);
        found.related = found_teasers.iter().map(|t| t.title.clone()).collect();
        // What follows a teaser's excerpt and is no teaser is the article's: kept, at its end.
        for b in not_teasers.iter().rev() {
            changes.push(Change {
                kind: ChangeKind::Repaired,
                lines: Some(b.lines),
                what: format!(
                    "“{}” after the teasers is no teaser: kept at the end of the text",
                    short(&b.plain().replace('\n', " "))
                ),
            });
            afterword.insert(0, b.clone());
        }
        let last = rest.last().map_or(rest[footer].lines, |b| b.lines);
        changes.push(Change {
            kind: ChangeKind::Removed,
            lines: Some((rest[footer].lines.0, last.1)),
            what: format!(
                "“{heading}” and its {} teaser(s) (their titles kept as `related`)",
                found.related.len()
            ),
        });
        // What the block takes, line by line: a block before the first teaser is no teaser,
        // and says so.
        let first = found_teasers.first().map_or(usize::MAX, |t| t.lines.0);
        for b in rest[footer + 1..]
            .iter()
            .filter(|b| b.lines.0 < first && b.kind != Kind::Rule)
        {
            changes.push(Change {
                kind: ChangeKind::Removed,
                lines: Some(b.lines),
                what: format!(
                    "under “{heading}”, before its first teaser: “{}”",
                    short(&b.plain().replace('\n', " "))
                ),
            });
        }
        for t in &found_teasers {
            changes.push(Change {
                kind: ChangeKind::Removed,
                lines: Some(t.lines),
                what: format!("teaser “{}”", short(&t.title)),
            });
        }
    }

    // Between the text and the footer: the byline, "Modifié le …", rules.
    let mut end = footer;
    // A byline is in bold, or opens with "Par", or stands above "Modifié le": a dated last
    // paragraph that is none of these is the article's (`Paris, le 18 mars 1871`).
    let mut after_modified = false;
    while let Some(b) = end.checked_sub(1).map(|i| &rest[i]) {
        let text = b.plain();
        if b.kind == Kind::Rule {
            removed(&mut changes, b, "a rule framing the page's footer".into());
        } else if b.kind == Kind::Paragraph
            && MODIFIED.is_match(&text)
            && found.modified.is_none()
            && let Some((d, _)) = dates::find(&text)
        {
            found.modified = Some(d);
            after_modified = true;
            removed(&mut changes, b, format!("“{}”", text.replace('\n', " ")));
        } else if b.kind == Kind::Paragraph
            && found.date.is_none()
            && (after_modified || bold(&b.text) || text.to_lowercase().starts_with("par "))
            && let Some((date, authors)) = byline(&text)
        {
            found.date = Some(date);
            found.authors = authors;
            removed(
                &mut changes,
                b,
                format!("the byline “{}”", text.replace('\n', " ")),
            );
        } else if b.kind == Kind::Paragraph
            && found.date.is_some()
            && found.authors.is_empty()
            && bold(&b.text)
            && let Some(authors) = authors(&text)
        {
            // The author's name in a paragraph of its own, above the date's.
            found.authors = authors;
            removed(&mut changes, b, format!("the byline's author “{text}”"));
        } else {
            break;
        }
        end -= 1;
    }
    let mut body: Vec<Block> = rest[..end].to_vec();
    body.extend(afterword);
    // "Modifié le …" may also stand under the title.
    if let Some(b) = body.first()
        && b.kind == Kind::Paragraph
        && found.modified.is_none()
        && MODIFIED.is_match(&b.plain())
        && let Some((d, _)) = dates::find(&b.plain())
    {
        found.modified = Some(d);
        removed(
            &mut changes,
            b,
            format!("“{}”", b.plain().replace('\n', " ")),
        );
        body.remove(0);
    }
    body.extend(notes);

    let mut repairs = Vec::new();
    levels(&mut body, &mut repairs);
    escape_heading_braces(&mut body, &mut repairs);
    unlink_in_page(&mut body, &mut repairs);
    let body = repeated(body, &mut repairs);
    let mut body = join_cut_paragraphs(body, &mut repairs);
    captions(&mut body, &mut repairs);
    changes.extend(repairs);
    series(&mut found, &mut body, &mut changes);
    // In the order of the page, for the person who checks it.
    changes.sort_by_key(|c| c.lines);

    Ok(Cleaned {
        found,
        body,
        changes,
    })
}

/// Notes as the site writes them made footnotes: `[[1]](#nb1)` calls with `[[1]](#nh1) text`
/// definitions wherever the page puts them (the anchors need not match: calls and definitions
/// pair by number), and `[1]` calls with a "Notes" heading over `[1] text` paragraphs or a
/// numbered list. A call without a definition stays as text, a definition without a call stays
/// a note; each is reported.
fn site_notes(blocks: Vec<Block>, changes: &mut Vec<Change>) -> Vec<Block> {
    let mut out: Vec<Block> = Vec::with_capacity(blocks.len());
    let mut defined: Vec<(u32, (usize, usize))> = Vec::new();
    // Definitions in the site's linked shape, anywhere.
    for b in blocks {
        match linked_definitions(&b) {
            Some(notes) => {
                for SiteNote {
                    number,
                    text,
                    lines,
                } in notes
                {
                    defined.push((number, lines));
                    out.push(Block {
                        kind: Kind::Note,
                        text: format!("[^{number}]: {text}"),
                        lines,
                    });
                }
            }
            None => out.push(b),
        }
    }
    let linked: Vec<u32> = defined.iter().map(|(n, _)| *n).collect();
    // Definitions under a "Notes" heading, in the plain shape.
    let mut plain: Vec<u32> = Vec::new();
    if let Some(h) = out
        .iter()
        .rposition(|b| matches!(b.kind, Kind::Heading(_)) && NOTES_HEADING.is_match(&b.plain()))
    {
        // The list runs to the next heading or rule (the footer's).
        let end = out[h + 1..]
            .iter()
            .position(|b| matches!(b.kind, Kind::Heading(_) | Kind::Rule))
            .map_or(out.len(), |e| h + 1 + e);
        // Notes already made (the linked shape) stay; every other block must be a note.
        let notes: Vec<Option<Vec<(u32, String)>>> = out[h + 1..end]
            .iter()
            .map(|b| {
                if b.kind == Kind::Note {
                    Some(Vec::new())
                } else {
                    plain_definitions(b)
                }
            })
            .collect();
        if end > h + 1 && notes.iter().all(Option::is_some) {
            let heading = out[h].lines;
            let mut made = Vec::new();
            for (b, found) in out[h + 1..end].iter().zip(notes.into_iter().flatten()) {
                if b.kind == Kind::Note {
                    made.push(b.clone());
                }
                for (n, text) in found {
                    plain.push(n);
                    defined.push((n, b.lines));
                    made.push(Block {
                        kind: Kind::Note,
                        text: format!("[^{n}]: {text}"),
                        lines: b.lines,
                    });
                }
            }
            changes.push(Change {
                kind: ChangeKind::Repaired,
                lines: Some(heading),
                what: format!(
                    "the “Notes” heading and its {} note(s): made footnotes",
                    made.len()
                ),
            });
            out.splice(h..end, made);
        }
    }
    if !linked.is_empty() {
        let lines = defined.first().map(|(_, l)| *l);
        changes.push(Change {
            kind: ChangeKind::Repaired,
            lines,
            what: format!(
                "note(s) {} as the site writes them (`[[n]](#…)`): made footnotes, paired by \
                 number",
                list(&linked)
            ),
        });
    }
    // The calls, paired by number.
    let mut called: Vec<u32> = Vec::new();
    for b in out
        .iter_mut()
        .filter(|b| b.kind != Kind::Note && b.kind != Kind::Rule)
    {
        let mut missing: Vec<u32> = Vec::new();
        let mut call = |n: u32| -> String {
            if defined.iter().any(|(d, _)| *d == n) {
                called.push(n);
                format!("[^{n}]")
            } else {
                // Its text, without a link into the saved page that would lead nowhere.
                missing.push(n);
                format!("\\[{n}\\]")
            }
        };
        let text = SITE_NOTE
            .replace_all(&b.text, |c: &regex::Captures<'_>| {
                call(site_note_number(c).unwrap_or(0))
            })
            .into_owned();
        let text = if plain.is_empty() {
            text
        } else {
            replace_plain_calls(&text, &plain, &mut call)
        };
        b.text = text;
        if !missing.is_empty() {
            changes.push(Change {
                kind: ChangeKind::Repaired,
                lines: Some(b.lines),
                what: format!(
                    "note call(s) {} with no definition on the page: kept as text",
                    list(&missing)
                ),
            });
        }
    }
    let uncalled: Vec<u32> = defined
        .iter()
        .map(|(n, _)| *n)
        .filter(|n| !called.contains(n))
        .collect();
    if !uncalled.is_empty() {
        changes.push(Change {
            kind: ChangeKind::Repaired,
            lines: defined
                .iter()
                .find(|(n, _)| uncalled.contains(n))
                .map(|(_, l)| *l),
            what: format!(
                "note(s) {} called nowhere in the text: kept as notes",
                list(&uncalled)
            ),
        });
    }
    out
}

/// "1, 2 and 5".
fn list(numbers: &[u32]) -> String {
    let mut v: Vec<u32> = numbers.to_vec();
    v.sort_unstable();
    v.dedup();
    v.iter()
        .map(|n| format!("[{n}]"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The notes of a paragraph made of `[[1]](#nh1) text` definitions, one or several (each on
/// a line of its own): their numbers, texts and lines; `None` when it is no such paragraph.
fn linked_definitions(b: &Block) -> Option<Vec<SiteNote>> {
    if b.kind != Kind::Paragraph {
        return None;
    }
    let mut notes: Vec<SiteNote> = Vec::new();
    for (i, line) in b.text.lines().enumerate() {
        let line_no = b.lines.0 + i;
        let trimmed = line.trim_start();
        match SITE_NOTE
            .captures(trimmed)
            .filter(|c| c.get(0).is_some_and(|m| m.start() == 0))
        {
            Some(c) => {
                let n = site_note_number(&c)?;
                let rest = trimmed[c.get(0)?.end()..].trim();
                notes.push(SiteNote {
                    number: n,
                    text: rest.to_owned(),
                    lines: (line_no, line_no),
                });
            }
            None => {
                // The definition goes on over this line.
                let last = notes.last_mut()?;
                last.text.push('\n');
                last.text.push_str(line.trim());
                last.lines.1 = line_no;
            }
        }
    }
    (!notes.is_empty() && notes.iter().all(|n| !n.text.is_empty())).then_some(notes)
}

/// A note definition found in the site's linked shape.
struct SiteNote {
    number: u32,
    text: String,
    /// First and last line in the page.
    lines: (usize, usize),
}

/// The notes of a block under a "Notes" heading: a paragraph `[1] text` (or several, a line
/// each), or a numbered list; `None` when the block is no such thing.
fn plain_definitions(b: &Block) -> Option<Vec<(u32, String)>> {
    let mut notes: Vec<(u32, String)> = Vec::new();
    for line in b.text.lines() {
        let trimmed = line.trim_start();
        let head = match b.kind {
            Kind::Paragraph => PLAIN_NOTE
                .captures(trimmed)
                .filter(|c| c.get(0).is_some_and(|m| m.start() == 0))
                .and_then(|c| Some((c[1].parse().ok()?, c.get(0)?.end()))),
            Kind::Other => {
                let digits = trimmed.chars().take_while(char::is_ascii_digit).count();
                let rest = &trimmed[digits..];
                (digits > 0 && (rest.starts_with(". ") || rest.starts_with(") ")))
                    .then(|| Some((trimmed[..digits].parse().ok()?, digits + 1)))
                    .flatten()
            }
            _ => None,
        };
        match head {
            Some((n, end)) => notes.push((n, trimmed[end..].trim().to_owned())),
            None => {
                let last = notes.last_mut()?;
                last.1.push('\n');
                last.1.push_str(line.trim());
            }
        }
    }
    (!notes.is_empty() && notes.iter().all(|(_, t)| !t.is_empty())).then_some(notes)
}

/// `text` with each plain call `[n]` (or `\[n\]`) of a note in `numbers` replaced by what
/// `call` makes of it; a `[n]` that opens a link (`[1](…)`) or a definition (`[1]:`) is not a
/// call.
fn replace_plain_calls(text: &str, numbers: &[u32], call: &mut dyn FnMut(u32) -> String) -> String {
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for c in PLAIN_NOTE.captures_iter(text) {
        let Some(m) = c.get(0) else { continue };
        let next = text[m.end()..].chars().next();
        let n: u32 = c[1].parse().unwrap_or(0);
        if matches!(next, Some('(' | ':' | '[')) || !numbers.contains(&n) {
            continue;
        }
        // A call is glued to its word.
        out.push_str(text[at..m.start()].trim_end_matches([' ', '\u{a0}', '\u{202f}']));
        out.push_str(&call(n));
        at = m.end();
    }
    out.push_str(&text[at..]);
    out
}

/// Whether a heading names the publication: its name, maybe followed by more after a
/// separator (`La Commune – journal en ligne`), whatever the case and punctuation.
fn names(heading: &str, publisher: &str) -> bool {
    let norm = |s: &str| -> String {
        s.chars()
            .filter(|c| c.is_alphanumeric() || c.is_whitespace())
            .flat_map(char::to_lowercase)
            .collect::<String>()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    let (h, p) = (norm(heading), norm(publisher));
    let cut = heading
        .split([' ', '\u{a0}'])
        .take_while(|w| !matches!(*w, "–" | "—" | "-" | "|" | ":" | "·"))
        .collect::<Vec<_>>()
        .join(" ");
    !p.is_empty() && (h == p || norm(&cut) == p)
}

/// Whether a paragraph is set in bold, as the site sets its bylines.
fn bold(markdown: &str) -> bool {
    let t = markdown.trim();
    t.starts_with("**") || t.starts_with("__")
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
/// **2 septembre 2017**", "Par Louise Michel, le 1er mai 1968", "2 septembre 2017", "Publié
/// le 2 septembre 2017 à 10:30 par X". What is not a date must read as names.
fn byline(text: &str) -> Option<(Date, Vec<String>)> {
    use unicode_normalization::UnicodeNormalization as _;
    // `1ᵉʳ` is `1er`.
    let text: String = text.nfkc().collect();
    if text.chars().count() > 200 || text.lines().count() > 3 {
        return None;
    }
    let (date, range) = dates::find(&text)?;
    // `Paris, le 18 mars 1871` dates a letter or an appeal: a place, not an author.
    let before = text[..range.start].trim_end().to_lowercase();
    let signed = before.starts_with("par ") || before.starts_with("publié");
    if !signed && (before.ends_with(", le") || before.ends_with(" le")) {
        return None;
    }
    let rest = format!("{} {}", &text[..range.start], &text[range.end..]);
    let rest = TIME.replace_all(&rest, " ");
    let authors = authors(&rest)?;
    Some((date, authors))
}

/// The names of a byline without its date: "Par A et B, le", "Auteur : A —". `None` when what
/// is left does not read as names (a sentence, a place, a function).
fn authors(text: &str) -> Option<Vec<String>> {
    let sep = |c: char| c.is_whitespace() || ",;–—-·|:".contains(c);
    let mut rest = text.trim_matches(sep).to_owned();
    // "Publié le … par X", "Par X", "Auteur : X" (a label only with its colon: "Autrice
    // Fictive" is a name).
    for (prefix, colon) in [
        ("publié le", false),
        ("publié", false),
        ("par", false),
        ("auteurs", true),
        ("auteur", true),
        ("autrice", true),
    ] {
        let after = rest.get(prefix.len()..).unwrap_or_default().to_owned();
        let labelled = if colon {
            after.trim_start().starts_with(':')
        } else {
            after.starts_with(sep)
        };
        if rest.to_lowercase().starts_with(prefix) && labelled {
            rest = after.trim_matches(sep).to_owned();
        }
    }
    for suffix in [" le", " par"] {
        if rest.to_lowercase().ends_with(suffix) {
            rest.truncate(rest.len() - suffix.len());
            rest = rest.trim_matches(sep).to_owned();
        }
    }
    if let Some(i) = rest.to_lowercase().find(" par ") {
        rest = rest[i + 5..].trim_matches(sep).to_owned();
    }
    let names: Vec<String> = rest
        .split([',', '&', '\n'])
        .flat_map(|p| p.split(" et "))
        .map(|a| {
            a.trim_matches(|c: char| sep(c) || c == '*' || c == '_')
                .to_owned()
        })
        .filter(|a| !a.is_empty())
        .collect();
    let particle = |w: &str| {
        matches!(
            w,
            "de" | "d'" | "du" | "des" | "la" | "le" | "van" | "von" | "di" | "da" | "del"
        )
    };
    let name = |a: &String| {
        let words: Vec<&str> = a.split_whitespace().collect();
        (1..=5).contains(&words.len())
            && words.iter().all(|w| {
                particle(w)
                    || w.starts_with(char::is_uppercase)
                        && w.chars().all(|c| c.is_alphabetic() || "-'’.".contains(c))
            })
    };
    names.iter().all(name).then_some(names)
}

/// The titles of the teasers of a "Voir aussi" block: each teaser's first block (a link, a
/// heading or a short line), teasers being apart by rules.
fn teasers(blocks: &[Block]) -> (Vec<Teaser>, Vec<Block>) {
    let mut titles: Vec<Teaser> = Vec::new();
    let mut kept: Vec<Block> = Vec::new();
    let mut at_start = true;
    // Whether the current teaser's excerpt has ended (`…`, `»`, `>>`): a paragraph after it
    // and before the next rule or title is not the teaser's.
    let mut excerpt_done = false;
    for b in blocks {
        if b.kind == Kind::Rule {
            // The rule closes the teaser before it.
            if let Some(last) = titles.last_mut() {
                last.lines.1 = b.lines.1;
            }
            at_start = true;
            excerpt_done = false;
            continue;
        }
        let text = b.plain().replace('\n', " ");
        let link = b.text.trim_start().starts_with('[') && b.text.trim_end().ends_with(')');
        let excerpt = text.ends_with(">>") || text.ends_with('»') || text.ends_with("...");
        // A link or a heading is a title wherever it stands; a short line only first.
        let title = matches!(b.kind, Kind::Heading(_)) && !text.is_empty()
            || link && text.chars().any(char::is_alphabetic) && !excerpt
            || at_start && !excerpt && text.chars().count() <= 150 && !text.ends_with('.');
        if title && !text.is_empty() && !titles.iter().any(|t| t.title == text) {
            titles.push(Teaser {
                title: text,
                lines: b.lines,
            });
            excerpt_done = excerpt;
        } else if excerpt_done && b.kind == Kind::Paragraph && !title {
            kept.push(b.clone());
        } else if let Some(last) = titles.last_mut() {
            // Its excerpt, or its title repeated across a page boundary.
            last.lines.1 = b.lines.1;
            excerpt_done |= excerpt;
        }
        at_start = false;
    }
    (titles, kept)
}

/// A teaser of the footer: the title of another article, and the lines it takes (its title,
/// excerpt and rule).
struct Teaser {
    title: String,
    lines: (usize, usize),
}

/// The text of a heading without its marks: `## Titre` → `Titre`; an underlined heading's
/// lines joined.
fn heading_content(text: &str) -> String {
    if text.trim_start().starts_with('#') {
        let content = text.trim_start().trim_start_matches('#').trim();
        // A closing sequence is `#`s after a space: `C#` keeps its sign.
        let closing = content.trim_end_matches('#');
        if closing.ends_with(' ') || closing.is_empty() {
            closing.trim().to_owned()
        } else {
            content.to_owned()
        }
    } else {
        let lines: Vec<&str> = text.lines().collect();
        lines[..lines.len().saturating_sub(1)]
            .iter()
            .map(|l| l.trim())
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// Heading levels under the title: the first section is level 2 (the title is the
/// chapter's), a heading is at most one level under the one before it, and a heading higher
/// than the one before takes the level of the last heading as high as it (or level 2).
fn levels(body: &mut [Block], changes: &mut Vec<Change>) {
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
        let setext = !b.text.trim_start().starts_with('#');
        if given != level || setext {
            if given != level {
                changes.push(Change {
                    kind: ChangeKind::Repaired,
                    lines: Some(b.lines),
                    what: format!(
                        "heading “{}” set at level {given} (was {level})",
                        b.plain().replace('\n', " ")
                    ),
                });
            }
            b.text = format!(
                "{} {}",
                "#".repeat(usize::from(given)),
                heading_content(&b.text)
            );
            b.kind = Kind::Heading(given);
        }
    }
}

/// A heading ending in `{…}` would lose it as attributes in the book: the brace is escaped.
fn escape_heading_braces(body: &mut [Block], changes: &mut Vec<Change>) {
    for b in body.iter_mut() {
        if matches!(b.kind, Kind::Heading(_))
            && b.text.trim_end().ends_with('}')
            && let Some(open) = b.text.rfind('{')
            && !b.text[..open].ends_with('\\')
        {
            b.text.insert(open, '\\');
            changes.push(Change {
                kind: ChangeKind::Repaired,
                lines: Some(b.lines),
                what: format!(
                    "heading “{}”: its final braces escaped, to stay text",
                    b.plain().replace('\\', "")
                ),
            });
        }
    }
}

/// A link to a place in the saved page (`[1](#note-1)`, `[titre](#)`) leads nowhere in the
/// book: its text is kept, without the link.
fn unlink_in_page(body: &mut [Block], changes: &mut Vec<Change>) {
    for b in body.iter_mut() {
        // Everywhere but rules: lists, quotations and tables hold such links too.
        if b.kind == Kind::Rule {
            continue;
        }
        if IN_PAGE_LINK.is_match(&b.text) {
            let texts: Vec<String> = IN_PAGE_LINK
                .captures_iter(&b.text)
                .map(|c| c[1].to_owned())
                .collect();
            b.text = IN_PAGE_LINK.replace_all(&b.text, "$1").into_owned();
            changes.push(Change {
                kind: ChangeKind::Repaired,
                lines: Some(b.lines),
                what: format!(
                    "link(s) into the saved page kept as text: “{}”",
                    short(&texts.join("”, “"))
                ),
            });
        }
    }
}

/// A paragraph repeated, or the words that end one repeated at the start of the next (five
/// words at least, a page boundary of the conversion): the repetition is removed once. Where
/// markup is inside the repeated words, nothing is cut: the repetition is only reported.
fn repeated(body: Vec<Block>, changes: &mut Vec<Change>) -> Vec<Block> {
    let mut out: Vec<Block> = Vec::with_capacity(body.len());
    for b in body {
        let Some(a) = out
            .last()
            .filter(|a| a.kind == Kind::Paragraph && b.kind == Kind::Paragraph)
        else {
            out.push(b);
            continue;
        };
        if a.text == b.text {
            changes.push(Change {
                kind: ChangeKind::Repaired,
                lines: Some(b.lines),
                what: format!("paragraph repeated: “{}” removed once", short(&b.plain())),
            });
            continue;
        }
        // Words compared without the punctuation stuck to them: `texte` ends one, `texte,`
        // starts the other.
        let core = |w: &str| -> String {
            w.chars()
                .filter(|c| c.is_alphanumeric())
                .flat_map(char::to_lowercase)
                .collect()
        };
        let a_words: Vec<String> = a.text.split_whitespace().map(core).collect();
        let b_raw: Vec<&str> = b.text.split_whitespace().collect();
        let b_words: Vec<String> = b_raw.iter().map(|w| core(w)).collect();
        // Seven words at least: a slogan repeated on purpose is shorter than a line of text.
        let longest = (7..=a_words.len().min(b_words.len()))
            .rev()
            .find(|&k| a_words[a_words.len() - k..] == b_words[..k]);
        if let Some(k) = longest {
            let run = b_raw[..k].join(" ");
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
            let marked = b.text[..cut].contains(['*', '_', '[', ']', '<', '`']);
            let shown = short(run.trim_end_matches(|c: char| !c.is_alphanumeric()));
            if marked {
                changes.push(Change {
                    kind: ChangeKind::Repaired,
                    lines: Some((a.lines.1, b.lines.0)),
                    what: format!(
                        "“{shown}” may be repeated across a paragraph break: left as is (markup \
                         inside), to check"
                    ),
                });
            } else {
                changes.push(Change {
                    kind: ChangeKind::Repaired,
                    lines: Some((a.lines.1, b.lines.0)),
                    what: format!(
                        "“{shown}” repeated across a paragraph break: removed once, the \
                         paragraph joined"
                    ),
                });
                let rest = b.text[cut..].trim_start().to_owned();
                // The repetition shows the cut: what is left goes on the first part.
                let glue = if rest.starts_with([',', '.', ')', '…', ';', ':', '!', '?']) {
                    ""
                } else {
                    " "
                };
                if let Some(a) = out.last_mut()
                    && rest.chars().any(char::is_alphanumeric)
                {
                    a.text = format!("{}{glue}{rest}", a.text.trim_end());
                    a.lines = (a.lines.0, b.lines.1);
                }
                continue;
            }
        }
        out.push(b);
    }
    out
}

/// A paragraph cut in two: the first part ends without final punctuation and the second
/// starts in lower case, or the first ends with a word no sentence ends with (`de`, `et`,
/// `qui`). Joined, unless the second part is a list item or an address.
fn join_cut_paragraphs(body: Vec<Block>, changes: &mut Vec<Change>) -> Vec<Block> {
    let mut out: Vec<Block> = Vec::with_capacity(body.len());
    let mut last_plain = String::new();
    for b in body {
        let b_text = b.plain();
        let cut = out.last().is_some_and(|a| {
            let last_word = last_plain
                .rsplit(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’')
                .find(|w| !w.is_empty())
                .unwrap_or_default()
                .to_lowercase();
            let unfinished =
                !last_plain.ends_with(['.', '!', '?', '…', ':', ';', '»', '"', '”', ')', ']']);
            let address = b_text.starts_with("www.") || b_text.contains("://");
            // `**Marx et nous**` alone is a run-in heading, not a cut sentence.
            let emphasised = {
                let t = a.text.trim();
                (t.starts_with("**") && t.ends_with("**"))
                    || (t.starts_with('*') && t.ends_with('*'))
            };
            a.kind == Kind::Paragraph
                && b.kind == Kind::Paragraph
                && unfinished
                && !emphasised
                && !LIST_MARKER.is_match(&b_text)
                && !address
                && (b_text.starts_with(char::is_lowercase)
                    || b_text.starts_with([',', ')'])
                    || CANNOT_END.contains(&last_word.as_str())
                        && b_text.starts_with(char::is_alphanumeric))
        });
        if !cut {
            last_plain = b_text;
            out.push(b);
            continue;
        }
        let Some(a) = out.last_mut() else {
            continue;
        };
        let tail: String = {
            let w: Vec<&str> = last_plain.split_whitespace().collect();
            w[w.len().saturating_sub(4)..].join(" ")
        };
        let head: String = b_text
            .split_whitespace()
            .take(4)
            .collect::<Vec<_>>()
            .join(" ");
        changes.push(Change {
            kind: ChangeKind::Repaired,
            lines: Some((a.lines.0, b.lines.1)),
            what: format!("paragraph cut in two joined: “… {tail}” + “{head} …”"),
        });
        // What a repetition left of b may start with its punctuation: `, puis…`.
        let glue = if b.text.starts_with([',', '.', ')', '…']) {
            ""
        } else {
            " "
        };
        a.text = format!("{}{glue}{}", a.text.trim_end(), b.text.trim_start());
        a.lines = (a.lines.0, b.lines.1);
        last_plain = format!("{last_plain}{glue}{b_text}");
    }
    out
}

/// A short line alone between paragraphs, with no final punctuation, that reads as a name or
/// a title, is the caption of a picture the conversion lost: kept, in italics, and reported.
fn captions(body: &mut [Block], changes: &mut Vec<Change>) {
    for i in 0..body.len() {
        let b = &body[i];
        let text = b.plain();
        let words: Vec<&str> = text.split_whitespace().collect();
        let last = words
            .last()
            .map(|w| {
                w.trim_matches(|c: char| !c.is_alphanumeric())
                    .to_lowercase()
            })
            .unwrap_or_default();
        let alone = b.kind == Kind::Paragraph
            && !text.contains('\n')
            && (1..=6).contains(&words.len())
            && text.chars().count() <= 60
            && text.starts_with(char::is_uppercase)
            && !text.ends_with(['.', '!', '?', '…', ':', ';', ','])
            && !text.contains(':')
            && dates::find(&text).is_none()
            && !CANNOT_END.contains(&last.as_str())
            && !b.text.trim_start().starts_with(['[', '!', '<', '*', '_'])
            && i > 0
            && body[i - 1].kind == Kind::Paragraph
            && i + 1 < body.len()
            && body[i + 1].kind == Kind::Paragraph;
        if alone {
            changes.push(Change {
                kind: ChangeKind::Repaired,
                lines: Some(b.lines),
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
/// opens with "Episode 3" (the series is then the title, before its colon). The site's marker
/// at the opening of the text is metadata, not text: it is taken out (see [`episode_marker`]).
fn series(found: &mut Found, body: &mut Vec<Block>, changes: &mut Vec<Change>) {
    series_of(found, body);
    if let Some(i) = body.iter().position(|b| b.kind == Kind::Paragraph)
        && let Some((number, rest)) = episode_marker(&body[i].text)
        && found.episode.is_none_or(|e| e == number)
    {
        found.episode = Some(number);
        let lines = body[i].lines;
        changes.push(Change {
            kind: ChangeKind::Repaired,
            lines: Some(lines),
            what: format!(
                "“Episode {number}” opening the text: made `episode: {number}`, the text \
                 starts after it"
            ),
        });
        if rest.is_empty() {
            body.remove(i);
        } else {
            body[i].text = rest;
        }
    }
}

/// The number of an "Episode 3" (or "Épisode 3", "**Episode 3**", "Episode 3 :") opening a
/// paragraph of Markdown, and the paragraph without it.
fn episode_marker(text: &str) -> Option<(u32, String)> {
    let c = EPISODE_MARKER.captures(text)?;
    let number = c[1].parse().ok()?;
    let rest = text[c.get(0)?.end()..].trim_start();
    Some((number, rest.to_owned()))
}

fn series_of(found: &mut Found, body: &[Block]) {
    if let Some((series, episode)) = title_series(&found.title) {
        found.series = Some(series);
        found.episode = episode;
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
        clean(&split(page), "La Commune").expect("an article")
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
                "teaser “Autre article”",
                "teaser “Encore un”",
            ]
        );
    }

    #[test]
    fn damage_is_repaired() {
        let c = cleaned(
            "## Le titre\n\n### Première partie\n\nUn texte coupé dans une situation qui\n\n\
             n'est plus celle de juillet.\n\nAlexandre Kerenski\n\nLe putsch échoue.\n\n\
             ## Seconde partie\n\nLes femmes et les hommes ne désirant pas d'enfant\n\n\
             et les hommes ne désirant pas d'enfant ne furent pas entendus.\n\nUn paragraphe.\n\n\
             Un paragraphe.\n",
        );
        assert_eq!(
            body(&c),
            "## Première partie\n\n\
             Un texte coupé dans une situation qui n'est plus celle de juillet.\n\n\
             *Alexandre Kerenski*\n\nLe putsch échoue.\n\n## Seconde partie\n\n\
             Les femmes et les hommes ne désirant pas d'enfant ne furent pas entendus.\n\n\
             Un paragraphe."
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
                "Some((15, 17)) “et les hommes ne désirant pas d'enfant” repeated across a paragraph break: removed once, the paragraph joined",
                "Some((21, 21)) paragraph repeated: “Un paragraphe.” removed once",
            ]
        );
    }

    #[test]
    fn what_is_not_a_byline() {
        let d = |s: &str| byline(s).map(|(d, a)| (d.to_string(), a));
        assert_eq!(
            d("Rendez-vous le samedi 7 octobre 2017 à la Bourse du travail"),
            None
        );
        assert_eq!(d("Source : L'Humanité, 4 août 1914"), None);
        assert_eq!(d("(1) Lénine, Œuvres, t. 26, 12 octobre 1917"), None);
        assert_eq!(d("Zdenek Zavladii, historien, 2 septembre 2017"), None);
        assert_eq!(d("Paris, le 18 mars 1871"), None);
        assert_eq!(
            d("Par Zdenek Zavladii, le samedi 2 septembre 2017 à 10:30"),
            Some(("2017-09-02".into(), vec!["Zdenek Zavladii".into()]))
        );
        assert_eq!(
            d("Publié le 2 septembre 2017 par Zdenek Zavladii"),
            Some(("2017-09-02".into(), vec!["Zdenek Zavladii".into()]))
        );
        assert_eq!(
            d("Auteur : Zdenek Zavladii — 02/09/2017"),
            Some(("2017-09-02".into(), vec!["Zdenek Zavladii".into()]))
        );
        assert_eq!(d("1ᵉʳ mai 2018"), Some(("2018-05-01".into(), vec![])));
    }

    #[test]
    fn what_the_site_does_not_make_chrome_stays() {
        // A dated last paragraph that is no byline; "Voir aussi" that is not the footer;
        // notes defined after the teasers; a heading naming the publication as the title.
        let c = cleaned(
            "## La Commune\n\nLe texte de l'article.[^1]\n\n## Voir aussi : les sources\n\n\
             Une source.\n\nParis, le 18 mars 1871\n\n## Voir aussi dans la catégorie « Histoire »\n\n\
             [Autre](#)\n\n[^1]: La note, définie après les teasers.\n",
        );
        assert_eq!(c.found.title, "La Commune");
        assert_eq!(c.found.date, None);
        assert_eq!(c.found.category.as_deref(), Some("Histoire"));
        assert_eq!(
            body(&c),
            "Le texte de l'article.[^1]\n\n## Voir aussi : les sources\n\nUne source.\n\n\
             Paris, le 18 mars 1871\n\n[^1]: La note, définie après les teasers."
        );
        // Prose before the first heading: the title is not a heading.
        let e = clean(
            &split("**Un titre en gras**\n\nUn premier paragraphe de l'article, qui est long.\n\n## Une section\n\nSuite.\n"),
            "La Commune",
        )
        .expect_err("no heading title");
        assert_eq!(e.line, Some(3));
    }

    #[test]
    fn series_as_the_site_writes_them() {
        let series = |title: &str, first: &str| {
            let mut f = Found {
                title: title.into(),
                ..Found::default()
            };
            series(&mut f, &mut split(first), &mut Vec::new());
            (f.series, f.episode)
        };
        let some = |s: &str, n: u32| (Some(s.to_owned()), Some(n));
        assert_eq!(
            series(
                "Marxisme économie – 2 : Retour sur quelques idées reçues",
                "Texte."
            ),
            some("Marxisme économie", 2)
        );
        assert_eq!(
            series(
                "La bataille pour la légalisation de l'avortement, épisode 2",
                "Texte."
            ),
            some("La bataille pour la légalisation de l'avortement", 2)
        );
        assert_eq!(
            series("La bataille pour la légalisation (épisode 3)", "Texte."),
            some("La bataille pour la légalisation", 3)
        );
        assert_eq!(
            series(
                "Une histoire du ventre des femmes : la bataille",
                "Episode 3 Au lendemain."
            ),
            some("Une histoire du ventre des femmes", 3)
        );
        assert_eq!(series("Les épisodes de la Commune", "Texte."), (None, None));
    }

    #[test]
    fn the_episode_marker_is_metadata_not_text() {
        let opened = |title: &str, first: &str| {
            let mut f = Found {
                title: title.into(),
                ..Found::default()
            };
            let mut body = split(first);
            let mut changes = Vec::new();
            series(&mut f, &mut body, &mut changes);
            let text: Vec<String> = body.iter().map(|b| b.text.clone()).collect();
            (f.episode, text.join("|"), changes.len())
        };
        let title = "Une histoire du ventre des femmes : la bataille";
        for (first, rest) in [
            ("Episode 3 Au lendemain.", "Au lendemain."),
            ("Épisode 3 : Au lendemain.", "Au lendemain."),
            ("**Episode 3** Au lendemain.", "Au lendemain."),
            ("*Épisode 3.* Au lendemain.", "Au lendemain."),
            ("EPISODE 3 – Au lendemain.", "Au lendemain."),
            ("**Episode 3**\n\nAu lendemain.", "Au lendemain."),
        ] {
            assert_eq!(opened(title, first), (Some(3), rest.into(), 1), "{first:?}");
        }
        // The title says 2, the text 3: the text is left as it is, and the title wins.
        assert_eq!(
            opened("La bataille, épisode 2", "Episode 3 Au lendemain."),
            (Some(2), "Episode 3 Au lendemain.".into(), 0)
        );
        // Not a marker: a year, a word.
        for first in [
            "Épisode 1917 de la révolution.",
            "Episodes 3 et 4.",
            "Un épisode 3.",
        ] {
            let (_, text, changes) = opened("Un titre", first);
            assert_eq!((text.as_str(), changes), (first, 0), "{first:?}");
        }
    }

    #[test]
    fn links_headings_run_ins_and_repetitions() {
        let c = cleaned(
            "# La Commune\n\n## Titre\n\n- un renvoi[\\[1\\]](#nh1) et [2](#nb2 \"Note 2\")\n\n\
             #### Le langage C#\n\n**Marx et nous**\n\nLe Capital reste à lire.\n\n\
             La proclamation de la Commune eut lieu le 28 mars\n\n\
             la proclamation de la Commune eut lieu le 28 mars 1871. Le peuple était là.\n",
        );
        assert_eq!(
            body(&c),
            "- un renvoi\\[1\\] et 2\n\n## Le langage C#\n\n**Marx et nous**\n\n\
             Le Capital reste à lire.\n\n\
             La proclamation de la Commune eut lieu le 28 mars 1871. Le peuple était là."
        );
    }

    #[test]
    fn pages_without_a_title() {
        let e = clean(&split("Rien que du texte.\n"), "La Commune").expect_err("no title");
        assert_eq!(e.message, "no title: the page has no heading");
        let e = clean(&split("# La Commune\n\nDu texte.\n"), "La Commune").expect_err("no title");
        assert_eq!(
            e.message,
            "no title: the only heading is the publication's name `La Commune`"
        );
    }

    fn notes(c: &Cleaned) -> Vec<String> {
        c.body
            .iter()
            .filter(|b| b.kind == Kind::Note)
            .map(|b| b.text.clone())
            .collect()
    }

    fn changes(c: &Cleaned) -> Vec<String> {
        c.changes.iter().map(|c| c.what.clone()).collect()
    }

    #[test]
    fn the_sites_linked_notes_become_footnotes_wherever_they_are() {
        // After the teasers, the anchors not matching (`#nb1` called, `#nh1` defined).
        let c = cleaned(
            "# La Commune\n\n## Titre\n\nTexte[[1]](#nb1) et encore[\\[2\\]](#nb2 \"Note 2\").\n\n\
             **Autrice Fictive**\n\n## Voir aussi dans la catégorie Histoire\n\n### Autre article\n\n\
             Début du texte »\n\n[[1]](#nh1) Gisèle Halimi, la note.\n\n[\\[2\\]](#nh2) Seconde\nnote.\n",
        );
        assert_eq!(body(&c).lines().next(), Some("Texte[^1] et encore[^2]."));
        assert_eq!(
            notes(&c),
            ["[^1]: Gisèle Halimi, la note.", "[^2]: Seconde\nnote."]
        );
        assert_eq!(c.found.related, ["Autre article"]);
        assert!(
            changes(&c).contains(
                &"note(s) [1], [2] as the site writes them (`[[n]](#…)`): made footnotes, \
                  paired by number"
                    .to_owned()
            ),
            "{:?}",
            changes(&c)
        );
        // Before the teasers, in SPIP's `<sup>`, several in one paragraph.
        let c = cleaned(
            "# La Commune\n\n## Titre\n\nUn<sup>[\\[1\\]](#nh1)</sup> deux<sup>[\\[2\\]](#nh2)</sup>.\n\n\
             <sup>[\\[1\\]](#nb1)</sup> Première.\n<sup>[\\[2\\]](#nb2)</sup> Seconde.\n",
        );
        assert_eq!(body(&c).lines().next(), Some("Un[^1] deux[^2]."));
        assert_eq!(notes(&c), ["[^1]: Première.", "[^2]: Seconde."]);
    }

    #[test]
    fn plain_calls_with_a_notes_list_become_footnotes() {
        for notes_block in [
            "[1] Première note.\n\n\\[2\\] Seconde note.",
            "1. Première note.\n2. Seconde note.",
        ] {
            let c = cleaned(&format!(
                "# La Commune\n\n## Titre\n\nUn texte [1] et un autre \\[2\\], un lien [3](x.md).\n\n\
                 ## Notes\n\n{notes_block}\n"
            ));
            assert_eq!(
                body(&c).lines().next(),
                Some("Un texte[^1] et un autre[^2], un lien [3](x.md)."),
                "{notes_block}"
            );
            assert_eq!(
                notes(&c),
                ["[^1]: Première note.", "[^2]: Seconde note."],
                "{notes_block}"
            );
            assert!(!body(&c).contains("## Notes"), "{}", body(&c));
        }
    }

    #[test]
    fn a_call_or_a_definition_alone_is_kept_and_reported() {
        let c = cleaned(
            "# La Commune\n\n## Titre\n\nTexte[[1]](#nb1) et[[3]](#nb3).\n\n\
             [[1]](#nh1) La note.\n\n[[2]](#nh2) Jamais appelée.\n",
        );
        assert_eq!(notes(&c), ["[^1]: La note.", "[^2]: Jamais appelée."]);
        let all = changes(&c);
        assert!(
            all.contains(&"note call(s) [3] with no definition on the page: kept as text".into()),
            "{all:?}"
        );
        assert!(
            all.contains(&"note(s) [2] called nowhere in the text: kept as notes".into()),
            "{all:?}"
        );
        // The call without a definition is kept as its text.
        assert!(body(&c).starts_with("Texte[^1] et\\[3\\]."), "{}", body(&c));
    }

    #[test]
    fn the_teaser_block_swallows_only_teasers() {
        let c = cleaned(
            "# La Commune\n\n## Titre\n\nLe texte.\n\n**Autrice Fictive**  \n**dimanche 8 mars 2020**\n\n\
             ## Voir aussi dans la catégorie Histoire\n\n[Autre article](#)\n\n\
             Son début... [»](#)\n\nUn paragraphe de l'article, égaré après les teasers.\n\n\
             ---\n\n### Encore un\n\nSon début aussi... >>\n",
        );
        assert_eq!(c.found.related, ["Autre article", "Encore un"]);
        assert_eq!(
            body(&c),
            "Le texte.\n\nUn paragraphe de l'article, égaré après les teasers."
        );
        assert!(
            changes(&c).contains(
                &"“Un paragraphe de l'article, égaré après les teasers.” after the teasers is \
                  no teaser: kept at the end of the text"
                    .to_owned()
            ),
            "{:?}",
            changes(&c)
        );
    }

    #[test]
    fn notes_of_any_number_and_in_page_links_with_brackets_lead_nowhere() {
        // Past note 999, and links whose text holds brackets but is no note of the site's.
        let c = cleaned(
            "# La Commune\n\n## Titre\n\nUn[[1000]](#nb1000) deux[[a]](#x) trois[[\\*]](#y).\n\n\
             [[1000]](#nh1000) La millième note.\n",
        );
        assert_eq!(notes(&c), ["[^1000]: La millième note."]);
        assert_eq!(
            body(&c).lines().next(),
            Some("Un[^1000] deux[a] trois[\\*].")
        );
    }
}
