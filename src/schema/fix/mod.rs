//! What a value that breaks its schema should have been: a message that names the
//! mistake, help that says exactly what to write, and, where the writer's intent is
//! plain (`25%` for a number, `Active` for `active`, `2026-10-1` for a date), the value
//! meant, so that the rest of the plan is judged as the writer meant it while the
//! finding still asks for the fix.
//!
//! Pure: a value and what its field expects in, words and a value out.

use serde_json::Value;

mod dates;
mod ids;
mod numbers;
#[cfg(test)]
mod tests;
mod words;

use dates::{date, period};
use ids::id;
use numbers::{confidence, number};
use words::{boolean, currency, enumerated};

/// What a field expects, read from its schema and its name.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Expect {
    Number {
        minimum: Option<f64>,
        above: Option<f64>,
    },
    Confidence,
    Date,
    Period,
    Enum(Vec<String>),
    Bool,
    Currency,
    /// The id of the entity itself.
    Id,
    /// A reference to another entity: its own rule (`unknown-reference`) judges it.
    Reference,
    List,
    Mapping,
    Url,
    Text,
}

/// How the reader goes on after a mistake.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Repair {
    /// Read this value instead: what the writer meant.
    Replace(Value),
    /// Leave the node out: nothing can be guessed.
    Drop,
    /// Keep the value as written; another rule reports it.
    Keep,
}

/// A mistake in words, and how to go on.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Fix {
    pub message: String,
    pub help: String,
    pub repair: Repair,
}

/// The value as the user wrote it, for a message: text without quotes.
pub(crate) fn shown(value: &Value) -> String {
    let text = match value {
        Value::String(s) => s.clone(),
        Value::Null => return "nothing".to_owned(),
        Value::Array(_) => return "a list".to_owned(),
        Value::Object(_) => return "a mapping".to_owned(),
        other => other.to_string(),
    };
    let mut text: String = text.replace('\n', " ");
    if text.chars().count() > 60 {
        text = text.chars().take(57).collect::<String>() + "...";
    }
    format!("`{text}`")
}

/// A number as YAML writes it: `25`, `0.6`, `1000`.
fn yaml_number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{n:.0}")
    } else {
        let text = format!("{n}");
        text
    }
}

fn number_value(n: f64) -> Value {
    if n.fract() == 0.0 && n.abs() < 9e15 {
        #[allow(clippy::cast_possible_truncation)] // integral and in range, checked above
        Value::from(n as i64)
    } else {
        serde_json::Number::from_f64(n).map_or(Value::Null, Value::Number)
    }
}

/// The fix for `found` in the field `name` that expects `expect`.
pub(crate) fn fix(expect: &Expect, name: &str, found: &Value) -> Fix {
    match expect {
        Expect::Number { minimum, above } => number(name, found, *minimum, *above),
        Expect::Confidence => confidence(name, found),
        Expect::Date => date(name, found),
        Expect::Period => period(name, found),
        Expect::Enum(values) => enumerated(name, found, values),
        Expect::Bool => boolean(name, found),
        Expect::Currency => currency(name, found),
        Expect::Id => id(found),
        Expect::Reference => reference(name, found),
        Expect::List => list(name, found),
        Expect::Mapping => Fix {
            message: format!("`{name}` is a mapping of fields, found {}", shown(found)),
            help: format!(
                "write the fields of `{name}` on the lines below it, indented by two spaces"
            ),
            repair: Repair::Drop,
        },
        Expect::Url => Fix {
            message: format!("{} is not a link bearing can show", shown(found)),
            help: "write an address that starts with `https://`, `http://` or `mailto:`".to_owned(),
            repair: Repair::Drop,
        },
        Expect::Text => text(name, found),
    }
}

fn reference(name: &str, found: &Value) -> Fix {
    match found {
        // The references rule names what it meant, knowing the whole plan.
        Value::String(_) => Fix {
            message: String::new(),
            help: String::new(),
            repair: Repair::Keep,
        },
        Value::Number(n) => Fix {
            message: String::new(),
            help: String::new(),
            repair: Repair::Replace(Value::String(n.to_string())),
        },
        _ => Fix {
            message: format!("`{name}` names an id: found {}", shown(found)),
            help: format!("write the id of the entity, such as `{name}: KR-churn`"),
            repair: Repair::Drop,
        },
    }
}

fn list(name: &str, found: &Value) -> Fix {
    match found {
        Value::String(s) if !s.contains('\n') => Fix {
            message: format!("`{name}` is a list, found one value {}", shown(found)),
            help: format!("write `{name}: [{s}]`"),
            repair: Repair::Replace(Value::Array(vec![found.clone()])),
        },
        Value::Object(_) => Fix {
            message: format!("`{name}` is a list, found a mapping"),
            help: format!("start each item of `{name}` with `- `"),
            repair: Repair::Replace(Value::Array(vec![found.clone()])),
        },
        Value::Null => Fix {
            message: format!("`{name}` is empty"),
            help: format!(
                "list its items on the lines below, each starting with `- `, or remove `{name}:`"
            ),
            repair: Repair::Drop,
        },
        _ => Fix {
            message: format!("`{name}` is a list, found {}", shown(found)),
            help: format!("write `{name}:` and its items below it, each starting with `- `"),
            repair: Repair::Drop,
        },
    }
}

fn text(name: &str, found: &Value) -> Fix {
    match found {
        Value::String(s) if s.trim().is_empty() => Fix {
            message: format!("`{name}` is empty"),
            help: format!("write the `{name}` on the same line: `{name}: ...`"),
            repair: Repair::Keep,
        },
        Value::Number(_) | Value::Bool(_) => Fix {
            message: String::new(),
            help: String::new(),
            repair: Repair::Replace(Value::String(found.to_string())),
        },
        Value::Null => Fix {
            message: format!("`{name}` is empty"),
            help: format!("write the `{name}` on the same line: `{name}: ...`"),
            repair: Repair::Drop,
        },
        _ => Fix {
            message: format!("`{name}` is text, found {}", shown(found)),
            help: format!(
                "write it on one line after `{name}: `, in quotes if it holds `: ` or starts with a sign"
            ),
            repair: Repair::Drop,
        },
    }
}
