//! Numbers and text as people read them, the one vocabulary of every human output:
//! messages, the terminal, Markdown, HTML and charts. `120,000`, `3.45`, `37.5%`,
//! `+260%`, `250,000 USD`, `3.2%` but `6 days`, `1 goal` but `2 goals`, `512 KiB`.
//! JSON never comes through here: it keeps raw numbers.
//!
//! The rules, in one place so that no two outputs disagree:
//! - at most two decimals for a number, trailing zeros dropped, thousands separated by `,`;
//! - a percentage has at most one decimal (`37.5%`, `62%`);
//! - no negative zero: a value that rounds to zero is `0`;
//! - a minus is `-` (ASCII: it survives copying into a spreadsheet or a shell);
//! - a unit follows its number after a space, except `%`;
//! - not a number (NaN or infinite) is `—`.
//!
//! A leaf: it knows nothing of plans. Deterministic: no locale, no clock.

pub(crate) mod markdown;
pub(crate) mod suggest;

/// Rounds to `decimals` places, with `-0` made `0`.
fn round(value: f64, decimals: i32) -> f64 {
    let scale = 10f64.powi(decimals);
    let rounded = (value * scale).round() / scale;
    if rounded == 0.0 { 0.0 } else { rounded }
}

/// `1234567.891` → `1,234,567.89`; `-0.001` → `0`; NaN → `—`.
pub(crate) fn number(value: f64) -> String {
    let mut out = String::with_capacity(16);
    push_number(&mut out, value);
    out
}

/// [`number`], written at the end of `out`: a check of a large plan writes tens of
/// thousands of numbers into messages, so no string is built only to be copied.
fn push_number(out: &mut String, value: f64) {
    if !value.is_finite() {
        out.push('—');
        return;
    }
    let rounded = round(value, 2);
    if rounded < 0.0 {
        out.push('-');
    }
    // Hundredths as an integer: exact below 2^53, and far cheaper than formatting the
    // float with two decimals.
    let hundredths = (rounded.abs() * 100.0).round();
    if hundredths >= 9.0e15 {
        let text = format!("{:.2}", rounded.abs());
        let (int, frac) = text.split_once('.').unwrap_or((&text, ""));
        push_grouped(out, int);
        push_fraction(out, frac);
        return;
    }
    // Exact: a whole number below 2^53.
    let hundredths = hundredths as u64;
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    let mut int = hundredths / 100;
    loop {
        at -= 1;
        digits[at] = b'0' + (int % 10) as u8;
        int /= 10;
        if int == 0 {
            break;
        }
    }
    push_grouped(out, std::str::from_utf8(&digits[at..]).unwrap_or("0"));
    let cents = (hundredths % 100) as u8;
    push_fraction(
        out,
        std::str::from_utf8(&[b'0' + cents / 10, b'0' + cents % 10]).unwrap_or(""),
    );
}

/// Digits with `,` between thousands.
fn push_grouped(out: &mut String, int: &str) {
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
}

/// Decimals without trailing zeros, after a `.` when any are left.
fn push_fraction(out: &mut String, frac: &str) {
    let frac = frac.trim_end_matches('0');
    if !frac.is_empty() {
        out.push('.');
        out.push_str(frac);
    }
}

/// A fraction as a percentage with at most one decimal: `0.375` → `37.5%`, `0.6` →
/// `60%`, `0.9172` → `91.7%`.
pub(crate) fn percent(fraction: f64) -> String {
    if !fraction.is_finite() {
        return "—".to_owned();
    }
    let mut out = number(round(fraction * 100.0, 1));
    out.push('%');
    out
}

/// Percentage points between two fractions: `0.15` → `15 points`.
pub(crate) fn points(fraction: f64) -> String {
    if !fraction.is_finite() {
        return "—".to_owned();
    }
    let n = round(fraction * 100.0, 1);
    let mut out = number(n);
    out.push_str(if n == 1.0 { " point" } else { " points" });
    out
}

/// A signed amount: `+50,000`, `-1,200`, `0`.
pub(crate) fn signed(value: f64) -> String {
    let text = number(value);
    if value.is_finite() && round(value, 2) > 0.0 {
        format!("+{text}")
    } else {
        text
    }
}

/// A fraction as a signed percentage: `2.6` → `+260%`, `-0.5` → `-50%`.
pub(crate) fn signed_percent(fraction: f64) -> String {
    let text = percent(fraction);
    if fraction.is_finite() && round(fraction * 100.0, 1) > 0.0 {
        format!("+{text}")
    } else {
        text
    }
}

/// A value with its unit: `3.2%`, `20 SQLs/month`, `6 days`, or the number alone.
pub(crate) fn quantity(value: f64, unit: Option<&str>) -> String {
    let mut out = number(value);
    push_unit(&mut out, unit);
    out
}

/// What follows a number for its unit: `%` as it is, any other unit after a space,
/// nothing for none.
pub(crate) fn unit_suffix(unit: Option<&str>) -> String {
    let mut out = String::new();
    push_unit(&mut out, unit);
    out
}

fn push_unit(out: &mut String, unit: Option<&str>) {
    match unit.map(str::trim) {
        Some("%") => out.push('%'),
        Some(u) if !u.is_empty() => {
            out.push(' ');
            out.push_str(u);
        }
        _ => {}
    }
}

/// An amount with its currency: `250,000 USD`, or the number alone when none is known.
pub(crate) fn money(amount: f64, currency: Option<&str>) -> String {
    quantity(amount, currency)
}

/// Text quoted in a message, cut to `max` characters with `…`: a value of a megabyte is
/// never repeated whole (docs/threat-model.md).
pub(crate) fn cut(text: &str, max: usize) -> std::borrow::Cow<'_, str> {
    match text.char_indices().nth(max) {
        None => std::borrow::Cow::Borrowed(text),
        Some((end, _)) => std::borrow::Cow::Owned(format!("{}…", &text[..end])),
    }
}

/// `1 goal`, `2 goals`, `0 goals`.
pub(crate) fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// An exact size, for limits: `1 MiB`, `512 KiB`, `300 bytes`.
pub(crate) fn bytes(n: u64) -> String {
    const MIB: u64 = 1024 * 1024;
    if n >= MIB && n % MIB == 0 {
        format!("{} MiB", n / MIB)
    } else if n >= 1024 && n % 1024 == 0 {
        format!("{} KiB", n / 1024)
    } else {
        count(usize::try_from(n).unwrap_or(usize::MAX), "byte", "bytes")
    }
}

/// A size rounded for a summary line: `1.4 MiB`, `412 KiB`, `300 bytes`.
pub(crate) fn size(n: u64) -> String {
    const MIB: u64 = 1024 * 1024;
    if n >= MIB {
        #[allow(clippy::cast_precision_loss)] // a summary rounds to one decimal anyway
        let mib = n as f64 / MIB as f64;
        format!("{} MiB", number(round(mib, 1)))
    } else if n >= 1024 {
        format!("{} KiB", n.div_ceil(1024))
    } else {
        bytes(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn numbers_read_well() {
        assert_eq!(number(120000.0), "120,000");
        assert_eq!(number(1234567.891), "1,234,567.89");
        assert_eq!(number(3.45), "3.45");
        assert_eq!(number(3.0), "3");
        assert_eq!(number(-0.3), "-0.3");
        assert_eq!(number(-1500.5), "-1,500.5");
        assert_eq!(number(0.0), "0");
        assert_eq!(number(-0.0), "0");
        assert_eq!(number(-0.001), "0");
        assert_eq!(number(f64::NAN), "—");
        assert_eq!(number(1e20), "100,000,000,000,000,000,000");
    }

    #[test]
    fn percentages_have_one_rounding_rule() {
        assert_eq!(percent(0.617), "61.7%");
        assert_eq!(percent(0.375), "37.5%");
        assert_eq!(percent(0.8), "80%");
        assert_eq!(percent(0.917_241), "91.7%");
        assert_eq!(percent(-0.0001), "0%");
        assert_eq!(signed_percent(2.6), "+260%");
        assert_eq!(signed_percent(-0.5), "-50%");
        assert_eq!(signed_percent(0.0), "0%");
        assert_eq!(points(0.15), "15 points");
        assert_eq!(points(0.01), "1 point");
    }

    #[test]
    fn quoted_text_is_cut_with_an_ellipsis() {
        assert_eq!(super::cut("short", 80), "short");
        assert_eq!(super::cut("abcdef", 3), "abc…");
        assert_eq!(super::cut("ééé", 2), "éé…");
    }

    #[test]
    fn units_money_counts_and_sizes() {
        assert_eq!(quantity(3.2, Some("%")), "3.2%");
        assert_eq!(quantity(20.0, Some("SQLs/month")), "20 SQLs/month");
        assert_eq!(quantity(436000.0, Some("USD")), "436,000 USD");
        assert_eq!(quantity(6.0, None), "6");
        assert_eq!(money(250000.0, Some("USD")), "250,000 USD");
        assert_eq!(signed(50000.0), "+50,000");
        assert_eq!(signed(-1200.0), "-1,200");
        assert_eq!(signed(-0.0), "0");
        assert_eq!(count(1, "goal", "goals"), "1 goal");
        assert_eq!(count(0, "goal", "goals"), "0 goals");
        assert_eq!(bytes(1024 * 1024), "1 MiB");
        assert_eq!(bytes(512 * 1024), "512 KiB");
        assert_eq!(bytes(1), "1 byte");
        assert_eq!(size(1_500_000), "1.4 MiB");
        assert_eq!(size(421_000), "412 KiB");
    }

    proptest! {
        #[test]
        fn a_number_is_never_negative_zero_and_reads_back(value in -1e12f64..1e12) {
            let text = number(value);
            prop_assert_ne!(text.as_str(), "-0");
            let back: f64 = text.replace(',', "").parse().expect("a number");
            prop_assert!((back - value).abs() <= 0.005 + value.abs() * 1e-12, "{value} → {text}");
        }

        /// The integer shortcut writes the digits the float formatter would.
        #[test]
        fn hundredths_are_the_digits_of_two_decimals(value in -1e13f64..1e13) {
            let rounded = round(value, 2);
            let expected = format!("{:.2}", rounded.abs());
            let (int, frac) = expected.split_once('.').expect("two decimals");
            let frac = frac.trim_end_matches('0');
            let text = number(value).replace([',', '-'], "");
            let written = if frac.is_empty() { int.to_owned() } else { format!("{int}.{frac}") };
            prop_assert_eq!(text, written);
        }
    }
}
