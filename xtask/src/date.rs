//! Civil dates (proleptic Gregorian) as days since 1970-01-01, and the few timestamp
//! conversions the history needs.

use std::fmt;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(i64);

impl Date {
    pub fn ymd(year: i64, month: u32, day: u32) -> Date {
        // Days from the civil date, counting years from March so that the leap day is last.
        let y = if month <= 2 { year - 1 } else { year };
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(month);
        let shifted = if m > 2 { m - 3 } else { m + 9 };
        let doy = (153 * shifted + 2) / 5 + i64::from(day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        Date(era * 146_097 + doe - 719_468)
    }

    pub fn parts(self) -> (i64, u32, u32) {
        let z = self.0 + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = yoe + era * 400 + i64::from(month <= 2);
        (year, month, day)
    }

    pub fn year(self) -> i64 {
        self.parts().0
    }

    /// `YYYY-MM-DD`, nothing else.
    pub fn parse(text: &str) -> Option<Date> {
        let b = text.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        let year: i64 = text[..4].parse().ok()?;
        let month: u32 = text[5..7].parse().ok()?;
        let day: u32 = text[8..].parse().ok()?;
        if !(1..=12).contains(&month) || day < 1 || day > month_end(year, month).parts().2 {
            return None;
        }
        Some(Date::ymd(year, month, day))
    }

    pub fn plus(self, days: i64) -> Date {
        Date(self.0 + days)
    }

    pub fn days(self) -> i64 {
        self.0
    }

    /// 0 for Monday .. 6 for Sunday (1970-01-01 was a Thursday).
    pub fn weekday(self) -> i64 {
        (self.0 + 3).rem_euclid(7)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, m, d) = self.parts();
        write!(f, "{y:04}-{m:02}-{d:02}")
    }
}

/// The last day of a month.
pub fn month_end(year: i64, month: u32) -> Date {
    let (ny, nm) = if month == 12 {
        (year + 1, 1)
    } else {
        (year, month + 1)
    };
    Date::ymd(ny, nm, 1).plus(-1)
}

/// The last day of quarter `q` (1..=4).
pub fn quarter_end(year: i64, q: u32) -> Date {
    month_end(year, q * 3)
}

/// Unix seconds of a wall-clock time at a UTC offset in minutes.
pub fn timestamp(day: Date, h: i64, m: i64, s: i64, offset_min: i64) -> i64 {
    day.days() * 86_400 + h * 3600 + m * 60 + s - offset_min * 60
}

/// The calendar day a timestamp falls on at a UTC offset.
pub fn local_day(ts: i64, offset_min: i64) -> Date {
    Date((ts + offset_min * 60).div_euclid(86_400))
}

/// ISO 8601 with the offset, e.g. `2026-03-02T10:15:00+05:30`.
pub fn iso_datetime(ts: i64, offset_min: i64) -> String {
    let local = ts + offset_min * 60;
    let day = Date(local.div_euclid(86_400));
    let secs = local.rem_euclid(86_400);
    let sign = if offset_min < 0 { '-' } else { '+' };
    let off = offset_min.abs();
    format!(
        "{day}T{:02}:{:02}:{:02}{sign}{:02}:{:02}",
        secs / 3600,
        secs / 60 % 60,
        secs % 60,
        off / 60,
        off % 60
    )
}

/// The offset as git writes it, e.g. `-0300`.
pub fn git_offset(offset_min: i64) -> String {
    let sign = if offset_min < 0 { '-' } else { '+' };
    let off = offset_min.abs();
    format!("{sign}{:02}{:02}", off / 60, off % 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_known_days() {
        for d in -800_000..800_000 {
            let date = Date(d);
            let (y, m, day) = date.parts();
            assert_eq!(Date::ymd(y, m, day), date);
        }
        assert_eq!(Date::ymd(1970, 1, 1).days(), 0);
        assert_eq!(Date::ymd(2025, 12, 15).weekday(), 0); // a Monday
        assert_eq!(quarter_end(2026, 1).to_string(), "2026-03-31");
        assert_eq!(month_end(2028, 2).to_string(), "2028-02-29");
        assert_eq!(Date::parse("2026-02-29"), None);
        assert_eq!(Date::parse("2026-07-01"), Some(Date::ymd(2026, 7, 1)));
        let ts = timestamp(Date::ymd(2026, 3, 2), 10, 15, 0, 330);
        assert_eq!(iso_datetime(ts, 330), "2026-03-02T10:15:00+05:30");
        assert_eq!(iso_datetime(ts, -180), "2026-03-02T01:45:00-03:00");
        assert_eq!(git_offset(-180), "-0300");
    }
}
