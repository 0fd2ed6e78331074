//! Reading one field of a Tability entity as the draft needs it, and keeping every
//! field not mapped as a comment.

use serde_json::Value;

use crate::import::viva::{is_empty, str_of, text};
use crate::import::{Item, Report, values};

/// Reports every field of `entity` outside `mapped`, and keeps it as a comment.
pub(super) fn unmapped(
    entity: &Value,
    mapped: &[&str],
    what: &str,
    item: &mut Item,
    report: &mut Report,
) {
    let Value::Object(fields) = entity else {
        return;
    };
    for (key, value) in fields {
        if mapped.contains(&key.as_str()) || is_empty(value) {
            continue;
        }
        let shown = text(value).unwrap_or_else(|| value.to_string());
        report.unmapped(&format!("{what} {key}"), &shown);
        item.notes.push(format!("{key}: {shown}"));
    }
}

/// A number field that may be text (`"1,500"`); one that is no number is reported.
pub(super) fn number_field(
    entity: &Value,
    key: &str,
    item: &mut Item,
    report: &mut Report,
) -> Option<values::Number> {
    let raw = entity.get(key).and_then(text)?;
    let number = values::number(&raw);
    if number.is_none() {
        report.unmapped(&format!("outcome {key}"), &raw);
        item.notes.push(format!("{key}: {raw} (not a number)"));
    }
    number
}

/// A Tability member: its name (first and last, cached on the membership) and e-mail.
pub(super) fn person(member: &Value) -> Option<(String, String)> {
    let (name, email) = match member {
        Value::Object(_) => {
            let full = format!(
                "{} {}",
                str_of(member, "cached_firstname"),
                str_of(member, "cached_lastname")
            );
            let name = Some(str_of(member, "name"))
                .filter(|n| !n.trim().is_empty())
                .unwrap_or(full);
            let email = Some(str_of(member, "cached_email"))
                .filter(|e| !e.is_empty())
                .unwrap_or_else(|| str_of(member, "email"));
            (name.trim().to_owned(), email.trim().to_owned())
        }
        Value::String(name) => (name.trim().to_owned(), String::new()),
        _ => return None,
    };
    match (name.is_empty(), email.is_empty()) {
        (true, true) => None,
        // Without a name, the e-mail names the person (and is their commit author).
        (true, false) => Some((email.clone(), email)),
        _ => Some((name, email)),
    }
}

pub(super) fn id_of(entity: &Value) -> Option<String> {
    entity.get("id").and_then(text).filter(|id| !id.is_empty())
}

pub(super) fn date_of(entity: &Value, key: &str) -> Option<jiff::civil::Date> {
    entity
        .get(key)
        .and_then(text)
        .and_then(|d| values::date(&d))
}

pub(super) fn non_empty(entity: &Value, key: &str) -> Option<String> {
    entity
        .get(key)
        .and_then(text)
        .filter(|t| !t.trim().is_empty())
}
