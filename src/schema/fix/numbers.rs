//! Numbers written with the decoration people add (`25%`, `$1,000`), and confidence.

use serde_json::Value;

use super::{Fix, Repair, number_value, shown, yaml_number};

/// The number inside `text` when the rest is decoration a person adds: a `%` sign,
/// thousands separators, a currency symbol or code, a `+`.
pub(super) fn decorated_number(text: &str) -> Option<(f64, &'static str)> {
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

pub(super) fn number(name: &str, found: &Value, minimum: Option<f64>, above: Option<f64>) -> Fix {
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

pub(super) fn confidence(name: &str, found: &Value) -> Fix {
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
