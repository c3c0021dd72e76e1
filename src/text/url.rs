//! Links out of the book (a leaf every stage may use): a URL as an author typed it → the one
//! lcbook writes, valid by RFC 3986 (what EPUBCheck and PDF readers hold it to), or the reason
//! it cannot be one.
//!
//! The `url` crate parses and normalises by the WHATWG rules, which keep some characters that
//! RFC 3986 forbids (`\`, `[`, `]`, `{`, `|`, a second `#`…) and accept hosts such as `..`;
//! those are percent-encoded, or refused, here.

use url::{Host, Position, Url};

/// The URL to write for `typed`, or why there is none.
pub fn external(typed: &str) -> Result<String, String> {
    let typed = typed.trim();
    let full = if typed.starts_with("//") {
        format!("https:{typed}")
    } else {
        typed.to_owned()
    };
    let url = Url::parse(&full).map_err(|e| e.to_string())?;
    if url.scheme() == "file" {
        return Err("a file on the reader's own machine".into());
    }
    if url.cannot_be_a_base() && url.path().trim().is_empty() {
        return Err(format!("nothing after `{}:`", url.scheme()));
    }
    if let Some(host) = url.host() {
        check_host(&host)?;
    } else if url.scheme() == "http" || url.scheme() == "https" {
        return Err("no host".into());
    }
    let tail = encode_tail(&url[Position::BeforePath..]);
    if url.username().is_empty() && url.password().is_none() {
        return Ok(format!("{}{tail}", &url[..Position::BeforePath]));
    }
    // User information (`user:secret@`) is written by the RFC's rules too.
    let mut out = url[..Position::BeforeUsername].to_owned();
    out.push_str(&encode_userinfo(url.username()));
    if let Some(p) = url.password() {
        out.push(':');
        out.push_str(&encode_userinfo(p));
    }
    out.push('@');
    out.push_str(&url[Position::BeforeHost..Position::BeforePath]);
    Ok(format!("{out}{tail}"))
}

/// A user name or password, every byte RFC 3986 does not allow there percent-encoded.
fn encode_userinfo(part: &str) -> String {
    encode(part, |_| false)
}

/// Whether RFC 3986 allows `b` in every part of a URL: unreserved, or a sub-delimiter.
fn is_plain(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=".contains(&b)
}

/// `part` with every byte percent-encoded but the plain ones ([`is_plain`]), valid `%XX`
/// escapes, and those `also` allows (asked in order, once a byte).
fn encode(part: &str, mut also: impl FnMut(u8) -> bool) -> String {
    let bytes = part.as_bytes();
    let mut out = String::with_capacity(part.len());
    for (i, &b) in bytes.iter().enumerate() {
        let keep = if b == b'%' {
            is_percent_escape(bytes, i)
        } else {
            is_plain(b) || also(b)
        };
        if keep {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A domain must have labels: `..` or `a..b` is no host a reader can reach.
fn check_host(host: &Host<&str>) -> Result<(), String> {
    match host {
        Host::Domain(host) => {
            let d = host.strip_suffix('.').unwrap_or(host);
            let labels_ok = !d.is_empty()
                && d.split('.').all(|l| {
                    !l.is_empty()
                        && l.len() <= 63
                        && l.bytes()
                            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
                });
            if labels_ok {
                Ok(())
            } else {
                Err(format!("`{host}` is not a host name"))
            }
        }
        Host::Ipv4(_) | Host::Ipv6(_) => Ok(()),
    }
}

/// Percent-encodes, in a URL's path, query and fragment, every byte RFC 3986 does not allow
/// there: what is not plain, `:`, `@`, `/`, `?`, a valid `%XX`, or the `#` that starts the
/// fragment.
fn encode_tail(tail: &str) -> String {
    let mut in_fragment = false;
    encode(tail, |b| match b {
        b':' | b'@' | b'/' | b'?' => true,
        b'#' if !in_fragment => {
            in_fragment = true;
            true
        }
        _ => false,
    })
}

/// Whether the `%` at `i` starts a percent-escape (two hex digits follow).
fn is_percent_escape(bytes: &[u8], i: usize) -> bool {
    bytes.get(i + 1).is_some_and(u8::is_ascii_hexdigit)
        && bytes.get(i + 2).is_some_and(u8::is_ascii_hexdigit)
}

/// Whether `url` is what RFC 3986 allows: its characters, `%` only in an escape, `[ ]` only
/// in the host, one `#` at most. The check the tests hold every written URL to.
pub fn is_valid(url: &str) -> bool {
    let bytes = url.as_bytes();
    let chars = bytes
        .iter()
        .all(|&b| is_plain(b) || b":/?#[]@%".contains(&b));
    let percent = bytes
        .iter()
        .enumerate()
        .all(|(i, &b)| b != b'%' || is_percent_escape(bytes, i));
    let path = url.splitn(4, '/').nth(3).unwrap_or_default();
    chars && percent && !path.contains(['[', ']']) && url.matches('#').count() <= 1
}

/// Whether `dest` starts with a URL scheme (`https:`, `mailto:`).
pub fn has_scheme(dest: &str) -> bool {
    match dest.split_once(':') {
        Some((scheme, _)) => {
            let mut c = scheme.chars();
            c.next().is_some_and(|f| f.is_ascii_alphabetic())
                && c.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
                // A Windows drive letter is a path, not a scheme.
                && scheme.len() > 1
        }
        None => false,
    }
}

/// Whether a URL would run code (`javascript:`, `vbscript:`, `data:` HTML).
pub fn is_unsafe_url(url: &str) -> bool {
    let lower: String = url
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect::<String>()
        .to_ascii_lowercase();
    lower.starts_with("javascript:") || lower.starts_with("vbscript:") || lower.starts_with("data:")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_urls_as_typed() {
        assert_eq!(
            external("https://example.com/a?b=c#d").as_deref(),
            Ok("https://example.com/a?b=c#d")
        );
        assert_eq!(external("mailto:a@b.org").as_deref(), Ok("mailto:a@b.org"));
        assert_eq!(
            external("//example.com/x").as_deref(),
            Ok("https://example.com/x")
        );
    }

    #[test]
    fn what_rfc_3986_forbids_is_encoded() {
        assert_eq!(
            external("https://example.com/?find=\\*").as_deref(),
            Ok("https://example.com/?find=%5C*")
        );
        assert_eq!(
            external("https://example.com/?q=[a]{b}|c^d`e").as_deref(),
            Ok("https://example.com/?q=%5Ba%5D%7Bb%7D%7Cc%5Ed%60e")
        );
        assert_eq!(
            external("https://example.com/#a#b").as_deref(),
            Ok("https://example.com/#a%23b")
        );
        assert_eq!(
            external("https://example.com/100%").as_deref(),
            Ok("https://example.com/100%25")
        );
        assert_eq!(
            external("https://example.com/é").as_deref(),
            Ok("https://example.com/%C3%A9")
        );
    }

    #[test]
    fn hosts_that_are_none() {
        assert!(external("https://../").is_err());
        assert!(external("https://a..b/").is_err());
        assert!(external("https:").is_err());
        assert!(external("not a url").is_err());
        assert!(external("mailto:").is_err());
        assert!(external("file:///etc/passwd").is_err());
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config::with_cases(2000))]

        /// Whatever follows a scheme and a host, the URL written is valid, or there is none.
        #[test]
        fn any_url_written_is_valid(
            scheme in proptest::sample::select(vec!["https://", "http://", "mailto:", "//", "ftp://"]),
            host in "[a-z.\\[\\]:@%-]{0,12}",
            rest in "\\PC{0,40}",
        ) {
            if let Ok(url) = external(&format!("{scheme}{host}{rest}")) {
                proptest::prop_assert!(is_valid(&url), "{}", url);
            }
        }
    }
}
