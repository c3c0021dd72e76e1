//! Diagnostics (shared by every stage): located problems in the inputs, collected across a whole
//! run and rendered as `path:line:col: severity: message`.

use std::fmt;
use std::path::{Path, PathBuf};

/// How bad a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// The book is still built; `--strict` turns it into an error.
    Warning,
    /// The book is not built.
    Error,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Warning => "warning",
            Severity::Error => "error",
        })
    }
}

/// A position in an input file, 1-based, columns counted in characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Pos {
    /// Line, from 1.
    pub line: usize,
    /// Column in characters, from 1.
    pub col: usize,
}

impl Pos {
    /// A position from 1-based line and column.
    pub fn new(line: usize, col: usize) -> Self {
        Pos { line, col }
    }

    /// The position of byte `offset` in `text` (clamped to the text, moved back to a char
    /// boundary so that any offset is safe).
    pub fn of_offset(text: &str, offset: usize) -> Self {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let before = &text[..offset];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let col = before[line_start..].chars().count() + 1;
        Pos { line, col }
    }
}

/// Byte offsets → positions for one text, by binary search over its line starts. The column
/// is counted in characters from the line's start or from the last position asked, whichever
/// is nearer: a reader asks for the positions of a long line's events mostly in order, and
/// each is then found in the time of the distance from the one before, not of the line.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
    /// The last offset asked for and its position.
    last: std::cell::Cell<Option<(usize, Pos)>>,
}

impl LineIndex {
    /// Indexes `text`'s lines.
    pub fn new(text: &str) -> Self {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        LineIndex {
            starts,
            last: std::cell::Cell::new(None),
        }
    }

    /// The position of byte `offset` in `text`, which must be the indexed text.
    pub fn pos(&self, text: &str, offset: usize) -> Pos {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        // Most offsets asked are on the line of the one before: no search for them.
        let on_last_line = self.last.get().map(|(_, pos)| pos.line).filter(|&line| {
            line >= 1
                && self.starts.get(line - 1).is_some_and(|&s| s <= offset)
                && self.starts.get(line).is_none_or(|&next| offset < next)
        });
        let line = on_last_line.unwrap_or_else(|| self.starts.partition_point(|&s| s <= offset));
        let start = self.starts[line.saturating_sub(1)];
        let col = match self.last.get() {
            Some((at, pos)) if pos.line == line && at.abs_diff(offset) < offset - start => {
                if at <= offset {
                    pos.col + text[at..offset].chars().count()
                } else {
                    pos.col - text[offset..at].chars().count()
                }
            }
            _ => text[start..offset].chars().count() + 1,
        };
        let pos = Pos::new(line, col);
        self.last.set(Some((offset, pos)));
        pos
    }
}

/// One problem found in the inputs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// The file, as shown to the user (relative to the book directory when possible).
    pub path: PathBuf,
    /// Where in the file; `None` for a problem with the file as a whole.
    pub pos: Option<Pos>,
    /// What is wrong, one line, lower case, no final period.
    pub message: String,
    /// The offending source line, for the rustc-style excerpt.
    pub source_line: Option<String>,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let shown = self.path.display().to_string();
        let path = one_line(&shown);
        match self.pos {
            Some(Pos { line, col }) => write!(f, "{path}:{line}:{col}: ")?,
            None => write!(f, "{path}: ")?,
        }
        write!(f, "{}: {}", self.severity, one_line(&self.message))?;
        if let (Some(pos), Some(src)) = (self.pos, &self.source_line) {
            let num = pos.line.to_string();
            let pad = " ".repeat(num.len());
            let (shown, col) = excerpt(src, pos.col.saturating_sub(1));
            let caret_pad: String = shown
                .chars()
                .take(col)
                .map(|c| if c == '\t' { '\t' } else { ' ' })
                .collect();
            write!(f, "\n{pad} |\n{num} | {shown}\n{pad} | {caret_pad}^")?;
        }
        Ok(())
    }
}

/// `text` with its control characters and line separators written as `\u{…}`: a file name
/// or a value quoted in a message must not break the diagnostic's line on a terminal.
fn one_line(text: &str) -> std::borrow::Cow<'_, str> {
    let odd = |c: char| c.is_control() || matches!(c, '\u{2028}' | '\u{2029}');
    if !text.contains(odd) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if odd(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// Characters of a source line shown in an excerpt: a Markdown paragraph is one line, and
/// quoting 5 KB of it under every warning buries the message.
const EXCERPT_WIDTH: usize = 100;

/// The part of `line` to quote around character column `col` (0-based), with `…` where it
/// is cut, and the column within that part.
fn excerpt(line: &str, col: usize) -> (String, usize) {
    let chars: Vec<char> = line.chars().collect();
    if chars.len() <= EXCERPT_WIDTH {
        return (line.to_owned(), col);
    }
    let start = col
        .saturating_sub(EXCERPT_WIDTH / 2)
        .min(chars.len() - EXCERPT_WIDTH);
    let end = start + EXCERPT_WIDTH;
    let mut shown = String::new();
    let mut col_in = col - start;
    if start > 0 {
        shown.push('…');
        col_in += 1;
    }
    shown.extend(&chars[start..end]);
    if end < chars.len() {
        shown.push('…');
    }
    (shown, col_in)
}

/// Every problem found in a run, in the order found; sorted for output.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    /// No problem yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Records an error at `pos` in `path`, quoting the line from `source` when given.
    pub fn error(&mut self, path: &Path, pos: Option<Pos>, source: Option<&str>, message: String) {
        self.push(Severity::Error, path, pos, source, message);
    }

    /// Records a warning at `pos` in `path`.
    pub fn warning(
        &mut self,
        path: &Path,
        pos: Option<Pos>,
        source: Option<&str>,
        message: String,
    ) {
        self.push(Severity::Warning, path, pos, source, message);
    }

    fn push(
        &mut self,
        severity: Severity,
        path: &Path,
        pos: Option<Pos>,
        source: Option<&str>,
        message: String,
    ) {
        let source_line = match (pos, source) {
            (Some(p), Some(src)) => src
                .lines()
                .nth(p.line.saturating_sub(1))
                .map(|l| l.trim_end_matches('\r').to_owned()),
            _ => None,
        };
        self.items.push(Diagnostic {
            severity,
            path: path.to_owned(),
            pos,
            message,
            source_line,
        });
    }

    /// Moves every problem of `other` into `self`.
    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }

    /// Whether any error was recorded. (`--strict` turns the warnings into errors first,
    /// with [`Diagnostics::promote_warnings`].)
    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    /// Turns every warning into an error (`--strict`).
    pub fn promote_warnings(&mut self) {
        for d in &mut self.items {
            d.severity = Severity::Error;
        }
    }

    /// The problems sorted by file, then position, so that output does not depend on the order
    /// in which stages ran.
    pub fn sorted(&self) -> Vec<&Diagnostic> {
        let mut v: Vec<&Diagnostic> = self.items.iter().collect();
        v.sort_by(|a, b| (&a.path, a.pos).cmp(&(&b.path, b.pos)));
        v
    }

    /// Number of errors.
    pub fn error_count(&self) -> usize {
        self.items
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count()
    }

    /// Number of warnings.
    pub fn warning_count(&self) -> usize {
        self.items.len() - self.error_count()
    }

    /// Whether nothing was recorded.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_become_lines_and_char_columns() {
        let text = "ab\nçé x\n";
        assert_eq!(Pos::of_offset(text, 0), Pos::new(1, 1));
        assert_eq!(Pos::of_offset(text, 3), Pos::new(2, 1));
        // 'ç' and 'é' are two bytes each: byte 8 is the 'x', the fourth character.
        assert_eq!(Pos::of_offset(text, 8), Pos::new(2, 4));
        // Inside a multi-byte character and past the end are both safe.
        assert_eq!(Pos::of_offset(text, 4), Pos::new(2, 1));
        assert_eq!(Pos::of_offset(text, 99), Pos::new(3, 1));
        let index = LineIndex::new(text);
        for offset in 0..12 {
            assert_eq!(
                index.pos(text, offset),
                Pos::of_offset(text, offset),
                "{offset}"
            );
        }
    }

    proptest::proptest! {
        /// Asked in any order, the index gives the positions counted from the text's start.
        #[test]
        fn the_index_agrees_with_counting_from_the_start(
            text in "[aé\n€x ]{0,60}",
            offsets in proptest::collection::vec(0usize..80, 1..40),
        ) {
            let index = LineIndex::new(&text);
            for offset in offsets {
                proptest::prop_assert_eq!(index.pos(&text, offset), Pos::of_offset(&text, offset));
            }
        }
    }

    #[test]
    fn long_lines_are_cut_around_the_column() {
        let line: String = "abcdefghij".repeat(30);
        let (shown, col) = excerpt(&line, 150);
        assert_eq!(shown.chars().count(), EXCERPT_WIDTH + 2);
        assert_eq!(shown.chars().nth(col), line.chars().nth(150));
        assert_eq!(excerpt("short", 3), ("short".to_owned(), 3));
        let (shown, col) = excerpt(&line, 2);
        assert_eq!((shown.chars().next(), col), (Some('a'), 2));
    }

    #[test]
    fn a_diagnostic_stays_on_one_line() {
        let mut d = Diagnostics::new();
        d.error(
            Path::new("chapters/x\u{2028}#y\n.md"),
            Some(Pos::new(1, 1)),
            None,
            "`language` \"x\u{85}y\" is no language".into(),
        );
        assert_eq!(
            d.sorted()[0].to_string(),
            "chapters/x\\u{2028}#y\\u{a}.md:1:1: error: `language` \"x\\u{85}y\" is no language"
        );
    }

    #[test]
    fn renders_path_line_col_and_excerpt() {
        let mut d = Diagnostics::new();
        d.error(
            Path::new("chapters/a.md"),
            Some(Pos::new(2, 3)),
            Some("one\nta da\n"),
            "something is wrong".into(),
        );
        let shown = d.sorted()[0].to_string();
        assert_eq!(
            shown,
            "chapters/a.md:2:3: error: something is wrong\n  |\n2 | ta da\n  |   ^"
        );
    }
}
