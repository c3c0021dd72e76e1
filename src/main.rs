//! The `lcbook` binary: parses the command line, runs the library, prints diagnostics and
//! turns the outcome into an exit status (0 ok, 1 build failed, 2 usage).

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;
use lcbook::diag::{Diagnostics, Severity};
use lcbook::{BuildOptions, Error, build};

mod cli;

use cli::{BookArgs, CheckArgs, Cli, Command, CoverArgs, EpubArgs, ImportArgs, PdfArgs};

/// Warnings shown per file; a book imported from a site can have thousands of the same kind.
const WARNINGS_PER_FILE: usize = 20;

fn main() -> ExitCode {
    // clap exits with status 2 on a usage error and 0 for --help and --version.
    let cli = Cli::parse();
    if let Err(e) = lcbook::interrupt::install() {
        say(&format!("warning: Ctrl-C will not stop Typst cleanly: {e}"));
    }
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(()) => ExitCode::from(1),
    }
}

/// Writes a line to stderr. A closed stderr (`lcbook … 2>&1 | head`) is not worth a panic.
fn say(text: &str) {
    let _ = writeln!(std::io::stderr().lock(), "{text}");
}

impl BookArgs {
    /// The build options the arguments give.
    fn options(&self) -> BuildOptions {
        BuildOptions {
            strict: self.strict,
            source_date_epoch: self.creation_timestamp.and_then(|t| t.0),
            booklet: false,
            cover: false,
            allow_outside: self.allow_outside,
        }
    }
}

fn run(cli: Cli) -> Result<(), ()> {
    match cli.command {
        Command::Epub(args) => epub(&args),
        Command::Pdf(args) => pdf(&args),
        Command::Cover(args) => cover(&args),
        Command::Import(args) => import(args),
        Command::Check(args) if args.fidelity => check_fidelity(&args),
        Command::Check(args) => check(&args),
    }
}

/// `lcbook epub`.
fn epub(args: &EpubArgs) -> Result<(), ()> {
    let book = &args.book;
    let typst = args.typst.typst.as_deref();
    match build::epub(
        &book.book_dir,
        args.output.as_deref(),
        typst,
        &book.options(),
    ) {
        Ok((loaded, path)) => {
            report(&loaded.diagnostics, book.quiet);
            if !book.quiet {
                say(&wrote(&path, &loaded));
            }
            Ok(())
        }
        Err(e) => fail(&e, "the book was not built", book.quiet),
    }
}

/// `lcbook pdf`.
fn pdf(args: &PdfArgs) -> Result<(), ()> {
    let book = &args.book;
    let options = BuildOptions {
        booklet: args.booklet,
        cover: args.cover,
        ..book.options()
    };
    let mut progress = None;
    let result = build::pdf(
        &book.book_dir,
        args.output.as_deref(),
        args.typst.typst.as_deref(),
        args.typst_only,
        &options,
        &mut |warnings| {
            // Said before the wait, not after it.
            report(warnings, book.quiet);
            if !book.quiet && !args.typst_only {
                progress = Some(Progress::start());
            }
        },
    );
    drop(progress);
    let (loaded, outcome) = match result {
        Ok(r) => r,
        Err(e) => return fail(&e, "the book was not built", book.quiet),
    };
    // The inputs' warnings were said before Typst ran.
    report(&outcome.typst_warnings, book.quiet);
    if book.quiet {
        return Ok(());
    }
    let Some(path) = &outcome.pdf else {
        say(&format!(
            "wrote the Typst sources in {}",
            outcome.sources.display()
        ));
        return Ok(());
    };
    say(&wrote(path, &loaded));
    if let Some(c) = &outcome.cover {
        say(&format!("wrote {} (the cover)", c.display()));
    }
    if let Some(b) = &outcome.booklet {
        let fold = match loaded.settings.config.print.signature {
            Some(n) => format!("fold each group of {n} sheet(s), stack the groups, stitch or glue"),
            None => "fold, staple".to_owned(),
        };
        say(&format!(
            "wrote {} (the booklet: print duplex, flip on the short edge, {fold})",
            b.display()
        ));
    }
    Ok(())
}

/// `lcbook cover`.
fn cover(args: &CoverArgs) -> Result<(), ()> {
    let book = &args.book;
    let progress = (!book.quiet).then(Progress::start);
    let result = build::cover(
        &book.book_dir,
        args.output.as_deref(),
        args.typst.typst.as_deref(),
        &book.options(),
    );
    drop(progress);
    match result {
        Ok((loaded, path, warnings)) => {
            let mut diags = loaded.diagnostics.clone();
            diags.extend(warnings);
            report(&diags, book.quiet);
            if !book.quiet {
                say(&format!("wrote {} (the cover)", path.display()));
            }
            Ok(())
        }
        Err(e) => fail(&e, "the cover was not built", book.quiet),
    }
}

/// `lcbook check`.
fn check(args: &CheckArgs) -> Result<(), ()> {
    let book = &args.book;
    match build::check(&book.book_dir, &book.options()) {
        Ok(loaded) => {
            report(&loaded.diagnostics, book.quiet);
            if !book.quiet {
                say(&format!(
                    "ok: {}, {}, {}{}",
                    count(loaded.book.chapters.len(), "chapter"),
                    count(loaded.book.parts.len(), "part"),
                    count(loaded.diagnostics.warning_count(), "warning"),
                    left_out(&loaded)
                ));
            }
            Ok(())
        }
        Err(e) => fail(&e, "the book has errors", book.quiet),
    }
}

/// `lcbook check --fidelity`.
fn check_fidelity(args: &CheckArgs) -> Result<(), ()> {
    let book = &args.book;
    let progress = (!book.quiet).then(Progress::start);
    let result =
        build::check_fidelity(&book.book_dir, args.typst.typst.as_deref(), &book.options());
    drop(progress);
    let (loaded, found) = match result {
        Ok(r) => r,
        Err(e) => return fail(&e, "the book was not checked", book.quiet),
    };
    report(&loaded.diagnostics, book.quiet);
    if found.has_errors() {
        let e = Error::Invalid(found);
        return fail(
            &e,
            "words of the articles are missing, out of order or repeated in an output",
            book.quiet,
        );
    }
    if !book.quiet {
        say(&format!(
            "ok: every word of {} reaches the EPUB and the PDF",
            count(loaded.book.chapters.len(), "chapter"),
        ));
    }
    Ok(())
}

/// "wrote build/livre.pdf (3 chapters, 120 KiB)".
fn wrote(path: &std::path::Path, loaded: &lcbook::Loaded) -> String {
    let size = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    format!(
        "wrote {} ({}, {} KiB){}",
        path.display(),
        count(loaded.book.chapters.len(), "chapter"),
        size.div_ceil(1024),
        left_out(loaded)
    )
}

/// "; 2 articles left out (see the warnings)", when some are: an article missing from the
/// book is said in the summary too, not only among the warnings.
fn left_out(loaded: &lcbook::Loaded) -> String {
    match loaded.left_out {
        0 => String::new(),
        n => format!("; {} left out (see the warnings)", count(n, "article")),
    }
}

/// `lcbook import`: each page's article, what it says and what was changed, on stdout.
fn import(args: ImportArgs) -> Result<(), ()> {
    use lcbook::import::ChangeKind;
    let quiet = args.quiet;
    let request = &lcbook::ImportRequest {
        files: args.files,
        into: args.into,
        category: args.category,
        dry_run: args.dry_run,
        force: args.force,
    };
    let (pages, diags) = match lcbook::import_pages(std::path::Path::new("."), request) {
        Ok(r) => r,
        Err(e) => return fail(&e, "nothing was imported", quiet),
    };
    let mut out = String::new();
    for p in pages.iter().filter(|_| !quiet) {
        let f = &p.article.found;
        let verb = if p.written {
            "wrote"
        } else if request.dry_run {
            "would write"
        } else {
            "did not write"
        };
        out.push_str(&format!(
            "{} → {verb} {}\n",
            p.source.display(),
            p.output.strip_prefix(".").unwrap_or(&p.output).display()
        ));
        let date = |d: Option<jiff::civil::Date>| d.map_or("—".to_owned(), |d| d.to_string());
        out.push_str(&format!("  title:    {}\n", f.title));
        out.push_str(&format!(
            "  author:   {}\n",
            if f.authors.is_empty() {
                "— (no byline found)".to_owned()
            } else {
                f.authors.join(", ")
            }
        ));
        out.push_str(&format!(
            "  date:     {}, modified {}\n",
            date(f.date),
            date(f.modified)
        ));
        out.push_str(&format!(
            "  category: {}\n",
            f.category.as_deref().unwrap_or("—")
        ));
        if let (Some(s), Some(e)) = (&f.series, f.episode) {
            out.push_str(&format!("  series:   {s}, episode {e}\n"));
        }
        for (kind, label) in [
            (ChangeKind::Removed, "removed"),
            (ChangeKind::Repaired, "repaired"),
        ] {
            for c in p.article.changes.iter().filter(|c| c.kind == kind) {
                let at = match c.lines {
                    Some((a, b)) if a == b => format!("line {a}: "),
                    Some((a, b)) => format!("lines {a}–{b}: "),
                    None => String::new(),
                };
                out.push_str(&format!("  {label}: {at}{}\n", c.what));
            }
        }
    }
    let _ = std::io::stdout().lock().write_all(out.as_bytes());
    if diags.has_errors() {
        let e = Error::Invalid(diags);
        return fail(&e, "some pages were not imported", quiet);
    }
    report(&diags, quiet);
    Ok(())
}

/// Says, on long books, that Typst is still at work: after 3 seconds, then every 10.
struct Progress {
    done: std::sync::Arc<std::sync::atomic::AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Progress {
    fn start() -> Self {
        use std::sync::atomic::Ordering;
        let done = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let flag = done.clone();
        let thread = std::thread::spawn(move || {
            let start = std::time::Instant::now();
            let mut next = 3;
            while !flag.load(Ordering::Relaxed) {
                std::thread::sleep(std::time::Duration::from_millis(100));
                let secs = start.elapsed().as_secs();
                if secs >= next && !flag.load(Ordering::Relaxed) {
                    say(&format!("typesetting with Typst… {secs} s"));
                    next = secs + 10;
                }
            }
        });
        Progress {
            done,
            thread: Some(thread),
        }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.done.store(true, std::sync::atomic::Ordering::Relaxed);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// "1 chapter", "2 chapters".
fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("{n} {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// Prints the diagnostics, sorted; every error, and at most [`WARNINGS_PER_FILE`] warnings a
/// file (none with `-q`).
fn report(diags: &Diagnostics, quiet: bool) {
    let mut shown_in_file = 0;
    let mut hidden_in_file = 0;
    let mut current: Option<&std::path::Path> = None;
    let flush = |path: Option<&std::path::Path>, hidden: usize| {
        if let (Some(p), true) = (path, hidden > 0) {
            say(&format!(
                "{}: {} more not shown",
                p.display(),
                count(hidden, "warning")
            ));
        }
    };
    for d in diags.sorted() {
        if current != Some(d.path.as_path()) {
            flush(current, hidden_in_file);
            current = Some(d.path.as_path());
            shown_in_file = 0;
            hidden_in_file = 0;
        }
        if d.severity == Severity::Warning {
            if quiet {
                continue;
            }
            if shown_in_file == WARNINGS_PER_FILE {
                hidden_in_file += 1;
                continue;
            }
            shown_in_file += 1;
        }
        say(&d.to_string());
    }
    if !quiet {
        flush(current, hidden_in_file);
    }
}

fn fail(e: &Error, what: &str, quiet: bool) -> Result<(), ()> {
    if let Error::Invalid(diags) = e {
        report(diags, quiet);
        say(&format!(
            "error: {what}: {}, {}",
            count(diags.error_count(), "error"),
            count(diags.warning_count(), "warning")
        ));
    } else {
        // The message already carries its cause.
        say(&format!("error: {e}"));
    }
    Err(())
}
