//! Stage 2, reading the files: the chapters directory → [`Article`]s (text, front matter, body),
//! walked in sorted order. Bytes that are not UTF-8 and front matter that is not YAML are reported
//! with `path:line:col`.

use std::path::{Path, PathBuf};

use jiff::civil::Date;
use rayon::prelude::*;
use serde_yaml_ng::{Mapping, Value};

use crate::config::{Order, Settings};
use crate::diag::{Diagnostics, LineIndex, Pos};
use crate::model::{ArticleMeta, Source};

/// One article file, read and split, before its Markdown is parsed.
#[derive(Debug, Clone)]
pub struct Article {
    /// The file and its text.
    pub source: Source,
    /// Byte offset where the Markdown body starts (after the front matter).
    pub body_start: usize,
    /// The front matter's metadata; `title` is empty when the front matter has none.
    pub meta: ArticleMeta,
    /// Whether the front matter had a title.
    pub has_title: bool,
    /// Where the front matter gives the category, for a message about it.
    pub category_pos: Option<Pos>,
    /// Line index of `text`.
    pub lines: LineIndex,
}

impl Article {
    /// The Markdown body.
    pub fn body(&self) -> &str {
        &self.source.text[self.body_start..]
    }

    /// The position of byte `offset` of the body.
    pub fn body_pos(&self, offset: usize) -> Pos {
        self.lines.pos(&self.source.text, self.body_start + offset)
    }
}

/// Stage 2: the articles of the book in `settings`, read: the files `[chapters] files` lists
/// (in its order), or every Markdown file of the chapters directory.
pub fn read_all(
    settings: &Settings,
    diags: &mut Diagnostics,
) -> Result<Vec<Article>, crate::Error> {
    let chapters = &settings.config.chapters;
    // The resolved root: the chapters directory is absolute (see `Settings::chapters_dir`).
    let root = settings.files.root();
    let files: Vec<(String, PathBuf)> = match chapters.order {
        Order::List => listed(settings, diags),
        Order::Date | Order::Path => {
            discover(&settings.chapters_dir(), root, &settings.files, diags)
        }
    };
    // Each file read and its front matter parsed on every core, each with its own
    // diagnostics; gathered in the files' order, so that the messages (and the first file
    // that cannot be read) are those of one core.
    let read: Vec<(Result<Option<Article>, crate::Error>, Diagnostics)> = files
        .into_par_iter()
        .map(|(rel, abs)| {
            let mut own = Diagnostics::new();
            let shown = crate::files::shown(root, &abs);
            (read(shown, abs, rel, &chapters.part_key, &mut own), own)
        })
        .collect();
    let mut articles = Vec::with_capacity(read.len());
    for (article, own) in read {
        diags.extend(own);
        if let Some(a) = article? {
            articles.push(a);
        }
    }
    Ok(articles)
}

/// The files of `[chapters] files`, checked: relative, inside the chapters directory,
/// Markdown, existing, listed once.
fn listed(settings: &Settings, diags: &mut Diagnostics) -> Vec<(String, PathBuf)> {
    let config_text = settings.positions.text();
    let shown_config = Path::new(crate::config::CONFIG_FILE);
    let chapters = &settings.config.chapters;
    let dir = settings.chapters_dir();
    let mut listed: Vec<(String, PathBuf)> = Vec::new();
    for (i, f) in chapters.files.iter().enumerate() {
        let rel = f.to_string_lossy().replace('\\', "/");
        let pos = settings.positions.file_entry(i);
        let escapes = f.is_absolute()
            || f.components()
                .any(|c| matches!(c, std::path::Component::ParentDir));
        let problem = if escapes {
            Some(format!(
                "listed file `{rel}` must be a path inside `{}`",
                chapters.dir.display()
            ))
        } else if !crate::files::is_markdown(f) {
            Some(format!("listed file `{rel}` is not a Markdown (.md) file"))
        } else if let Err(e) = settings.files.file(&dir.join(f)) {
            Some(if e.is_missing() {
                format!(
                    "listed file `{rel}` does not exist in `{}`",
                    chapters.dir.display()
                )
            } else {
                format!("listed file `{rel}` {e}")
            })
        } else if listed.iter().any(|(r, _)| *r == rel) {
            Some(format!("file `{rel}` is listed twice"))
        } else {
            None
        };
        match problem {
            Some(message) => diags.error(shown_config, pos, Some(config_text), message),
            None => listed.push((rel, dir.join(f))),
        }
    }
    listed
}

/// The Markdown files below `dir`, as `/`-separated relative paths (for display and links)
/// with their paths on disk, in byte order of the relative paths. Hidden files and
/// directories (`.git`, `.DS_Store`, lcbook's own `.lcbook-*.tmp`) are skipped; what cannot
/// be walked (a dangling link, a loop, an unreadable directory) is reported and skipped; a
/// symbolic link leading outside the book is an error, and is not followed.
pub fn discover(
    dir: &Path,
    root: &Path,
    files: &crate::files::BookFiles,
    diags: &mut Diagnostics,
) -> Vec<(String, PathBuf)> {
    let mut found = Vec::new();
    let shown = |path: &Path| path.strip_prefix(root).unwrap_or(path).to_owned();
    let refused = std::cell::RefCell::new(Vec::new());
    let walker = walkdir::WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            if e.depth() > 0 && e.file_name().to_string_lossy().starts_with('.') {
                return false;
            }
            if e.depth() == 0 || !e.path_is_symlink() {
                return true;
            }
            // A link is followed only when it stays inside the book.
            match files.resolve(e.path()) {
                Err(crate::files::Refused::Outside { target }) => {
                    refused.borrow_mut().push((e.path().to_owned(), target));
                    false
                }
                _ => true,
            }
        });
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let path = e.path().unwrap_or(dir);
                let why = match (e.loop_ancestor(), e.io_error()) {
                    (Some(_), _) => "symbolic link loop; skipped".to_owned(),
                    (None, Some(io)) => format!("cannot be read ({io}); skipped"),
                    (None, None) => "cannot be read; skipped".to_owned(),
                };
                diags.warning(&shown(path), None, None, why);
                continue;
            }
        };
        if !crate::files::is_markdown(entry.path()) {
            continue;
        }
        if !entry.file_type().is_file() {
            if !entry.file_type().is_dir() {
                diags.error(
                    &shown(entry.path()),
                    None,
                    None,
                    "is not a regular file (a pipe, a device?); an article must be one".into(),
                );
            }
            continue;
        }
        let rel = entry.path().strip_prefix(dir).unwrap_or(entry.path());
        let parts: Vec<String> = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        found.push((parts.join("/"), entry.path().to_owned()));
    }
    for (link, target) in refused.into_inner() {
        diags.error(
            &shown(&link),
            None,
            None,
            format!(
                "symbolic link {}",
                crate::files::Refused::Outside { target }
            ),
        );
    }
    found.sort();
    found
}

/// Reads one article: checks UTF-8, splits and parses the front matter. Problems go to
/// `diags`; `None` when the article cannot be used.
pub fn read(
    display: PathBuf,
    abs_path: PathBuf,
    rel_path: String,
    part_key: &str,
    diags: &mut Diagnostics,
) -> Result<Option<Article>, crate::Error> {
    let bytes = crate::files::read_regular(&abs_path).map_err(|e| crate::Error::Io {
        path: abs_path.clone(),
        source: e.into_io(),
    })?;
    Ok(from_bytes(
        display, abs_path, rel_path, bytes, part_key, diags,
    ))
}

/// Reads one article from its bytes (see [`read`]); the file is not touched.
pub fn from_bytes(
    display: PathBuf,
    abs_path: PathBuf,
    rel_path: String,
    bytes: Vec<u8>,
    part_key: &str,
    diags: &mut Diagnostics,
) -> Option<Article> {
    let mut text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let prefix = String::from_utf8_lossy(&e.as_bytes()[..valid]).into_owned();
            let pos = Pos::of_offset(&prefix, valid);
            let lossy = String::from_utf8_lossy(e.as_bytes()).into_owned();
            diags.error(
                &display,
                Some(pos),
                Some(&lossy),
                "invalid UTF-8: the file must be saved as UTF-8".into(),
            );
            return None;
        }
    };
    if text.starts_with('\u{feff}') {
        text.replace_range(..3, "");
    }
    replace_xml_forbidden(&mut text, &display, diags);
    let lines = LineIndex::new(&text);
    let (front, body_start) = match split_front_matter(&text) {
        Ok(split) => split,
        Err((offset, fence)) => {
            diags.error(
                &display,
                Some(lines.pos(&text, offset)),
                Some(&text),
                format!("front matter is not closed: a line `{fence}` must end it"),
            );
            return None;
        }
    };
    if front.is_none()
        && let Some(end) = headless_front_matter(&text, part_key)
    {
        diags.error(
            &display,
            Some(Pos::new(1, 1)),
            Some(&text),
            format!(
                "this looks like front matter without its opening `---` (lines 1–{end} are \
                 `key: value` lines): add a line `---` above line 1; the file is not read as \
                 an article"
            ),
        );
        return None;
    }
    let mut meta = ArticleMeta::default();
    let mut has_title = false;
    let mut category_pos = None;
    if let Some(front) = front {
        let first_line = lines.pos(&text, front.start).line;
        let mut ctx = FrontCtx {
            path: &display,
            text: &text,
            yaml: &text[front.start..front.end],
            toml: front.toml,
            first_line,
            diags,
            ok: true,
        };
        ctx.parse(&mut meta, part_key);
        has_title = !meta.title.trim().is_empty();
        if !meta.categories.is_empty() {
            category_pos = Some(ctx.key_pos("category")).filter(|p| p.line >= first_line);
            category_pos = category_pos.or(Some(ctx.key_pos("categories")));
        }
        if !ctx.ok {
            return None;
        }
    }
    Some(Article {
        source: Source {
            path: display,
            abs_path,
            rel_path,
            text,
        },
        body_start,
        meta,
        has_title,
        category_pos,
        lines,
    })
}

/// The key of a front-matter line `key: value` whose value is not quoted and holds `: `
/// (`title: 18 mars 1871 : la Commune`), and the byte column where the value starts.
fn unquoted_colon(line: &str) -> Option<(&str, usize)> {
    let (key, rest) = key_value(line)?;
    let value = rest.trim_start();
    let col = line.len() - value.len();
    let plain = !value.starts_with(['"', '\'', '[', '{', '|', '>', '&', '*', '!']);
    (plain && (value.contains(": ") || value.trim_end().ends_with(':'))).then_some((key, col))
}

/// A line of the shape `key: …`: its key (letters, digits, `_`, `-`; spaces around it
/// trimmed) and what follows the colon.
fn key_value(line: &str) -> Option<(&str, &str)> {
    let (key, rest) = line.split_once(':')?;
    let key = key.trim();
    let shaped = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '-');
    shaped.then_some((key, rest))
}

/// The keys lcbook reads in front matter, besides the series key of `[chapters]`.
const FRONT_KEYS: [&str; 15] = [
    "title",
    "subtitle",
    "author",
    "authors",
    "date",
    "modified",
    "category",
    "categories",
    "tags",
    "source",
    "summary",
    "episode",
    "draft",
    "related",
    "series",
];

/// Whether `text`, which has no front matter, opens with front matter whose opening `---` was
/// lost: a first line `key: value` of a key lcbook reads, then `key: value` lines (or their
/// list items) up to a `---` line, or at least two such keys. Returns the last line of them.
/// A Markdown article does not open so: `title: x` over a `---` would be a heading.
fn headless_front_matter(text: &str, part_key: &str) -> Option<usize> {
    // A key at the line's start, its value after a space (or none): `title: x`, `tags:`.
    let key_of = |line: &str| -> Option<String> {
        let (key, rest) = key_value(line).filter(|_| !line.starts_with(char::is_whitespace))?;
        (rest.is_empty() || rest.starts_with([' ', '\t'])).then(|| key.to_lowercase())
    };
    let known = |key: &str| FRONT_KEYS.contains(&key) || key == part_key;
    let mut lines = text.lines().enumerate();
    let (_, first) = lines.next()?;
    if !key_of(first).is_some_and(|k| known(&k)) {
        return None;
    }
    let mut known_keys = 1;
    let mut last = 1;
    for (i, line) in lines {
        if line.trim_end() == "---" {
            return Some(last);
        }
        if let Some(k) = key_of(line) {
            known_keys += usize::from(known(&k));
        } else if !line.starts_with([' ', '\t']) || line.trim().is_empty() {
            // A blank line or prose: the `key: value` lines are over.
            break;
        }
        last = i + 1;
    }
    (known_keys >= 2).then_some(last)
}

/// Characters that XML 1.0 forbids (C0 controls but tab and newlines, U+FFFE, U+FFFF) cannot
/// reach an XHTML file; they are replaced by characters of the same UTF-8 length so that every
/// offset stays true, and reported.
fn replace_xml_forbidden(text: &mut String, path: &Path, diags: &mut Diagnostics) {
    let bad = crate::text::xml_forbidden;
    if !text.bytes().any(crate::text::may_start_xml_forbidden) || !text.chars().any(bad) {
        return;
    }
    let mut out = String::with_capacity(text.len());
    // Found in order: each position from the one before, never from the start.
    let lines = LineIndex::new(text);
    for (i, c) in text.char_indices() {
        if bad(c) {
            diags.warning(
                path,
                Some(lines.pos(text, i)),
                None,
                format!("control character U+{:04X} replaced", c as u32),
            );
            out.push(if c < ' ' { ' ' } else { '\u{fffd}' });
        } else {
            out.push(c);
        }
    }
    *text = out;
}

/// Where the front matter is in an article's text.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Front {
    /// Byte range of the metadata, fences excluded.
    start: usize,
    end: usize,
    /// TOML between `+++` lines (Hugo), rather than YAML between `---` lines.
    toml: bool,
}

/// Splits front matter from the body: YAML between `---` (or `---` … `...`) lines, or TOML
/// between `+++` lines. Returns it and the offset where the body starts, or, when no closing
/// line exists, the offset of the opening one and the fence expected.
fn split_front_matter(text: &str) -> Result<(Option<Front>, usize), (usize, &'static str)> {
    let mut lines = text.split_inclusive('\n');
    let Some(first) = lines.next() else {
        return Ok((None, 0));
    };
    let (fence, toml) = match first.trim_end() {
        "---" => ("---", false),
        "+++" => ("+++", true),
        _ => return Ok((None, 0)),
    };
    let start = first.len();
    let mut offset = start;
    for line in lines {
        let t = line.trim_end();
        if t == fence || (!toml && t == "...") {
            let front = Front {
                start,
                end: offset,
                toml,
            };
            return Ok((Some(front), offset + line.len()));
        }
        offset += line.len();
    }
    Err((0, fence))
}

/// TOML front matter as the YAML value the rest of the reader knows; dates become text.
fn toml_to_yaml(value: toml::Value) -> Value {
    match value {
        toml::Value::String(s) => Value::String(s),
        toml::Value::Integer(i) => Value::Number(i.into()),
        toml::Value::Float(f) => Value::Number(f.into()),
        toml::Value::Boolean(b) => Value::Bool(b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(a) => Value::Sequence(a.into_iter().map(toml_to_yaml).collect()),
        toml::Value::Table(t) => Value::Mapping(
            t.into_iter()
                .map(|(k, v)| (Value::String(k), toml_to_yaml(v)))
                .collect(),
        ),
    }
}

struct FrontCtx<'a> {
    path: &'a Path,
    text: &'a str,
    yaml: &'a str,
    toml: bool,
    first_line: usize,
    diags: &'a mut Diagnostics,
    ok: bool,
}

impl FrontCtx<'_> {
    fn error_at(&mut self, pos: Pos, message: String) {
        self.diags
            .error(self.path, Some(pos), Some(self.text), message);
        self.ok = false;
    }

    /// The position of `key:`'s value in the front matter, for errors in values YAML
    /// accepted.
    fn key_pos(&self, key: &str) -> Pos {
        for (i, line) in self.yaml.lines().enumerate() {
            let t = line.trim_start();
            let sep = if self.toml { '=' } else { ':' };
            if let Some(rest) = t.strip_prefix(key)
                && let Some(value) = rest.trim_start().strip_prefix(sep)
            {
                let before = line.len() - value.trim_start().len();
                let col = line[..before].chars().count() + 1;
                return Pos::new(self.first_line + i, col);
            }
        }
        Pos::new(self.first_line.saturating_sub(1).max(1), 1)
    }

    fn parse(&mut self, meta: &mut ArticleMeta, part_key: &str) {
        let value = if self.toml {
            match self.yaml.parse::<toml::Table>() {
                Ok(t) => toml_to_yaml(toml::Value::Table(t)),
                Err(e) => {
                    let offset = e.span().map_or(0, |s| s.start);
                    let inner = Pos::of_offset(self.yaml, offset);
                    let pos = Pos::new(self.first_line + inner.line - 1, inner.col);
                    self.error_at(
                        pos,
                        format!("invalid TOML in front matter: {}", e.message().trim()),
                    );
                    return;
                }
            }
        } else {
            match self.yaml_value() {
                Some(v) => v,
                None => return,
            }
        };
        self.fields(value, meta, part_key);
    }

    fn yaml_value(&mut self) -> Option<Value> {
        match serde_yaml_ng::from_str(self.yaml) {
            Ok(v) => Some(v),
            Err(e) => {
                let pos = e.location().map_or(Pos::new(self.first_line, 1), |l| {
                    Pos::new(self.first_line + l.line() - 1, l.column())
                });
                let line = self.text.lines().nth(pos.line.saturating_sub(1));
                if let Some((key, col)) = line.and_then(unquoted_colon) {
                    // French puts a space before the colon, and YAML reads `: ` in a value as
                    // a second key: the fix is the quotes, which the message shows.
                    let value = line.map_or("", |l| l[col..].trim());
                    let quoted = value.replace('\\', "\\\\").replace('"', "\\\"");
                    self.error_at(
                        Pos::new(pos.line, line.map_or(1, |l| l[..col].chars().count() + 1)),
                        format!(
                            "the value of `{key}` holds `: `, which YAML reads as another key: put \
                             it in double quotes, `{key}: \"{quoted}\"`"
                        ),
                    );
                    return None;
                }
                let msg = yaml_message(&e.to_string(), self.first_line);
                self.error_at(pos, format!("invalid YAML in front matter: {msg}"));
                None
            }
        }
    }

    fn fields(&mut self, value: Value, meta: &mut ArticleMeta, part_key: &str) {
        let map = match value {
            Value::Mapping(m) => m,
            Value::Null => return,
            _ => {
                let pos = Pos::new(self.first_line, 1);
                self.error_at(
                    pos,
                    "front matter must be a mapping of `key: value` lines".into(),
                );
                return;
            }
        };
        meta.title = self.string(&map, "title").unwrap_or_default();
        meta.subtitle = self.string(&map, "subtitle");
        // Site generators disagree on singular and plural; both are read.
        meta.authors = self.strings(&map, "author");
        meta.authors.extend(self.strings(&map, "authors"));
        meta.date = self.date(&map, "date");
        meta.modified = self.date(&map, "modified");
        meta.categories = self.strings(&map, "category");
        meta.categories.extend(self.strings(&map, "categories"));
        meta.draft = matches!(map.get("draft"), Some(Value::Bool(true)));
        meta.part = self.string(&map, part_key);
        meta.summary = self.string(&map, "summary");
        meta.related = self.strings(&map, "related");
        if !meta.related.is_empty() {
            meta.related_pos = Some(self.key_pos("related"));
        }
        meta.source = self.string(&map, "source");
        if let Some(src) = &meta.source
            && let Err(why) = crate::text::url::external(src)
        {
            // Kept (the colophon prints it as text), but no link can be made of it.
            let pos = self.key_pos("source");
            self.diags.warning(
                self.path,
                Some(pos),
                Some(self.text),
                format!(
                    "`source` is not a valid URL ({why}); the colophon shows it without a link"
                ),
            );
        }
        meta.episode = match map.get("episode") {
            None | Some(Value::Null) => None,
            Some(Value::Number(n)) => n.as_f64(),
            Some(Value::String(s)) if s.trim().parse::<f64>().is_ok() => s.trim().parse().ok(),
            Some(_) => {
                let pos = self.key_pos("episode");
                self.error_at(pos, "`episode` must be a number".into());
                None
            }
        };
    }

    fn string(&mut self, map: &Mapping, key: &str) -> Option<String> {
        match map.get(key)? {
            Value::Null => None,
            // A YAML escape (`"\f"`) can write what XML forbids: made a space, as in the text.
            Value::String(s) => Some(
                s.chars()
                    .map(|c| {
                        if (c < ' ' && c != '\t') || c == '\u{fffe}' || c == '\u{ffff}' {
                            ' '
                        } else {
                            c
                        }
                    })
                    .collect::<String>()
                    .trim()
                    .to_owned(),
            )
            .filter(|s| !s.is_empty()),
            // As written: `1.10` is a title, not the number 1.1.
            Value::Number(n) => Some(self.raw_scalar(key).unwrap_or_else(|| n.to_string())),
            Value::Bool(b) => Some(b.to_string()),
            _ => {
                let pos = self.key_pos(key);
                self.error_at(pos, format!("`{key}` must be a text"));
                None
            }
        }
    }

    /// The scalar written after `key:` on its line, unquoted, without a trailing comment.
    fn raw_scalar(&self, key: &str) -> Option<String> {
        let pos = self.key_pos(key);
        let line = self
            .yaml
            .lines()
            .nth(pos.line.checked_sub(self.first_line)?)?;
        let value: String = line.chars().skip(pos.col - 1).collect();
        let value = value.split(" #").next().unwrap_or(&value).trim();
        Some(value.trim_matches(['"', '\'']).to_owned()).filter(|v| !v.is_empty())
    }

    fn strings(&mut self, map: &Mapping, key: &str) -> Vec<String> {
        match map.get(key) {
            None | Some(Value::Null) => Vec::new(),
            Some(Value::Sequence(items)) => {
                let mut out = Vec::new();
                for item in items {
                    match item {
                        Value::String(s) if !s.trim().is_empty() => out.push(s.trim().to_owned()),
                        Value::String(_) | Value::Null => {}
                        _ => {
                            let pos = self.key_pos(key);
                            self.error_at(
                                pos,
                                format!("`{key}` must be a text or a list of texts"),
                            );
                        }
                    }
                }
                out
            }
            Some(_) => self.string(map, key).into_iter().collect(),
        }
    }

    fn date(&mut self, map: &Mapping, key: &str) -> Option<Date> {
        let raw = self.string(map, key)?;
        match parse_article_date(&raw) {
            Ok(d) => Some(d),
            Err(msg) => {
                let pos = self.key_pos(key);
                self.error_at(pos, format!("`{key}`: {msg}"));
                None
            }
        }
    }
}

/// The YAML crate's message with its line numbers (counted from the front matter) turned into
/// the file's, and without its first position, which the diagnostic already gives.
fn yaml_message(msg: &str, first_line: usize) -> String {
    let mut out = String::with_capacity(msg.len());
    let mut rest = msg;
    let mut first = true;
    while let Some(i) = rest.find("line ") {
        let (before, after) = rest.split_at(i);
        let digits: String = after[5..]
            .chars()
            .take_while(char::is_ascii_digit)
            .collect();
        let Ok(n) = digits.parse::<usize>() else {
            out.push_str(&rest[..i + 5]);
            rest = &rest[i + 5..];
            continue;
        };
        let mut tail = &after[5 + digits.len()..];
        if first && before.ends_with(" at ") {
            // Drop " at line L column C".
            out.push_str(&before[..before.len() - 4]);
            if let Some(col) = tail.strip_prefix(" column ") {
                tail = col.trim_start_matches(|c: char| c.is_ascii_digit());
            }
        } else {
            out.push_str(before);
            out.push_str(&format!("line {}", n + first_line - 1));
        }
        first = false;
        rest = tail;
    }
    out.push_str(rest);
    out
}

/// Parses an article date: `YYYY-MM-DD`, optionally followed by a time (`2017-09-02T10:00:00`,
/// `2017-09-02 10:00:00 +0200`) as site generators write them; the time is not used.
pub fn parse_article_date(raw: &str) -> Result<Date, String> {
    let raw = raw.trim();
    let (day, rest) = match raw.char_indices().nth(10) {
        Some((i, c)) if c == 'T' || c == ' ' => (&raw[..i], &raw[i..]),
        _ => (raw, ""),
    };
    let date = crate::text::date::parse_date(day)?;
    if !rest.is_empty()
        && raw.parse::<jiff::civil::DateTime>().is_err()
        && raw.parse::<jiff::Timestamp>().is_err()
    {
        let time = rest.trim();
        let plausible = time
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, ':' | '.' | '+' | '-' | ' ' | 'T' | 'Z'));
        if !plausible {
            return Err(format!("`{raw}` is not a date of the form YYYY-MM-DD"));
        }
    }
    Ok(date)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_split() {
        let front = |start, end, toml| Some(Front { start, end, toml });
        assert_eq!(split_front_matter("# x\n"), Ok((None, 0)));
        assert_eq!(
            split_front_matter("---\ntitle: a\n---\nbody"),
            Ok((front(4, 13, false), 17))
        );
        assert_eq!(
            split_front_matter("---\r\ntitle: a\r\n...\r\nbody"),
            Ok((front(5, 15, false), 20))
        );
        assert_eq!(
            split_front_matter("+++\ntitle = \"a\"\n+++\nbody"),
            Ok((front(4, 16, true), 20))
        );
        assert_eq!(split_front_matter("---\ntitle: a\n"), Err((0, "---")));
        assert_eq!(split_front_matter("+++\ntitle: a\n---\n"), Err((0, "+++")));
    }

    #[test]
    fn yaml_messages_count_lines_of_the_file() {
        assert_eq!(
            yaml_message(
                "did not find expected ',' or ']' at line 3 column 1, while parsing a flow sequence at line 2 column 8",
                2
            ),
            "did not find expected ',' or ']', while parsing a flow sequence at line 3 column 8"
        );
    }

    #[test]
    fn article_dates() {
        assert!(parse_article_date("2017-09-02").is_ok());
        assert!(parse_article_date("2017-09-02T10:30:00").is_ok());
        assert!(parse_article_date("2017-09-02 10:30:00 +0200").is_ok());
        assert!(parse_article_date("2017-09-02 hier").is_err());
        assert!(parse_article_date("2017-02-30").is_err());
    }
}
