//! Periods of objectives: `2026`, `2026-H2`, `2026-Q3`, `2026-10`, or `{start, end}`.

use std::fmt;

use jiff::civil::Date;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// An inclusive range of days, with the text it was written as.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Period {
    pub start: Date,
    pub end: Date,
    label: String,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PeriodError {
    #[error("`{0}` is not a period: write YYYY, YYYY-Hn, YYYY-Qn, YYYY-MM or {{start, end}}")]
    Syntax(String),
    #[error("the period ends ({end}) before it starts ({start})")]
    Reversed { start: Date, end: Date },
}

impl Period {
    /// A period from explicit dates.
    /// The text it was written as: `2026-Q3`, `2026`, `2026-01-01..2026-03-31`.
    pub fn label(&self) -> &str {
        &self.label
    }

    pub fn between(start: Date, end: Date) -> Result<Period, PeriodError> {
        if end < start {
            return Err(PeriodError::Reversed { start, end });
        }
        Ok(Period {
            start,
            end,
            label: format!("{start}..{end}"),
        })
    }

    /// A whole calendar year.
    pub fn year(year: i16) -> Result<Period, PeriodError> {
        let start = date(year, 1, 1).ok_or_else(|| PeriodError::Syntax(year.to_string()))?;
        let end = date(year, 12, 31).ok_or_else(|| PeriodError::Syntax(year.to_string()))?;
        Ok(Period {
            start,
            end,
            label: year.to_string(),
        })
    }

    /// Parses `YYYY`, `YYYY-Hn`, `YYYY-Qn` or `YYYY-MM`.
    pub fn parse(text: &str) -> Result<Period, PeriodError> {
        let bad = || PeriodError::Syntax(text.to_owned());
        let (year_text, rest) = match text.split_once('-') {
            Some((y, r)) => (y, Some(r)),
            None => (text, None),
        };
        if year_text.len() != 4 || !year_text.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        let year: i16 = year_text.parse().map_err(|_| bad())?;
        let (first_month, months) = match rest {
            None => return Period::year(year),
            Some(r) if r.len() == 2 && r.starts_with('H') => match &r[1..] {
                "1" => (1, 6),
                "2" => (7, 6),
                _ => return Err(bad()),
            },
            Some(r) if r.len() == 2 && r.starts_with('Q') => match &r[1..] {
                q @ ("1" | "2" | "3" | "4") => {
                    let q: i8 = q.parse().map_err(|_| bad())?;
                    ((q - 1) * 3 + 1, 3)
                }
                _ => return Err(bad()),
            },
            Some(r) if r.len() == 2 && r.bytes().all(|b| b.is_ascii_digit()) => {
                let m: i8 = r.parse().map_err(|_| bad())?;
                if !(1..=12).contains(&m) {
                    return Err(bad());
                }
                (m, 1)
            }
            Some(_) => return Err(bad()),
        };
        let start = date(year, first_month, 1).ok_or_else(bad)?;
        let last_month = first_month + months - 1;
        let end = date(year, last_month, 1).ok_or_else(bad)?.last_of_month();
        Ok(Period {
            start,
            end,
            label: text.to_owned(),
        })
    }

    /// Days from start to end, both included.
    pub fn days(&self) -> i64 {
        days_between(self.start, self.end) + 1
    }

    /// Share of the period elapsed at the end of `as_of`, in [0, 1].
    pub fn elapsed(&self, as_of: Date) -> f64 {
        if as_of < self.start {
            return 0.0;
        }
        if as_of >= self.end {
            return 1.0;
        }
        (days_between(self.start, as_of) + 1) as f64 / self.days() as f64
    }

    pub fn contains(&self, day: Date) -> bool {
        self.start <= day && day <= self.end
    }
}

/// Whole days from `a` to `b` (negative when `b` is earlier).
pub fn days_between(a: Date, b: Date) -> i64 {
    let span = a
        .until((jiff::Unit::Day, b))
        .expect("the span between two civil dates in days always fits");
    i64::from(span.get_days())
}

fn date(year: i16, month: i8, day: i8) -> Option<Date> {
    Date::new(year, month, day).ok()
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.label)
    }
}

impl Serialize for Period {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("Period", 3)?;
        st.serialize_field("label", &self.label)?;
        st.serialize_field("start", &self.start)?;
        st.serialize_field("end", &self.end)?;
        st.end()
    }
}

impl<'de> Deserialize<'de> for Period {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            Year(i64),
            Text(String),
            Range { start: Date, end: Date },
        }
        let raw = Raw::deserialize(d)?;
        let period = match raw {
            Raw::Year(y) => i16::try_from(y)
                .map_err(|_| PeriodError::Syntax(y.to_string()))
                .and_then(Period::year),
            Raw::Text(t) => Period::parse(&t),
            Raw::Range { start, end } => Period::between(start, end),
        };
        period.map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date as d;

    #[test]
    fn every_form_maps_to_its_days() {
        let cases = [
            ("2026", d(2026, 1, 1), d(2026, 12, 31)),
            ("2026-H1", d(2026, 1, 1), d(2026, 6, 30)),
            ("2026-H2", d(2026, 7, 1), d(2026, 12, 31)),
            ("2026-Q1", d(2026, 1, 1), d(2026, 3, 31)),
            ("2026-Q4", d(2026, 10, 1), d(2026, 12, 31)),
            ("2028-02", d(2028, 2, 1), d(2028, 2, 29)),
            ("2027-02", d(2027, 2, 1), d(2027, 2, 28)),
        ];
        for (text, start, end) in cases {
            let p = Period::parse(text).expect(text);
            assert_eq!((p.start, p.end), (start, end), "{text}");
            assert_eq!(p.to_string(), text);
        }
    }

    #[test]
    fn malformed_periods_are_refused() {
        for bad in [
            "26", "2026-H3", "2026-Q0", "2026-13", "2026-q1", "2026-", "abcd", "2026-Q12",
        ] {
            assert!(Period::parse(bad).is_err(), "{bad}");
        }
        assert!(Period::between(d(2026, 2, 1), d(2026, 1, 1)).is_err());
    }

    #[test]
    fn elapsed_share_at_boundaries() {
        let q = Period::parse("2026-Q4").expect("q4");
        assert_eq!(q.elapsed(d(2026, 9, 30)), 0.0);
        assert_eq!(q.elapsed(d(2026, 12, 31)), 1.0);
        assert_eq!(q.elapsed(d(2027, 1, 1)), 1.0);
        assert!((q.elapsed(d(2026, 10, 1)) - 1.0 / 92.0).abs() < 1e-12);
        let y = Period::parse("2026").expect("year");
        assert_eq!(y.days(), 365);
        assert_eq!(Period::parse("2028").expect("leap").days(), 366);
    }

    #[test]
    fn reads_every_yaml_shape() {
        let year: Period = serde_json::from_str("2026").expect("int");
        assert_eq!(year.to_string(), "2026");
        let range: Period =
            serde_json::from_str(r#"{"start":"2026-03-15","end":"2026-09-14"}"#).expect("range");
        assert_eq!(range.days(), 184);
    }
}
