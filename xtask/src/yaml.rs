//! The pieces of YAML the generator writes: numbers, strings (plain where that is safe
//! under both YAML 1.1 and 1.2, double-quoted otherwise) and Markdown in literal blocks.

use std::borrow::Cow;

use crate::json::quote;

/// A number as YAML and JSON both read it back: whole values without a fraction, others
/// in their shortest round-trip form (Rust never uses an exponent here).
pub fn fmt_num(v: f64) -> String {
    if v == 0.0 {
        return "0".to_string();
    }
    if v.fract() == 0.0 && v.abs() < 1e15 {
        return format!("{}", v as i64);
    }
    format!("{v}")
}

/// `v` rounded to `decimals` places, as the nearest double to that decimal.
pub fn round_to(v: f64, decimals: u32) -> f64 {
    let text = format!("{:.*}", decimals as usize, v);
    let r: f64 = text.parse().unwrap_or(v);
    if r == 0.0 { 0.0 } else { r }
}

/// The smallest change at `decimals` places.
pub fn step(decimals: u32) -> f64 {
    10f64.powi(-(decimals as i32))
}

/// Words that YAML 1.1 reads as booleans or null when plain.
const RESERVED: &[&str] = &["y", "n", "yes", "no", "on", "off", "true", "false", "null"];

fn plain_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || " _.,/'()&+%$=<>*-".contains(c)
}

/// A string scalar, plain when it can only be read back as this same string, quoted
/// otherwise. Inside a flow collection `,` is also a reason to quote.
pub fn string(s: &str, in_flow: bool) -> Cow<'_, str> {
    let plain = s.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && s.chars().all(plain_char)
        && !RESERVED.contains(&s.to_ascii_lowercase().as_str())
        && !s.contains(": ")
        && !s.contains(" #")
        && !s.ends_with(' ')
        && !s.ends_with(':')
        && !(in_flow && s.contains(','));
    if plain {
        Cow::Borrowed(s)
    } else {
        Cow::Owned(quote(s))
    }
}

/// `key: |` and the text indented under it (blank lines stay empty).
pub fn literal(out: &mut String, pad: &str, key: &str, text: &str) {
    out.push_str(pad);
    out.push_str(key);
    out.push_str(": |\n");
    for line in text.trim_end_matches('\n').split('\n') {
        if !line.is_empty() {
            out.push_str(pad);
            out.push_str("  ");
            out.push_str(line);
        }
        out.push('\n');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_strings() {
        assert_eq!(fmt_num(85.0), "85");
        assert_eq!(fmt_num(-0.99), "-0.99");
        assert_eq!(fmt_num(60_000_000.0), "60000000");
        assert_eq!(round_to(38.649, 1), 38.6);
        assert_eq!(round_to(-0.04, 1), 0.0);
        assert_eq!(fmt_num(round_to(2.0004, 2)), "2");
        assert_eq!(string("Launch review", true), "Launch review");
        assert_eq!(string("@team-1", false), "\"@team-1\"");
        assert_eq!(string("yes", false), "\"yes\"");
        assert_eq!(string("1.2M", true), "\"1.2M\"");
        assert_eq!(string("a, b", true), "\"a, b\"");
        assert_eq!(string("a, b", false), "a, b");
        assert_eq!(string("Note: x", false), "\"Note: x\"");
        assert_eq!(string("€40", false), "\"€40\"");
    }
}
