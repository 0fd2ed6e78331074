//! The pieces of a line the fast reader recognises: which characters it accepts, keys,
//! plain and quoted scalars, comments. Each answers for one piece of text and knows
//! nothing of lines or events.

use std::borrow::Cow;

use serde_saphyr::granit_parser::ScalarStyle;

/// Only `\n` line breaks, no tabs or other control characters, no byte-order mark, none
/// of the characters YAML treats specially (C1 controls, U+2028/9, U+FEFF, U+FFFE/F),
/// and a final line break.
pub(super) fn plain_characters(text: &str) -> bool {
    let bytes = text.as_bytes();
    if bytes.last().is_some_and(|&b| b != b'\n') {
        return false;
    }
    // Nearly all of a plan is printable ASCII: a block of it passes at once (the test
    // has no branch, so it is done on many bytes together), and only a block holding
    // anything else is read byte by byte.
    const BLOCK: usize = 32;
    let printable = |b: u8| (0x20..0x7f).contains(&b) | (b == b'\n');
    let mut i = 0;
    while i < bytes.len() {
        let passes = bytes
            .get(i..i + BLOCK)
            .is_some_and(|block| block.iter().fold(true, |all, &b| all & printable(b)));
        if passes {
            i += BLOCK;
            continue;
        }
        let end = bytes.len().min(i + BLOCK);
        while i < end {
            if !allowed_at(bytes, i) {
                return false;
            }
            i += 1;
        }
    }
    true
}

/// Whether byte `i` is one [`plain_characters`] allows (a byte of a multi-byte
/// character is judged by its first byte, the ones after it pass).
fn allowed_at(bytes: &[u8], i: usize) -> bool {
    let b = bytes[i];
    if b < 0x80 {
        return !((b < 0x20 && b != b'\n') || b == 0x7f);
    }
    let next = bytes.get(i + 1).copied().unwrap_or(0);
    let after = bytes.get(i + 2).copied().unwrap_or(0);
    let special = (b == 0xc2 && (0x80..=0x9f).contains(&next))
        || (b == 0xe2 && next == 0x80 && (after == 0xa8 || after == 0xa9))
        || (b == 0xef && next == 0xbb && after == 0xbf)
        || (b == 0xef && next == 0xbf && (after == 0xbe || after == 0xbf));
    !special
}

pub(super) fn characters(text: &str) -> usize {
    if text.is_ascii() {
        text.len()
    } else {
        text.chars().count()
    }
}

pub(super) fn skip_spaces(bytes: &[u8], mut at: usize, end: usize) -> usize {
    while at < end && bytes[at] == b' ' {
        at += 1;
    }
    at
}

/// The longest plain key granit accepts (as libyaml: a simple key spans at most 1024
/// characters).
pub(super) const MAX_KEY: usize = 1024;

/// A key of the subset: a word of letters, digits, `_` and `-`, not starting with `-`,
/// of at most [`MAX_KEY`] characters; 0 when there is none.
pub(super) fn key_length(text: &str) -> usize {
    let bytes = text.as_bytes();
    if bytes.first().is_none_or(|&b| b == b'-') {
        return 0;
    }
    let len = bytes
        .iter()
        .take_while(|&&b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
        .count();
    if len > MAX_KEY { 0 } else { len }
}

pub(super) fn starts_with_key(text: &str) -> bool {
    let len = key_length(text);
    len > 0
        && text.as_bytes().get(len) == Some(&b':')
        && matches!(text.as_bytes().get(len + 1), None | Some(b' '))
}

/// Nothing, or spaces, or spaces then a comment.
pub(super) fn only_comment(rest: &str) -> bool {
    let trimmed = rest.trim_start_matches(' ');
    trimmed.is_empty() || (trimmed.starts_with('#') && trimmed.len() < rest.len())
}

/// Whether a plain scalar of the subset may start with this byte: not an indicator,
/// except `-` before a non-space (`-5`).
pub(super) fn plain_start(text: &str) -> bool {
    let bytes = text.as_bytes();
    match bytes.first() {
        None => false,
        Some(b'-') => !matches!(bytes.get(1), None | Some(b' ')),
        Some(
            b'?' | b':' | b',' | b'[' | b']' | b'{' | b'}' | b'#' | b'&' | b'*' | b'!' | b'|'
            | b'>' | b'\'' | b'"' | b'%' | b'@' | b'`' | b' ',
        ) => false,
        Some(_) => true,
    }
}

/// The length of a plain value that fills the rest of a block line, up to a comment
/// and without trailing spaces; `None` when it is not plain or holds `: `.
pub(super) fn block_plain_length(text: &str) -> Option<usize> {
    if !plain_start(text) {
        return None;
    }
    // One pass for both: the comment ends the value, a `: ` before it makes a mapping.
    // (Two substring searches set up a searcher each, for values of a few bytes.)
    let bytes = text.as_bytes();
    let mut end = bytes.len();
    for (i, pair) in bytes.windows(2).enumerate() {
        match pair {
            b" #" => {
                end = i;
                break;
            }
            b": " => return None,
            _ => {}
        }
    }
    let body = text[..end].trim_end_matches(' ');
    if body.is_empty() || body.ends_with(':') {
        return None;
    }
    Some(body.len())
}

/// The length of a plain scalar inside a flow collection, without trailing spaces;
/// `None` when it holds anything a flow scalar of the subset may not.
pub(super) fn flow_plain_length(text: &str) -> Option<usize> {
    // Inside brackets `-` may not start a scalar before a flow indicator either (`[-]`).
    let bytes = text.as_bytes();
    if !plain_start(text)
        || (bytes[0] == b'-' && matches!(bytes.get(1), Some(b',' | b'[' | b']' | b'{' | b'}')))
    {
        return None;
    }
    let len = text
        .bytes()
        .position(|b| matches!(b, b',' | b']' | b'}'))
        .unwrap_or(text.len());
    let body = text[..len].trim_end_matches(' ');
    if body.is_empty()
        || body
            .bytes()
            .any(|b| matches!(b, b'[' | b'{' | b'#' | b':' | b'"' | b'\''))
    {
        return None;
    }
    Some(body.len())
}

/// A one-line quoted scalar at the start of `text`: its value, style and written length
/// (quotes included). `None` for escapes in double quotes or an unclosed quote.
pub(super) fn quoted(text: &str) -> Option<(Cow<'_, str>, ScalarStyle, usize)> {
    let bytes = text.as_bytes();
    if bytes[0] == b'"' {
        let close = 1 + text[1..].find('"')?;
        let inner = &text[1..close];
        if inner.contains('\\') {
            return None;
        }
        return Some((Cow::Borrowed(inner), ScalarStyle::DoubleQuoted, close + 1));
    }
    let mut at = 1;
    let mut doubled = false;
    loop {
        let close = at + text[at..].find('\'')?;
        if bytes.get(close + 1) == Some(&b'\'') {
            doubled = true;
            at = close + 2;
            continue;
        }
        let inner = &text[1..close];
        let value = if doubled {
            Cow::Owned(inner.replace("''", "'"))
        } else {
            Cow::Borrowed(inner)
        };
        return Some((value, ScalarStyle::SingleQuoted, close + 1));
    }
}
