//! Dates and periods written otherwise than the schema asks (`2026-10-1`, `Q3 2026`).

use serde_json::Value;

use super::{Fix, Repair, shown};

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

pub(super) fn days_in(year: i64, month: i64) -> i64 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 31,
    }
}

/// Year, month and day read from the common ways of writing a date.
pub(super) fn date_parts(text: &str) -> Option<(i64, i64, i64)> {
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

pub(super) fn iso(year: i64, month: i64, day: i64) -> String {
    format!("{year:04}-{month:02}-{day:02}")
}

pub(super) fn date(name: &str, found: &Value) -> Fix {
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
pub(super) fn period_meant(text: &str) -> Option<String> {
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

pub(super) fn period(name: &str, found: &Value) -> Fix {
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
