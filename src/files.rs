//! The book's input files (a leaf every stage may use): what lcbook reads is a regular file
//! inside the book directory, symbolic links resolved, unless the user said `--allow-outside`.
//! A book directory may come from someone else; this is the one place that decides what it
//! may make lcbook read.

use std::io::Read as _;
use std::path::{Path, PathBuf};

/// Why a path of the book is not read.
#[derive(Debug, thiserror::Error)]
pub enum Refused {
    /// It resolves outside the book directory.
    #[error(
        "leads outside the book directory (to `{}`); lcbook reads only the book's own files \
         unless told so with --allow-outside",
        .target.display()
    )]
    Outside {
        /// Where it leads.
        target: PathBuf,
    },
    /// It is a directory, a pipe, a device or a socket.
    #[error("is {what}, not a regular file")]
    NotRegular {
        /// What it is (`a directory`, `a named pipe`…).
        what: &'static str,
    },
    /// It does not exist, or cannot be read.
    #[error("{0}")]
    Io(#[from] std::io::Error),
}

impl Refused {
    /// Whether the file is simply not there (as opposed to refused).
    pub fn is_missing(&self) -> bool {
        matches!(self, Refused::Io(e) if e.kind() == std::io::ErrorKind::NotFound)
    }

    /// Why, in words that follow a file's name: "does not exist" when it is missing.
    pub fn reason(&self) -> String {
        if self.is_missing() {
            "does not exist".to_owned()
        } else {
            self.to_string()
        }
    }

    /// As an I/O error, for the errors that carry one.
    pub fn into_io(self) -> std::io::Error {
        match self {
            Refused::Io(e) => e,
            other => std::io::Error::other(other.to_string()),
        }
    }
}

/// The rules for reading a book's files: its directory, resolved once, and whether files
/// outside it may be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BookFiles {
    root: PathBuf,
    allow_outside: bool,
}

impl BookFiles {
    /// The rules for the book in `root` (which must exist).
    pub fn new(root: &Path, allow_outside: bool) -> std::io::Result<Self> {
        Ok(BookFiles {
            root: root.canonicalize()?,
            allow_outside,
        })
    }

    /// The book directory, resolved.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Whether outside files were allowed (`--allow-outside`).
    pub fn allows_outside(&self) -> bool {
        self.allow_outside
    }

    /// `path` (relative to the book directory, or absolute) resolved, when it is inside the
    /// book (or outside files are allowed).
    pub fn resolve(&self, path: &Path) -> Result<PathBuf, Refused> {
        let resolved = self.root.join(path).canonicalize()?;
        if !self.allow_outside && !resolved.starts_with(&self.root) {
            return Err(Refused::Outside { target: resolved });
        }
        Ok(resolved)
    }

    /// `path` resolved, when it is a regular file of the book.
    pub fn file(&self, path: &Path) -> Result<PathBuf, Refused> {
        let resolved = self.resolve(path)?;
        let meta = std::fs::metadata(&resolved)?;
        regular(&meta)?;
        Ok(resolved)
    }

    /// `path` resolved, when it is a directory of the book.
    pub fn dir(&self, path: &Path) -> Result<PathBuf, Refused> {
        let resolved = self.resolve(path)?;
        if !std::fs::metadata(&resolved)?.is_dir() {
            return Err(
                std::io::Error::new(std::io::ErrorKind::NotADirectory, "not a directory").into(),
            );
        }
        Ok(resolved)
    }

    /// The bytes of a regular file of the book.
    pub fn read(&self, path: &Path) -> Result<Vec<u8>, Refused> {
        read_regular(&self.file(path)?)
    }

    /// The text of a regular file of the book (UTF-8, else an `InvalidData` error).
    pub fn read_to_string(&self, path: &Path) -> Result<String, Refused> {
        String::from_utf8(self.read(path)?).map_err(|_| {
            Refused::Io(std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                "not UTF-8 text",
            ))
        })
    }
}

/// Reads a file that must be regular. The check is made before opening, since opening a
/// named pipe for reading waits for a writer, and again on the open file, in case the path
/// was swapped in between.
pub fn read_regular(path: &Path) -> Result<Vec<u8>, Refused> {
    regular(&std::fs::metadata(path)?)?;
    let mut file = std::fs::File::open(path)?;
    regular(&file.metadata()?)?;
    let mut bytes = Vec::new();
    file.read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// Refuses anything but a regular file.
fn regular(meta: &std::fs::Metadata) -> Result<(), Refused> {
    if meta.is_file() {
        return Ok(());
    }
    Err(Refused::NotRegular {
        what: kind_of(meta),
    })
}

/// What a non-regular file is, in words.
fn kind_of(meta: &std::fs::Metadata) -> &'static str {
    let t = meta.file_type();
    if t.is_dir() {
        return "a directory";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return "a named pipe";
        }
        if t.is_socket() {
            return "a socket";
        }
        if t.is_block_device() || t.is_char_device() {
            return "a device";
        }
    }
    "a special file"
}

/// Whether a file name is a Markdown article's (`.md`, `.markdown`, in any case).
pub fn is_markdown(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("md") || e.eq_ignore_ascii_case("markdown"))
}

/// How a file is named in diagnostics: relative to the book directory `root` when inside it.
pub fn shown(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root)
        .map_or_else(|_| path.to_owned(), Path::to_path_buf)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_outside_paths_and_links() {
        let book = tempfile::tempdir().expect("temp dir");
        let outside = tempfile::tempdir().expect("temp dir");
        std::fs::write(outside.path().join("secret.css"), "x").expect("write");
        std::fs::write(book.path().join("own.css"), "y").expect("write");
        let files = BookFiles::new(book.path(), false).expect("book");
        assert_eq!(files.read(Path::new("own.css")).expect("own"), b"y");
        let abs = outside.path().join("secret.css");
        assert!(matches!(files.read(&abs), Err(Refused::Outside { .. })));
        let up = Path::new("..").join(
            outside
                .path()
                .file_name()
                .map(PathBuf::from)
                .unwrap_or_default(),
        );
        assert!(matches!(
            files.read(&up.join("secret.css")),
            Err(Refused::Outside { .. })
        ));
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(&abs, book.path().join("link.css")).expect("link");
            assert!(matches!(
                files.read(Path::new("link.css")),
                Err(Refused::Outside { .. })
            ));
            let allowed = BookFiles::new(book.path(), true).expect("book");
            assert_eq!(allowed.read(Path::new("link.css")).expect("allowed"), b"x");
        }
        assert!(
            files
                .read(Path::new("none.css"))
                .is_err_and(|e| e.is_missing())
        );
        assert!(matches!(
            files.read(Path::new(".")),
            Err(Refused::NotRegular {
                what: "a directory"
            })
        ));
    }
}
