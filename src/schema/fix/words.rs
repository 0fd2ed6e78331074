//! Values from a list (statuses, stages), booleans and currencies, written otherwise.

use serde_json::Value;

use super::{Fix, Repair, shown};
use crate::format::suggest::{closest, fold};

/// Words people use for a status, and the status they mean.
const SYNONYMS: &[(&str, &str)] = &[
    ("inprogress", "active"),
    ("ongoing", "active"),
    ("started", "active"),
    ("open", "active"),
    ("wip", "active"),
    ("completed", "done"),
    ("complete", "done"),
    ("finished", "done"),
    ("closed", "done"),
    ("delivered", "done"),
    ("shipped", "done"),
    ("canceled", "cancelled"),
    ("abandoned", "dropped"),
    ("planned", "proposed"),
    ("draft", "proposed"),
    ("idea", "proposed"),
    ("hold", "on-hold"),
    ("onhold", "paused"),
    ("paused", "on-hold"),
    ("met", "achieved"),
    ("reached", "achieved"),
    ("done", "achieved"),
    ("up", "increase"),
    ("down", "decrease"),
    ("higher", "increase"),
    ("lower", "decrease"),
];

pub(super) fn enum_meant<'v>(text: &str, values: &'v [String]) -> Option<&'v str> {
    if let Some(close) = closest(text, values.iter().map(String::as_str)) {
        return Some(close);
    }
    let folded = fold(text);
    SYNONYMS
        .iter()
        .filter(|(word, _)| *word == folded)
        .find_map(|(_, meant)| values.iter().find(|v| v == meant))
        .map(String::as_str)
}

pub(super) fn enumerated(name: &str, found: &Value, values: &[String]) -> Fix {
    let list = values.join(", ");
    let noun = match name {
        "status" => "a status",
        "category" => "a category",
        "direction" => "a direction",
        "stage" => "a stage",
        _ => "an accepted value",
    };
    if let Some(text) = found.as_str() {
        if let Some(meant) = enum_meant(text, values) {
            let lower = text.to_lowercase() == meant;
            let message = if lower {
                format!("`{name}` is written in lower case: found {}", shown(found))
            } else {
                format!("{} is not {noun}: did you mean `{meant}`?", shown(found))
            };
            return Fix {
                message,
                help: format!("write `{name}: {meant}` (one of: {list})"),
                repair: Repair::Replace(Value::String(meant.to_owned())),
            };
        }
    }
    Fix {
        message: format!("{} is not {noun}", shown(found)),
        help: format!("write one of: {list}"),
        repair: Repair::Drop,
    }
}

pub(super) fn boolean(name: &str, found: &Value) -> Fix {
    let meant = found
        .as_str()
        .and_then(|s| match s.trim().to_lowercase().as_str() {
            "yes" | "y" | "on" | "true" | "done" => Some(true),
            "no" | "n" | "off" | "false" | "not done" => Some(false),
            _ => None,
        });
    match meant {
        Some(b) => Fix {
            message: format!(
                "`{name}` is `true` or `false`: {} is text in YAML",
                shown(found)
            ),
            help: format!("write `{name}: {b}`"),
            repair: Repair::Replace(Value::Bool(b)),
        },
        None => Fix {
            message: format!("`{name}` is `true` or `false`: found {}", shown(found)),
            help: format!("write `{name}: true` or `{name}: false`"),
            repair: Repair::Drop,
        },
    }
}

pub(super) fn currency(name: &str, found: &Value) -> Fix {
    let text = found.as_str().unwrap_or_default().trim();
    let meant = match text.to_lowercase().as_str() {
        "$" | "us$" | "dollar" | "dollars" | "usd$" => Some("USD".to_owned()),
        "€" | "euro" | "euros" => Some("EUR".to_owned()),
        "£" | "pound" | "pounds" => Some("GBP".to_owned()),
        lower if lower.len() == 3 && lower.bytes().all(|b| b.is_ascii_alphabetic()) => {
            Some(lower.to_ascii_uppercase())
        }
        _ => None,
    };
    match meant {
        Some(code) if text.len() == 3 => Fix {
            message: format!(
                "`{name}` is a code in capital letters: found {}",
                shown(found)
            ),
            help: format!("write `{name}: {code}`"),
            repair: Repair::Replace(Value::String(code)),
        },
        Some(code) => Fix {
            message: format!(
                "`{name}` is a three-letter ISO 4217 code, not a sign: found {}",
                shown(found)
            ),
            help: format!("write `{name}: {code}`"),
            repair: Repair::Replace(Value::String(code)),
        },
        None => Fix {
            message: format!(
                "`{name}` is a three-letter ISO 4217 code: found {}",
                shown(found)
            ),
            help: format!("write a code such as `{name}: USD` or `{name}: EUR`"),
            repair: Repair::Drop,
        },
    }
}
