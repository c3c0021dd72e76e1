//! Command line: arguments → a [`Command`] to run (clap derive). Only parsing lives here.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// Compiles La Commune's Markdown articles into a book: an EPUB and a printed pamphlet.
#[derive(Debug, Parser)]
#[command(name = "lcbook", version, about, long_about = None)]
pub(crate) struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Build the EPUB
    Epub {
        /// Where the book is and how to build it.
        #[command(flatten)]
        common: Common,
        /// Output file [default: BOOK_DIR/build/<slug of the title>.epub]
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
        /// The Typst program that renders the cover's front when [cover] is given without a
        /// picture [default: `typst` on PATH]
        #[arg(long, value_name = "PATH", env = "LCBOOK_TYPST")]
        typst: Option<PathBuf>,
    },
    /// Build the printed book (PDF), typeset by Typst 0.15.1
    Pdf {
        /// Where the book is and how to build it.
        #[command(flatten)]
        common: Common,
        /// Output file [default: BOOK_DIR/build/<slug of the title>.pdf]
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
        /// The Typst program to run [default: `typst` on PATH]
        #[arg(long, value_name = "PATH", env = "LCBOOK_TYPST")]
        typst: Option<PathBuf>,
        /// Write the Typst sources (to typst/ beside the PDF) without compiling them
        #[arg(long, conflicts_with = "booklet")]
        typst_only: bool,
        /// Also write the booklet, <name>-livret.pdf: the pages imposed two-up on sheets, to
        /// print duplex (flip on the short edge), fold and staple
        #[arg(long)]
        booklet: bool,
        /// Also write the cover, <name>-couverture.pdf (see `lcbook cover`)
        #[arg(long, conflicts_with = "typst_only")]
        cover: bool,
    },
    /// Build the printed cover: back, spine and front in one piece, from [cover] in book.toml
    Cover {
        /// Where the book is and how to build it.
        #[command(flatten)]
        common: Common,
        /// Output file [default: BOOK_DIR/build/<slug of the title>-couverture.pdf]
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
        /// The Typst program to run [default: `typst` on PATH]
        #[arg(long, value_name = "PATH", env = "LCBOOK_TYPST")]
        typst: Option<PathBuf>,
    },
    /// Make chapters of pages saved from the site (converted to text, or HTML), and say what
    /// was removed and repaired in each
    Import {
        /// The saved pages
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        /// Where to write the articles [default: the chapters directory of ./book.toml]
        #[arg(long, value_name = "DIR")]
        into: Option<PathBuf>,
        /// The category to give the articles, whatever the pages say
        #[arg(long, value_name = "NAME")]
        category: Option<String>,
        /// Say what would be done, and write nothing
        #[arg(long)]
        dry_run: bool,
        /// Replace articles that exist
        #[arg(long)]
        force: bool,
        /// Print only errors
        #[arg(short, long)]
        quiet: bool,
    },
    /// Check the book (configuration, articles, links, images) without writing anything
    Check {
        /// Where the book is and how to check it.
        #[command(flatten)]
        common: Common,
        /// Also build the EPUB and the PDF (in a temporary directory) and check that every
        /// word of every article reaches both, in order and once (needs Typst and pdftotext)
        #[arg(long)]
        fidelity: bool,
        /// The Typst program to run for --fidelity [default: `typst` on PATH]
        #[arg(long, value_name = "PATH", env = "LCBOOK_TYPST", requires = "fidelity")]
        typst: Option<PathBuf>,
    },
}

/// Options every command takes.
#[derive(Debug, Args)]
pub(crate) struct Common {
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
}
