//! What a YAML scalar means: null, boolean, integer, float or text, by the YAML 1.2 core
//! schema with strict booleans — the rules serde-saphyr applies with `strict_booleans` —
//! and what it means as a mapping key or under a tag.
//!
//! The spellings plans use every day (words, dates, plain decimals) are resolved here
//! directly; the rare numeric spellings (`0x1F`, `1_000`, `1e3`, `.inf`, `+5`) are handed
//! to serde-saphyr's own resolver so that both readings can never drift apart. A
//! differential test (`yaml::oracle`) holds the two paths equal.

use compact_str::CompactString;
use serde_saphyr::granit_parser::{ScalarStyle, Tag};

use super::node::Value;

/// The value of a plain (unquoted, untagged) scalar. Text (most of a plan's scalars)
/// keeps the string it was given, without a copy.
pub(super) fn resolve_plain<S: AsRef<str> + Into<String>>(text: S) -> Result<Value, String> {
    Ok(match non_text(text.as_ref())? {
        Some(value) => value,
        None => Value::Str(text.into().into_boxed_str()),
    })
}

/// What a plain scalar means when it is not text: null, a boolean or a number; `None`
/// for text.
fn non_text(text: &str) -> Result<Option<Value>, String> {
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return Ok(Some(Value::Null)),
        "true" | "True" | "TRUE" => return Ok(Some(Value::Bool(true))),
        "false" | "False" | "FALSE" => return Ok(Some(Value::Bool(false))),
        _ => {}
    }
    let bytes = text.as_bytes();
    let unsigned = match bytes[0] {
        b'-' | b'+' => &bytes[1..],
        _ => bytes,
    };
    // Every number starts with a digit or a dot after its sign; the rest is text.
    if !unsigned
        .first()
        .is_some_and(|b| b.is_ascii_digit() || *b == b'.')
    {
        return Ok(None);
    }
    if let Some(value) = plain_decimal(text) {
        return Ok(Some(value));
    }
    // A sign inside the text, other than an exponent's, makes it text (dates, ranges).
    let inner_sign = unsigned.iter().enumerate().any(|(i, b)| {
        matches!(b, b'-' | b'+') && (i == 0 || !matches!(unsigned[i - 1], b'e' | b'E'))
    });
    // A number has a digit (`.inf` and `.nan` aside); `...` alone would read as the
    // end of a document.
    let has_digit = unsigned.iter().any(u8::is_ascii_digit);
    let non_finite = matches!(
        unsigned,
        b".inf" | b".Inf" | b".INF" | b".nan" | b".NaN" | b".NAN"
    );
    if inner_sign || !unsigned.iter().all(|b| NUMERIC.contains(b)) || !(has_digit || non_finite) {
        return Ok(None);
    }
    delegate(text)
}

/// Bytes that may appear in some numeric spelling (decimal, hex, octal, binary, exponent,
/// underscores, `.inf`, `.nan`).
const NUMERIC: &[u8] = b"0123456789abcdefABCDEF.xXoO_+-nNiI";

/// `-?(0|[1-9][0-9]*)` up to 18 digits as an integer, `-?(0|[1-9][0-9]*)\.[0-9]+` as a
/// float; `None` for anything else.
fn plain_decimal(text: &str) -> Option<Value> {
    let digits = text.strip_prefix('-').unwrap_or(text);
    let (whole, fraction) = match digits.split_once('.') {
        Some((whole, fraction)) => (whole, Some(fraction)),
        None => (digits, None),
    };
    let canonical_whole = !whole.is_empty()
        && whole.bytes().all(|b| b.is_ascii_digit())
        && (whole == "0" || !whole.starts_with('0'));
    if !canonical_whole {
        return None;
    }
    match fraction {
        None if whole.len() <= 18 => text.parse().ok().map(Value::Int),
        Some(fraction) if !fraction.is_empty() && fraction.bytes().all(|b| b.is_ascii_digit()) => {
            text.parse().ok().map(Value::Float)
        }
        _ => None,
    }
}

/// serde-saphyr's reading of one plain scalar, for the spellings not resolved above;
/// `None` when it reads as text.
fn delegate(text: &str) -> Result<Option<Value>, String> {
    let options = serde_saphyr::options! {
        strict_booleans: true,
        reject_unsupported_tags: true,
        with_snippet: false,
    };
    match serde_saphyr::from_str_with_options::<Value>(text, options) {
        // Cannot happen for a scalar's text; keep the text rather than guess.
        Ok(Value::Seq(_) | Value::Map(_) | Value::Str(_)) => Ok(None),
        // Only an empty document reads as null: the text was not a number.
        Ok(Value::Null) => Ok(None),
        Ok(value) => Ok(Some(value)),
        Err(error) => Err(first_line(&error.to_string())),
    }
}

/// The value of a scalar carrying an explicit core-schema tag (`!!str`, `!!int`, ...).
pub(super) fn resolve_tagged<S: AsRef<str> + Into<String>>(
    text: S,
    suffix: &str,
) -> Result<Value, String> {
    match suffix {
        "str" => return Ok(Value::Str(text.into().into_boxed_str())),
        // Dates stay text: the schema and the model read them.
        "timestamp" => return Ok(Value::Str(text.into().into_boxed_str())),
        _ => {}
    }
    let text = text.as_ref();
    match suffix {
        "null" => Ok(Value::Null),
        "bool" => match yaml_trim(text) {
            "true" | "True" | "TRUE" => Ok(Value::Bool(true)),
            "false" | "False" | "FALSE" => Ok(Value::Bool(false)),
            _ => Err(format!(
                "`{text}` is not a boolean (`!!bool` wants true or false)"
            )),
        },
        "int" => match resolve_plain(lowercase_radix(yaml_trim(text)))? {
            value @ (Value::Int(_) | Value::UInt(_)) => Ok(value),
            _ => Err(format!("`{text}` is not an integer (tag `!!int`)")),
        },
        // A float is written in decimal: no radix prefix, no digit separators.
        "float" if yaml_trim(text).contains(['x', 'X', 'o', 'O', 'b', 'B', '_']) => {
            Err(format!("`{text}` is not a number (tag `!!float`)"))
        }
        "float" => match resolve_plain(yaml_trim(text))? {
            Value::Int(i) => Ok(Value::Float(i as f64)),
            Value::UInt(u) => Ok(Value::Float(u as f64)),
            value @ Value::Float(_) => Ok(value),
            _ => Err(format!("`{text}` is not a number (tag `!!float`)")),
        },
        other => Err(format!("unsupported tag `!!{other}`")),
    }
}

/// A tagged scalar's text without the blanks and line breaks around it, as serde-saphyr
/// trims it: spaces, tabs, `\r` and `\n` only. (`str::trim` would also take NEL, U+2028,
/// a no-break space and the like, and read `"\N2.5"` as 2.5 where serde-saphyr refuses
/// it; found by the fuzz target.)
fn yaml_trim(text: &str) -> &str {
    text.trim_matches([' ', '\t', '\r', '\n'])
}

/// A key that needs no resolution: quoted text, or a plain word (almost every key).
pub(super) fn plain_word(
    text: &str,
    style: ScalarStyle,
    tag: Option<&Tag>,
) -> Option<CompactString> {
    if tag.is_some() {
        return None;
    }
    let word = style != ScalarStyle::Plain
        || (text.starts_with(|c: char| c.is_ascii_lowercase())
            && !matches!(text, "null" | "true" | "false"));
    word.then(|| CompactString::new(text))
}

/// The text of a mapping key: any scalar, as JSON would spell it; `None` for a
/// collection.
pub(super) fn value_key_text(value: &Value) -> Option<CompactString> {
    Some(match value {
        Value::Str(s) => CompactString::new(s),
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string().into(),
        Value::Int(i) => i.to_string().into(),
        Value::UInt(u) => u.to_string().into(),
        Value::Float(f) => f.to_string().into(),
        Value::Seq(_) | Value::Map(_) => return None,
    })
}

/// The value of any scalar: plain ones resolved, quoted ones text, tagged ones by
/// their core-schema tag.
pub(super) fn scalar_value(
    text: String,
    style: ScalarStyle,
    tag: Option<&Tag>,
) -> Result<Value, String> {
    match tag {
        None if style == ScalarStyle::Plain => resolve_plain(text),
        None => Ok(Value::Str(text.into_boxed_str())),
        // The non-specific tag `!` means "a string".
        Some(tag) if is_non_specific(tag) => Ok(Value::Str(text.into_boxed_str())),
        Some(tag) => match tag.core_suffix() {
            Some(suffix) => resolve_tagged(text, suffix),
            None => Err(format!("unsupported tag `{}`", tag_text(tag))),
        },
    }
}

/// The bare `!` tag (granit spells it as an empty handle and the suffix `!`).
pub(super) fn is_non_specific(tag: &Tag) -> bool {
    (tag.handle().is_empty() && tag.suffix() == "!")
        || (tag.handle() == "!" && tag.suffix().is_empty())
}

pub(super) fn tag_text(tag: &Tag) -> String {
    match tag.core_suffix() {
        Some(suffix) => format!("!!{suffix}"),
        None => format!("{}{}", tag.original_handle(), tag.suffix()),
    }
}

/// `0X1F` as `0x1F` (and `0O`, `0B`): an explicit `!!int` accepts the capital radix
/// letters that a plain scalar leaves as text.
fn lowercase_radix(text: &str) -> String {
    let (sign, digits) = match text.strip_prefix(['-', '+']) {
        Some(rest) => (&text[..1], rest),
        None => ("", text),
    };
    match digits.as_bytes() {
        [b'0', radix @ (b'X' | b'O' | b'B'), ..] => {
            format!(
                "{sign}0{}{}",
                radix.to_ascii_lowercase() as char,
                &digits[2..]
            )
        }
        _ => text.to_owned(),
    }
}

fn first_line(message: &str) -> String {
    let first = message.lines().next().unwrap_or(message).trim();
    let first = first.strip_prefix("error: ").unwrap_or(first);
    match first.find(" at line ") {
        Some(at) => first[..at].to_owned(),
        None => first.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn everyday_spellings() {
        assert_eq!(resolve_plain("12"), Ok(Value::Int(12)));
        assert_eq!(resolve_plain("-7"), Ok(Value::Int(-7)));
        assert_eq!(resolve_plain("0"), Ok(Value::Int(0)));
        assert_eq!(resolve_plain("2.5"), Ok(Value::Float(2.5)));
        assert_eq!(resolve_plain("-0.25"), Ok(Value::Float(-0.25)));
        assert_eq!(
            resolve_plain("2026-01-01"),
            Ok(Value::Str("2026-01-01".into()))
        );
        assert_eq!(resolve_plain("2026-Q1"), Ok(Value::Str("2026-Q1".into())));
        assert_eq!(resolve_plain("yes"), Ok(Value::Str("yes".into())));
        assert_eq!(resolve_plain("~"), Ok(Value::Null));
        assert_eq!(resolve_plain("TRUE"), Ok(Value::Bool(true)));
    }

    #[test]
    fn rare_spellings_follow_serde_saphyr() {
        assert_eq!(resolve_plain("0x1F"), Ok(Value::Int(31)));
        assert_eq!(resolve_plain("1_000"), Ok(Value::Int(1000)));
        assert_eq!(resolve_plain("1e3"), Ok(Value::Float(1000.0)));
        assert_eq!(resolve_plain("+5"), Ok(Value::Int(5)));
        // serde-saphyr refuses the integer reading of a leading zero but not the float one.
        assert_eq!(resolve_plain("007"), Ok(Value::Float(7.0)));
        assert!(
            resolve_plain(".inf").is_err(),
            "non-finite numbers are refused"
        );
    }

    #[test]
    fn tags() {
        assert_eq!(resolve_tagged("12", "str"), Ok(Value::Str("12".into())));
        assert_eq!(resolve_tagged("12", "float"), Ok(Value::Float(12.0)));
        assert!(resolve_tagged("x", "int").is_err());
        assert!(resolve_tagged("aGk=", "binary").is_err());
        // Blanks and line breaks around the text are YAML's to trim; other white space is
        // part of it.
        assert_eq!(resolve_tagged(" 2.5\n", "float"), Ok(Value::Float(2.5)));
        assert_eq!(resolve_tagged("\t7\r\n", "int"), Ok(Value::Int(7)));
        assert!(resolve_tagged("\u{85}2.5", "float").is_err());
        assert!(resolve_tagged("\u{2028}7", "int").is_err());
        assert!(resolve_tagged("true\u{a0}", "bool").is_err());
    }
}
