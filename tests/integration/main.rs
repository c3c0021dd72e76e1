//! Integration tests: the `lcbook` binary run over the fixture books of `tests/fixtures/`.
//! Every EPUB built is checked by EPUBCheck; a missing EPUBCheck fails the tests, it never
//! skips them.

mod architecture;
mod booklet;
mod books;
mod errors;
mod everyday;
mod fixtures;
mod generative;
mod golden;
mod hostile;
mod import;
mod left_out;
mod pamphlet;
mod pdf;
mod properties;
mod regressions;
mod support;
mod tools;
mod typography;
