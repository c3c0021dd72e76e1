//! Output files (a leaf every stage may use): a finished book → its file, written to a temporary
//! file beside it and renamed, so that a failed build never leaves a truncated book and never
//! destroys the previous one.

use std::io::Write;
use std::path::Path;

use crate::Error;

/// Writes `bytes` to `path` atomically (see [`write_with`]).
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    write_with(path, |tmp| {
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .truncate(true)
            .open(tmp)?;
        file.write_all(bytes)?;
        file.sync_all()
    })
}

/// Lets `fill` write a temporary file beside `path`, then renames it to `path`; when `fill`
/// fails, the temporary file is removed and `path` is untouched. The directory is created. A
/// symbolic link is written through (its target is replaced, the link stays); anything but a
/// regular file there (a directory, a device, a pipe) is refused rather than replaced.
pub fn write_with<E>(path: &Path, fill: impl FnOnce(&Path) -> Result<(), E>) -> Result<(), Error>
where
    Error: From<WriteError<E>>,
{
    let err = |source| Error::Write {
        path: path.to_owned(),
        source,
    };
    let resolved;
    let path = match std::fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => {
            resolved = std::fs::canonicalize(path).map_err(err)?;
            resolved.as_path()
        }
        _ => path,
    };
    if let Ok(m) = std::fs::metadata(path)
        && !m.is_file()
    {
        return Err(err(std::io::Error::other(if m.is_dir() {
            "it is a directory"
        } else {
            "it is not a regular file"
        })));
    }
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    std::fs::create_dir_all(dir).map_err(err)?;
    crate::interrupt::remove_leftovers(dir);
    let tmp = tempfile::Builder::new()
        .prefix(&crate::interrupt::temp_prefix())
        .suffix(crate::interrupt::TEMP_SUFFIX)
        .tempfile_in(dir)
        .map_err(err)?;
    // Removed if lcbook is stopped before the rename.
    let _guard = crate::interrupt::Temporary::register(tmp.path());
    // A temporary file is private (0600); the book is an ordinary file for its readers.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        tmp.as_file()
            .set_permissions(std::fs::Permissions::from_mode(0o644))
            .map_err(err)?;
    }
    fill(tmp.path()).map_err(|e| {
        Error::from(WriteError {
            path: path.to_owned(),
            inner: e,
        })
    })?;
    tmp.persist(path).map_err(|e| err(e.error))?;
    Ok(())
}

/// A failure of the function that fills the temporary file, with the final path.
#[derive(Debug)]
pub struct WriteError<E> {
    /// The output file.
    pub path: std::path::PathBuf,
    /// What went wrong.
    pub inner: E,
}

impl From<WriteError<std::io::Error>> for Error {
    fn from(e: WriteError<std::io::Error>) -> Self {
        Error::Write {
            path: e.path,
            source: e.inner,
        }
    }
}

impl From<WriteError<Error>> for Error {
    fn from(e: WriteError<Error>) -> Self {
        e.inner
    }
}
