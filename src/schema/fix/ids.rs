//! An entity's own id, written otherwise than the id rule allows.

use serde_json::Value;

use super::{Fix, Repair, shown};

/// The id a malformed one most likely meant: blanks and other characters made `-`.
fn id_meant(text: &str) -> Option<String> {
    let replaced: String = text
        .trim()
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-') {
                c
            } else {
                '-'
            }
        })
        .collect();
    let mut collapsed = String::with_capacity(replaced.len());
    for c in replaced.chars() {
        if !(c == '-' && collapsed.ends_with('-')) {
            collapsed.push(c);
        }
    }
    let collapsed = collapsed.trim_matches('-').to_owned();
    let ok = collapsed.len() <= 64
        && collapsed.starts_with(|c: char| c.is_ascii_alphabetic())
        && collapsed != text;
    ok.then_some(collapsed)
}

const ID_RULE: &str =
    "an id is a letter, then letters, digits, `_`, `.` or `-`, 64 characters at most";

pub(super) fn id(found: &Value) -> Fix {
    let Some(text) = found.as_str() else {
        return Fix {
            message: format!("`id` is text: found {}", shown(found)),
            help: format!("write an id such as `id: KR-churn`; {ID_RULE}"),
            repair: Repair::Drop,
        };
    };
    let length = text.chars().count();
    if length > 64 {
        return Fix {
            message: format!("`id` is {length} characters long: found {}", shown(found)),
            help: format!("shorten it to 64 characters at most; {ID_RULE}"),
            repair: Repair::Drop,
        };
    }
    let why = if text.is_empty() {
        "an id cannot be empty".to_owned()
    } else if !text.starts_with(|c: char| c.is_ascii_alphabetic()) {
        "an id starts with a letter".to_owned()
    } else if text.contains(' ') {
        "an id has no spaces".to_owned()
    } else {
        let bad: String = text
            .chars()
            .filter(|c| !(c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-')))
            .take(1)
            .collect();
        format!("an id cannot hold `{bad}`")
    };
    match id_meant(text) {
        Some(meant) => Fix {
            message: format!("{} cannot be an id: {why}", shown(found)),
            help: format!("write `id: {meant}`; {ID_RULE}"),
            repair: Repair::Replace(Value::String(meant)),
        },
        None => Fix {
            message: format!("{} cannot be an id: {why}", shown(found)),
            help: format!("choose another id; {ID_RULE}"),
            repair: Repair::Drop,
        },
    }
}
