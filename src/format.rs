//! Formatting for people: times and counts. Plain functions with native tests; the browser's
//! clock is read by the caller and passed in.

/// Milliseconds since the Unix epoch of an RFC 3339 UTC time as the API writes it
/// (`2024-01-15T10:30:00.000Z`, the fraction optional); `None` for anything else.
pub fn parse_timestamp(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    if b.len() < 20 || b[4] != b'-' || b[7] != b'-' || b[10] != b'T' || !s.ends_with('Z') {
        return None;
    }
    let num = |range: std::ops::Range<usize>| s.get(range)?.parse::<i64>().ok();
    let (year, month, day) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let (hour, minute, second) = (num(11..13)?, num(14..16)?, num(17..19)?);
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) || hour > 23 || minute > 59 {
        return None;
    }
    let millis = match s.get(19..s.len() - 1)? {
        "" => 0,
        fraction => {
            let digits = fraction.strip_prefix('.')?;
            let padded = format!("{digits:0<3}");
            padded.get(0..3)?.parse::<i64>().ok()?
        }
    };
    let days = days_from_civil(year, month, day);
    Some(((days * 24 + hour) * 60 + minute) * 60_000 + second * 1000 + millis)
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The API's RFC 3339 form of a time in ms since the epoch (`2024-01-15T10:30:00.123Z`), for
/// the contracts that count in milliseconds: one way to show a time, whichever API sent it.
pub fn timestamp_from_ms(ms: i64) -> String {
    let (days, rest) = (ms.div_euclid(86_400_000), ms.rem_euclid(86_400_000));
    let (year, month, day) = civil_from_days(days);
    let (hour, minute) = (rest / 3_600_000, rest / 60_000 % 60);
    let (second, millis) = (rest / 1000 % 60, rest % 1000);
    format!("{year:04}-{month:02}-{day:02}T{hour:02}:{minute:02}:{second:02}.{millis:03}Z")
}

/// The date of a day number since 1970-01-01 (the inverse of `days_from_civil`).
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

const WEEKDAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// A day counted from 1970-01-01 as `Thu 15 Jan`.
pub fn day_label(day: i64) -> String {
    let (_, month, dom) = civil_from_days(day);
    format!(
        "{} {dom} {}",
        WEEKDAYS[day.rem_euclid(7) as usize],
        MONTHS[(month as usize).clamp(1, 12) - 1]
    )
}

/// The day number since 1970-01-01 of a `YYYY-MM-DD` date; `None` for anything else.
pub fn parse_date(date: &str) -> Option<i64> {
    parse_timestamp(&format!("{date}T00:00:00Z")).map(|ms| ms.div_euclid(86_400_000))
}

/// "just now", "5 minutes ago", "3 days ago": how long before `now_ms` a time was.
pub fn relative_time(then_ms: i64, now_ms: i64) -> String {
    let seconds = (now_ms - then_ms) / 1000;
    if seconds < 0 {
        // A clock a little ahead of ours; the exact time is in the tooltip.
        return "just now".into();
    }
    let (value, unit) = match seconds {
        0..=44 => return "just now".into(),
        45..=3_599 => ((seconds + 30) / 60, "minute"),
        3_600..=86_399 => ((seconds + 1_800) / 3_600, "hour"),
        86_400..=2_591_999 => ((seconds + 43_200) / 86_400, "day"),
        2_592_000..=31_535_999 => ((seconds + 1_296_000) / 2_592_000, "month"),
        _ => (seconds / 31_536_000, "year"),
    };
    let value = value.max(1);
    format!("{value} {unit}{} ago", if value == 1 { "" } else { "s" })
}

/// The API's time as people read it in UTC: `2024-01-15 10:30 UTC`.
pub fn absolute_time(s: &str) -> String {
    match (s.get(0..10), s.get(11..16)) {
        (Some(date), Some(time)) if parse_timestamp(s).is_some() => format!("{date} {time} UTC"),
        _ => s.to_owned(),
    }
}

/// "1 revision", "3 revisions".
/// What a function's trigger listens to, in words: "Channel chat.*, output to x",
/// "Path /items", "Every 60 seconds".
pub fn trigger(config: &faas_api::FunctionConfig) -> String {
    if let Some(channel) = &config.input_channel {
        match config
            .output_channel
            .as_deref()
            .filter(|out| !out.is_empty())
        {
            Some(out) => format!("Channel {channel}, output to {out}"),
            None => format!("Channel {channel}"),
        }
    } else if let Some(path) = &config.path {
        format!("Path /{}", path.trim_start_matches('/'))
    } else if let Some(seconds) = config.interval_seconds {
        format!("Every {seconds} seconds")
    } else {
        "No trigger".to_owned()
    }
}

pub fn count(n: u64, singular: &str, plural: &str) -> String {
    format!("{n} {}", if n == 1 { singular } else { plural })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn triggers_are_said_in_words() {
        use faas_api::FunctionConfig;
        let channel = FunctionConfig {
            input_channel: Some("chat.*".into()),
            output_channel: Some("out".into()),
            ..Default::default()
        };
        assert_eq!(trigger(&channel), "Channel chat.*, output to out");
        let path = FunctionConfig {
            path: Some("items".into()),
            ..Default::default()
        };
        assert_eq!(trigger(&path), "Path /items");
        let every = FunctionConfig {
            interval_seconds: Some(60),
            ..Default::default()
        };
        assert_eq!(trigger(&every), "Every 60 seconds");
        assert_eq!(trigger(&FunctionConfig::default()), "No trigger");
    }

    #[test]
    fn parses_the_api_times() {
        assert_eq!(parse_timestamp("1970-01-01T00:00:00.000Z"), Some(0));
        assert_eq!(
            parse_timestamp("2024-01-15T10:30:00.123Z"),
            Some(1_705_314_600_123)
        );
        assert_eq!(
            parse_timestamp("2024-01-15T10:30:00Z"),
            Some(1_705_314_600_000)
        );
        assert_eq!(
            parse_timestamp("2024-02-29T00:00:00.5Z"),
            Some(1_709_164_800_500)
        );
        assert_eq!(parse_timestamp("2024-13-01T00:00:00Z"), None);
        assert_eq!(parse_timestamp("yesterday"), None);
        assert_eq!(parse_timestamp("2024-01-15T10:30:00+01:00"), None);
    }

    #[test]
    fn times_in_ms_print_as_the_api_writes_them() {
        for text in [
            "1970-01-01T00:00:00.000Z",
            "2024-01-15T10:30:00.123Z",
            "2024-02-29T23:59:59.999Z",
            "2000-03-01T00:00:00.000Z",
            "1969-12-31T23:59:59.500Z",
        ] {
            let ms = parse_timestamp(text).unwrap();
            assert_eq!(timestamp_from_ms(ms), text);
        }
    }

    #[test]
    fn days_read_as_weekday_day_month() {
        let day = parse_date("2026-01-15").unwrap();
        assert_eq!(day_label(day), "Thu 15 Jan");
        assert_eq!(day_label(parse_date("2026-12-06").unwrap()), "Sun 6 Dec");
        assert_eq!(day_label(0), "Thu 1 Jan");
        assert_eq!(parse_date("2026-13-01"), None);
        assert_eq!(parse_date("yesterday"), None);
    }

    #[test]
    fn relative_times_round_to_the_nearest_unit() {
        let now = 10_000_000_000;
        assert_eq!(relative_time(now - 10_000, now), "just now");
        assert_eq!(relative_time(now + 5_000, now), "just now");
        assert_eq!(relative_time(now - 60_000, now), "1 minute ago");
        assert_eq!(relative_time(now - 150_000, now), "3 minutes ago");
        assert_eq!(relative_time(now - 3 * 3_600_000, now), "3 hours ago");
        assert_eq!(relative_time(now - 86_400_000, now), "1 day ago");
        assert_eq!(relative_time(now - 40 * 86_400_000, now), "1 month ago");
        assert_eq!(relative_time(now - 800 * 86_400_000, now), "2 years ago");
    }

    #[test]
    fn absolute_times_are_utc_minutes() {
        assert_eq!(
            absolute_time("2024-01-15T10:30:00.000Z"),
            "2024-01-15 10:30 UTC"
        );
        assert_eq!(absolute_time("garbage"), "garbage");
    }

    #[test]
    fn counts_agree_with_their_noun() {
        assert_eq!(count(1, "revision", "revisions"), "1 revision");
        assert_eq!(count(0, "revision", "revisions"), "0 revisions");
    }
}
