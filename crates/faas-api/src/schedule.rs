//! Scheduled events (`api.md` §5 "Scheduled events"): an event starts a package deployment
//! at `dttmBegin` and, optionally, stops it at `dttmEnd`, through one scheduled action each.
//!
//! Times travel as RFC 3339 date-times; [`parse_dttm`] reads them (any offset, answered in
//! UTC), and [`check_times`] holds the rules of a schedule, so that the console can say what
//! the server would refuse before sending it.

use serde::{Deserialize, Serialize};

use crate::validation::{check_description, Limits, Problem};

/// What an action does to its deployment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ActionType {
    Start,
    Stop,
}

impl ActionType {
    pub fn as_str(self) -> &'static str {
        match self {
            ActionType::Start => "START",
            ActionType::Stop => "STOP",
        }
    }

    pub fn parse(s: &str) -> Option<ActionType> {
        [ActionType::Start, ActionType::Stop]
            .into_iter()
            .find(|t| t.as_str() == s)
    }
}

/// Where an action stands. A START stays PENDING until the deployment's build ends: DONE
/// when it runs, FAILED with the build error when it does not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ActionState {
    Pending,
    Done,
    Failed,
}

impl ActionState {
    pub const ALL: [ActionState; 3] =
        [ActionState::Pending, ActionState::Done, ActionState::Failed];

    pub fn as_str(self) -> &'static str {
        match self {
            ActionState::Pending => "PENDING",
            ActionState::Done => "DONE",
            ActionState::Failed => "FAILED",
        }
    }
}

/// Where an event stands: RUNNING while an action is still to run (as in the public
/// example), then DONE if every action was, or FAILED if one failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum EventState {
    Running,
    Done,
    Failed,
}

impl EventState {
    pub const ALL: [EventState; 3] = [EventState::Running, EventState::Done, EventState::Failed];

    pub fn as_str(self) -> &'static str {
        match self {
            EventState::Running => "RUNNING",
            EventState::Done => "DONE",
            EventState::Failed => "FAILED",
        }
    }

    /// The state of an event whose actions are in `actions`.
    pub fn of(actions: impl IntoIterator<Item = ActionState>) -> EventState {
        let mut state = EventState::Done;
        for action in actions {
            match action {
                ActionState::Pending => return EventState::Running,
                ActionState::Failed => state = EventState::Failed,
                ActionState::Done => {}
            }
        }
        state
    }
}

/// One action of an event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ScheduledAction {
    pub id: String,
    pub package_deployment_id: String,
    #[serde(rename = "type")]
    pub action_type: ActionType,
    /// When it is due, RFC 3339 UTC.
    pub dttm: String,
    pub state: ActionState,
    /// Why it failed (FAILED only): the deployment was transitional, deleted, or its build
    /// failed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// Ours: when the scheduler ran it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub executed_dttm: Option<String>,
}

/// A scheduled event with its actions, START first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ScheduledEvent {
    pub id: String,
    pub package_deployment_id: String,
    pub dttm_begin: String,
    /// `null`: the event only starts the deployment.
    pub dttm_end: Option<String>,
    #[serde(default)]
    pub description: String,
    pub state: EventState,
    pub scheduled_actions: Vec<ScheduledAction>,
    pub created_dttm: String,
    pub updated_dttm: String,
}

/// `POST /v2/faas/scheduled/events`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CreateScheduledEvent {
    pub package_deployment_id: String,
    pub dttm_begin: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dttm_end: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// `PUT /v2/faas/scheduled/events/{id}`: the event's times and description as they are to
/// be (an absent `dttmEnd` removes the stop); the deployment never changes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UpdateScheduledEvent {
    pub dttm_begin: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dttm_end: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// The fields an event list can be sorted by.
pub const EVENT_SORT_FIELDS: &[&str] = &["dttmBegin", "createdDttm", "updatedDttm"];

/// The RFC 3339 date-times [`parse_dttm`] reads, as a regular expression (for the OpenAPI
/// document): `YYYY-MM-DDTHH:MM:SS`, an optional fraction, `Z` or an offset. Which days
/// exist (`02-30`) is checked by the parser only.
pub const DTTM_PATTERN: &str = r"^[0-9]{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])[Tt](?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](?:\.[0-9]{1,9})?(?:[Zz]|[+-](?:[01][0-9]|2[0-3]):[0-5][0-9])$";

fn digits(s: &str, range: std::ops::Range<usize>) -> Option<i64> {
    let part = s.get(range)?;
    if part.bytes().all(|b| b.is_ascii_digit()) {
        part.parse().ok()
    } else {
        None
    }
}

fn is_leap(year: i64) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days from 1970-01-01 to the civil date (proleptic Gregorian; Howard Hinnant's algorithm).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// An RFC 3339 date-time (`2026-01-15T10:30:00.000Z`, `2026-01-15T11:30:00+01:00`) as
/// milliseconds since the Unix epoch; digits past the millisecond are dropped. Leap seconds
/// (`:60`) are refused.
pub fn parse_dttm(s: &str) -> Result<i64, String> {
    let bad =
        || format!("must be an RFC 3339 date-time such as 2026-01-15T10:30:00.000Z (got '{s}')");
    let b = s.as_bytes();
    if b.len() < 20
        || b[4] != b'-'
        || b[7] != b'-'
        || !matches!(b[10], b'T' | b't')
        || b[13] != b':'
        || b[16] != b':'
    {
        return Err(bad());
    }
    let (year, month, day) = (
        digits(s, 0..4).ok_or_else(bad)?,
        digits(s, 5..7).ok_or_else(bad)?,
        digits(s, 8..10).ok_or_else(bad)?,
    );
    let (hour, minute, second) = (
        digits(s, 11..13).ok_or_else(bad)?,
        digits(s, 14..16).ok_or_else(bad)?,
        digits(s, 17..19).ok_or_else(bad)?,
    );
    if !(1..=12).contains(&month)
        || !(1..=days_in_month(year, month)).contains(&day)
        || hour > 23
        || minute > 59
        || second > 59
    {
        return Err(bad());
    }
    let mut rest = &s[19..];
    let mut millis = 0;
    if let Some(fraction) = rest.strip_prefix('.') {
        let len = fraction.bytes().take_while(u8::is_ascii_digit).count();
        if !(1..=9).contains(&len) {
            return Err(bad());
        }
        let first3 = format!("{:0<3}", &fraction[..len.min(3)]);
        millis = first3.parse::<i64>().map_err(|_| bad())?;
        rest = &fraction[len..];
    }
    let offset_minutes = match rest {
        "Z" | "z" => 0,
        _ if rest.len() == 6 && rest.as_bytes()[3] == b':' => {
            let sign = match rest.as_bytes()[0] {
                b'+' => 1,
                b'-' => -1,
                _ => return Err(bad()),
            };
            let (h, m) = (
                digits(rest, 1..3).ok_or_else(bad)?,
                digits(rest, 4..6).ok_or_else(bad)?,
            );
            if h > 23 || m > 59 {
                return Err(bad());
            }
            sign * (h * 60 + m)
        }
        _ => return Err(bad()),
    };
    let days = days_from_civil(year, month, day);
    let seconds = days * 86_400 + hour * 3600 + minute * 60 + second - offset_minutes * 60;
    Ok(seconds * 1000 + millis)
}

/// An event's times and description as a create or an update sets them, read and checked
/// for their form (whether they lie in the past is [`check_times`]'s, with the clock).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventTimes {
    pub begin_ms: i64,
    pub end_ms: Option<i64>,
    /// `None`: absent (an update keeps the description it had).
    pub description: Option<String>,
}

/// Reads `dttmBegin`, `dttmEnd` and `description`, reporting every problem at once, each
/// naming its field.
pub fn validate_event_times(
    begin: &str,
    end: Option<&str>,
    description: Option<&str>,
    limits: &Limits,
) -> Result<EventTimes, Vec<Problem>> {
    let mut problems = Vec::new();
    let begin_ms = parse_dttm(begin)
        .map_err(|why| problems.push(Problem::new("dttmBegin", why)))
        .ok();
    let end_ms = end.map(|end| {
        parse_dttm(end)
            .map_err(|why| problems.push(Problem::new("dttmEnd", why)))
            .ok()
    });
    let description =
        description.map(|d| check_description("description", Some(d), limits, &mut problems));
    match (begin_ms, end_ms) {
        (Some(begin_ms), None) if problems.is_empty() => Ok(EventTimes {
            begin_ms,
            end_ms: None,
            description,
        }),
        (Some(begin_ms), Some(Some(end_ms))) if problems.is_empty() => Ok(EventTimes {
            begin_ms,
            end_ms: Some(end_ms),
            description,
        }),
        _ => Err(problems),
    }
}

/// A refused schedule: the field to blame and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimeProblem {
    pub field: &'static str,
    pub message: String,
}

/// The rules of an event's times at `now` (ms): a time that is set or changed is not in
/// the past (a kept one may have passed meanwhile), and `end`, if any, comes after `begin`.
pub fn check_times(
    begin: i64,
    end: Option<i64>,
    now: i64,
    begin_changes: bool,
    end_changes: bool,
) -> Result<(), TimeProblem> {
    if begin_changes && begin < now {
        return Err(TimeProblem {
            field: "dttmBegin",
            message: "dttmBegin must not be in the past".into(),
        });
    }
    if let Some(end) = end {
        if end <= begin {
            return Err(TimeProblem {
                field: "dttmEnd",
                message: "dttmEnd must be after dttmBegin".into(),
            });
        }
        if end_changes && end < now {
            return Err(TimeProblem {
                field: "dttmEnd",
                message: "dttmEnd must not be in the past".into(),
            });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_rfc_3339_in_utc_and_with_offsets() {
        assert_eq!(parse_dttm("1970-01-01T00:00:00Z"), Ok(0));
        assert_eq!(
            parse_dttm("2026-01-15T10:30:00.123Z"),
            Ok(1_768_473_000_123)
        );
        assert_eq!(
            parse_dttm("2026-01-15T11:30:00.123+01:00"),
            Ok(1_768_473_000_123)
        );
        assert_eq!(
            parse_dttm("2026-01-15t10:30:00.1234567z"),
            Ok(1_768_473_000_123)
        );
        assert_eq!(
            parse_dttm("2026-01-15T05:30:00.5-05:00"),
            Ok(1_768_473_000_500)
        );
        assert_eq!(parse_dttm("2024-02-29T00:00:00Z"), Ok(1_709_164_800_000));
        assert_eq!(parse_dttm("1969-12-31T23:59:59Z"), Ok(-1000));
    }

    #[test]
    fn refuses_what_is_not_a_real_date_time() {
        for bad in [
            "",
            "2026-01-15",
            "2026-01-15 10:30:00Z",
            "2026-01-15T10:30:00",
            "2026-02-29T00:00:00Z",
            "2026-04-31T00:00:00Z",
            "2026-13-01T00:00:00Z",
            "2026-01-15T24:00:00Z",
            "2026-01-15T23:59:60Z",
            "2026-01-15T10:30:00.Z",
            "2026-01-15T10:30:00.1234567890Z",
            "2026-01-15T10:30:00+0100",
            "2026-01-15T10:30:00+24:00",
            "+2026-01-15T10:30:00Z",
            "2026-01-15T10:30:00ZZ",
            "２026-01-15T10:30:00Z",
        ] {
            assert!(parse_dttm(bad).is_err(), "{bad:?} accepted");
        }
    }

    proptest::proptest! {
        /// What the OpenAPI document's pattern allows, the parser reads, unless the day is
        /// past the end of its month (which a pattern cannot say).
        #[test]
        fn the_pattern_allows_only_what_the_parser_reads(
            s in proptest::string::string_regex(&DTTM_PATTERN[1..DTTM_PATTERN.len() - 1]).unwrap()
        ) {
            let (year, month, day) = (
                s[0..4].parse::<i64>().unwrap(),
                s[5..7].parse::<i64>().unwrap(),
                s[8..10].parse::<i64>().unwrap(),
            );
            proptest::prop_assert_eq!(parse_dttm(&s).is_ok(), day <= days_in_month(year, month), "{}", s);
        }
    }

    #[test]
    fn a_schedule_begins_in_the_future_and_ends_after_it_begins() {
        assert!(check_times(2000, Some(3000), 1000, true, true).is_ok());
        assert!(check_times(2000, None, 1000, true, true).is_ok());
        let past = check_times(500, None, 1000, true, true).unwrap_err();
        assert_eq!(past.field, "dttmBegin");
        assert!(
            check_times(500, Some(2000), 1000, false, true).is_ok(),
            "a kept begin"
        );
        assert_eq!(
            check_times(500, Some(800), 1000, false, true)
                .unwrap_err()
                .field,
            "dttmEnd",
            "a new end in the past"
        );
        assert!(
            check_times(500, Some(800), 1000, false, false).is_ok(),
            "a kept end"
        );
        for end in [2000, 1500] {
            let problem = check_times(2000, Some(end), 1000, true, true).unwrap_err();
            assert_eq!(problem.field, "dttmEnd");
        }
    }

    #[test]
    fn an_event_body_is_read_field_by_field() {
        let limits = Limits::default();
        let ok = validate_event_times("2026-01-15T10:30:00Z", None, Some("night"), &limits);
        assert_eq!(
            ok,
            Ok(EventTimes {
                begin_ms: 1_768_473_000_000,
                end_ms: None,
                description: Some("night".into())
            })
        );
        let long = "x".repeat(limits.description_max_chars + 1);
        let problems =
            validate_event_times("soon", Some("later"), Some(&long), &limits).unwrap_err();
        let fields: Vec<&str> = problems.iter().map(|p| p.field.as_str()).collect();
        assert_eq!(fields, ["dttmBegin", "dttmEnd", "description"]);
    }

    #[test]
    fn an_event_runs_until_every_action_has_run() {
        use ActionState::*;
        assert_eq!(EventState::of([Pending, Pending]), EventState::Running);
        assert_eq!(EventState::of([Done, Pending]), EventState::Running);
        assert_eq!(EventState::of([Failed, Pending]), EventState::Running);
        assert_eq!(EventState::of([Done, Done]), EventState::Done);
        assert_eq!(EventState::of([Done, Failed]), EventState::Failed);
        assert_eq!(EventState::of([Done]), EventState::Done);
    }
}
