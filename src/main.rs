//! The `lcbook` binary: parses the command line, runs the library, prints diagnostics and
//! turns the outcome into an exit status (0 ok, 1 build failed, 2 usage).

use std::process::ExitCode;

use clap::Parser;
use lcbook::{BuildOptions, Error};

mod cli;

use cli::{Cli, Command, Common};

fn main() -> ExitCode {
    // clap exits with status 2 on a usage error and 0 for --help and --version.
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(()) => ExitCode::from(1),
    }
}

fn options(common: &Common) -> BuildOptions {
    BuildOptions {
        strict: common.strict,
        source_date_epoch: std::env::var("SOURCE_DATE_EPOCH").ok(),
    }
}

fn run(cli: Cli) -> Result<(), ()> {
    match cli.command {
        Command::Epub { common, output } => {
            let result = lcbook::build_epub(&common.book_dir, output.as_deref(), &options(&common));
            match result {
                Ok((loaded, path)) => {
                    report(&loaded.diagnostics);
                    if !common.quiet {
                        let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
                        let n = loaded.book.chapters.len();
                        eprintln!(
                            "wrote {} ({n} chapter{}, {} KiB)",
                            path.display(),
                            if n == 1 { "" } else { "s" },
                            size.div_ceil(1024)
                        );
                    }
                    Ok(())
                }
                Err(e) => fail(&e),
            }
        }
        Command::Check { common } => match lcbook::load(&common.book_dir, &options(&common)) {
            Ok(loaded) => {
                report(&loaded.diagnostics);
                if !common.quiet {
                    eprintln!(
                        "ok: {} chapters, {} parts, {} warnings",
                        loaded.book.chapters.len(),
                        loaded.book.parts.len(),
                        loaded.diagnostics.warning_count()
                    );
                }
                Ok(())
            }
            Err(e) => fail(&e),
        },
    }
}

fn report(diags: &lcbook::diag::Diagnostics) {
    for d in diags.sorted() {
        eprintln!("{d}");
    }
}

fn fail(e: &Error) -> Result<(), ()> {
    if let Error::Invalid(diags) = e {
        report(diags);
        let (errors, warnings) = (diags.error_count(), diags.warning_count());
        eprintln!(
            "error: the book was not built: {errors} error{}, {warnings} warning{}",
            if errors == 1 { "" } else { "s" },
            if warnings == 1 { "" } else { "s" }
        );
    } else {
        eprintln!("error: {e}");
        let mut source = std::error::Error::source(e);
        while let Some(s) = source {
            eprintln!("  caused by: {s}");
            source = s.source();
        }
    }
    Err(())
}
