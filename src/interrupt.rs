//! Interruption (a leaf every stage may use): when lcbook is stopped (Ctrl-C, SIGTERM,
//! SIGHUP), the programs it runs (Typst) are stopped with it and the temporary files of the
//! run are removed, so that a stopped build leaves the previous book and nothing else. A run
//! killed outright (SIGKILL, a crash of the machine) cannot clean up: its temporary files
//! carry its process id in their names, and the next run in the same directory removes those
//! of runs that are gone ([`remove_leftovers`]).

use std::collections::{BTreeMap, BTreeSet};
use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Output, Stdio};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

/// The children running, by ticket.
static CHILDREN: Mutex<BTreeMap<u64, Child>> = Mutex::new(BTreeMap::new());
/// The temporary files and directories of the run, by ticket.
static TEMPORARY: Mutex<BTreeMap<u64, PathBuf>> = Mutex::new(BTreeMap::new());
static TICKETS: AtomicU64 = AtomicU64::new(0);

/// The prefix of every temporary file lcbook makes beside its outputs and articles.
pub const TEMP_PREFIX: &str = ".lcbook-";
/// Their suffix.
pub const TEMP_SUFFIX: &str = ".tmp";

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    // A thread that panicked holding the lock left the map as it was: still usable.
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Installs the handler (once, from `main`): on SIGINT, SIGTERM or SIGHUP, the children are
/// killed, the temporary files removed, and the process exits with 128 + the signal's
/// number, as a shell expects.
pub fn install() -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
        let mut signals = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP])?;
        std::thread::spawn(move || {
            if let Some(signal) = signals.forever().next() {
                clean_up();
                std::process::exit(128 + signal);
            }
        });
    }
    Ok(())
}

/// Stops every child and removes every temporary file of the run.
pub fn clean_up() {
    for (_, mut child) in std::mem::take(&mut *lock(&CHILDREN)) {
        let _ = child.kill();
        let _ = child.wait();
    }
    for (_, path) in std::mem::take(&mut *lock(&TEMPORARY)) {
        if path.is_dir() {
            let _ = std::fs::remove_dir_all(&path);
        } else {
            let _ = std::fs::remove_file(&path);
        }
    }
}

/// A temporary path of the run: removed if lcbook is stopped while the guard lives. The
/// guard does not remove it otherwise (its owner does: `tempfile` on drop, or a rename).
#[derive(Debug)]
pub struct Temporary(u64);

impl Temporary {
    /// Registers `path`.
    pub fn register(path: &Path) -> Self {
        let ticket = TICKETS.fetch_add(1, Ordering::Relaxed);
        lock(&TEMPORARY).insert(ticket, path.to_owned());
        Temporary(ticket)
    }
}

impl Drop for Temporary {
    fn drop(&mut self) {
        lock(&TEMPORARY).remove(&self.0);
    }
}

/// The name of a new temporary file's prefix: lcbook's, with this process's id, so that
/// [`remove_leftovers`] can tell a live run's file from a dead one's.
pub fn temp_prefix() -> String {
    format!("{TEMP_PREFIX}{}-", std::process::id())
}

/// The directories [`remove_leftovers`] has cleaned in this run.
static CLEANED: Mutex<BTreeSet<PathBuf>> = Mutex::new(BTreeSet::new());

/// Removes, in `dir`, the temporary files left by lcbook runs that are no longer running
/// (killed before they could clean up). A file whose run may still be alive is left alone.
/// Each directory is looked at once a run: an import of a thousand pages writes a thousand
/// files in one.
pub fn remove_leftovers(dir: &Path) {
    if !lock(&CLEANED).insert(dir.to_owned()) {
        return;
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        let Some(rest) = name
            .strip_prefix(TEMP_PREFIX)
            .and_then(|r| r.strip_suffix(TEMP_SUFFIX))
        else {
            continue;
        };
        let owner = rest.split('-').next().and_then(|p| p.parse::<u32>().ok());
        let gone = match owner {
            Some(pid) if pid == std::process::id() => false,
            Some(pid) => !is_running(pid, &entry.path()),
            // A name without a process id, from an older lcbook: gone after a day.
            None => is_older_than(&entry.path(), Duration::from_secs(24 * 3600)),
        };
        // Only regular files: a directory of that name is not lcbook's.
        if gone && entry.file_type().is_ok_and(|t| t.is_file()) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Whether process `pid` may still be running. Where the system does not say (no `/proc`),
/// a file older than a day is taken for a dead run's.
fn is_running(pid: u32, file: &Path) -> bool {
    let proc = Path::new("/proc");
    if proc.join("self").exists() {
        proc.join(pid.to_string()).exists()
    } else {
        !is_older_than(file, Duration::from_secs(24 * 3600))
    }
}

fn is_older_than(file: &Path, age: Duration) -> bool {
    std::fs::metadata(file)
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| t.elapsed().ok())
        .is_some_and(|e| e > age)
}

/// Runs `command` to its end, as [`Command::output`] does, while letting an interruption of
/// lcbook stop it.
pub fn output(command: &mut Command) -> std::io::Result<Output> {
    let mut child = command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()?;
    // Both pipes are drained while the child runs: a full pipe would block it.
    let drain = |pipe: Option<Box<dyn std::io::Read + Send>>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            if let Some(mut p) = pipe {
                let _ = p.read_to_end(&mut bytes);
            }
            bytes
        })
    };
    let stdout = drain(child.stdout.take().map(|p| Box::new(p) as _));
    let stderr = drain(child.stderr.take().map(|p| Box::new(p) as _));
    let ticket = TICKETS.fetch_add(1, Ordering::Relaxed);
    lock(&CHILDREN).insert(ticket, child);
    let status = wait(ticket)?;
    Ok(Output {
        status,
        stdout: stdout.join().unwrap_or_default(),
        stderr: stderr.join().unwrap_or_default(),
    })
}

/// Waits for the child of `ticket`, looking every few milliseconds (the handler must be able
/// to take it meanwhile).
fn wait(ticket: u64) -> std::io::Result<ExitStatus> {
    let mut pause = Duration::from_millis(1);
    loop {
        {
            let mut children = lock(&CHILDREN);
            let Some(child) = children.get_mut(&ticket) else {
                // Taken by the handler, which is ending the process.
                return Err(std::io::Error::other("interrupted"));
            };
            if let Some(status) = child.try_wait()? {
                children.remove(&ticket);
                return Ok(status);
            }
        }
        std::thread::sleep(pause);
        pause = (pause * 2).min(Duration::from_millis(25));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leftovers_of_dead_runs_only() {
        let dir = tempfile::tempdir().expect("temp dir");
        let mine = dir.path().join(format!("{}x{TEMP_SUFFIX}", temp_prefix()));
        // No process has this id (above Linux's pid_max).
        let dead = dir
            .path()
            .join(format!("{TEMP_PREFIX}4194305-x{TEMP_SUFFIX}"));
        let article = dir.path().join("a.md");
        for f in [&mine, &dead, &article] {
            std::fs::write(f, "x").expect("write");
        }
        remove_leftovers(dir.path());
        assert!(mine.exists());
        assert!(!dead.exists());
        assert!(article.exists());
    }

    #[test]
    fn output_is_the_commands() {
        let out = output(Command::new("sh").args(["-c", "echo out; echo err >&2; exit 3"]))
            .expect("sh runs");
        assert_eq!(out.stdout, b"out\n");
        assert_eq!(out.stderr, b"err\n");
        assert_eq!(out.status.code(), Some(3));
    }
}
