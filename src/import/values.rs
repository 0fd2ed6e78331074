//! The traps of real exports, read one way everywhere and never silently: numbers
//! written as text with thousands separators, percentages beside values, each tool's
//! status words, period names in many spellings.

/// A number as an export writes it, and whether it was a percentage.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Number {
    pub value: f64,
    pub percent: bool,
}

/// `3,637,839`, `"1 200"`, `1.234,5` (European), `$120k` is refused, `45%`, `-3.5`.
pub(crate) fn number(text: &str) -> Option<Number> {
    let mut t: String = text
        .trim()
        .chars()
        .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '\'' | '$' | '€' | '£'))
        .collect();
    let percent = t.ends_with('%');
    if percent {
        t.pop();
    }
    if t.is_empty() {
        return None;
    }
    let digits_and = |seps: &[char]| {
        t.chars()
            .all(|c| c.is_ascii_digit() || seps.contains(&c) || c == '-' || c == '+')
    };
    let cleaned = if t.contains(',') && t.contains('.') {
        // Whichever comes last is the decimal mark.
        if t.rfind(',') > t.rfind('.') {
            t.replace('.', "").replace(',', ".")
        } else {
            t.replace(',', "")
        }
    } else if t.contains(',') && digits_and(&[',']) {
        // `3,637,839` groups thousands; a single `,` before 1, 2 or 4+ digits is a
        // decimal comma (`3,5`).
        let groups: Vec<&str> = t.split(',').collect();
        if groups.len() > 1 && groups[1..].iter().all(|g| g.len() == 3) {
            t.replace(',', "")
        } else if groups.len() == 2 {
            t.replace(',', ".")
        } else {
            return None;
        }
    } else if t.matches('.').count() > 1 && digits_and(&['.']) {
        t.replace('.', "")
    } else {
        t
    };
    let value: f64 = cleaned.parse().ok()?;
    value.is_finite().then_some(Number { value, percent })
}

/// What a status word of another tool means in bearing, per kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Status {
    /// In progress, whatever its health (`On Track`, `At Risk`, `Behind`, `green`).
    Active,
    NotStarted,
    Done,
    Dropped,
    Paused,
}

/// `On Track`, `at_risk`, `COMPLETED`, `missed`…; `None` for a word no tool uses.
pub(crate) fn status(word: &str) -> Option<Status> {
    let w: String = word
        .trim()
        .to_lowercase()
        .chars()
        .map(|c| if c == '_' || c == '-' { ' ' } else { c })
        .collect();
    Some(match w.as_str() {
        "on track" | "at risk" | "behind" | "off track" | "in progress" | "active" | "green"
        | "yellow" | "red" | "needs attention" | "ongoing" | "open" => Status::Active,
        "not started" | "draft" | "planned" | "proposed" | "todo" | "to do" | "backlog" => {
            Status::NotStarted
        }
        "closed" | "completed" | "complete" | "done" | "achieved" | "met" | "partial"
        | "partially achieved" => Status::Done,
        "missed" | "dropped" | "cancelled" | "canceled" | "abandoned" | "archived" => {
            Status::Dropped
        }
        "paused" | "on hold" | "deferred" | "postponed" => Status::Paused,
        _ => return None,
    })
}

/// A period name in bearing's form (`2026`, `2026-H1`, `2026-Q3`, `2026-07`), from
/// `Q3 2026`, `2026 Q3`, `Q3-26`, `H1 2026`, `FY2026`?, `July 2026`, `2026-07`… Fiscal
/// years are not guessed: their months differ per company.
pub(crate) fn period(name: &str) -> Option<String> {
    let lower = name.trim().to_lowercase().replace(['_', '/', ','], " ");
    let tokens: Vec<String> = lower
        .split(|c: char| c.is_whitespace() || c == '-' || c == '.')
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
        .collect();
    if tokens.iter().any(|t| t.starts_with("fy")) {
        return None;
    }
    let year = tokens.iter().find_map(|t| {
        let n: u32 = t.parse().ok()?;
        match t.len() {
            4 if (1990..2200).contains(&n) => Some(n),
            2 if tokens.len() > 1 => Some(2000 + n),
            _ => None,
        }
    })?;
    let mut rest = tokens.iter().filter(|t| {
        t.parse::<u32>()
            .ok()
            .is_none_or(|n| !(n == year || 2000 + n == year))
    });
    let Some(first) = rest.next() else {
        return Some(year.to_string());
    };
    let words: Vec<&String> = std::iter::once(first).chain(rest).collect();
    let joined = words
        .iter()
        .map(|s| s.as_str())
        .collect::<Vec<_>>()
        .join(" ");
    let number_after = |prefix: &str| {
        joined
            .strip_prefix(prefix)
            .map(str::trim)
            .and_then(|n| n.parse::<u32>().ok())
    };
    if let Some(q) = number_after("q").or_else(|| number_after("quarter")) {
        return (1..=4).contains(&q).then(|| format!("{year}-Q{q}"));
    }
    if let Some(h) = number_after("h").or_else(|| number_after("half")) {
        return (1..=2).contains(&h).then(|| format!("{year}-H{h}"));
    }
    const MONTHS: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    if words.len() == 1 {
        if let Some(m) = MONTHS.iter().position(|m| words[0].starts_with(m)) {
            return Some(format!("{year}-{:02}", m + 1));
        }
        if let Ok(m) = words[0].parse::<u32>() {
            return (1..=12).contains(&m).then(|| format!("{year}-{m:02}"));
        }
    }
    None
}

/// A date from an export: `2026-07-01`, `2026-07-01T00:00:00Z`, `07/01/2026` is not
/// guessed (month or day first?).
pub(crate) fn date(text: &str) -> Option<jiff::civil::Date> {
    let t = text.trim();
    t.get(..10)?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_as_exports_write_them() {
        let n = |t: &str| number(t).map(|n| (n.value, n.percent));
        assert_eq!(n("3,637,839"), Some((3_637_839.0, false)));
        assert_eq!(n("1.234,5"), Some((1234.5, false)));
        assert_eq!(n("1,234.5"), Some((1234.5, false)));
        assert_eq!(n("3,5"), Some((3.5, false)));
        assert_eq!(n(" 45 % "), Some((45.0, true)));
        assert_eq!(n("$120,000"), Some((120_000.0, false)));
        assert_eq!(n("1 200"), Some((1200.0, false)));
        assert_eq!(n("-0.4"), Some((-0.4, false)));
        assert_eq!(n("n/a"), None);
        assert_eq!(n(""), None);
        assert_eq!(n("12,34,56"), None);
    }

    #[test]
    fn period_names_in_many_spellings() {
        for (name, want) in [
            ("Q3 2026", Some("2026-Q3")),
            ("2026-Q3", Some("2026-Q3")),
            ("q3-26", Some("2026-Q3")),
            ("Quarter 3, 2026", Some("2026-Q3")),
            ("H1 2027", Some("2027-H1")),
            ("2027 H2", Some("2027-H2")),
            ("2026", Some("2026")),
            ("July 2026", Some("2026-07")),
            ("2026-07", Some("2026-07")),
            ("FY2027", None),
            ("Q5 2026", None),
            ("Sprint 12", None),
        ] {
            assert_eq!(period(name).as_deref(), want, "{name}");
        }
    }

    #[test]
    fn status_words_of_every_tool() {
        assert_eq!(status("On Track"), Some(Status::Active));
        assert_eq!(status("AT_RISK"), Some(Status::Active));
        assert_eq!(status("Closed"), Some(Status::Done));
        assert_eq!(status("Not Started"), Some(Status::NotStarted));
        assert_eq!(status("in_progress"), Some(Status::Active));
        assert_eq!(status("backlog"), Some(Status::NotStarted));
        assert_eq!(status("missed"), Some(Status::Dropped));
        assert_eq!(status("On hold"), Some(Status::Paused));
        assert_eq!(status("Vibing"), None);
    }
}
