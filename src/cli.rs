//! Command line: arguments → a [`Command`] to run (clap derive), one args struct per command
//! and the groups they share declared once. Only parsing lives here.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// Compiles La Commune's Markdown articles into a book: an EPUB and a printed pamphlet.
#[derive(Debug, Parser)]
#[command(name = "lcbook", version, about, long_about = None)]
pub(crate) struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
    /// Colour the diagnostics: "auto" (when stderr is a terminal and NO_COLOR is unset),
    /// "always" or "never"
    #[arg(long, value_name = "WHEN", default_value = "auto", global = true)]
    pub color: ColorChoice,
}

/// `--color`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum ColorChoice {
    /// When stderr is a terminal and `NO_COLOR` is unset.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Make a new book in DIR: book.toml with every key, and an example article
    Init(InitArgs),
    /// Build the EPUB and the PDF, the book read once
    Build(BuildArgs),
    /// Build, then build again whenever a file of the book changes (Ctrl-C stops)
    Watch(BuildArgs),
    /// Build the EPUB
    Epub(EpubArgs),
    /// Build the printed book (PDF), typeset by Typst 0.15.1
    Pdf(PdfArgs),
    /// Build the printed cover: back, spine and front in one piece, from [cover] in book.toml
    Cover(CoverArgs),
    /// Make chapters of pages saved from the site (converted to text, or HTML), and say what
    /// was removed and repaired in each
    Import(ImportArgs),
    /// Check the book (configuration, articles, links, images) without writing anything
    Check(CheckArgs),
    /// Print the completions of a shell (bash, zsh, fish, elvish, powershell)
    Completions(CompletionsArgs),
    /// Print lcbook's manual page (roff), or a command's, for `man -l -` or a man directory
    Man(ManArgs),
}

/// `lcbook init`.
#[derive(Debug, Args)]
pub(crate) struct InitArgs {
    /// The new book's directory, made when missing
    #[arg(value_name = "DIR", default_value = ".")]
    pub dir: PathBuf,
    /// Print only errors
    #[arg(short, long)]
    pub quiet: bool,
}

/// What `lcbook build` and `lcbook watch` make.
#[derive(Debug, Args)]
pub(crate) struct Outputs {
    /// Only the EPUB
    #[arg(long, conflicts_with = "pdf_only")]
    pub epub_only: bool,
    /// Only the PDF
    #[arg(long)]
    pub pdf_only: bool,
    /// Also write the booklet (see `lcbook pdf --booklet`)
    #[arg(long, conflicts_with = "epub_only")]
    pub booklet: bool,
    /// Also write the cover (see `lcbook cover`)
    #[arg(long, conflicts_with = "epub_only")]
    pub cover: bool,
    /// Where the Typst sources are written [default: BOOK_DIR/build/typst]
    #[arg(long, value_name = "DIR")]
    pub typst_dir: Option<PathBuf>,
}

/// `lcbook build`, and `lcbook watch`, which builds the same way at every save.
#[derive(Debug, Args)]
pub(crate) struct BuildArgs {
    /// Where the book is and how to build it.
    #[command(flatten)]
    pub book: BookArgs,
    /// What to make.
    #[command(flatten)]
    pub outputs: Outputs,
    /// The Typst program.
    #[command(flatten)]
    pub typst: TypstArgs,
}

/// `lcbook man`.
#[derive(Debug, Args)]
pub(crate) struct ManArgs {
    /// The command whose page to print (`lcbook man build` is lcbook-build(1))
    #[arg(value_name = "COMMAND")]
    pub command: Option<String>,
}

/// `lcbook completions`.
#[derive(Debug, Args)]
pub(crate) struct CompletionsArgs {
    /// The shell
    #[arg(value_name = "SHELL")]
    pub shell: clap_complete::Shell,
}

/// `lcbook epub`.
#[derive(Debug, Args)]
#[command(mut_arg("typst", |a| a.help(
    "The Typst program that renders the cover's front when [cover] is given without a picture \
     [default: `typst` on PATH]"
)))]
pub(crate) struct EpubArgs {
    /// Where the book is and how to build it.
    #[command(flatten)]
    pub book: BookArgs,
    /// Output file [default: BOOK_DIR/build/<slug of the title>.epub]
    #[arg(short, long, value_name = "FILE", value_parser = epub_file)]
    pub output: Option<PathBuf>,
    /// The Typst program.
    #[command(flatten)]
    pub typst: TypstArgs,
}

/// `lcbook pdf`.
#[derive(Debug, Args)]
pub(crate) struct PdfArgs {
    /// Where the book is and how to build it.
    #[command(flatten)]
    pub book: BookArgs,
    /// Output file [default: BOOK_DIR/build/<slug of the title>.pdf]
    #[arg(short, long, value_name = "FILE", value_parser = pdf_file)]
    pub output: Option<PathBuf>,
    /// The Typst program.
    #[command(flatten)]
    pub typst: TypstArgs,
    /// Where the Typst sources are written [default: BOOK_DIR/build/typst]
    #[arg(long, value_name = "DIR")]
    pub typst_dir: Option<PathBuf>,
    /// Write the Typst sources (to --typst-dir) without compiling them
    #[arg(long, conflicts_with = "booklet")]
    pub typst_only: bool,
    /// Also write the booklet, <name>-livret.pdf: the pages imposed two-up on sheets, to
    /// print duplex (flip on the short edge), fold and staple
    #[arg(long)]
    pub booklet: bool,
    /// Also write the cover, <name>-couverture.pdf (see `lcbook cover`)
    #[arg(long, conflicts_with = "typst_only")]
    pub cover: bool,
}

/// `lcbook cover`.
#[derive(Debug, Args)]
pub(crate) struct CoverArgs {
    /// Where the book is and how to build it.
    #[command(flatten)]
    pub book: BookArgs,
    /// Output file [default: BOOK_DIR/build/<slug of the title>-couverture.pdf]
    #[arg(short, long, value_name = "FILE", value_parser = pdf_file)]
    pub output: Option<PathBuf>,
    /// The Typst program.
    #[command(flatten)]
    pub typst: TypstArgs,
    /// Where the Typst sources are written [default: BOOK_DIR/build/typst]
    #[arg(long, value_name = "DIR")]
    pub typst_dir: Option<PathBuf>,
}

/// `lcbook import`.
#[derive(Debug, Args)]
pub(crate) struct ImportArgs {
    /// The saved pages (.txt, .html or .md), or folders of them
    #[arg(required = true, value_name = "PAGE|FOLDER")]
    pub files: Vec<PathBuf>,
    /// Where to write the articles [default: the chapters directory of ./book.toml]
    #[arg(long, value_name = "DIR")]
    pub into: Option<PathBuf>,
    /// The category to give the articles, whatever the pages say
    #[arg(long, value_name = "NAME")]
    pub category: Option<String>,
    /// Say what would be done, and write nothing
    #[arg(long)]
    pub dry_run: bool,
    /// Replace articles that exist
    #[arg(long)]
    pub force: bool,
    /// Print only errors
    #[arg(short, long)]
    pub quiet: bool,
}

/// `lcbook check`.
#[derive(Debug, Args)]
#[command(mut_arg("typst", |a| a
    .help("The Typst program to run for --fidelity [default: `typst` on PATH]")))]
pub(crate) struct CheckArgs {
    /// Where the book is and how to check it.
    #[command(flatten)]
    pub book: BookArgs,
    /// Also build the EPUB and the PDF (in a temporary directory) and check that every
    /// word of every article reaches both, in order and once (needs Typst and pdftotext)
    #[arg(long)]
    pub fidelity: bool,
    /// The Typst program.
    #[command(flatten)]
    pub typst: TypstArgs,
}

/// Options every command on a book takes.
#[derive(Debug, Args)]
pub(crate) struct BookArgs {
    /// The book directory, holding book.toml
    #[arg(value_name = "BOOK_DIR", default_value = ".")]
    pub book_dir: PathBuf,
    /// Treat every warning as an error
    #[arg(long)]
    pub strict: bool,
    /// Print only errors (no warnings, no summary)
    #[arg(short, long)]
    pub quiet: bool,
    /// Let book.toml and the chapters name files outside the book directory (by an absolute
    /// path, `..` or a symbolic link); without it they are refused
    #[arg(long)]
    pub allow_outside: bool,
    /// The time written into the book, in seconds since 1970 (reproducible builds)
    /// [default: the newest date of the book and its articles]
    #[arg(
        long,
        value_name = "UNIX_TIMESTAMP",
        env = "SOURCE_DATE_EPOCH",
        value_parser = timestamp
    )]
    pub creation_timestamp: Option<Timestamp>,
}

/// A time given as `SOURCE_DATE_EPOCH` or `--creation-timestamp`; none when it is empty.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Timestamp(pub Option<i64>);

/// Reads a timestamp as the reproducible-builds convention has it: surrounding spaces
/// ignored, an empty value the same as none.
fn timestamp(value: &str) -> Result<Timestamp, String> {
    let value = value.trim();
    if value.is_empty() {
        return Ok(Timestamp(None));
    }
    // Up to the end of year 9999: what a zip file, an EPUB's date and Typst can write.
    const LAST: i64 = 253_402_300_799;
    value
        .parse()
        .ok()
        .filter(|n| (0..=LAST).contains(n))
        .map(|n| Timestamp(Some(n)))
        .ok_or_else(|| {
            format!(
                "SOURCE_DATE_EPOCH (or --creation-timestamp) must be a whole number of seconds \
                 since 1970, up to {LAST} (the end of year 9999)"
            )
        })
}

/// The Typst program, for the commands that run it.
#[derive(Debug, Args)]
pub(crate) struct TypstArgs {
    /// The Typst program to run [default: `typst` on PATH]
    #[arg(long, value_name = "PATH", env = "LCBOOK_TYPST")]
    pub typst: Option<PathBuf>,
}

/// An output file named for `ext`: another format's extension (`-o livre.epub` for a PDF) is
/// a usage error rather than a file that lies about what it holds.
fn output_with(value: &str, ext: &str) -> Result<PathBuf, String> {
    let path = PathBuf::from(value);
    if value.is_empty() {
        return Err(format!("give a file name, such as `livre.{ext}`"));
    }
    if path.is_dir() || value.ends_with('/') {
        return Err(format!(
            "this is a folder; name the file, such as `{}`",
            path.join(format!("livre.{ext}")).display()
        ));
    }
    match path.extension().and_then(|e| e.to_str()) {
        Some(e) if !e.eq_ignore_ascii_case(ext) => Err(format!(
            "the output is a .{ext} file; name it `{}`",
            path.with_extension(ext).display()
        )),
        _ => Ok(path),
    }
}

fn pdf_file(value: &str) -> Result<PathBuf, String> {
    output_with(value, "pdf")
}

fn epub_file(value: &str) -> Result<PathBuf, String> {
    output_with(value, "epub")
}
