//! Plain Rust of a keyset's Data page: value previews, time to live as a duration people
//! type and read, when an entry expires in words, a counter set to a value as the step that
//! gets it there, a JSON document as typed, when the table must read again on its own, and a
//! 404 after a concurrent delete explained.

use faas_api::{
    kv::{key_problem, validate_put, KvKind, PutKvEntry, TTL_SECONDS},
    ErrorCode,
};
use serde_json::Value;

use crate::{
    api::ApiError,
    format::{absolute_time, parse_timestamp, timestamp_from_ms},
};

/// The most characters of a value a table cell shows.
pub const PREVIEW_CHARS: usize = 80;

/// A value as a table cell shows it: a string as it is, a JSON document as compact JSON,
/// cut at [`PREVIEW_CHARS`] characters with an ellipsis.
pub fn value_preview(kind: KvKind, value: &Value) -> String {
    let text = match (kind, value) {
        (KvKind::Strings, Value::String(s)) => s.clone(),
        _ => value.to_string(),
    };
    match text.char_indices().nth(PREVIEW_CHARS) {
        None => text,
        Some((cut, _)) => format!("{}…", &text[..cut]),
    }
}

/// The units a duration is typed in, largest first.
const UNITS: [(char, u64); 5] = [
    ('w', 7 * 86_400),
    ('d', 86_400),
    ('h', 3_600),
    ('m', 60),
    ('s', 1),
];

/// A time to live as typed: numbers with a unit each (`90m`, `1d 12h`, `2w`; `s`, `m`, `h`,
/// `d`, `w`), a bare number is seconds. Empty is `None`: the server's default, a day.
/// Outside a minute to a year (the contract's [`TTL_SECONDS`]) it is refused in words.
pub fn parse_duration(text: &str) -> Result<Option<u32>, String> {
    let text = text.trim().to_ascii_lowercase();
    if text.is_empty() {
        return Ok(None);
    }
    let unreadable = || {
        format!("“{text}” is not a duration: write it as 90m, 12h, 7d or 1d 12h (s, m, h, d, w).")
    };
    let mut total: u64 = 0;
    let mut number = String::new();
    let mut parts = 0;
    for c in text.chars().chain(std::iter::once(' ')) {
        if c.is_ascii_digit() {
            number.push(c);
            continue;
        }
        if number.is_empty() {
            if c.is_whitespace() {
                continue;
            }
            return Err(unreadable());
        }
        let seconds = match UNITS.iter().find(|(unit, _)| *unit == c) {
            Some((_, seconds)) => *seconds,
            // A bare number at the end (or before a space) is seconds.
            None if c.is_whitespace() => 1,
            None => return Err(unreadable()),
        };
        let n: u64 = number.parse().map_err(|_| unreadable())?;
        total = total.saturating_add(n.saturating_mul(seconds));
        number.clear();
        parts += 1;
    }
    if parts == 0 {
        return Err(unreadable());
    }
    let (min, max) = (
        u64::from(*TTL_SECONDS.start()),
        u64::from(*TTL_SECONDS.end()),
    );
    if !(min..=max).contains(&total) {
        return Err(format!(
            "The time to live is from a minute to a year (365d); {} is {}.",
            text,
            if total < min { "shorter" } else { "longer" }
        ));
    }
    Ok(Some(u32::try_from(total).expect("at most a year")))
}

/// Seconds as [`parse_duration`] reads them back, largest units first, zeros left out:
/// `1d 2h 30m`; `0s` for none.
pub fn format_duration(seconds: u64) -> String {
    let mut left = seconds;
    let mut parts = Vec::new();
    for (unit, size) in UNITS.iter().skip(1) {
        if left >= *size {
            parts.push(format!("{}{unit}", left / size));
            left %= size;
        }
    }
    if parts.is_empty() {
        "0s".into()
    } else {
        parts.join(" ")
    }
}

/// "in 5 minutes", "in 3 days": how long until a time `seconds` ahead, roughly.
pub fn in_words(seconds: i64) -> String {
    if seconds < 60 {
        return if seconds <= 0 {
            "now".into()
        } else {
            "in less than a minute".into()
        };
    }
    let (value, unit) = match seconds {
        60..=3_599 => ((seconds + 30) / 60, "minute"),
        3_600..=86_399 => ((seconds + 1_800) / 3_600, "hour"),
        86_400..=2_591_999 => ((seconds + 43_200) / 86_400, "day"),
        2_592_000..=31_535_999 => ((seconds + 1_296_000) / 2_592_000, "month"),
        _ => ((seconds + 15_768_000) / 31_536_000, "year"),
    };
    let value = value.max(1);
    format!("in {value} {unit}{}", if value == 1 { "" } else { "s" })
}

/// When an entry that answers `expires_dttm` expires, relative to `now_ms`, and the exact UTC
/// time for its tooltip.
pub fn expiry(expires_dttm: &str, now_ms: i64) -> (String, String) {
    let relative = parse_timestamp(expires_dttm).map_or_else(
        || expires_dttm.to_owned(),
        |at| in_words((at - now_ms).div_euclid(1000)),
    );
    (relative, absolute_time(expires_dttm))
}

/// What a write with `ttl` (typed, see [`parse_duration`]) leaves: "Expires in 1 day, at
/// 2026-12-07 05:00 UTC." at `now_ms`, or the problem of what was typed.
pub fn expiry_of_ttl(ttl: &str, now_ms: i64) -> Result<String, String> {
    let seconds = parse_duration(ttl)?.unwrap_or(faas_api::kv::DEFAULT_TTL_SECONDS);
    let at = timestamp_from_ms(now_ms + i64::from(seconds) * 1000);
    Ok(format!(
        "Expires {}, at {}.",
        in_words(i64::from(seconds)),
        absolute_time(&at)
    ))
}

/// The step that takes a counter from `current` to `target`, or why none can (past the
/// 64-bit integers).
pub fn step_to(current: i64, target: i64) -> Result<i64, String> {
    target.checked_sub(current).ok_or_else(|| {
        format!(
            "{current} cannot be stepped to {target}: the difference is past the 64-bit integers."
        )
    })
}

/// An integer as typed in a counter's fields (spaces around it allowed, `+` or `-` sign).
pub fn parse_integer(text: &str) -> Result<i64, String> {
    let text = text.trim();
    text.parse::<i64>().map_err(|_| {
        if text.is_empty() {
            "Type a whole number.".to_owned()
        } else {
            format!(
                "“{text}” is not a whole number from {} to {}.",
                i64::MIN,
                i64::MAX
            )
        }
    })
}

/// A JSON document as typed in the editor, or where it stops being JSON: "line 2, column 5:
/// expected `,` or `}`".
pub fn parse_json(text: &str) -> Result<Value, String> {
    serde_json::from_str::<Value>(text).map_err(|e| {
        let message = e.to_string();
        // serde_json ends its message with " at line L column C"; say it first, in words.
        let what = message
            .rsplit_once(" at line ")
            .map_or(message.as_str(), |(what, _)| what);
        format!(
            "Not valid JSON: line {}, column {}: {what}.",
            e.line(),
            e.column()
        )
    })
}

/// About every 3 s: the pace of a live view watching something change on its own
/// (`components::Pace::Watching`).
pub const WATCHING_MS: u32 = 3_000;

/// What is wrong with a key (of an entry, a counter or a secret), in a sentence.
pub fn key_problem_text(key: &str) -> Option<String> {
    key_problem(key).map(|problem| format!("The key {}.", problem.message))
}

/// The fields of the add and edit form of a string or a JSON document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntryField {
    Key,
    Value,
    Ttl,
}

/// The body of a string or JSON write as typed (`value_text` is the string itself, or the
/// JSON document's text), checked by the contract's rules before anything is sent; or each
/// field's problem, in words.
pub fn entry_body(
    kind: KvKind,
    key: &str,
    value_text: &str,
    ttl_text: &str,
) -> Result<PutKvEntry, Vec<(EntryField, String)>> {
    let mut problems = Vec::new();
    if let Some(problem) = key_problem_text(key) {
        problems.push((EntryField::Key, problem));
    }
    let value = match kind {
        KvKind::Jsons => parse_json(value_text)
            .map_err(|problem| problems.push((EntryField::Value, problem)))
            .ok(),
        _ => Some(Value::String(value_text.to_owned())),
    };
    let ttl_seconds = parse_duration(ttl_text)
        .map_err(|problem| problems.push((EntryField::Ttl, problem)))
        .ok()
        .flatten();
    let body = PutKvEntry {
        value,
        ttl_seconds: ttl_seconds.map(i64::from),
    };
    if problems.is_empty() {
        if let Err(found) = validate_put(kind, &body) {
            problems.extend(
                found
                    .into_iter()
                    .map(|p| (EntryField::Value, format!("The value {}.", p.message))),
            );
        }
    }
    if problems.is_empty() {
        Ok(body)
    } else {
        Err(problems)
    }
}

/// How often the table reads again on its own: about every 3 s while an entry shown expires
/// within the next five minutes (so that it leaves the table when it does), never otherwise.
pub fn pace<'a>(expiries: impl IntoIterator<Item = &'a str>, now_ms: i64) -> Option<u32> {
    const SOON_MS: i64 = 5 * 60 * 1000;
    expiries
        .into_iter()
        .filter_map(parse_timestamp)
        .any(|at| at - now_ms <= SOON_MS)
        .then_some(WATCHING_MS)
}

/// A refusal that says the entry is gone, in words: another tab, a function or its expiry
/// removed `key` since the table was read. `None` for any other error, shown as it is.
pub fn explain_missing(key: &str, error: &ApiError) -> Option<String> {
    let missing = error.status() == Some(404)
        && error.code().and_then(ErrorCode::parse) == Some(ErrorCode::KvKeyNotFound);
    missing.then(|| {
        format!(
            "“{key}” is no longer in this keyset: it was deleted (by another tab or a function) \
             or it expired since the table was read. The table shows what is there now."
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn previews_are_cut_at_eighty_characters() {
        assert_eq!(value_preview(KvKind::Strings, &json!("hi")), "hi");
        assert_eq!(
            value_preview(KvKind::Jsons, &json!({"a": [1, "b"]})),
            r#"{"a":[1,"b"]}"#
        );
        assert_eq!(value_preview(KvKind::Jsons, &json!("s")), "\"s\"");
        let long = "é".repeat(100);
        let preview = value_preview(KvKind::Strings, &json!(long));
        assert_eq!(preview.chars().count(), PREVIEW_CHARS + 1);
        assert!(preview.ends_with('…'));
    }

    #[test]
    fn durations_read_units_and_stay_within_a_minute_and_a_year() {
        assert_eq!(parse_duration(""), Ok(None));
        assert_eq!(parse_duration("  "), Ok(None));
        assert_eq!(parse_duration("90m"), Ok(Some(5_400)));
        assert_eq!(parse_duration("1d 12h"), Ok(Some(129_600)));
        assert_eq!(parse_duration("1D12H"), Ok(Some(129_600)));
        assert_eq!(parse_duration("2w"), Ok(Some(1_209_600)));
        assert_eq!(parse_duration("600"), Ok(Some(600)));
        assert_eq!(parse_duration("365d"), Ok(Some(31_536_000)));
        assert_eq!(parse_duration("1m"), Ok(Some(60)));
        for bad in [
            "59s",
            "366d",
            "1y",
            "h",
            "1.5h",
            "-2h",
            "99999999999999999999d",
        ] {
            assert!(parse_duration(bad).is_err(), "{bad}");
        }
        assert!(parse_duration("30s").unwrap_err().contains("shorter"));
    }

    #[test]
    fn a_formatted_duration_reads_back() {
        assert_eq!(format_duration(0), "0s");
        assert_eq!(format_duration(86_400), "1d");
        assert_eq!(format_duration(93_784), "1d 2h 3m 4s");
        for seconds in [60, 5_400, 129_600, 31_536_000, 2_591_939] {
            assert_eq!(
                parse_duration(&format_duration(seconds)),
                Ok(Some(seconds as u32))
            );
        }
    }

    #[test]
    fn expiries_are_said_ahead_with_the_exact_time_beside() {
        let now = parse_timestamp("2026-12-06T05:00:00.000Z").unwrap();
        assert_eq!(
            expiry("2026-12-06T05:02:30.000Z", now),
            ("in 3 minutes".into(), "2026-12-06 05:02 UTC".into())
        );
        assert_eq!(expiry("2026-12-09T05:00:00.000Z", now).0, "in 3 days");
        assert_eq!(
            expiry("2026-12-06T05:00:20.000Z", now).0,
            "in less than a minute"
        );
        assert_eq!(in_words(-5), "now");
        assert_eq!(in_words(31_536_000), "in 1 year");
        assert_eq!(
            expiry_of_ttl("", now).unwrap(),
            "Expires in 1 day, at 2026-12-07 05:00 UTC."
        );
        assert_eq!(
            expiry_of_ttl("90m", now).unwrap(),
            "Expires in 2 hours, at 2026-12-06 06:30 UTC."
        );
        assert!(expiry_of_ttl("5s", now).is_err());
    }

    #[test]
    fn setting_a_counter_is_the_step_to_the_target() {
        assert_eq!(step_to(42, 0), Ok(-42));
        assert_eq!(step_to(-3, 10), Ok(13));
        assert!(step_to(i64::MIN, 1).is_err());
        assert_eq!(parse_integer(" -17 "), Ok(-17));
        assert_eq!(parse_integer("+5"), Ok(5));
        assert!(parse_integer("1.5").is_err());
        assert!(parse_integer("").is_err());
        assert!(parse_integer("99999999999999999999").is_err());
    }

    #[test]
    fn json_problems_say_where() {
        assert_eq!(
            parse_json(r#"{"a": [1, null]}"#),
            Ok(json!({"a": [1, null]}))
        );
        assert_eq!(parse_json("null"), Ok(Value::Null));
        let problem = parse_json("{\n  \"a\": 1,\n}").unwrap_err();
        assert!(
            problem.starts_with("Not valid JSON: line 3, column 1:"),
            "{problem}"
        );
        assert!(parse_json("").is_err());
    }

    #[test]
    fn an_entry_is_checked_field_by_field_before_it_is_sent() {
        let body = entry_body(KvKind::Jsons, "room/1", "{\"a\": 1}", "2h").unwrap();
        assert_eq!(body.value, Some(json!({"a": 1})));
        assert_eq!(body.ttl_seconds, Some(7_200));
        let body = entry_body(KvKind::Strings, "k", "{not json", "").unwrap();
        assert_eq!(body.value, Some(json!("{not json")));
        assert_eq!(body.ttl_seconds, None);
        let problems = entry_body(KvKind::Jsons, "", "{", "5s").unwrap_err();
        let fields: Vec<EntryField> = problems.iter().map(|(f, _)| *f).collect();
        assert_eq!(
            fields,
            [EntryField::Key, EntryField::Value, EntryField::Ttl]
        );
        assert_eq!(problems[0].1, "The key must not be empty.");
        let long = "x".repeat(faas_api::kv::VALUE_MAX_CHARS + 1);
        let problems = entry_body(KvKind::Strings, "k", &long, "").unwrap_err();
        assert_eq!(problems[0].0, EntryField::Value);
    }

    #[test]
    fn the_table_reads_again_only_while_an_entry_expires_soon() {
        let now = parse_timestamp("2026-12-06T05:00:00.000Z").unwrap();
        assert_eq!(pace(["2026-12-07T05:00:00.000Z"], now), None);
        assert_eq!(
            pace(
                ["2026-12-07T05:00:00.000Z", "2026-12-06T05:04:00.000Z"],
                now
            ),
            Some(WATCHING_MS)
        );
        assert_eq!(pace([], now), None);
    }

    #[test]
    fn only_a_missing_key_is_explained() {
        let refused = |status, code: &str| ApiError {
            kind: crate::api::ErrorKind::Rejected {
                status,
                errors: vec![faas_api::ApiError {
                    code: code.into(),
                    message: "m".into(),
                    field: None,
                }],
            },
            correlation_id: "c".into(),
        };
        let said = explain_missing("room/1", &refused(404, "FAAS-1021")).unwrap();
        assert!(said.contains("“room/1” is no longer in this keyset"));
        assert_eq!(explain_missing("k", &refused(404, "FAAS-1022")), None);
        assert_eq!(explain_missing("k", &refused(403, "FAAS-403")), None);
    }
}
