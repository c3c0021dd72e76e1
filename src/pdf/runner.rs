//! The Typst program, as one value: which program (the pinned version, checked), the fonts it
//! may use and the time it writes; it compiles a book's sources, counts their pages and maps
//! its diagnostics back to the Markdown articles.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use super::sources::Sources;
use crate::Error;
use crate::diag::{Diagnostics, Pos, Severity};
use crate::transform::Loaded;

/// The Typst version lcbook's template is written for.
pub const TYPST_VERSION: &str = "0.15.1";

/// How to install the pinned Typst.
pub const TYPST_INSTALL: &str = "cargo install typst-cli --version 0.15.1 --locked";

/// The pinned Typst program, ready to run on a book's sources.
#[derive(Debug, Clone)]
pub struct Typst {
    /// The program.
    program: PathBuf,
    /// The book's `fonts/` (absolute: Typst runs in the sources' directory).
    fonts: PathBuf,
    /// Unix time written into the PDF.
    epoch: i64,
}

impl Typst {
    /// Finds the Typst program (`explicit`, else `LCBOOK_TYPST`, else `typst` on `PATH`),
    /// checks that it is the pinned version, and sets it up for the `loaded` book: its fonts
    /// and its time.
    pub fn find(explicit: Option<&Path>, loaded: &Loaded) -> Result<Typst, Error> {
        let fonts = loaded.settings.root.join("fonts");
        Ok(Typst {
            program: find_program(explicit)?,
            fonts: fonts.canonicalize().unwrap_or(fonts),
            epoch: loaded.epoch,
        })
    }

    /// Compiles the book (`book.typ`, to the PDF standards the book asks for) to `out`,
    /// through a temporary file: a failed compile leaves the previous file in place.
    /// Diagnostics are mapped to the Markdown articles.
    pub fn compile_book(&self, sources: &Sources, out: &Path) -> Result<Diagnostics, Error> {
        let standards = sources.standards.join(",");
        let flag = format!("--pdf-standard={standards}");
        let extra: &[&str] = if standards.is_empty() { &[] } else { &[&flag] };
        self.compile_atomically(sources, "book.typ", extra, out)
    }

    /// Compiles `entry` of the sources (`livret.typ`, `cover.typ`) to `out` through a
    /// temporary file, with more arguments `extra`.
    pub fn compile_atomically(
        &self,
        sources: &Sources,
        entry: &str,
        extra: &[&str],
        out: &Path,
    ) -> Result<Diagnostics, Error> {
        let mut warnings = Diagnostics::new();
        crate::output::write_with(out, |tmp| {
            let tmp = tmp.canonicalize().unwrap_or_else(|_| tmp.to_owned());
            warnings = self.compile(sources, entry, extra, &tmp)?;
            Ok::<(), Error>(())
        })?;
        Ok(warnings)
    }

    /// Runs `typst compile` on `entry` of the sources with more arguments `extra`, writing
    /// `pdf` (relative to the sources' directory when relative).
    pub fn compile(
        &self,
        sources: &Sources,
        entry: &str,
        extra: &[&str],
        pdf: &Path,
    ) -> Result<Diagnostics, Error> {
        let epoch = self.epoch.to_string();
        let mut args: Vec<&OsStr> = vec!["compile".as_ref(), entry.as_ref(), pdf.as_os_str()];
        args.extend(extra.iter().map(OsStr::new));
        args.extend(
            [
                "--creation-timestamp",
                &epoch,
                "--format",
                "pdf",
                "--diagnostic-format",
                "short",
            ]
            .map(OsStr::new),
        );
        let output = self.run(&sources.dir, &args)?;
        let stderr = String::from_utf8_lossy(&output.stderr);
        let diags = map_diagnostics(&stderr, sources);
        // A relative output is Typst's, from the sources' directory.
        let written = if pdf.is_absolute() {
            pdf.to_owned()
        } else {
            sources.dir.join(pdf)
        };
        let wrote_pdf = std::fs::read(written).is_ok_and(|b| b.starts_with(b"%PDF-"));
        if !output.status.success() || diags.has_errors() || !wrote_pdf {
            let mut diags = diags;
            if !diags.has_errors() {
                let why = if output.status.success() {
                    format!("`{}` wrote no PDF", self.program.display())
                } else {
                    format!("typst failed ({})", output.status)
                };
                diags.error(&sources.dir.join(entry), None, None, why);
            }
            return Err(Error::Invalid(diags));
        }
        Ok(diags)
    }

    /// Renders the first page of `entry` in `dir` (the cover's front, for the EPUB) to the
    /// PNG `png` at 150 pixels an inch.
    pub fn png(&self, dir: &Path, entry: &str, png: &Path) -> Result<(), Error> {
        let mut args: Vec<&OsStr> = vec!["compile".as_ref(), entry.as_ref(), png.as_os_str()];
        args.extend(
            [
                "--format",
                "png",
                // The first page: a text too long for it runs onto others.
                "--pages",
                "1",
                "--ppi",
                "150",
                "--diagnostic-format",
                "short",
            ]
            .map(OsStr::new),
        );
        let output = self.run(dir, &args)?;
        let ok = std::fs::read(png).is_ok_and(|b| b.starts_with(b"\x89PNG"));
        if !output.status.success() || !ok {
            return Err(Error::Typst {
                message: format!(
                    "cannot render the cover's front for the EPUB ({}): {}",
                    output.status,
                    String::from_utf8_lossy(&output.stderr).trim()
                ),
            });
        }
        Ok(())
    }

    /// How many pages the book compiled from `sources` has: Typst says on which page its end
    /// is.
    pub fn page_count(&self, sources: &Sources) -> Result<usize, Error> {
        let epoch = self.epoch.to_string();
        let args = [
            "eval",
            "locate(<lc-fin>).page()",
            "--in",
            "book.typ",
            "--creation-timestamp",
            &epoch,
        ]
        .map(OsStr::new);
        let output = self.run(&sources.dir, &args)?;
        let text = String::from_utf8_lossy(&output.stdout);
        match text.trim().parse() {
            Ok(n) if output.status.success() => Ok(n),
            _ => Err(Error::Typst {
                message: format!(
                    "cannot count the book's pages with `typst eval` ({}): {}",
                    output.status,
                    String::from_utf8_lossy(&output.stderr).trim()
                ),
            }),
        }
    }

    /// Runs Typst in `dir` with `args` and what every run takes: `dir` as its root, lcbook's
    /// fonts and no others (the same output on every machine), and no `SOURCE_DATE_EPOCH` of
    /// the caller's (lcbook passes its own time).
    fn run(&self, dir: &Path, args: &[&OsStr]) -> Result<Output, Error> {
        // Stopped with lcbook (Ctrl-C, SIGTERM), never left running.
        crate::interrupt::output(
            Command::new(&self.program)
                .current_dir(dir)
                .args(args)
                .args(["--root", "."])
                .arg("--font-path")
                .arg(&self.fonts)
                .arg("--ignore-system-fonts")
                .env_remove("SOURCE_DATE_EPOCH"),
        )
        .map_err(|source| Error::Io {
            path: self.program.clone(),
            source,
        })
    }
}

/// Finds the Typst program (`explicit`, else `LCBOOK_TYPST`, else `typst` on `PATH`) and
/// checks that it is the pinned version.
pub fn find_program(explicit: Option<&Path>) -> Result<PathBuf, Error> {
    let program = explicit
        .map(Path::to_path_buf)
        .or_else(|| std::env::var_os("LCBOOK_TYPST").map(PathBuf::from))
        .unwrap_or_else(|| PathBuf::from("typst"));
    // Typst runs from the sources' directory: a relative path must not change meaning there.
    let program = if program.components().count() > 1 && program.is_relative() {
        std::env::current_dir()
            .map(|d| d.join(&program))
            .unwrap_or(program)
    } else {
        program
    };
    let output = Command::new(&program).arg("--version").output();
    let found = match output {
        Ok(o) if o.status.success() => String::from_utf8_lossy(&o.stdout).trim().to_owned(),
        Ok(o) => {
            return Err(Error::Typst {
                message: format!(
                    "`{} --version` failed ({}); install Typst {TYPST_VERSION} with `{TYPST_INSTALL}`",
                    program.display(),
                    o.status
                ),
            });
        }
        Err(_) => {
            return Err(Error::Typst {
                message: format!(
                    "Typst is not installed (no `{}` found); install Typst {TYPST_VERSION} with `{TYPST_INSTALL}`, or name it with --typst or LCBOOK_TYPST",
                    program.display()
                ),
            });
        }
    };
    let version = found.split_whitespace().nth(1).unwrap_or_default();
    if version != TYPST_VERSION {
        return Err(Error::Typst {
            message: format!(
                "Typst {TYPST_VERSION} is needed, but `{}` is `{found}`; install it with `{TYPST_INSTALL}`",
                program.display()
            ),
        });
    }
    Ok(program)
}

/// One line of Typst's short diagnostics: `path:line:col: error: message` (columns from 0),
/// or `error: message` without a place.
#[derive(Debug, PartialEq, Eq)]
struct TypstLine<'a> {
    /// `path:line:col`, or empty.
    location: &'a str,
    severity: Severity,
    message: &'a str,
}

impl<'a> TypstLine<'a> {
    /// The line parsed, or `None` for a line that is not a diagnostic (a hint, source
    /// excerpt, a blank line).
    fn parse(line: &'a str) -> Option<TypstLine<'a>> {
        const KINDS: [(&str, Severity); 2] =
            [("error", Severity::Error), ("warning", Severity::Warning)];
        for (word, severity) in KINDS {
            if let Some((location, message)) = line.split_once(&format!(": {word}: ")) {
                return Some(TypstLine {
                    location,
                    severity,
                    message,
                });
            }
        }
        KINDS.into_iter().find_map(|(word, severity)| {
            let message = line.strip_prefix(word)?.strip_prefix(": ")?;
            Some(TypstLine {
                location: "",
                severity,
                message,
            })
        })
    }
}

/// Turns Typst's short diagnostics into lcbook's, against the Markdown article for a chapter
/// file and against the template for the template. A font that cannot be found is an error:
/// the book would silently change face.
pub(crate) fn map_diagnostics(stderr: &str, sources: &Sources) -> Diagnostics {
    let mut diags = Diagnostics::new();
    for line in stderr.lines() {
        let Some(TypstLine {
            location,
            severity,
            message,
        }) = TypstLine::parse(line)
        else {
            continue;
        };
        let missing_font = message.contains("unknown font family");
        let error = severity == Severity::Error || missing_font;
        let message = if missing_font {
            // Typst runs with the book's fonts only (`--ignore-system-fonts`), so that the
            // PDF is the same on every machine: an installed font is not seen.
            format!(
                "typst: {message}: lcbook gives Typst the fonts of the book's fonts/ folder \
                 only (not the system's, so that every machine makes the same PDF); put the \
                 font's files there"
            )
        } else {
            format!("typst: {message}")
        };
        let mut parts = location.rsplitn(3, ':');
        let col = parts.next().and_then(|c| c.parse::<usize>().ok());
        let row = parts.next().and_then(|r| r.parse::<usize>().ok());
        let file = parts.next();
        let (path, pos) = match (file, row, col) {
            (Some(f), Some(r), Some(c)) => {
                let f = f.trim_start_matches("./");
                match sources.maps.get(f) {
                    Some((article, map)) => match map.get(r.saturating_sub(1)).copied() {
                        // The chapter's import and call: a problem of the template.
                        Some(0) => (sources.template.clone(), None),
                        md => (article.clone(), Some(Pos::new(md.unwrap_or(1), 1))),
                    },
                    None if f == "template.typ" => {
                        (sources.template.clone(), Some(Pos::new(r, c + 1)))
                    }
                    None => (sources.dir.join(f), Some(Pos::new(r, c + 1))),
                }
            }
            _ => (sources.dir.join("book.typ"), None),
        };
        if error {
            diags.error(&path, pos, None, message);
        } else {
            diags.warning(&path, pos, None, message);
        }
    }
    diags
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;

    /// Sources of a book of one chapter, `chapters/01-a.typ`, whose lines 1–3 come from the
    /// template call (0) and lines 4–5 from lines 7 and 9 of `chapters/a.md`.
    fn sources() -> Sources {
        Sources {
            dir: PathBuf::from("/b/build/typst"),
            maps: HashMap::from([(
                "chapters/01-a.typ".to_owned(),
                (PathBuf::from("chapters/a.md"), vec![0, 0, 0, 7, 9]),
            )]),
            template: PathBuf::from("typst-templates/livre.typ"),
            standards: Vec::new(),
            warnings: Diagnostics::new(),
        }
    }

    fn shown(stderr: &str) -> Vec<String> {
        map_diagnostics(stderr, &sources())
            .sorted()
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    #[test]
    fn a_chapter_line_is_the_article_line() {
        assert_eq!(
            shown("chapters/01-a.typ:5:12: error: expected expression\n"),
            ["chapters/a.md:9:1: error: typst: expected expression"]
        );
        assert_eq!(
            shown("./chapters/01-a.typ:4:0: warning: unknown label\n"),
            ["chapters/a.md:7:1: warning: typst: unknown label"]
        );
    }

    #[test]
    fn the_template_call_and_the_template_are_the_template() {
        assert_eq!(
            shown("chapters/01-a.typ:2:0: error: unknown variable: chapitre\n"),
            ["typst-templates/livre.typ: error: typst: unknown variable: chapitre"]
        );
        assert_eq!(
            shown("template.typ:40:4: error: unexpected argument\n"),
            ["typst-templates/livre.typ:40:5: error: typst: unexpected argument"]
        );
    }

    #[test]
    fn a_missing_font_is_an_error_and_other_lines_are_skipped() {
        assert_eq!(
            shown(
                "warning: unknown font family: libertinus serif\n  \
                 ┌─ template.typ:3:2\n\nhint: check the font path\n"
            ),
            [
                "/b/build/typst/book.typ: error: typst: unknown font family: libertinus serif: \
                 lcbook gives Typst the fonts of the book's fonts/ folder only (not the \
                 system's, so that every machine makes the same PDF); put the font's files there"
            ]
        );
    }

    #[test]
    fn a_line_past_the_map_is_the_first_line_of_the_article() {
        assert_eq!(
            shown("chapters/01-a.typ:99:0: error: unclosed delimiter\n"),
            ["chapters/a.md:1:1: error: typst: unclosed delimiter"]
        );
        assert_eq!(
            shown("images/x.svg:3:1: warning: bad\n"),
            ["/b/build/typst/images/x.svg:3:2: warning: typst: bad"]
        );
    }
}
