//! What a value that breaks its schema should have been: a message that names the
//! mistake, help that says exactly what to write, and, where the writer's intent is
//! plain (`25%` for a number, `Active` for `active`, `2026-10-1` for a date), the value
//! meant, so that the rest of the plan is judged as the writer meant it while the
//! finding still asks for the fix.
//!
//! Pure: a value and what its field expects in, words and a value out.

use serde_json::Value;

use crate::format::suggest::{closest, fold};

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

/// The number inside `text` when the rest is decoration a person adds: a `%` sign,
/// thousands separators, a currency symbol or code, a `+`.
fn decorated_number(text: &str) -> Option<(f64, &'static str)> {
    let trimmed = text.trim();
    let mut what = "";
    let mut core = trimmed.to_owned();
    if let Some(rest) = core.strip_suffix('%') {
        core = rest.trim_end().to_owned();
        what = "a `%` sign";
    }
    for symbol in ["US$", "$", "€", "£", "¥"] {
        if let Some(rest) = core.strip_prefix(symbol) {
            core = rest.trim_start().to_owned();
            what = "a currency sign";
        }
    }
    for code in [" USD", " EUR", " GBP", " CHF", " JPY"] {
        if let Some(rest) = core.strip_suffix(code) {
            core = rest.to_owned();
            what = "a currency";
        }
    }
    let core = core.strip_prefix('+').unwrap_or(&core).to_owned();
    let groups: Vec<&str> = core.split(',').collect();
    let plain = if groups.len() > 1 {
        let head = groups[0].trim_start_matches('-');
        let thousands = !head.is_empty()
            && head.len() <= 3
            && head.bytes().all(|b| b.is_ascii_digit())
            && groups[1..groups.len() - 1]
                .iter()
                .all(|g| g.len() == 3 && g.bytes().all(|b| b.is_ascii_digit()))
            && {
                let last = groups[groups.len() - 1];
                let int = last.split('.').next().unwrap_or("");
                int.len() == 3 && int.bytes().all(|b| b.is_ascii_digit())
            };
        if thousands {
            if what.is_empty() {
                what = "thousands separators";
            }
            groups.concat()
        } else if groups.len() == 2
            && !groups[1].is_empty()
            && groups[1].len() <= 2
            && groups[1].bytes().all(|b| b.is_ascii_digit())
        {
            what = "a decimal comma";
            format!("{}.{}", groups[0], groups[1])
        } else {
            return None;
        }
    } else {
        core.replace(['_', ' '], "")
    };
    if what.is_empty() && plain != core {
        what = "spaces";
    }
    let n: f64 = plain.parse().ok()?;
    (n.is_finite() && !what.is_empty()).then_some((n, what))
}

fn number(name: &str, found: &Value, minimum: Option<f64>, above: Option<f64>) -> Fix {
    if let Some(n) = found.as_f64() {
        if let Some(min) = minimum.filter(|m| n < *m) {
            let help = if min == 0.0 {
                format!("write `{name}` as an amount of zero or more")
            } else {
                format!("write `{name}` as {} or more", yaml_number(min))
            };
            let what = if min == 0.0 {
                format!("`{name}` cannot be negative: found {}", shown(found))
            } else {
                format!(
                    "`{name}` is at least {}: found {}",
                    yaml_number(min),
                    shown(found)
                )
            };
            return Fix {
                message: what,
                help,
                repair: Repair::Drop,
            };
        }
        if let Some(limit) = above.filter(|a| n <= *a) {
            return Fix {
                message: format!(
                    "`{name}` must be above {}: found {}",
                    yaml_number(limit),
                    shown(found)
                ),
                help: format!(
                    "write a `{name}` above {}, or leave it out",
                    yaml_number(limit)
                ),
                repair: Repair::Drop,
            };
        }
    }
    match found {
        Value::String(text) => {
            if let Some((n, what)) = decorated_number(text) {
                let unit_help = match what {
                    "a `%` sign" => "; the unit goes in `unit: \"%\"`",
                    "a currency sign" | "a currency" => "; the currency goes in `currency:`",
                    _ => "",
                };
                return Fix {
                    message: format!("`{name}` is a number: {} has {what}", shown(found)),
                    help: format!("write `{name}: {}`, digits only{unit_help}", yaml_number(n)),
                    repair: Repair::Replace(number_value(n)),
                };
            }
            Fix {
                message: format!("`{name}` is a number, not text: found {}", shown(found)),
                help: format!(
                    "write the number alone, such as `{name}: 42`; say more in `description:`"
                ),
                repair: Repair::Drop,
            }
        }
        _ => Fix {
            message: format!("`{name}` is a number: found {}", shown(found)),
            help: format!("write the number alone, such as `{name}: 42`"),
            repair: Repair::Drop,
        },
    }
}

fn confidence(name: &str, found: &Value) -> Fix {
    let percent = match found {
        Value::Number(n) => n.as_f64().filter(|v| *v >= 2.0 && *v <= 100.0),
        Value::String(s) => s
            .trim()
            .strip_suffix('%')
            .and_then(|n| n.trim().parse::<f64>().ok())
            .filter(|v| (0.0..=100.0).contains(v)),
        _ => None,
    };
    if let Some(p) = percent {
        let fraction = (p * 1000.0).round() / 100_000.0;
        return Fix {
            message: format!(
                "`{name}` is a fraction from 0 to 1: {} reads as a percentage",
                shown(found)
            ),
            help: format!("write `{name}: {}`", yaml_number(fraction)),
            repair: Repair::Replace(number_value(fraction)),
        };
    }
    Fix {
        message: format!("`{name}` is a number from 0 to 1: found {}", shown(found)),
        help: format!(
            "write how likely the target is met, from `{name}: 0` (no chance) to `{name}: 1` (certain)"
        ),
        repair: Repair::Drop,
    }
}

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

fn days_in(year: i64, month: i64) -> i64 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 31,
    }
}

/// Year, month and day read from the common ways of writing a date.
fn date_parts(text: &str) -> Option<(i64, i64, i64)> {
    let parts: Vec<&str> = text.trim().split(['-', '/', '.']).map(str::trim).collect();
    let nums: Option<Vec<i64>> = parts.iter().map(|p| p.parse::<i64>().ok()).collect();
    let nums = nums?;
    let [a, b, c] = nums[..] else { return None };
    if parts[0].len() == 4 {
        Some((a, b, c))
    } else if parts[2].len() == 4 {
        // Day and month in either order: only an unambiguous one is read.
        if a > 12 && b <= 12 {
            Some((c, b, a))
        } else if b > 12 && a <= 12 {
            Some((c, a, b))
        } else {
            None
        }
    } else {
        None
    }
}

fn iso(year: i64, month: i64, day: i64) -> String {
    format!("{year:04}-{month:02}-{day:02}")
}

fn date(name: &str, found: &Value) -> Fix {
    let text = match found {
        Value::String(s) => s.as_str(),
        _ => {
            return Fix {
                message: format!("`{name}` is a date: found {}", shown(found)),
                help: format!("write the date as YYYY-MM-DD, such as `{name}: 2026-09-30`"),
                repair: Repair::Drop,
            };
        }
    };
    if let Some((y, m, d)) = date_parts(text) {
        if !(1..=12).contains(&m) {
            return Fix {
                message: format!(
                    "`{name}` is not a real date: {} has month {m}",
                    shown(found)
                ),
                help: "months run from 01 to 12: write the date as YYYY-MM-DD".to_owned(),
                repair: Repair::Drop,
            };
        }
        if d < 1 || d > days_in(y, m) {
            let month = MONTHS[usize::try_from(m - 1).unwrap_or(0)];
            let mut capital = month.to_owned();
            capital[..1].make_ascii_uppercase();
            return Fix {
                message: format!(
                    "`{name}` is not a real date: {capital} {y} has {} days",
                    days_in(y, m)
                ),
                help: format!(
                    "write a day that exists, such as `{name}: {}`",
                    iso(y, m, days_in(y, m))
                ),
                repair: Repair::Drop,
            };
        }
        if (1000..=9999).contains(&y) {
            let meant = iso(y, m, d);
            return Fix {
                message: format!(
                    "`{name}` is written YYYY-MM-DD, with a two-digit month and day: found {}",
                    shown(found)
                ),
                help: format!("write `{name}: {meant}`"),
                repair: Repair::Replace(Value::String(meant)),
            };
        }
    }
    Fix {
        message: format!("`{name}` is a date, found {}", shown(found)),
        help: format!("write the date as YYYY-MM-DD, such as `{name}: 2026-09-30`"),
        repair: Repair::Drop,
    }
}

/// `Q3 2026`, `2026Q3`, `2026 q3`, `H2-2026`, `October 2026` as bearing writes them.
fn period_meant(text: &str) -> Option<String> {
    let lower = text.trim().to_lowercase().replace(['_', '/'], "-");
    let tokens: Vec<String> = {
        let mut out = Vec::new();
        let mut current = String::new();
        let mut prev_digit: Option<bool> = None;
        for c in lower.chars() {
            if c == ' ' || c == '-' {
                if !current.is_empty() {
                    out.push(std::mem::take(&mut current));
                }
                prev_digit = None;
                continue;
            }
            let digit = c.is_ascii_digit();
            // `2026q3` and `q3` split between the year and the letter.
            if prev_digit == Some(true) && !digit && !current.is_empty() {
                out.push(std::mem::take(&mut current));
            }
            current.push(c);
            prev_digit = Some(digit);
        }
        if !current.is_empty() {
            out.push(current);
        }
        out
    };
    let year = tokens
        .iter()
        .find(|t| t.len() == 4 && t.bytes().all(|b| b.is_ascii_digit()))?;
    let rest: Vec<&String> = tokens.iter().filter(|t| *t != year).collect();
    match rest.as_slice() {
        [part] => {
            let part = part.strip_prefix("fy").unwrap_or(part);
            if let Some(q) = part.strip_prefix('q').and_then(|n| n.parse::<u8>().ok()) {
                return (1..=4).contains(&q).then(|| format!("{year}-Q{q}"));
            }
            if let Some(h) = part.strip_prefix('h').and_then(|n| n.parse::<u8>().ok()) {
                return (1..=2).contains(&h).then(|| format!("{year}-H{h}"));
            }
            if let Some(m) = MONTHS
                .iter()
                .position(|name| part.len() >= 3 && name.starts_with(part))
            {
                return Some(format!("{year}-{:02}", m + 1));
            }
            if let Ok(m) = part.parse::<u8>() {
                return (1..=12).contains(&m).then(|| format!("{year}-{m:02}"));
            }
            None
        }
        [] if tokens.len() == 1 => None,
        _ => None,
    }
}

fn period(name: &str, found: &Value) -> Fix {
    let forms = "a year (`2026`), a half (`2026-H2`), a quarter (`2026-Q3`), a month (`2026-10`) or `{start: YYYY-MM-DD, end: YYYY-MM-DD}`";
    match found {
        Value::String(text) => {
            if let Some(meant) = period_meant(text) {
                if meant != *text {
                    return Fix {
                        message: format!(
                            "`{name}` is written year first, then `-`: found {}",
                            shown(found)
                        ),
                        help: format!("write `{name}: {meant}`"),
                        repair: Repair::Replace(Value::String(meant)),
                    };
                }
            }
            let lower = text.to_lowercase();
            let message = if lower.contains('q') {
                format!(
                    "`{name}` names a quarter that does not exist: {}",
                    shown(found)
                )
            } else if lower.contains('h') {
                format!(
                    "`{name}` names a half that does not exist: {}",
                    shown(found)
                )
            } else {
                format!("`{name}` is not a period: found {}", shown(found))
            };
            Fix {
                message,
                help: format!("write {forms}"),
                repair: Repair::Drop,
            }
        }
        Value::Object(map) => {
            let missing: Vec<&str> = ["start", "end"]
                .into_iter()
                .filter(|k| !map.contains_key(*k))
                .collect();
            let message = match missing.as_slice() {
                [one] => format!("`{name}` needs both `start` and `end`: `{one}` is missing"),
                [_, _] => format!("`{name}` needs both `start` and `end`"),
                _ => format!("`{name}` has fields other than `start` and `end`"),
            };
            Fix {
                message,
                help: "write the first and the last day of the period: `{start: 2026-07-01, end: 2026-12-31}`, or a named period such as `2026-H2`".to_owned(),
                repair: Repair::Drop,
            }
        }
        _ => Fix {
            message: format!("`{name}` is not a period: found {}", shown(found)),
            help: format!("write {forms}"),
            repair: Repair::Drop,
        },
    }
}

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

fn enum_meant<'v>(text: &str, values: &'v [String]) -> Option<&'v str> {
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

fn enumerated(name: &str, found: &Value, values: &[String]) -> Fix {
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

fn boolean(name: &str, found: &Value) -> Fix {
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

fn currency(name: &str, found: &Value) -> Fix {
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

/// The id a malformed one most likely meant: blanks and other characters made `-`.
pub(crate) fn id_meant(text: &str) -> Option<String> {
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

fn id(found: &Value) -> Fix {
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

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn meant(expect: &Expect, found: Value) -> Option<Value> {
        match fix(expect, "x", &found).repair {
            Repair::Replace(v) => Some(v),
            _ => None,
        }
    }

    #[test]
    fn decorated_numbers_are_read_as_meant() {
        let n = Expect::Number {
            minimum: None,
            above: None,
        };
        assert_eq!(meant(&n, json!("25%")), Some(json!(25)));
        assert_eq!(meant(&n, json!("1,000,000")), Some(json!(1_000_000)));
        assert_eq!(meant(&n, json!("$1,200.50")), Some(json!(1200.5)));
        assert_eq!(meant(&n, json!("3,5")), Some(json!(3.5)));
        assert_eq!(meant(&n, json!("4.5%")), Some(json!(4.5)));
        assert_eq!(meant(&n, json!("about 5000")), None);
        assert_eq!(meant(&n, json!("1,00")), Some(json!(1)));
        assert_eq!(meant(&Expect::Confidence, json!(60)), Some(json!(0.6)));
        assert_eq!(meant(&Expect::Confidence, json!("75%")), Some(json!(0.75)));
    }

    #[test]
    fn dates_and_periods_are_read_as_meant() {
        assert_eq!(
            meant(&Expect::Date, json!("2026-10-1")),
            Some(json!("2026-10-01"))
        );
        assert_eq!(
            meant(&Expect::Date, json!("30/11/2026")),
            Some(json!("2026-11-30"))
        );
        assert_eq!(meant(&Expect::Date, json!("03/04/2026")), None);
        assert_eq!(meant(&Expect::Date, json!("2026-13-01")), None);
        assert_eq!(meant(&Expect::Date, json!("2026-02-30")), None);
        assert!(
            fix(&Expect::Date, "due", &json!("2026-02-30"))
                .message
                .contains("February 2026 has 28 days")
        );
        for (written, expected) in [
            ("Q3 2026", "2026-Q3"),
            ("2026Q3", "2026-Q3"),
            ("2026 q3", "2026-Q3"),
            ("H2-2026", "2026-H2"),
            ("October 2026", "2026-10"),
            ("2026-h1", "2026-H1"),
        ] {
            assert_eq!(
                meant(&Expect::Period, json!(written)),
                Some(json!(expected)),
                "{written}"
            );
        }
        assert_eq!(meant(&Expect::Period, json!("2026-Q5")), None);
    }

    #[test]
    fn enums_booleans_currencies_and_ids() {
        let status = Expect::Enum(vec![
            "proposed".into(),
            "active".into(),
            "done".into(),
            "cancelled".into(),
        ]);
        assert_eq!(meant(&status, json!("Active")), Some(json!("active")));
        assert_eq!(meant(&status, json!("actve")), Some(json!("active")));
        assert_eq!(meant(&status, json!("in progress")), Some(json!("active")));
        assert_eq!(meant(&status, json!("Completed")), Some(json!("done")));
        assert_eq!(meant(&status, json!("no")), None);
        assert_eq!(meant(&Expect::Bool, json!("yes")), Some(json!(true)));
        assert_eq!(meant(&Expect::Currency, json!("usd")), Some(json!("USD")));
        assert_eq!(meant(&Expect::Currency, json!("€")), Some(json!("EUR")));
        assert_eq!(
            meant(&Expect::Id, json!("KR churn")),
            Some(json!("KR-churn"))
        );
        assert_eq!(meant(&Expect::Id, json!("../x")), None);
        assert_eq!(meant(&Expect::Id, json!("2026 goal")), None);
    }
}
