//! Verbatim detection: addresses, URLs, paths and entity-like text are not prose and are
//! left as typed.

/// Whether a run may hold an address at all: every address has one of `/ @ \ &` or starts
/// with `www.`. Most runs of prose have none, and are not looked at word by word.
pub(super) fn may_hold_address(s: &str) -> bool {
    s.bytes().any(|b| matches!(b, b'/' | b'@' | b'\\' | b'&')) || s.contains("www.")
}

/// Which characters of a text run are not prose and are left as typed: addresses, URLs,
/// paths, entity-like text, marked in `v`, a buffer reused from run to run; returns whether
/// any is. The punctuation around them is prose: in `«https://x.org»` or `x@y.fr !` the
/// guillemets and the `!` get their spaces. `prev` is the character before.
pub(super) fn verbatim_into(chars: &[char], prev: Option<char>, v: &mut Vec<bool>) -> bool {
    v.clear();
    v.resize(chars.len(), false);
    let mut any = false;
    let mut i = 0;
    while i < chars.len() {
        let at_start = match i {
            0 => prev.is_none_or(char::is_whitespace),
            _ => chars[i - 1].is_whitespace(),
        };
        if !at_start || chars[i].is_whitespace() {
            i += 1;
            continue;
        }
        let end = chars[i..]
            .iter()
            .position(|c| c.is_whitespace())
            .map_or(chars.len(), |p| i + p);
        // Most words cannot be addresses: no need to look closer.
        let maybe = chars[i] == 'w'
            || chars[i..end]
                .iter()
                .any(|c| matches!(c, '/' | '@' | '\\' | '&'));
        if !maybe {
            i = end;
            continue;
        }
        let token: String = chars[i..end].iter().collect();
        if token.starts_with('&') && token.contains(';') {
            v[i..end].fill(true);
            any = true;
            i = end;
            continue;
        }
        let lead = chars[i..end]
            .iter()
            .take_while(|c| matches!(c, '«' | '“' | '‘' | '"' | '\'' | '(' | '['))
            .count();
        let trail = chars[i + lead..end]
            .iter()
            .rev()
            .take_while(|c| {
                matches!(
                    c,
                    '"' | '\''
                        | '»'
                        | '”'
                        | '’'
                        | ')'
                        | ']'
                        | '.'
                        | ','
                        | ';'
                        | ':'
                        | '!'
                        | '?'
                        | '…'
                )
            })
            .count();
        let core: String = chars[i + lead..end - trail].iter().collect();
        if is_address(&core) {
            v[i + lead..end - trail].fill(true);
            any = true;
        }
        i = end;
    }
    any
}

/// Whether a word is an address or a path rather than prose: a URL, an e-mail address or a
/// handle, a domain with a path (`lacommune.org/contact?x=1`), a Windows path (`C:\Users`).
fn is_address(core: &str) -> bool {
    let drive = {
        let c: Vec<char> = core.chars().take(3).collect();
        c.len() == 3 && c[0].is_ascii_alphabetic() && c[1] == ':' && matches!(c[2], '\\' | '/')
    };
    let domain_path = core.split_once('/').is_some_and(|(host, _)| {
        host.rsplit_once('.').is_some_and(|(name, tld)| {
            !name.is_empty()
                && tld.len() >= 2
                && tld.chars().all(|c| c.is_ascii_lowercase())
                && host
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-'))
        })
    });
    core.contains("://")
        || core.starts_with("www.")
        || core.len() > 1 && core.contains('@')
        || core.contains('\\')
        || drive
        || domain_path
}
