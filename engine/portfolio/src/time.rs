//! Wall-clock time as xAPI writes it: ISO 8601 in UTC with milliseconds.

use std::time::{SystemTime, UNIX_EPOCH};

/// Now, as `YYYY-MM-DDThh:mm:ss.sssZ`. Stored times of the same store sort as text.
pub fn now_iso8601() -> String {
    let since = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default();
    iso8601(since.as_millis() as i64)
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
}
