//! A commit's time as git stores it (seconds and an offset), as bearing shows it.

use jiff::civil::Date;

/// The calendar day of a git time in its own offset.
pub(super) fn local_day(seconds: i64, offset: i32) -> Option<Date> {
    let timestamp = jiff::Timestamp::from_second(seconds).ok()?;
    let offset = jiff::tz::Offset::from_seconds(offset).ok()?;
    Some(offset.to_datetime(timestamp).date())
}

/// `2026-07-28T10:29:27-07:00` and the calendar day, from seconds and an offset.
pub(super) fn format_time(seconds: i64, offset: i32) -> (String, Date) {
    let fallback = || (format!("@{seconds}"), Date::constant(1970, 1, 1));
    let Ok(timestamp) = jiff::Timestamp::from_second(seconds) else {
        return fallback();
    };
    let Ok(offset) = jiff::tz::Offset::from_seconds(offset) else {
        return fallback();
    };
    let zoned = timestamp.to_zoned_datetime(jiff::tz::TimeZone::fixed(offset));
    (
        zoned.strftime("%Y-%m-%dT%H:%M:%S%:z").to_string(),
        zoned.date(),
    )
}
