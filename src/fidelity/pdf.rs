//! The words of a built PDF, read by poppler's `pdftotext`, with the words cut at a line's
//! end joined again.

use std::collections::HashSet;
use std::path::Path;
use std::process::Command;

use super::expected::Expected;
use super::words::words_of;
use crate::error::Error;

const PDFTOTEXT_MISSING: &str = "the fidelity check reads the PDF with poppler's pdftotext \
     (Debian, Ubuntu: apt install poppler-utils; macOS: brew install poppler)";

/// Fails early, before a long build, when `pdftotext` cannot run.
pub fn find_pdftotext() -> Result<(), Error> {
    match Command::new("pdftotext").arg("-v").output() {
        Ok(_) => Ok(()),
        Err(e) => Err(Error::Tool {
            message: format!("cannot run pdftotext ({e}): {PDFTOTEXT_MISSING}"),
        }),
    }
}

/// The words of a PDF, read by `pdftotext` (poppler): lines joined where a word of the book
/// was cut.
pub fn pdf_words(pdf: &Path, expected: &Expected) -> Result<Vec<String>, Error> {
    let output = crate::interrupt::output(
        Command::new("pdftotext")
            // `-raw`: in the order Typst drew the text, which is the reading order; the
            // layout mode would move the words beside an inline picture.
            .args(["-raw", "-enc", "UTF-8"])
            .arg(pdf)
            .arg("-"),
    )
    .map_err(|e| Error::Tool {
        message: format!("cannot run pdftotext ({e}): {PDFTOTEXT_MISSING}"),
    })?;
    if !output.status.success() {
        return Err(Error::Tool {
            message: format!(
                "pdftotext failed ({}) on {}: {}",
                output.status,
                pdf.display(),
                String::from_utf8_lossy(&output.stderr).trim()
            ),
        });
    }
    Ok(pdf_text_words(
        &String::from_utf8_lossy(&output.stdout),
        &expected.vocabulary,
    ))
}

/// The lines of `pdftotext`'s text with the runs the Typst writer made breakable anywhere
/// (zero-width spaces between their letters, see [`crate::writer::typst::breakable`]) joined
/// back: a line ending in a zero-width space goes on with the next line that has one (the
/// lines of a page's foot and the next page's head may come between), and the zero-width
/// spaces are removed.
fn join_breakable_runs(mut raw: Vec<String>) -> Vec<String> {
    const ZWSP: char = '\u{200b}';
    for i in 0..raw.len() {
        // The last line taken into line `i`.
        let mut after = i;
        while raw[i].trim_end_matches(' ').ends_with(ZWSP) {
            let end = raw[i].trim_end_matches([' ', ZWSP]).len();
            let next = (after + 1..(after + 8).min(raw.len()))
                .find(|&j| raw[j].contains(ZWSP))
                .or_else(|| (after + 1 < raw.len()).then_some(after + 1));
            let Some(j) = next else { break };
            after = j;
            let rest = std::mem::take(&mut raw[j]);
            raw[i].truncate(end);
            raw[i].push_str(rest.trim_start());
        }
    }
    for line in &mut raw {
        if line.contains(ZWSP) {
            *line = line.replace(ZWSP, "");
        }
    }
    raw
}

/// The words of `pdftotext`'s text. A line ending with a hyphen (hyphenation, or a compound
/// cut at its hyphen) continues with the first word of a later line that makes with it a word
/// of the book: the next line, or the first line of the next page when the cut was the last
/// line of a page above its footnotes; a word cut more than once in a narrow table cell goes
/// on over several lines. Otherwise (`pré- et post-`) the hyphen was the text's. A word of no
/// article that is two words of the book glued is split: `pdftotext -raw` drops a narrow
/// no-break space typed between two words.
fn pdf_text_words(text: &str, vocabulary: &HashSet<String>) -> Vec<String> {
    let text = text.replace('\u{c}', "\n");
    let raw = join_breakable_runs(text.lines().map(str::to_owned).collect());
    let cut = |i: usize| raw[i].trim_end().ends_with(['\u{ad}', '-']);
    let mut lines: Vec<Vec<String>> = raw
        .iter()
        .map(|l| {
            let mut w = Vec::new();
            words_of(l, 0, &mut w);
            w.into_iter().map(|w| w.key).collect()
        })
        .collect();
    let prefixes: HashSet<&str> = vocabulary
        .iter()
        .flat_map(|w| w.char_indices().skip(1).map(move |(i, _)| &w[..i]))
        .collect();
    for i in 0..lines.len() {
        let Some(mut head) = lines[i].last().cloned().filter(|_| cut(i)) else {
            continue;
        };
        // The lines whose first word continues the word, in order.
        let mut taken = Vec::new();
        let mut j = i + 1;
        while j < (i + 80).min(lines.len()) {
            let Some(first) = lines[j].first() else {
                j += 1;
                continue;
            };
            let joined = format!("{head}{first}");
            if vocabulary.contains(&joined) {
                taken.push(j);
                head = joined;
                break;
            }
            // A middle piece: alone on its line, cut again, and still the start of a word.
            if lines[j].len() == 1 && cut(j) && prefixes.contains(joined.as_str()) {
                taken.push(j);
                head = joined;
                j += 1;
                continue;
            }
            if taken.is_empty() {
                j += 1;
                continue;
            }
            // A chain that ends in no word: undone.
            taken.clear();
            break;
        }
        if taken.is_empty() || !vocabulary.contains(&head) {
            continue;
        }
        if let Some(last) = lines[i].last_mut() {
            *last = head;
        }
        for j in taken {
            lines[j].remove(0);
        }
    }
    let mut words = Vec::new();
    for w in lines.into_iter().flatten() {
        let glued = (!vocabulary.contains(&w))
            .then(|| {
                w.char_indices()
                    .skip(1)
                    .find(|(k, _)| vocabulary.contains(&w[..*k]) && vocabulary.contains(&w[*k..]))
            })
            .flatten();
        match glued {
            Some((k, _)) => {
                words.push(w[..k].to_owned());
                words.push(w[k..].to_owned());
            }
            None => words.push(w),
        }
    }
    words
}

#[cfg(test)]
mod tests {
    use super::super::testing::keys;
    use super::*;

    #[test]
    fn pdf_lines_cut_in_a_word_are_joined() {
        let vocabulary: HashSet<String> = keys("le pouvoir des pré-parlements solidarité et")
            .into_iter()
            .collect();
        assert_eq!(
            pdf_text_words(
                "le pou\u{ad}\nvoir des pré-\nparlements\u{c}Titre 3\n",
                &vocabulary
            ),
            keys("le pouvoir des pré-parlements Titre 3")
        );
        // Cut on a page's last line: the footnote and the running head come between.
        assert_eq!(
            pdf_text_words(
                "la sol\u{ad}\n6Une note.\n12\u{c}Titre\nidarité et\n",
                &vocabulary
            ),
            keys("la solidarité 6Une note. 12 Titre et")
        );
        // A suspended hyphen is the text's: `pré- et post-`.
        assert_eq!(
            pdf_text_words("les pré-\net post-révolutionnaires\n", &vocabulary),
            keys("les pré et postrévolutionnaires")
        );
    }
}
