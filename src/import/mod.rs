//! Import (beside the pipeline, stage 7): a page saved from the site (converted to text, or its
//! HTML) → a clean article for `chapters/`: front matter and Markdown, a file name from its
//! title, and the list of what was removed and repaired, for a person to check. Reading
//! ([`page`]), cutting into blocks ([`blocks`]), cleaning ([`clean`], with French [`dates`])
//! and writing are one function each; [`run`] does it for every page of a command.

mod blocks;
mod clean;
mod dates;
mod page;
pub mod run;
mod series;

use std::path::Path;

use serde::Serialize;

pub use clean::{Change, ChangeKind, Found};

use crate::diag::{Diagnostics, Pos};

/// What `lcbook import` needs besides the page.
#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    /// The publication's name, whose heading opens the site's pages (`[book] publisher`).
    pub publisher: String,
    /// The category to give, whatever the page says.
    pub category: Option<String>,
}

/// An article made from a page.
#[derive(Debug, Clone)]
pub struct Imported {
    /// What the page says of the article.
    pub found: Found,
    /// The Markdown body.
    pub body: String,
    /// What was removed and repaired.
    pub changes: Vec<Change>,
    /// The file name: the title's slug, `.md`.
    pub file_name: String,
}

/// The front matter, in the order a person reads it.
#[derive(Serialize)]
struct FrontMatter<'a> {
    title: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    author: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    authors: Option<&'a [String]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    modified: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    category: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    series: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    episode: Option<u32>,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    related: &'a [String],
}

impl Imported {
    /// The article's file: YAML front matter, then the body.
    pub fn markdown(&self) -> String {
        let f = &self.found;
        let front = FrontMatter {
            title: &f.title,
            author: (f.authors.len() == 1).then(|| f.authors[0].as_str()),
            authors: (f.authors.len() > 1).then_some(f.authors.as_slice()),
            date: f.date.map(|d| d.to_string()),
            modified: f.modified.map(|d| d.to_string()),
            category: f.category.as_deref(),
            series: f.series.as_deref(),
            episode: f.episode,
            related: &f.related,
        };
        // Serialising plain strings and numbers cannot fail.
        let yaml = serde_yaml_ng::to_string(&front).unwrap_or_default();
        format!("---\n{yaml}---\n\n{}\n", self.body)
    }
}

/// Makes an article from the bytes of the page `path`. Problems are added to `diags`, against
/// `path`; `None` when the page gives no article.
pub fn import(
    path: &Path,
    bytes: &[u8],
    options: &ImportOptions,
    diags: &mut Diagnostics,
) -> Option<Imported> {
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default();
    let text = String::from_utf8_lossy(bytes);
    let page = match page::read(name, bytes) {
        Ok(p) => p,
        Err(e) => {
            diags.error(path, e.pos, (!e.binary).then_some(&*text), e.message);
            return None;
        }
    };
    // An HTML page's lines are those of its conversion: they order the changes, but mean
    // nothing to the reader.
    let lines = !page.from_html;
    let cleaned = match clean::clean(&blocks::split(&page.markdown), &options.publisher) {
        Ok(c) => c,
        Err(e) => {
            let pos = e.line.filter(|_| lines).map(|l| Pos::new(l, 1));
            diags.error(path, pos, Some(&text), e.message);
            return None;
        }
    };
    let mut found = cleaned.found;
    let mut changes = Vec::new();
    if let Some(pos) = page.flattened {
        diags.warning(
            path,
            Some(pos),
            Some(&text),
            format!(
                "HTML nested more than {} elements deep: the inner elements are set flat, \
                 their text kept",
                page::MAX_HTML_DEPTH
            ),
        );
    }
    if let Some(words) = page.outside {
        let count = words.split_whitespace().count();
        changes.push(Change {
            kind: ChangeKind::Removed,
            lines: None,
            what: format!(
                "{count} word(s) outside the page's article (menus, header, footer): “{}”",
                clip(&words)
            ),
        });
    }
    changes.extend(cleaned.changes.into_iter().map(|mut c| {
        if !lines {
            c.lines = None;
        }
        c
    }));
    if let Some(c) = &options.category {
        found.category = Some(c.clone());
    }
    let body = cleaned
        .body
        .iter()
        .map(|b| b.text.as_str())
        .collect::<Vec<_>>()
        .join("\n\n");
    if body.trim().is_empty() {
        diags.error(
            path,
            None,
            None,
            format!("the article “{}” has no text", found.title),
        );
        return None;
    }
    // File names stay well under the 255 bytes file systems allow.
    let mut slug = slug::slugify(&found.title);
    while slug.len() > 80 {
        match slug.rfind('-') {
            Some(cut) if cut > 0 => slug.truncate(cut),
            _ => slug.truncate(80),
        }
    }
    let file_name = if slug.is_empty() {
        "article.md".to_owned()
    } else {
        format!("{}.md", slug)
    };
    Some(Imported {
        found,
        body,
        changes,
        file_name,
    })
}

fn clip(text: &str) -> String {
    let words: Vec<&str> = text.split_whitespace().collect();
    if words.len() <= 12 {
        words.join(" ")
    } else {
        format!("{} …", words[..12].join(" "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_is_yaml_in_reading_order() {
        let mut diags = Diagnostics::new();
        let a = import(
            Path::new("page.txt"),
            "# La Commune\n\n## Marxisme économie – 2 : Retour sur l'économie\n\nLe texte.\n\n\
             **A. Autrice, B. Auteur,**  \n**3 mars 2018**\n"
                .as_bytes(),
            &ImportOptions {
                publisher: "La Commune".into(),
                category: Some("Théorie".into()),
            },
            &mut diags,
        )
        .expect("an article");
        assert_eq!(a.file_name, "marxisme-economie-2-retour-sur-l-economie.md");
        assert_eq!(
            a.markdown(),
            "---\ntitle: 'Marxisme économie – 2 : Retour sur l''économie'\nauthors:\n- A. Autrice\n\
             - B. Auteur\ndate: 2018-03-03\ncategory: Théorie\nseries: Marxisme économie\n\
             episode: 2\n---\n\nLe texte.\n"
        );
    }
}
