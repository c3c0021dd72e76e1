//! The one list of the fixture directories of `tests/fixtures/`. Each valid book gets three
//! tests (`valid::NAME`, `tool_epubcheck::NAME`, `tool_pdf::NAME`), each bad input one
//! (`invalid::NAME`); [`the_list_is_the_directory_and_its_readme`] fails when a directory is
//! missing from the list, a listed one is missing, or `tests/fixtures/README.md` says
//! otherwise.

use crate::support::fixture;

macro_rules! fixtures {
    (
        valid: [$($valid:ident => $valid_name:literal,)*]
        invalid: [$($invalid:ident => $invalid_name:literal,)*]
        other: [$($other:literal,)*]
    ) => {
        /// Books that build (exit status 0).
        const VALID: &[&str] = &[$($valid_name),*];
        /// Bad inputs (exit status 1, the messages of `EXPECTED_ERROR`).
        const INVALID: &[&str] = &[$($invalid_name),*];
        /// Directories that are no book, read by their own tests.
        const OTHER: &[&str] = &[$($other),*];

        /// Warnings, EPUB container, well-formed XHTML, chapter order: no external tool.
        mod valid {
            $(
                #[test]
                fn $valid() {
                    crate::books::valid_book($valid_name);
                }
            )*
        }

        /// The EPUB passes EPUBCheck (Java).
        mod tool_epubcheck {
            $(
                #[test]
                fn $valid() {
                    crate::books::passes_epubcheck($valid_name);
                }
            )*
        }

        /// The PDF, through Typst, read back with poppler.
        mod tool_pdf {
            $(
                #[test]
                fn $valid() {
                    crate::pdf::check_book(&crate::support::fixture($valid_name));
                }
            )*
        }

        /// Each fails with its `EXPECTED_ERROR`.
        mod invalid {
            $(
                #[test]
                fn $invalid() {
                    crate::errors::fails_as_expected($invalid_name);
                }
            )*
        }
    };
}

fixtures! {
    valid: [
        order_date => "order-date",
        order_path => "order-path",
        order_list => "order-list",
        parts_series => "parts-series",
        category_filter => "category-filter",
        footnotes => "footnotes",
        images => "images",
        links => "links",
        raw_html => "raw-html",
        commonmark => "commonmark",
        no_front_matter => "no-front-matter",
        empty_articles => "empty-articles",
        metadata => "metadata",
        hostile_typst => "hostile-typst",
        pamphlet => "pamphlet",
    ]
    invalid: [
        bad_date => "bad-date",
        bad_identifier => "bad-identifier",
        bad_order => "bad-order",
        bad_utf8 => "bad-utf8",
        bad_yaml => "bad-yaml",
        broken_links => "broken-links",
        duplicate_ids => "duplicate-ids",
        empty_book => "empty-book",
        empty_dir => "empty-dir",
        list_missing_file => "list-missing-file",
        missing_dir => "missing-dir",
        missing_title => "missing-title",
        multi_errors => "multi-errors",
        unknown_key => "unknown-key",
    ]
    other: [
        "import",
    ]
}

/// The cases of the table under `## {section}` of `tests/fixtures/README.md`: the first
/// column's `` `name` ``.
fn readme_table(readme: &str, section: &str) -> Vec<String> {
    let start = readme
        .find(&format!("\n## {section}"))
        .unwrap_or_else(|| panic!("tests/fixtures/README.md has no `## {section}`"));
    let rest = &readme[start + 1..];
    let rest = rest.find("\n## ").map_or(rest, |end| &rest[..end]);
    rest.lines()
        .filter_map(|l| l.strip_prefix("| `"))
        .filter_map(|l| l.split('`').next())
        .map(str::to_owned)
        .collect()
}

fn sorted(names: &[&str]) -> Vec<String> {
    let mut v: Vec<String> = names.iter().map(|s| (*s).to_owned()).collect();
    v.sort();
    v
}

#[test]
fn the_list_is_the_directory_and_its_readme() {
    let mut on_disk: Vec<String> = std::fs::read_dir(fixture(""))
        .expect("tests/fixtures")
        .map(|e| e.expect("entry"))
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    on_disk.sort();
    let mut listed = sorted(&[VALID, INVALID, OTHER].concat());
    assert_eq!(
        on_disk, listed,
        "every directory of tests/fixtures/ is listed once in tests/integration/fixtures.rs"
    );
    listed.dedup();
    assert_eq!(listed.len(), on_disk.len(), "a fixture is listed twice");
    for name in VALID.iter().chain(INVALID) {
        assert!(
            fixture(name).join("book.toml").is_file(),
            "{name}: book.toml"
        );
        assert_eq!(
            fixture(name).join("EXPECTED_ERROR").is_file(),
            INVALID.contains(name),
            "{name}: a bad input, and only one, has an EXPECTED_ERROR"
        );
    }
    let readme = std::fs::read_to_string(fixture("README.md")).expect("tests/fixtures/README.md");
    let mut valid = readme_table(&readme, "Valid books");
    valid.sort();
    assert_eq!(valid, sorted(VALID), "README's table of valid books");
    let mut invalid = readme_table(&readme, "Bad inputs");
    invalid.sort();
    assert_eq!(invalid, sorted(INVALID), "README's table of bad inputs");
}
