//! The alignment: each output cut into one stretch per article, the article's words found
//! there in order, and the runs missing, repeated or out of order reported.

use std::collections::HashMap;

use similar::{Algorithm, DiffOp};

use super::expected::{ArticleWords, Expected};
use super::words::Word;
use crate::diag::{Diagnostics, Pos};

/// What went wrong with a run of an article's words in an output.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fault {
    Missing,
    OutOfOrder,
    Repeated,
}

/// Compares the words of `output` (named `name`: "EPUB", "PDF") with the articles', adding
/// one error per run of words missing, repeated or out of order.
pub fn compare(expected: &Expected, output: &[String], name: &str, diags: &mut Diagnostics) {
    let output: Vec<&str> = output.iter().map(String::as_str).collect();
    let mut positions: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, w) in output.iter().enumerate() {
        positions.entry(*w).or_default().push(i);
    }
    // Where each article starts: its first run of words found after the previous one's.
    let mut starts: Vec<Option<usize>> = Vec::with_capacity(expected.articles.len());
    let mut cursor = 0;
    for a in &expected.articles {
        let found = anchor(a, &output, &positions, cursor);
        if let Some((at, index)) = found {
            // The article starts with its first word, a little before the anchor: a byline
            // or a picture may come between.
            let earliest = at.saturating_sub(index + 60).max(cursor);
            let latest = at.saturating_sub(index).max(earliest);
            let head: Vec<&str> = a.body[..a.head].iter().map(|w| w.key.as_str()).collect();
            let start = (earliest..=latest)
                .rev()
                .find(|p| !head.is_empty() && output[*p..].starts_with(&head))
                .unwrap_or(latest);
            starts.push(Some(start));
            cursor = at + 1;
        } else {
            starts.push(None);
        }
    }
    // Articles without an anchor share the stretch of the one before (or after) them.
    let mut groups: Vec<(usize, Vec<usize>)> = Vec::new();
    for (i, s) in starts.iter().enumerate() {
        match (s, groups.last_mut()) {
            (Some(s), _) => groups.push((*s, vec![i])),
            (None, Some(g)) => g.1.push(i),
            (None, None) => groups.push((0, vec![i])),
        }
    }
    if let Some(first) = groups.first_mut() {
        first.0 = 0;
    }
    for g in 0..groups.len() {
        let from = groups[g].0;
        let to = groups.get(g + 1).map_or(output.len(), |n| n.0).max(from);
        compare_stretch(expected, &groups[g].1, &output[from..to], name, diags);
    }
}

/// The first run of words of the article's text (after its title, as a byline may follow
/// the title; from its title when the text has fewer than eight words), trying from its
/// start, then further on, that `output` holds at or after `from`: its place in the output
/// and in `body`.
fn anchor(
    article: &ArticleWords,
    output: &[&str],
    positions: &HashMap<&str, Vec<usize>>,
    from: usize,
) -> Option<(usize, usize)> {
    let words = &article.body;
    // A text of a few words may be found anywhere (`Texte.`): its title, with it, is surer.
    let first = if words.len() >= article.head + 8 {
        article.head
    } else {
        0
    };
    // Sixteen words first: eight may open several articles of a series (`article 4` and
    // `article 40` share their first eight words once digits are words).
    find_run(words, first, output, positions, from, (16, 8))
        .or_else(|| find_run(words, first, output, positions, from, (8, 4)))
}

/// The first run of (up to) `length` words of `words` from `first` on, or further on (trying
/// every `step` words), that `output` holds at or after `from`: its place in `output` and in
/// `words`.
fn find_run(
    words: &[Word],
    first: usize,
    output: &[&str],
    positions: &HashMap<&str, Vec<usize>>,
    from: usize,
    (length, step): (usize, usize),
) -> Option<(usize, usize)> {
    let run = length.min(words.len() - first);
    if run == 0 {
        return None;
    }
    let last = words.len() - run;
    let probes = (first..=last).step_by(step).chain(std::iter::once(last));
    for index in probes {
        let probe = &words[index..index + run];
        let Some(candidates) = positions.get(probe[0].key.as_str()) else {
            continue;
        };
        let after = candidates.partition_point(|p| *p < from);
        for &at in &candidates[after..] {
            if output.len() >= at + run && probe.iter().zip(&output[at..]).all(|(w, o)| w.key == *o)
            {
                return Some((at, index));
            }
        }
    }
    None
}

/// Compares the articles `group` with their stretch of the output.
fn compare_stretch(
    expected: &Expected,
    group: &[usize],
    stretch: &[&str],
    name: &str,
    diags: &mut Diagnostics,
) {
    // Each expected word keeps its article, to be reported there.
    let body: Vec<(usize, &Word)> = group
        .iter()
        .flat_map(|&a| expected.articles[a].body.iter().map(move |w| (a, w)))
        .collect();
    let mut faults: Vec<(Vec<(usize, &Word)>, Fault)> = Vec::new();
    let mut left: Vec<&str> = stretch.to_vec();
    let notes: Vec<Vec<(usize, &Word)>> = group
        .iter()
        .flat_map(|&a| {
            expected.articles[a]
                .notes
                .iter()
                .map(move |n| n.iter().map(|w| (a, w)).collect())
        })
        .collect();
    // Notes go where the output puts them (the foot of a page, the end of the chapter), so
    // each is looked for on its own. Those of four words or more are found first, by their
    // words in a row, so that the text cannot take their words; shorter ones after the text.
    let mut later = Vec::new();
    for note in &notes {
        if note.len() < 4 || !match_note(note, &mut left, &mut faults, true) {
            later.push(note);
        }
    }
    match_words(&body, &mut left, &mut faults);
    for note in later {
        match_note(note, &mut left, &mut faults, false);
    }
    // What is left is the output's own text, or words put elsewhere, or said twice.
    let mut taken = vec![false; left.len()];
    for (run, fault) in &mut faults {
        if run.len() < 2 {
            continue;
        }
        let keys: Vec<&str> = run.iter().map(|(_, w)| w.key.as_str()).collect();
        if let Some(at) = left.windows(keys.len()).position(|w| w == keys.as_slice()) {
            *fault = Fault::OutOfOrder;
            taken[at..at + keys.len()].fill(true);
        }
    }
    let prose: HashMap<[&str; 3], (usize, &Word)> = expected_trigrams(expected, group);
    let tri = |j: usize| [left[j], left[j + 1], left[j + 2]];
    let mut i = 0;
    while i + 3 <= left.len() {
        let mut j = i;
        while j + 3 <= left.len() && !taken[j..j + 3].contains(&true) && prose.contains_key(&tri(j))
        {
            j += 1;
        }
        // A run of four words or more of the prose, not only words of titles and headings.
        let run_len = j - i + 2;
        if j > i + 1
            && left[i..i + run_len]
                .iter()
                .any(|w| !expected.may_repeat.contains(*w))
        {
            let (article, first) = prose[&tri(i)];
            report(
                expected,
                article,
                first,
                &left[i..i + run_len],
                Fault::Repeated,
                name,
                diags,
            );
            i = j + 2;
        } else {
            i += 1;
        }
    }
    for (run, fault) in faults {
        let (article, first) = run[0];
        let keys: Vec<&str> = run.iter().map(|(_, w)| w.key.as_str()).collect();
        report(expected, article, first, &keys, fault, name, diags);
    }
}

/// Finds the words of a note in `left` and removes them: piece by piece, each piece found by
/// its first words in a row and taken as far as it goes on in a row, as the PDF may cut a
/// note at a page's foot and go on at the next one's, with a page of text between. Returns
/// false, having done nothing, when `only_in_a_row` and the note's first words are nowhere.
fn match_note<'w>(
    note: &[(usize, &'w Word)],
    left: &mut Vec<&str>,
    faults: &mut Vec<(Vec<(usize, &'w Word)>, Fault)>,
    only_in_a_row: bool,
) -> bool {
    let words: Vec<Word> = note.iter().map(|(_, w)| (*w).clone()).collect();
    let mut positions: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, w) in left.iter().enumerate() {
        positions.entry(*w).or_default().push(i);
    }
    let mut used = vec![false; left.len()];
    let (mut i, mut from) = (0, 0);
    while i < words.len() {
        let Some((at, index)) = find_run(&words, i, left, &positions, from, (8, 1)) else {
            if i == 0 && only_in_a_row {
                return false;
            }
            faults.push((note[i..].to_vec(), Fault::Missing));
            break;
        };
        if index > i {
            // The words before this piece: the end of the previous page's part, in a row
            // somewhere before it, or lost.
            let gap: Vec<&str> = words[i..index].iter().map(|w| w.key.as_str()).collect();
            let found = (from..at.saturating_sub(gap.len() - 1)).find(|&p| {
                left[p..p + gap.len()] == gap[..] && !used[p..p + gap.len()].contains(&true)
            });
            match found {
                Some(p) => used[p..p + gap.len()].fill(true),
                None => faults.push((note[i..index].to_vec(), Fault::Missing)),
            }
        }
        let mut k = 0;
        while index + k < words.len()
            && at + k < left.len()
            && !used[at + k]
            && left[at + k] == words[index + k].key
        {
            used[at + k] = true;
            k += 1;
        }
        i = index + k;
        from = at + k;
    }
    let mut used = used.into_iter();
    left.retain(|_| !used.next().unwrap_or(false));
    true
}

/// Finds `words` in order in `left`, removing the words found; the runs not found are
/// faults (missing, until shown to be elsewhere).
fn match_words<'w>(
    words: &[(usize, &'w Word)],
    left: &mut Vec<&str>,
    faults: &mut Vec<(Vec<(usize, &'w Word)>, Fault)>,
) {
    let keys: Vec<&str> = words.iter().map(|(_, w)| w.key.as_str()).collect();
    let ops = similar::capture_diff_slices(Algorithm::Myers, &keys, left);
    let mut used = vec![false; left.len()];
    for op in ops {
        match op {
            DiffOp::Equal { new_index, len, .. } => used[new_index..new_index + len].fill(true),
            DiffOp::Delete {
                old_index, old_len, ..
            }
            | DiffOp::Replace {
                old_index, old_len, ..
            } => faults.push((
                words[old_index..old_index + old_len].to_vec(),
                Fault::Missing,
            )),
            DiffOp::Insert { .. } => {}
        }
    }
    let mut used = used.into_iter();
    left.retain(|_| !used.next().unwrap_or(false));
}

/// Every run of three words of the text and notes of `group`, with its first word.
fn expected_trigrams<'e>(
    expected: &'e Expected,
    group: &[usize],
) -> HashMap<[&'e str; 3], (usize, &'e Word)> {
    let mut out = HashMap::new();
    for &a in group {
        let article = &expected.articles[a];
        for words in std::iter::once(&article.body).chain(&article.notes) {
            for w in words.windows(3) {
                out.entry([w[0].key.as_str(), w[1].key.as_str(), w[2].key.as_str()])
                    .or_insert((a, &w[0]));
            }
        }
    }
    out
}

fn report(
    expected: &Expected,
    article: usize,
    first: &Word,
    run: &[&str],
    fault: Fault,
    name: &str,
    diags: &mut Diagnostics,
) {
    let a = &expected.articles[article];
    // A word of thousands of letters is shown by its ends.
    let run: Vec<String> = run
        .iter()
        .map(|w| {
            let chars: Vec<char> = w.chars().collect();
            if chars.len() > 40 {
                let head: String = chars[..20].iter().collect();
                let tail: String = chars[chars.len() - 10..].iter().collect();
                format!("{head}…{tail} ({} letters)", chars.len())
            } else {
                w.to_string()
            }
        })
        .collect();
    let shown = if run.len() > 12 {
        format!(
            "{} … {}",
            run[..6].join(" "),
            run[run.len() - 3..].join(" ")
        )
    } else {
        run.join(" ")
    };
    let count = if run.len() == 1 {
        "1 word".to_owned()
    } else {
        format!("{} words", run.len())
    };
    let what = match fault {
        Fault::Missing => format!("{count} of the article missing from the {name}"),
        Fault::OutOfOrder => format!("{count} of the article out of order in the {name}"),
        Fault::Repeated => format!("{count} of the article repeated in the {name}"),
    };
    diags.error(
        &a.path,
        Some(Pos::of_offset(&a.text, first.offset)),
        Some(&a.text),
        format!("{what}: “{shown}”"),
    );
}

#[cfg(test)]
mod tests {
    use super::super::testing::{book, keys};
    use super::*;

    /// The messages of the errors `compare` finds in `output`.
    fn faults(expected: &Expected, output: &str) -> Vec<String> {
        let mut diags = Diagnostics::new();
        compare(expected, &keys(output), "EPUB", &mut diags);
        diags
            .sorted()
            .into_iter()
            .map(|d| {
                let p = d.pos.unwrap_or(Pos::new(0, 0));
                format!("{}:{}:{}", p.line, p.col, d.message)
            })
            .collect()
    }

    const ARTICLE: &str = "Le soviet de Petrograd vote la motion des bolcheviks le 31 août.\n\n\
        La majorité bascule[^1] en septembre, et Moscou suit le 5 septembre.\n\n\
        [^1]: Après le putsch manqué de Kornilov.\n";

    #[test]
    fn an_output_with_every_word_passes() {
        let b = book(ARTICLE);
        // Typography, a byline, a running head, a page number, and the note at the foot.
        let output = "Histoire Titre Autrice · 2 septembre 2017 Le soviet de Petrograd vote \
            la motion des bolcheviks le 31 août. Titre 12 La majorité bascule1 en septembre, \
            et Moscou suit le 5 septembre. 1Après le putsch manqué de Kornilov.";
        assert_eq!(faults(&b, output), Vec::<String>::new());
    }

    #[test]
    fn a_lost_word_is_reported_where_it_was_written() {
        let b = book(ARTICLE);
        let output = "Titre Le soviet de Petrograd vote la motion des bolcheviks le 31 août. \
            La majorité bascule en septembre, et suit le 5 septembre. \
            Après le putsch manqué de Kornilov.";
        assert_eq!(
            faults(&b, output),
            ["6:42:1 word of the article missing from the EPUB: “moscou”"]
        );
    }

    #[test]
    fn a_lost_note_is_reported() {
        let b = book(ARTICLE);
        let output = "Titre Le soviet de Petrograd vote la motion des bolcheviks le 31 août. \
            La majorité bascule en septembre, et Moscou suit le 5 septembre.";
        assert_eq!(
            faults(&b, output),
            [
                "8:7:6 words of the article missing from the EPUB: “après le putsch manqué de kornilov”"
            ]
        );
    }

    #[test]
    fn moved_and_repeated_words_are_reported() {
        let b = book(ARTICLE);
        let moved = "Titre La majorité bascule en septembre, et Moscou suit le 5 septembre. \
            Le soviet de Petrograd vote la motion des bolcheviks le 31 août. \
            Après le putsch manqué de Kornilov.";
        assert_eq!(
            faults(&b, moved),
            ["6:1:11 words of the article out of order in the EPUB: \
              “la majorité bascule en septembre et moscou suit le 5 septembre”"]
        );
        let repeated = "Titre Le soviet de Petrograd vote la motion des bolcheviks le 31 août. \
            La majorité bascule en septembre, et Moscou suit le 5 septembre. \
            Après le putsch manqué de Kornilov. la motion des bolcheviks";
        assert_eq!(
            faults(&b, repeated),
            ["4:29:4 words of the article repeated in the EPUB: “la motion des bolcheviks”"]
        );
    }

    #[test]
    fn a_note_cut_at_a_page_foot_is_found_in_its_two_parts() {
        let b = book(
            "Le soviet de Petrograd vote la motion des bolcheviks[^1] le 31 août, puis la \
             majorité bascule en septembre et Moscou suit le 5 septembre.\n\n\
             [^1]: Après le putsch manqué de Kornilov, les bolcheviks gagnent les soviets \
             des deux capitales.\n",
        );
        let output = "Titre Le soviet de Petrograd vote la motion des bolcheviks1 le 31 août, \
            1Après le putsch 12 Titre puis la majorité bascule en septembre et Moscou suit \
            le 5 septembre. manqué de Kornilov, les bolcheviks gagnent les soviets des deux \
            capitales. 13";
        assert_eq!(faults(&b, output), Vec::<String>::new());
    }

    #[test]
    fn titles_may_repeat() {
        let b = book("# Un long intertitre de section\n\nTexte.\n");
        let output = "Un long intertitre de section 7 Titre Un long intertitre de section Texte.";
        assert_eq!(faults(&b, output), Vec::<String>::new());
    }
}
