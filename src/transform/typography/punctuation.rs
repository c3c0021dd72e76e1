//! Punctuation, the pass over a flow's characters: the spaces before high punctuation and
//! inside guillemets, quotes and apostrophes, ellipses and dashes.

use super::quotes::Role;
use super::verbatim::{may_hold_address, verbatim_into};
use super::{Buffers, French, NBSP, NNBSP, Rules, is_typed_space};

/// After these, a sign starts its own run and takes no space before it.
fn opens(c: char) -> bool {
    c.is_whitespace()
        || matches!(c, '(' | '[' | '«' | '“' | '‘' | '\u{2014}' | '\u{2013}')
        || c == NNBSP
}

/// The characters the pass acts on, or that change its state: a run with none of them is
/// left as it is.
fn acts_on(c: char) -> bool {
    matches!(
        c,
        ';' | '!' | '?' | ':' | '«' | '»' | '“' | '”' | '"' | '\'' | '.' | '-' | '…'
    )
}

/// The rules, as a pass over the characters of a flow's successive text runs.
#[cfg_attr(test, derive(Debug, Clone, PartialEq))]
pub(super) struct Spacer {
    /// The French rules, when they apply.
    french: Option<French>,
    /// The last character written, in this run or an earlier one.
    pub(super) prev: Option<char>,
    /// Open quotations: `true` where the mark became a guillemet.
    pub(super) quotes: Vec<bool>,
    /// A guillemet ended the previous run: spaces starting this one are its own.
    after_guillemet: bool,
    /// The roles of the straight quotes still to be written, in order.
    pub(super) roles: std::collections::VecDeque<Role>,
}

impl Spacer {
    pub(super) fn new(rules: Rules) -> Self {
        Spacer {
            french: match rules {
                Rules::French(f) => Some(f),
                Rules::Basic => None,
            },
            prev: None,
            quotes: Vec::new(),
            after_guillemet: false,
            roles: std::collections::VecDeque::new(),
        }
    }

    /// The character before the sign about to be written, typed spaces left out, and the
    /// length of `out` without those spaces (which the sign may replace). Nothing is copied:
    /// a paragraph with a sign every few words stays linear.
    fn before_mark(&self, out: &str) -> (Option<char>, usize) {
        let kept = out.trim_end_matches(is_typed_space).len();
        let before = match out[..kept].chars().next_back() {
            Some(c) => Some(c),
            None => self.prev.filter(|c| !is_typed_space(*c)),
        };
        (before, kept)
    }

    /// Sets the run `s`, followed by `next` in its flow, into `buf.out` and returns `true`;
    /// returns `false`, `buf.out` unspecified, when the run is left as it is.
    pub(super) fn text(&mut self, s: &str, next: Option<char>, buf: &mut Buffers) -> bool {
        if self.leaves(s, next) {
            if let Some(last) = s.chars().next_back() {
                self.prev = Some(last);
            }
            return false;
        }
        self.set(s, next, buf)
    }

    /// Whether the pass leaves the run `s` as it is, without looking at it closer: no
    /// character it acts on, no space to drop at either end.
    pub(super) fn leaves(&self, s: &str, next: Option<char>) -> bool {
        let spaces_to_drop =
            self.after_guillemet || self.before_sign(next) && s.ends_with(is_typed_space);
        !spaces_to_drop && !s.contains(acts_on)
    }

    /// Whether `next`, opening the next run, is a sign that takes the space before it.
    fn before_sign(&self, next: Option<char>) -> bool {
        self.french.is_some() && next.is_some_and(|n| matches!(n, ';' | '!' | '?' | ':' | '»'))
    }

    /// [`Spacer::text`] character by character.
    pub(super) fn set(&mut self, s: &str, next: Option<char>, buf: &mut Buffers) -> bool {
        let before_sign = self.before_sign(next);
        let Buffers {
            index,
            verbatim,
            out,
            ..
        } = buf;
        out.clear();
        out.reserve(s.len() + 8);
        index.of(s);
        let index = &*index;
        let chars = &index.chars[..];
        let mut i = 0;
        if self.after_guillemet {
            while i < chars.len() && is_typed_space(chars[i]) {
                i += 1;
            }
            self.after_guillemet = false;
        }
        let verbatim: &[bool] = if may_hold_address(s) && verbatim_into(chars, self.prev, verbatim)
        {
            verbatim
        } else {
            &[]
        };
        while i < chars.len() {
            let c = chars[i];
            if !acts_on(c) {
                // Every rule starts at a character it acts on: the others up to the next one
                // are copied as they are, at once.
                i = index.copy_until(s, i, out, acts_on);
                continue;
            }
            if verbatim.get(i) == Some(&true) {
                out.push(c);
                i += 1;
                continue;
            }
            let following =
                chars
                    .get(i + 1)
                    .copied()
                    .or(if i + 1 == chars.len() { next } else { None });
            match c {
                ';' | '!' | '?' | ':' if self.french.is_some() => {
                    // `:)` `;-)`, not `(sic !)`.
                    let smiley = matches!(c, ':' | ';')
                        && matches!(following, Some(')' | '(' | '-' | 'D' | 'P'))
                        && (i == 0 || chars[i - 1].is_whitespace());
                    let time = c == ':'
                        && following.is_some_and(|f| f.is_ascii_digit())
                        && out.chars().next_back().is_some_and(|p| p.is_ascii_digit());
                    if smiley || time {
                        out.push(c);
                    } else {
                        let (before, kept) = self.before_mark(out);
                        match (before, self.french) {
                            // `?!` and `!?`: one space before the pair.
                            (Some('!' | '?'), _) if c != ':' => {
                                out.truncate(kept);
                            }
                            (Some(b), Some(f)) if !opens(b) => {
                                out.truncate(kept);
                                out.push(if c == ':' { f.colon } else { NNBSP });
                            }
                            _ => {}
                        }
                        out.push(c);
                    }
                }
                '«' if self.french.is_some() => self.open_guillemet(out, chars, &mut i),
                '“' if self.french.is_some() && self.quotes.is_empty() => {
                    self.open_guillemet(out, chars, &mut i);
                }
                '“' => {
                    self.quotes.push(false);
                    out.push('“');
                }
                '"' => match self.roles.pop_front().unwrap_or(Role::Keep) {
                    Role::Open if self.french.is_some() && self.quotes.is_empty() => {
                        self.open_guillemet(out, chars, &mut i);
                    }
                    Role::Open => {
                        self.quotes.push(false);
                        out.push('“');
                    }
                    Role::Close => match self.quotes.pop() {
                        Some(true) => self.close_guillemet(out),
                        _ => out.push('”'),
                    },
                    Role::Keep => out.push('"'),
                },
                '»' if self.french.is_some() => {
                    self.quotes.pop();
                    self.close_guillemet(out);
                }
                '\'' => {
                    let before = out.chars().next_back().or(self.prev);
                    let letter_after = following.is_some_and(char::is_alphabetic);
                    out.push(
                        if before.is_some_and(char::is_alphanumeric) || !letter_after {
                            '’'
                        } else {
                            '‘'
                        },
                    );
                }
                '.' if chars.get(i + 1) == Some(&'.') && chars.get(i + 2) == Some(&'.') => {
                    out.push('…');
                    i += 2;
                }
                '-' if chars.get(i + 1) == Some(&'-') && chars.get(i + 2) == Some(&'-') => {
                    out.push('—');
                    i += 2;
                }
                '-' if chars.get(i + 1) == Some(&'-') => {
                    out.push('–');
                    i += 1;
                }
                // A hyphen alone between spaces is a dash: ` - ` → ` – `.
                '-' if i > 0 && chars[i - 1] == ' ' && matches!(following, Some(' ' | NBSP)) => {
                    out.push('–');
                }
                // A typed closing mark: a guillemet where its quotation became one.
                '”' if self.french.is_some() => match self.quotes.last() {
                    Some(true) => {
                        self.quotes.pop();
                        self.close_guillemet(out);
                    }
                    Some(false) => {
                        self.quotes.pop();
                        out.push('”');
                    }
                    None => out.push('”'),
                },
                c => out.push(c),
            }
            i += 1;
        }
        // Never "etc.…": the period of the abbreviation is enough.
        if self.french.is_some() && (out.contains("etc.…") || out.contains("etc…")) {
            *out = out
                .replace("etc.…", "etc.")
                .replace("etc….", "etc.")
                .replace("etc…", "etc.");
        }
        // A typed space before a sign that opens the next run is that sign's to replace.
        if before_sign {
            while out.ends_with(is_typed_space) {
                out.pop();
            }
        }
        if let Some(last) = out.chars().next_back() {
            self.prev = Some(last);
        }
        out != s
    }

    /// Writes `«` and a narrow no-break space, skipping the spaces typed after it.
    fn open_guillemet(&mut self, out: &mut String, chars: &[char], i: &mut usize) {
        self.quotes.push(true);
        out.push('«');
        out.push(NNBSP);
        while *i + 1 < chars.len() && is_typed_space(chars[*i + 1]) {
            *i += 1;
        }
        if *i + 1 == chars.len() {
            self.after_guillemet = true;
        }
    }

    /// Writes a narrow no-break space (in place of typed ones) and `»`.
    fn close_guillemet(&mut self, out: &mut String) {
        let (before, kept) = self.before_mark(out);
        out.truncate(kept);
        if before.is_some_and(|b| b != NNBSP) {
            out.push(NNBSP);
        }
        out.push('»');
    }
}

// Public to the pass: its tables also feed `every_case_in_both_writers`.
#[cfg(test)]
pub(super) mod tests {
    use super::super::tests::body;

    pub(in crate::transform::typography) const CASES: &[(&str, &str)] = &[
        // Before ; ! ? : a typed space is replaced, a missing one added.
        ("Quoi ?", "Quoi_?"),
        ("Quoi?", "Quoi_?"),
        ("Quoi\u{a0}?", "Quoi_?"),
        ("Vive la Commune !", "Vive la Commune_!"),
        ("Vive la Commune!", "Vive la Commune_!"),
        ("conciliatrice; il y eut", "conciliatrice_; il y eut"),
        ("conciliatrice ; il y eut", "conciliatrice_; il y eut"),
        ("Septembre 1917 : La marche", "Septembre 1917~: La marche"),
        ("Septembre 1917: La marche", "Septembre 1917~: La marche"),
        ("Note : voir", "Note~: voir"),
        // Pairs take one space before them.
        ("Quoi ?!", "Quoi_?!"),
        ("Quoi !?", "Quoi_!?"),
        ("Quoi?!", "Quoi_?!"),
        ("Vraiment ?? Oui.", "Vraiment_?? Oui."),
        // Times, ratios, URLs, smileys and addresses are left alone.
        ("à 10:30 précises", "à 10:30 précises"),
        (
            "voir https://lacommune.org/a?b=1 ici",
            "voir https://lacommune.org/a?b=1 ici",
        ),
        ("voir www.exemple.fr/x?y ici", "voir www.exemple.fr/x?y ici"),
        ("écrire à a@b.fr ; merci", "écrire à a@b.fr_; merci"),
        ("content :) vraiment", "content :) vraiment"),
        ("content ;) vraiment", "content ;) vraiment"),
        ("triste :( vraiment", "triste :( vraiment"),
        // A sign at the start of a text takes no space.
        ("? Non.", "? Non."),
        ("(! ici)", "(! ici)"),
        // Guillemets: spaces inside become narrow no-break ones.
        ("une « marche » sur", "une «_marche_» sur"),
        ("une «marche» sur", "une «_marche_» sur"),
        ("une «\u{a0}marche\u{a0}» sur", "une «_marche_» sur"),
        ("« sauvé ».", "«_sauvé_»."),
        ("un « pré-parlement » ?", "un «_pré-parlement_»_?"),
        // English quotation marks become guillemets; nested ones stay “ ”.
        ("il dit “oui” et part", "il dit «_oui_» et part"),
        ("« il dit “oui” »", "«_il dit “oui”_»"),
        ("il dit \"oui\" et part", "il dit «_oui_» et part"),
        ("\"Vive la Commune !\"", "«_Vive la Commune_!_»"),
        // A stray straight quote stays as typed.
        ("5\" de diamètre", "5\" de diamètre"),
        ("un \" seul", "un \" seul"),
        // Entity-like text is not prose.
        ("écrire &foo; ici", "écrire &foo; ici"),
        // Quotes after an apostrophe or a colon open; inch marks have no partner.
        (
            "il lisait l'\"Humanité\" hier",
            "il lisait l’«_Humanité_» hier",
        ),
        ("il a dit:\"non\"", "il a dit~:«_non_»"),
        (
            "un tuyau de 5\" et un disque 12\" ; il dit \"oui\" puis \"non\".",
            "un tuyau de 5\" et un disque 12\"_; il dit «_oui_» puis «_non_».",
        ),
        ("\"Une citation qui continue", "«_Une citation qui continue"),
        ("un 5” isolé", "un 5” isolé"),
        // Around an address, the punctuation is prose; inside, nothing changes.
        (
            "il écrivit \"lisez https://lacommune.org\" puis \"merci\"",
            "il écrivit «_lisez https://lacommune.org_» puis «_merci_»",
        ),
        ("«https://lacommune.org»", "«_https://lacommune.org_»"),
        (
            "écrire à redaction@lacommune.org!",
            "écrire à redaction@lacommune.org_!",
        ),
        (
            "voir lacommune.org/contact?sujet=1 ici",
            "voir lacommune.org/contact?sujet=1 ici",
        ),
        ("le dossier C:\\Users\\x ici", "le dossier C:\\Users\\x ici"),
        // `(sic !)` is no smiley.
        ("(sic !) et (pourquoi ?)", "(sic_!) et (pourquoi_?)"),
        // Everything at once.
        (
            "Tout le pouvoir aux soviets !",
            "Tout le pouvoir aux soviets_!",
        ),
        (
            "Conseils ouvriers ou « pré-parlement » ?",
            "Conseils ouvriers ou «_pré-parlement_»_?",
        ),
        ("Le basculement : majorité", "Le basculement~: majorité"),
    ];

    #[test]
    fn french_spacing() {
        for (input, expected) in CASES {
            assert_eq!(body(input), *expected, "{input:?}");
        }
    }

    pub(in crate::transform::typography) const OTHER_CASES: &[(&str, &str)] = &[
        ("aujourd'hui", "aujourd’hui"),
        ("l'État", "l’État"),
        ("Notes de l'article A", "Notes de l’article A"),
        ("les 'guillemets'", "les ‘guillemets’"),
        ("il attend...", "il attend…"),
        ("etc...", "etc."),
        ("etc....", "etc."),
        ("Paris - Lyon", "Paris – Lyon"),
        ("Paris -- Lyon", "Paris – Lyon"),
        ("dit---et", "dit—et"),
        ("juin-juillet", "juin-juillet"),
        ("c'est-à-dire", "c’est-à-dire"),
        ("-500 degrés", "−500 degrés"),
        ("1914-1918", "1914-1918"),
    ];

    #[test]
    fn apostrophes_ellipses_dashes() {
        for (input, expected) in OTHER_CASES {
            assert_eq!(body(input), *expected, "{input:?}");
        }
    }
}
