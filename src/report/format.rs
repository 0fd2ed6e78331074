//! Numbers as people read them, the same in Markdown, HTML and charts: `120,000`,
//! `3.45`, `62%`, `+260%`, `250,000 USD`. Deterministic: no locale, no clock.

/// A number with thousands separators and at most two decimals, trailing zeros dropped.
pub fn number(value: f64) -> String {
    if !value.is_finite() {
        return "—".to_owned();
    }
    let rounded = (value * 100.0).round() / 100.0;
    let negative = rounded < 0.0;
    let text = format!("{:.2}", rounded.abs());
    let (int, frac) = text.split_once('.').unwrap_or((&text, ""));
    let frac = frac.trim_end_matches('0');
    let mut grouped = String::with_capacity(int.len() + int.len() / 3);
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    let sign = if negative { "-" } else { "" };
    if frac.is_empty() {
        format!("{sign}{grouped}")
    } else {
        format!("{sign}{grouped}.{frac}")
    }
}

/// A fraction as a whole percentage: `0.617` → `62%`.
pub fn percent(fraction: f64) -> String {
    if !fraction.is_finite() {
        return "—".to_owned();
    }
    format!("{}%", number((fraction * 100.0).round()))
}

/// A fraction as a percentage with one decimal, for headline figures that `check` also
/// prints: `0.9172` → `91.7%`.
pub fn percent_1(fraction: f64) -> String {
    if !fraction.is_finite() {
        return "—".to_owned();
    }
    format!("{:.1}%", (fraction * 1000.0).round() / 10.0)
}

/// A fraction as a signed percentage: `2.6` → `+260%`.
pub fn signed_percent(fraction: f64) -> String {
    let p = percent(fraction);
    if fraction > 0.0 && fraction.is_finite() {
        format!("+{p}")
    } else {
        p
    }
}

/// An amount with its currency: `250,000 USD`.
pub fn money(amount: f64, currency: Option<&str>) -> String {
    match currency {
        Some(c) if !c.is_empty() => format!("{} {c}", number(amount)),
        _ => number(amount),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_well() {
        assert_eq!(number(120000.0), "120,000");
        assert_eq!(number(1234567.891), "1,234,567.89");
        assert_eq!(number(3.45), "3.45");
        assert_eq!(number(3.0), "3");
        assert_eq!(number(-0.3), "-0.3");
        assert_eq!(number(-1500.5), "-1,500.5");
        assert_eq!(number(0.0), "0");
        assert_eq!(number(f64::NAN), "—");
        assert_eq!(percent(0.617), "62%");
        assert_eq!(percent_1(0.917_241), "91.7%");
        assert_eq!(percent_1(0.8), "80.0%");
        assert_eq!(signed_percent(2.6), "+260%");
        assert_eq!(signed_percent(-0.5), "-50%");
        assert_eq!(money(250000.0, Some("USD")), "250,000 USD");
    }
}
