//! Wall-clock time as xAPI writes it: ISO 8601 in UTC with milliseconds.

use std::time::{SystemTime, UNIX_EPOCH};

/// Now, in milliseconds after 1970-01-01T00:00:00Z.
pub fn now_millis() -> i64 {
    let since = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default();
    since.as_millis() as i64
}

/// Now, as `YYYY-MM-DDThh:mm:ss.sssZ`. Stored times of the same store sort as text.
pub fn now_iso8601() -> String {
    iso8601(now_millis())
}

/// `millis` after 1970-01-01T00:00:00Z, as `YYYY-MM-DDThh:mm:ss.sssZ`.
pub fn iso8601(millis: i64) -> String {
    let (days, ms_of_day) = (millis.div_euclid(86_400_000), millis.rem_euclid(86_400_000));
    let (year, month, day) = civil_from_days(days);
    let (h, m, s, ms) = (
        ms_of_day / 3_600_000,
        ms_of_day / 60_000 % 60,
        ms_of_day / 1000 % 60,
        ms_of_day % 1000,
    );
    format!("{year:04}-{month:02}-{day:02}T{h:02}:{m:02}:{s:02}.{ms:03}Z")
}

/// `millis` after 1970-01-01T00:00:00Z as an HTTP date (RFC 9110, 5.6.7):
/// `Sun, 06 Nov 1994 08:49:37 GMT`.
pub fn http_date(millis: i64) -> String {
    const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let days = millis.div_euclid(86_400_000);
    let (year, month, day) = civil_from_days(days);
    let seconds = millis.rem_euclid(86_400_000) / 1000;
    format!(
        "{}, {day:02} {} {year:04} {:02}:{:02}:{:02} GMT",
        DAYS[days.rem_euclid(7) as usize],
        MONTHS[month as usize - 1],
        seconds / 3600,
        seconds / 60 % 60,
        seconds % 60
    )
}

/// Milliseconds after 1970-01-01T00:00:00Z of an xAPI timestamp
/// (`YYYY-MM-DDThh:mm:ss[.fraction](Z|±hh:mm)`), so times written with different offsets can
/// be compared; `None` if it is not one. Digits past the millisecond are dropped.
pub fn parse_iso8601(s: &str) -> Option<i64> {
    if !crate::xapi::validate::is_iso8601_timestamp(s) {
        return None;
    }
    let number = |range: std::ops::Range<usize>| s[range].parse::<i64>().ok();
    let (year, month, day) = (number(0..4)?, number(5..7)?, number(8..10)?);
    let (hour, minute, second) = (number(11..13)?, number(14..16)?, number(17..19)?);
    let mut rest = &s[19..];
    let mut millis = 0;
    if let Some(fraction) = rest.strip_prefix('.') {
        let end = fraction
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(fraction.len());
        let digits = format!("{:0<3}", &fraction[..end.min(3)]);
        millis = digits.parse::<i64>().ok()?;
        rest = &fraction[end..];
    }
    let offset_minutes = match rest {
        "Z" | "z" => 0,
        offset => {
            let sign = if offset.starts_with('-') { -1 } else { 1 };
            sign * (offset[1..3].parse::<i64>().ok()? * 60 + offset[4..6].parse::<i64>().ok()?)
        }
    };
    let days = days_from_civil(year, month as u32, day as u32);
    Some(((days * 24 + hour) * 60 + minute - offset_minutes) * 60_000 + second * 1000 + millis)
}

/// Days after 1970-01-01 of a proleptic Gregorian date (Howard Hinnant, days_from_civil).
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = i64::from((month + 9) % 12);
    let doy = (153 * mp + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The proleptic Gregorian date of day `z` after 1970-01-01 (Howard Hinnant, "chrono-Compatible
/// Low-Level Date Algorithms", civil_from_days).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_instants() {
        assert_eq!(iso8601(0), "1970-01-01T00:00:00.000Z");
        // 2000-02-29 12:34:56.789 UTC, a leap day.
        assert_eq!(iso8601(951_827_696_789), "2000-02-29T12:34:56.789Z");
        // `date -u -d @1795000000` says the same.
        assert_eq!(iso8601(1_795_000_000_000), "2026-11-18T11:06:40.000Z");
        assert!(crate::xapi::validate::is_iso8601_timestamp(&now_iso8601()));
    }

    #[test]
    fn offsets_are_brought_to_utc() {
        for millis in [0, 951_827_696_789, 1_795_000_000_000, -86_400_001] {
            assert_eq!(parse_iso8601(&iso8601(millis)), Some(millis));
        }
        assert_eq!(
            parse_iso8601("2026-11-18T13:06:40.5+02:00"),
            Some(1_795_000_000_500)
        );
        assert_eq!(
            parse_iso8601("2026-11-18T11:06:40.000123Z"),
            Some(1_795_000_000_000)
        );
        assert_eq!(parse_iso8601("2026-11-18"), None);
        // RFC 9110's own example.
        assert_eq!(http_date(784_111_777_000), "Sun, 06 Nov 1994 08:49:37 GMT");
    }
}
