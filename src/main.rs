//! The `lcbook` binary: parses the command line, runs the library, prints diagnostics and
//! turns the outcome into an exit status (0 ok, 1 build failed, 2 usage).

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;
use lcbook::diag::{Diagnostics, Severity};
use lcbook::{BuildOptions, Error, build};

mod cli;

use cli::{
    BookArgs, BuildArgs, CheckArgs, Cli, ColorChoice, Command, CoverArgs, EpubArgs, ImportArgs,
    InitArgs, Outputs, PdfArgs, TypstArgs,
};

/// Whether diagnostics are coloured (`--color`), set once before anything is said.
static COLOR: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Warnings shown per file; a book imported from a site can have thousands of the same kind.
const WARNINGS_PER_FILE: usize = 20;

fn main() -> ExitCode {
    // clap exits with status 2 on a usage error and 0 for --help and --version.
    let cli = Cli::parse();
    let color = match cli.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            use std::io::IsTerminal;
            std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none()
        }
    };
    COLOR.store(color, std::sync::atomic::Ordering::Relaxed);
    if let Err(e) = lcbook::interrupt::install() {
        say(&format!("warning: Ctrl-C will not stop Typst cleanly: {e}"));
    }
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(()) => ExitCode::from(1),
    }
}

/// Writes a line to stderr, coloured as rustc does with `--color`. A closed stderr
/// (`lcbook … 2>&1 | head`) is not worth a panic.
fn say(text: &str) {
    let text = if COLOR.load(std::sync::atomic::Ordering::Relaxed) {
        text.lines().map(paint).collect::<Vec<_>>().join("\n")
    } else {
        text.to_owned()
    };
    let _ = writeln!(std::io::stderr().lock(), "{text}");
}

/// One line of a diagnostic in colour: the place in bold, `error` in red and `warning` in
/// yellow (bold), the excerpt's gutter in blue.
fn paint(line: &str) -> String {
    const BOLD: &str = "\x1b[1m";
    const RED: &str = "\x1b[1;31m";
    const YELLOW: &str = "\x1b[1;33m";
    const BLUE: &str = "\x1b[1;34m";
    const RESET: &str = "\x1b[0m";
    for (word, colour) in [("error", RED), ("warning", YELLOW)] {
        let label = format!("{word}: ");
        if let Some(rest) = line.strip_prefix(&label) {
            return format!("{colour}{word}{RESET}{BOLD}: {rest}{RESET}");
        }
        if let Some((place, rest)) = line.split_once(&format!(": {label}")) {
            return format!("{BOLD}{place}:{RESET} {colour}{word}{RESET}{BOLD}: {rest}{RESET}");
        }
    }
    // The excerpt under a diagnostic: `   |`, `12 | text`, `   |   ^`.
    if let Some((gutter, rest)) = line.split_once('|')
        && gutter.ends_with(' ')
        && gutter.len() <= 8
        && gutter.chars().all(|c| c == ' ' || c.is_ascii_digit())
    {
        return format!("{BLUE}{gutter}|{RESET}{rest}");
    }
    line.to_owned()
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
        Command::Init(args) => init(&args),
        Command::Build(args) => build_both(&args),
        Command::Watch(args) => watch(&args),
        Command::Completions(args) => {
            use clap::CommandFactory;
            clap_complete::generate(
                args.shell,
                &mut Cli::command(),
                "lcbook",
                &mut std::io::stdout(),
            );
            Ok(())
        }
        Command::Man(args) => man(args.command.as_deref()),
        Command::Epub(args) => epub(&args),
        Command::Pdf(args) => pdf(&args),
        Command::Cover(args) => cover(&args),
        Command::Import(args) => import(args),
        Command::Check(args) if args.fidelity => check_fidelity(&args),
        Command::Check(args) => check(&args),
    }
}

/// `lcbook man [COMMAND]`: lcbook(1), or the page of one command, lcbook-COMMAND(1), which
/// lcbook(1) refers to.
fn man(command: Option<&str>) -> Result<(), ()> {
    use clap::CommandFactory;
    let top = Cli::command();
    let page = match command {
        None => top,
        Some(name) => match top.find_subcommand(name) {
            Some(sub) => sub.clone().display_name(format!("lcbook-{name}")),
            None => {
                let names: Vec<String> = top
                    .get_subcommands()
                    .map(|c| c.get_name().to_owned())
                    .collect();
                say(&format!(
                    "error: no command `{name}`; the pages are: {}",
                    names.join(", ")
                ));
                return Err(());
            }
        },
    };
    let mut roff = Vec::new();
    clap_mangen::Man::new(page)
        .render(&mut roff)
        .map_err(|e| say(&format!("error: cannot write the manual page: {e}")))?;
    // A reader that stops early (`lcbook man | head`) is no error.
    match std::io::stdout().lock().write_all(&roff) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            say(&format!("error: cannot write the manual page: {e}"));
            Err(())
        }
        _ => Ok(()),
    }
}

/// `lcbook init`.
fn init(args: &InitArgs) -> Result<(), ()> {
    match lcbook::init::init(&args.dir) {
        Ok(files) => {
            if !args.quiet {
                for f in &files {
                    say(&format!("wrote {}", f.display()));
                }
                let dir = shell_word(&args.dir.display().to_string());
                let example = if files.len() == 1 {
                    "chapters/ already holds articles: no example added".to_owned()
                } else {
                    format!(
                        "put your articles in {dir}/chapters (`lcbook import --into \
                         {dir}/chapters PAGES` makes them of saved pages) and remove the example"
                    )
                };
                say(&format!(
                    "made a book in {dir}: set its title in {dir}/book.toml; {example}; then \
                     `lcbook build {dir}` or `lcbook watch {dir}`"
                ));
            }
            Ok(())
        }
        Err(e) => fail(&e, "no book was made", args.quiet),
    }
}

/// `text` as one word of a shell command: quoted when it holds anything but letters, digits
/// and `_./-`.
fn shell_word(text: &str) -> String {
    if !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '_' | '.' | '/' | '-'))
    {
        text.to_owned()
    } else {
        format!("'{}'", text.replace('\'', "'\\''"))
    }
}

/// `lcbook build`.
fn build_both(args: &BuildArgs) -> Result<(), ()> {
    build_once(&args.book, &args.outputs, &args.typst)
}

/// One build of `lcbook build`, and of each round of `lcbook watch`: the book read and
/// parsed once, then the EPUB, then the PDF (and its booklet and cover when asked), each
/// said with the time it took.
fn build_once(book: &BookArgs, outputs: &Outputs, typst: &TypstArgs) -> Result<(), ()> {
    let options = BuildOptions {
        booklet: outputs.booklet,
        cover: outputs.cover,
        ..book.options()
    };
    let start = std::time::Instant::now();
    let loaded = match build::load(&book.book_dir, &options) {
        Ok(l) => l,
        Err(e) => return fail(&e, "the book was not built", book.quiet),
    };
    report(&loaded.diagnostics, book.quiet);
    let took = |since: std::time::Instant| format!("{:.2} s", since.elapsed().as_secs_f64());
    if !outputs.pdf_only {
        match build::write_epub(&loaded, None, typst.typst.as_deref()) {
            Ok(path) => {
                if !book.quiet {
                    say(&format!("{} in {}", wrote(&path, &loaded), took(start)));
                }
            }
            Err(e) => return fail(&e, "the EPUB was not built", book.quiet),
        }
    }
    if outputs.epub_only {
        return Ok(());
    }
    let pdf_start = std::time::Instant::now();
    let request = build::PdfRequest {
        typst: typst.typst.as_deref(),
        typst_dir: outputs.typst_dir.as_deref(),
        ..Default::default()
    };
    let mut progress = None;
    let result = build::write_pdf(&loaded, &request, &options, &mut |warnings| {
        report(warnings, book.quiet);
        if !book.quiet {
            progress = Some(Progress::start());
        }
    });
    drop(progress);
    match result {
        Ok(outcome) => {
            report(&outcome.typst_warnings, book.quiet);
            if !book.quiet {
                if let Some(path) = &outcome.pdf {
                    say(&format!("{} in {}", wrote(path, &loaded), took(pdf_start)));
                }
                for (what, path) in [
                    ("the booklet", &outcome.booklet),
                    ("the cover", &outcome.cover),
                ] {
                    if let Some(p) = path {
                        say(&format!("wrote {} ({what})", p.display()));
                    }
                }
            }
            Ok(())
        }
        Err(e) => fail(&e, "the PDF was not built", book.quiet),
    }
}

/// `lcbook watch`: builds, then builds again each time a file of the book changes (saves
/// gathered over 200 ms), until stopped (Ctrl-C or SIGTERM, which also stops a Typst at
/// work). A failed build is said and leaves the previous good book where it was.
fn watch(args: &BuildArgs) -> Result<(), ()> {
    use notify_debouncer_mini::notify::RecursiveMode;
    let root = &args.book.book_dir;
    let _ = build_once(&args.book, &args.outputs, &args.typst);
    let (tx, rx) = std::sync::mpsc::channel();
    let debouncer = notify_debouncer_mini::new_debouncer(std::time::Duration::from_millis(200), tx);
    let mut debouncer = match debouncer {
        Ok(d) => d,
        Err(e) => {
            say(&format!("error: cannot watch {}: {e}", root.display()));
            return Err(());
        }
    };
    if let Err(e) = debouncer.watcher().watch(root, RecursiveMode::Recursive) {
        say(&format!("error: cannot watch {}: {e}", root.display()));
        return Err(());
    }
    // Canonical, as the watcher names the files it reports.
    let root_abs = std::fs::canonicalize(root).unwrap_or_else(|_| root.clone());
    let typst_dir = args
        .outputs
        .typst_dir
        .as_ref()
        .and_then(|d| std::fs::canonicalize(d).ok());
    // What each file of the book was when last built: the watcher also reports files merely
    // read (a build reads them all), which must not start another build.
    let mut seen = Seen::of(&root_abs, typst_dir.as_deref());
    if !args.book.quiet {
        say(&format!("watching {} (Ctrl-C stops)", root.display()));
    }
    for events in rx {
        let changed: Vec<std::path::PathBuf> = match events {
            Ok(events) => events
                .into_iter()
                .map(|e| e.path)
                .filter(|p| is_source(p, &root_abs, typst_dir.as_deref()))
                .filter(|p| seen.changed(p))
                .collect(),
            Err(e) => {
                say(&format!("warning: watching: {e}"));
                continue;
            }
        };
        if let Some(first) = changed.first() {
            if !args.book.quiet {
                let shown = first.strip_prefix(&root_abs).unwrap_or(first);
                say(&format!("changed: {}", shown.display()));
            }
            if build_once(&args.book, &args.outputs, &args.typst).is_err() {
                say("the previous book is kept; waiting for the next save");
            }
        }
    }
    Ok(())
}

/// The modification time and size of each file of a book, to tell a file written from a file
/// only read.
struct Seen(std::collections::HashMap<std::path::PathBuf, Option<(std::time::SystemTime, u64)>>);

impl Seen {
    /// Every file of the book in `root` now (not lcbook's outputs).
    fn of(root: &std::path::Path, typst_dir: Option<&std::path::Path>) -> Seen {
        let mut seen = std::collections::HashMap::new();
        let walk = walkdir::WalkDir::new(root)
            .into_iter()
            .filter_entry(|e| is_source(e.path(), root, typst_dir) || e.path() == root);
        for entry in walk.filter_map(Result::ok) {
            seen.insert(entry.path().to_owned(), Self::stamp(entry.path()));
        }
        Seen(seen)
    }

    fn stamp(path: &std::path::Path) -> Option<(std::time::SystemTime, u64)> {
        let meta = std::fs::metadata(path).ok()?;
        Some((meta.modified().ok()?, meta.len()))
    }

    /// Whether `path` was written, made or removed since it was last seen; remembers it.
    fn changed(&mut self, path: &std::path::Path) -> bool {
        let now = Self::stamp(path);
        // A folder's time changes when a file is made in it: the file says it.
        if now.is_some() && path.is_dir() {
            self.0.insert(path.to_owned(), now);
            return false;
        }
        self.0.insert(path.to_owned(), now) != Some(now)
    }
}

/// Whether a change to `path` may change the book: not lcbook's own outputs (`build/`, the
/// Typst sources), temporary files, editors' backups or version control.
fn is_source(
    path: &std::path::Path,
    root: &std::path::Path,
    typst_dir: Option<&std::path::Path>,
) -> bool {
    let Ok(inside) = path.strip_prefix(root) else {
        return true;
    };
    if typst_dir.is_some_and(|d| path.starts_with(d)) {
        return false;
    }
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let first = inside
        .components()
        .next()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .unwrap_or_default();
    if first == "build" || first == "target" || first.starts_with('.') || name.starts_with('.') {
        return false;
    }
    // Folders (a new one may hold articles), and the files a book is made of: articles,
    // pictures, book.toml, a stylesheet, a template, fonts. Not an editor's or a tool's
    // scratch files (`4913`, `sedXXXXXX`, `notes.txt`, `x~`).
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    path.is_dir()
        || name == lcbook::config::CONFIG_FILE
        || matches!(
            ext.as_str(),
            "md" | "markdown"
                | "png"
                | "jpg"
                | "jpeg"
                | "gif"
                | "webp"
                | "svg"
                | "css"
                | "typ"
                | "otf"
                | "ttf"
                | "woff"
                | "woff2"
        )
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
            // The process ends here and its memory goes back whole: freeing a large book's
            // model piece by piece first would only make the command slower.
            std::mem::forget(loaded);
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
    let request = build::PdfRequest {
        out: args.output.as_deref(),
        typst: args.typst.typst.as_deref(),
        typst_dir: args.typst_dir.as_deref(),
        typst_only: args.typst_only,
    };
    let result = build::pdf(&book.book_dir, &request, &options, &mut |warnings| {
        // Said before the wait, not after it.
        report(warnings, book.quiet);
        if !book.quiet && !args.typst_only {
            progress = Some(Progress::start());
        }
    });
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
        args.typst_dir.as_deref(),
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
