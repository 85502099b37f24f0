//! Wall-clock time as xAPI and HTTP write it, through `jiff`: ISO 8601 in UTC with
//! milliseconds for statements, and the HTTP date for headers.

use jiff::Timestamp;

/// Now, in milliseconds after 1970-01-01T00:00:00Z.
pub fn now_millis() -> i64 {
    Timestamp::now().as_millisecond()
}

/// Now, as `YYYY-MM-DDThh:mm:ss.sssZ`. Stored times of the same store sort as text.
pub fn now_iso8601() -> String {
    iso8601(now_millis())
}

/// The instant `millis` after 1970-01-01T00:00:00Z, clamped to the years jiff represents
/// (-9999 to 9999).
fn instant(millis: i64) -> Timestamp {
    let clamped = millis.clamp(
        Timestamp::MIN.as_millisecond(),
        Timestamp::MAX.as_millisecond(),
    );
    Timestamp::from_millisecond(clamped).unwrap_or(Timestamp::UNIX_EPOCH)
}

/// `millis` after 1970-01-01T00:00:00Z, as `YYYY-MM-DDThh:mm:ss.sssZ`.
pub fn iso8601(millis: i64) -> String {
    format!("{:.3}", instant(millis))
}

/// `millis` after 1970-01-01T00:00:00Z as an HTTP date (RFC 9110, 5.6.7):
/// `Sun, 06 Nov 1994 08:49:37 GMT`.
pub fn http_date(millis: i64) -> String {
    let instant = instant(millis);
    jiff::fmt::rfc2822::DateTimePrinter::new()
        .timestamp_to_rfc9110_string(&instant)
        // Only years before 1 cannot be written; no store holds such a time.
        .unwrap_or_else(|_| instant.strftime("%a, %d %b %Y %H:%M:%S GMT").to_string())
}

/// Milliseconds after 1970-01-01T00:00:00Z of an xAPI timestamp
/// (`YYYY-MM-DDThh:mm:ss[.fraction](Z|±hh:mm)`), so times written with different offsets can
/// be compared; `None` if it is not one (a 31 February included). Digits past the
/// millisecond are dropped.
pub fn parse_iso8601(s: &str) -> Option<i64> {
    if !crate::xapi::validate::is_iso8601_timestamp(s) {
        return None;
    }
    s.parse::<Timestamp>().ok().map(|t| t.as_millisecond())
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

    #[test]
    fn days_that_do_not_exist_are_refused() {
        assert_eq!(parse_iso8601("2026-02-31T10:00:00Z"), None);
        assert_eq!(parse_iso8601("2026-02-29T10:00:00Z"), None);
        assert!(parse_iso8601("2028-02-29T10:00:00Z").is_some());
        assert_eq!(parse_iso8601("2026-04-31T10:00:00Z"), None);
    }
}
