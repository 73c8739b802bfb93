//! Times as the outputs write them: UTC in RFC 3339 for summary.json, the date and time in
//! Japan (UTC+09:00, no daylight saving) for the report, the letters and the dates a flag
//! was first seen.

use std::time::SystemTime;

use crate::normalize::date::BirthDate;

/// Seconds since 1970 as a civil date and time: (year, month, day, hour, minute, second).
fn civil(seconds: u64) -> (i64, i64, i64, u64, u64, u64) {
    let days = (seconds / 86_400) as i64;
    let second_of_day = seconds % 86_400;
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z - era * 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1_460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_index = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_index + 2) / 5 + 1;
    let month = if month_index < 10 {
        month_index + 3
    } else {
        month_index - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (
        year,
        month,
        day,
        second_of_day / 3600,
        second_of_day / 60 % 60,
        second_of_day % 60,
    )
}

fn unix_seconds(time: SystemTime) -> u64 {
    time.duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// A UTC timestamp, RFC 3339 with seconds.
pub fn rfc3339(time: SystemTime) -> String {
    let (year, month, day, hour, minute, second) = civil(unix_seconds(time));
    format!("{year:04}-{month:02}-{day:02}T{hour:02}:{minute:02}:{second:02}Z")
}

/// The day in Japan of a time (the date letters are dated with).
pub fn japan_day(time: SystemTime) -> BirthDate {
    let (year, month, day, ..) = civil(unix_seconds(time) + 9 * 3600);
    BirthDate {
        year: year as u16,
        month: month as u8,
        day: day as u8,
    }
}

/// The date in Japan of a UTC RFC 3339 timestamp as [`rfc3339`] writes it
/// ("2026-11-30T18:00:00Z" → "2026-12-01"); `None` for anything else.
pub fn japan_date_of(timestamp: &str) -> Option<String> {
    let bytes = timestamp.as_bytes();
    let number =
        |range: std::ops::Range<usize>| -> Option<i64> { timestamp.get(range)?.parse().ok() };
    if bytes.len() != 20 || bytes[19] != b'Z' {
        return None;
    }
    let (year, month, day) = (number(0..4)?, number(5..7)?, number(8..10)?);
    let (hour, minute, second) = (number(11..13)?, number(14..16)?, number(17..19)?);
    // Days since 1970-01-01 from a civil date (Howard Hinnant's algorithm).
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let year_of_era = y - era * 400;
    let day_of_year = (153 * (month + if month > 2 { -3 } else { 9 }) + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    let days = era * 146_097 + day_of_era - 719_468;
    let seconds = days * 86_400 + hour * 3600 + minute * 60 + second;
    let time =
        SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(u64::try_from(seconds).ok()?);
    (rfc3339(time) == timestamp).then(|| japan_day(time).to_string())
}

/// A time in Japan (UTC+09:00, no daylight saving), as the report shows it:
/// "2026-12-01 19:04:05 +09:00".
pub fn japan_time(time: SystemTime) -> String {
    let (year, month, day, hour, minute, second) = civil(unix_seconds(time) + 9 * 3600);
    format!("{year:04}-{month:02}-{day:02} {hour:02}:{minute:02}:{second:02} +09:00")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn timestamps() {
        let at = |s| rfc3339(SystemTime::UNIX_EPOCH + Duration::from_secs(s));
        assert_eq!(at(0), "1970-01-01T00:00:00Z");
        assert_eq!(at(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(at(1_795_804_496), "2026-11-27T18:34:56Z");
        // 18:34 UTC is 03:34 the next morning in Japan; the year turns there first.
        let japan = |s| japan_time(SystemTime::UNIX_EPOCH + Duration::from_secs(s));
        assert_eq!(japan(1_795_804_496), "2026-11-28 03:34:56 +09:00");
        assert_eq!(japan(1_798_729_200), "2027-01-01 00:00:00 +09:00");
        // Read back from summary.json: the date in Japan.
        for (timestamp, date) in [
            ("2026-11-27T18:34:56Z", Some("2026-11-28")),
            ("2026-11-27T14:59:59Z", Some("2026-11-27")),
            ("2000-02-29T00:00:00Z", Some("2000-02-29")),
            ("2026-02-30T00:00:00Z", None),
            ("2026-11-27 18:34:56", None),
        ] {
            assert_eq!(japan_date_of(timestamp).as_deref(), date, "{timestamp}");
        }
    }
}
