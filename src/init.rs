//! `lcbook init`: a new book directory, ready to build — `book.toml` with every key written
//! out (those left at their default commented) and one example article in `chapters/`.

use std::path::{Path, PathBuf};

use crate::Error;

/// The `book.toml` of a new book.
pub const BOOK_TOML: &str = include_str!("init/book.toml");

/// The example article of a new book.
pub const EXAMPLE: &str = include_str!("init/exemple.md");

/// Where the example article goes, in the book directory.
pub const EXAMPLE_PATH: &str = "chapters/exemple.md";

/// Makes a book in `dir` (created when missing): `book.toml` and `chapters/exemple.md`, the
/// example only when `chapters/` holds no article yet. Refuses, writing nothing, when either
/// is already there. Returns the files written.
pub fn init(dir: &Path) -> Result<Vec<PathBuf>, Error> {
    let has_articles = std::fs::read_dir(dir.join("chapters")).is_ok_and(|entries| {
        entries
            .filter_map(Result::ok)
            .any(|e| e.path().extension().is_some_and(|x| x == "md"))
    });
    let mut files = vec![(dir.join(crate::config::CONFIG_FILE), BOOK_TOML)];
    if !has_articles {
        files.push((dir.join(EXAMPLE_PATH), EXAMPLE));
    }
    for (path, _) in &files {
        // `symlink_metadata`: a dangling link is there too, and never written through.
        if path.symlink_metadata().is_ok() {
            return Err(Error::Write {
                path: path.clone(),
                source: std::io::Error::new(
                    std::io::ErrorKind::AlreadyExists,
                    "already there: lcbook init never overwrites a file (edit it, or init \
                     another directory)",
                ),
            });
        }
    }
    let mut written = Vec::new();
    for (path, text) in files {
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|source| Error::Write {
                path: parent.to_owned(),
                source,
            })?;
        }
        // `create_new`: a file that appeared meanwhile is not overwritten either.
        let write = || -> std::io::Result<()> {
            use std::io::Write as _;
            let mut file = std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&path)?;
            file.write_all(text.as_bytes())
        };
        write().map_err(|source| Error::Write {
            path: path.clone(),
            source,
        })?;
        written.push(path);
    }
    Ok(written)
}
