//! Straight quotes: each `"` of a flow paired as an opening or a closing mark, or kept as
//! typed, before any is written.

/// What a straight `"` is, decided for the whole flow before any is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Role {
    Open,
    Close,
    /// No partner (an inch mark, a stray mark): left as typed.
    Keep,
}

/// The role of each straight `"` of `chars` not marked in `skip`, in order. A mark opens
/// after a space, a bracket, an apostrophe or a colon and before a word; it closes after a
/// word and before a space or punctuation; openings and closings pair up like brackets. A
/// mark that opens the flow and is never closed opens a quotation that goes on in the next
/// paragraph, as French writes it.
pub(super) fn quote_roles(chars: &[char], skip: &[bool]) -> std::collections::VecDeque<Role> {
    let mut roles = Vec::new();
    let mut open: Vec<usize> = Vec::new();
    for (j, &c) in chars.iter().enumerate() {
        if c != '"' || skip.get(j).copied().unwrap_or(false) {
            continue;
        }
        let prev = j.checked_sub(1).map(|p| chars[p]);
        let next = chars.get(j + 1).copied();
        let opener = prev.is_none_or(|p| {
            p.is_whitespace()
                || matches!(
                    p,
                    '(' | '[' | '{' | '«' | '“' | '‘' | '—' | '–' | '’' | '\'' | ':' | '/'
                )
        }) && next.is_some_and(|n| !n.is_whitespace());
        let closer = prev.is_some_and(|p| !p.is_whitespace())
            && next.is_none_or(|n| {
                n.is_whitespace() || n.is_ascii_punctuation() || matches!(n, '»' | '”' | '’' | '…')
            });
        let k = roles.len();
        roles.push(Role::Keep);
        if opener {
            open.push(k);
        } else if closer && let Some(o) = open.pop() {
            roles[o] = Role::Open;
            roles[k] = Role::Close;
        }
    }
    // An opening at the very start that nothing closes: a quotation over paragraphs.
    if let Some(&first) = open.first()
        && first == 0
        && chars.iter().position(|c| *c == '"') == Some(0)
    {
        roles[first] = Role::Open;
    }
    roles.into()
}
