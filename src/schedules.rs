//! Scheduled events, in plain Rust: the browser's local time to UTC and back, the countdown of
//! a pending action, and the layout of the 14-day timeline. The browser's clock and time zone
//! are read by the caller and passed in (`offset_at`: minutes east of UTC at an instant), so
//! every rule here has native tests.

use faas_api::schedule::{ActionState, ActionType, EventState, ScheduledEvent};

use crate::format::{day_label, parse_timestamp, timestamp_from_ms};

const MINUTE_MS: i64 = 60_000;
const DAY_MS: i64 = 86_400_000;

/// What the Schedules page shows, kept in its URL (`routes`): the events of one deployment,
/// in one state, the actions of one type.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SchedulesQuery {
    pub deployment: Option<String>,
    pub state: Option<EventState>,
    pub action: Option<ActionType>,
}

impl SchedulesQuery {
    pub fn is_filtered(&self) -> bool {
        *self != SchedulesQuery::default()
    }

    /// The events `self` keeps (the deployment is filtered by the server), each with only the
    /// actions of the type asked for; an event left with none is dropped.
    pub fn filter(&self, events: Vec<ScheduledEvent>) -> Vec<ScheduledEvent> {
        events
            .into_iter()
            .filter(|e| self.state.is_none_or(|s| e.state == s))
            .filter_map(|mut e| {
                if let Some(kind) = self.action {
                    e.scheduled_actions.retain(|a| a.action_type == kind);
                }
                (!e.scheduled_actions.is_empty()).then_some(e)
            })
            .collect()
    }
}

/// How many days the Schedules page's timeline shows.
pub const TIMELINE_DAYS: i64 = 14;

/// The UTC instant (ms) of a `datetime-local` value (`2026-01-15T10:30` or with `:ss`) read
/// in the zone `offset_at` describes. Across a change of offset the offset in force at the
/// result is used; a local time skipped by a change lands just after it.
pub fn local_to_utc(value: &str, offset_at: impl Fn(i64) -> i32) -> Option<i64> {
    let value = value.trim();
    let with_seconds = match value.len() {
        16 => format!("{value}:00.000Z"),
        19 => format!("{value}.000Z"),
        _ => return None,
    };
    let naive = parse_timestamp(&with_seconds)?;
    let first = naive - i64::from(offset_at(naive)) * MINUTE_MS;
    Some(naive - i64::from(offset_at(first)) * MINUTE_MS)
}

/// A UTC instant as a `datetime-local` value in the zone `offset_at` describes, to the second.
pub fn utc_to_local(ms: i64, offset_at: impl Fn(i64) -> i32) -> String {
    let local = ms + i64::from(offset_at(ms)) * MINUTE_MS;
    timestamp_from_ms(local)[..19].to_owned()
}

/// The API's form of a UTC instant: what is sent as `dttmBegin` and shown as "UTC".
pub fn utc_text(ms: i64) -> String {
    timestamp_from_ms(ms)
}

/// "UTC+01:00", "UTC−05:30", "UTC".
pub fn offset_text(minutes: i32) -> String {
    if minutes == 0 {
        return "UTC".into();
    }
    let sign = if minutes > 0 { '+' } else { '−' };
    let abs = minutes.unsigned_abs();
    format!("UTC{sign}{:02}:{:02}", abs / 60, abs % 60)
}

/// What a pending action's countdown says `now_ms` before it is due: "in 3 s",
/// "in 4 min 05 s", "in 2 h 05 min", "in 3 d 4 h"; "due now" once it is.
pub fn countdown(due_ms: i64, now_ms: i64) -> String {
    let left = (due_ms - now_ms + 999) / 1000;
    if left <= 0 {
        return "due now".into();
    }
    let (d, h, m, s) = (left / 86_400, left / 3600 % 24, left / 60 % 60, left % 60);
    if d > 0 {
        format!("in {d} d {h} h")
    } else if h > 0 {
        format!("in {h} h {m:02} min")
    } else if m > 0 {
        format!("in {m} min {s:02} s")
    } else {
        format!("in {s} s")
    }
}

/// How often a view with pending actions reads again (ms): every second once one is due within
/// ten seconds or overdue (its result is near), every 5 s within five minutes, else every 30 s;
/// `None` without a pending action.
pub fn pace(pending_due: impl IntoIterator<Item = i64>, now_ms: i64) -> Option<u32> {
    let soonest = pending_due.into_iter().min()?;
    let left = soonest - now_ms;
    Some(if left <= 10_000 {
        1_000
    } else if left <= 300_000 {
        5_000
    } else {
        30_000
    })
}

/// The due times of an event's actions that have still to end.
pub fn pending_due(event: &ScheduledEvent) -> impl Iterator<Item = i64> + '_ {
    event
        .scheduled_actions
        .iter()
        .filter(|a| a.state == ActionState::Pending)
        .filter_map(|a| parse_timestamp(&a.dttm))
}

/// One action on the timeline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimelineEntry {
    pub event_id: String,
    pub deployment_id: String,
    pub action: ActionType,
    pub state: ActionState,
    pub error: Option<String>,
    /// The API's UTC time.
    pub dttm: String,
    pub due_ms: i64,
    /// Local time of day, `14:05:30`.
    pub local_time: String,
    /// Where in its local day it falls, 0 to 100 (percent of 24 h), for the day's track.
    pub day_percent: u32,
}

/// One local day of the timeline, with its actions in time order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimelineDay {
    /// `2026-01-15`, local.
    pub date: String,
    /// "Thu 15 Jan", local; "Today" and "Tomorrow" for the first two.
    pub label: String,
    pub entries: Vec<TimelineEntry>,
}

/// The next [`TIMELINE_DAYS`] local days from `now_ms`, each with the actions of `events` due
/// that day (from `now_ms` on, plus any still pending and overdue, shown today). Days without
/// an action are kept, so the timeline shows the whole span.
pub fn timeline(
    events: &[ScheduledEvent],
    now_ms: i64,
    offset_at: impl Fn(i64) -> i32,
) -> Vec<TimelineDay> {
    let local_day = |ms: i64| (ms + i64::from(offset_at(ms)) * MINUTE_MS).div_euclid(DAY_MS);
    let today = local_day(now_ms);
    let mut days: Vec<TimelineDay> = (0..TIMELINE_DAYS)
        .map(|n| {
            let day = today + n;
            let date = timestamp_from_ms(day * DAY_MS)[..10].to_owned();
            let label = match n {
                0 => "Today".to_owned(),
                1 => "Tomorrow".to_owned(),
                _ => day_label(day),
            };
            TimelineDay {
                date,
                label,
                entries: Vec::new(),
            }
        })
        .collect();
    for event in events {
        for action in &event.scheduled_actions {
            let Some(due) = parse_timestamp(&action.dttm) else {
                continue;
            };
            let overdue = due < now_ms && action.state == ActionState::Pending;
            if due < now_ms && !overdue {
                continue;
            }
            let index = if overdue { 0 } else { local_day(due) - today };
            let Some(day) = usize::try_from(index).ok().and_then(|i| days.get_mut(i)) else {
                continue;
            };
            let local = utc_to_local(due, &offset_at);
            let of_day = (due + i64::from(offset_at(due)) * MINUTE_MS).rem_euclid(DAY_MS);
            day.entries.push(TimelineEntry {
                event_id: event.id.clone(),
                deployment_id: event.package_deployment_id.clone(),
                action: action.action_type,
                state: action.state,
                error: action.error.clone(),
                dttm: action.dttm.clone(),
                due_ms: due,
                local_time: local[11..].to_owned(),
                day_percent: (of_day * 100 / DAY_MS) as u32,
            });
        }
    }
    for day in &mut days {
        crate::sort::sort_by_key(&mut day.entries, |e| e.due_ms);
    }
    days
}

#[cfg(test)]
mod tests {
    use super::*;
    use faas_api::schedule::{EventState, ScheduledAction};

    const PARIS_WINTER: i32 = 60;

    #[test]
    fn local_times_read_in_the_zone_and_print_back() {
        let utc = local_to_utc("2026-01-15T10:30", |_| PARIS_WINTER).unwrap();
        assert_eq!(utc_text(utc), "2026-01-15T09:30:00.000Z");
        assert_eq!(utc_to_local(utc, |_| PARIS_WINTER), "2026-01-15T10:30:00");
        let with_seconds = local_to_utc("2026-01-15T10:30:07", |_| -300).unwrap();
        assert_eq!(utc_text(with_seconds), "2026-01-15T15:30:07.000Z");
        assert_eq!(local_to_utc("2026-01-15", |_| 0), None);
        assert_eq!(local_to_utc("2026-13-15T10:30", |_| 0), None);
    }

    #[test]
    fn a_change_of_offset_uses_the_offset_in_force_at_the_time() {
        // Summer time (+2 h) from 2026-03-29T01:00Z.
        let switch = parse_timestamp("2026-03-29T01:00:00.000Z").unwrap();
        let paris = move |ms: i64| if ms >= switch { 120 } else { 60 };
        let after = local_to_utc("2026-03-29T12:00", paris).unwrap();
        assert_eq!(utc_text(after), "2026-03-29T10:00:00.000Z");
        let before = local_to_utc("2026-03-29T01:30", paris).unwrap();
        assert_eq!(utc_text(before), "2026-03-29T00:30:00.000Z");
    }

    #[test]
    fn offsets_are_named() {
        assert_eq!(offset_text(0), "UTC");
        assert_eq!(offset_text(60), "UTC+01:00");
        assert_eq!(offset_text(-330), "UTC−05:30");
    }

    #[test]
    fn countdowns_round_up_to_the_second() {
        assert_eq!(countdown(10_000, 7_001), "in 3 s");
        assert_eq!(countdown(10_000, 10_000), "due now");
        assert_eq!(countdown(10_000, 12_000), "due now");
        assert_eq!(countdown(245_000, 0), "in 4 min 05 s");
        assert_eq!(countdown(7_500_000, 0), "in 2 h 05 min");
        assert_eq!(countdown(273_600_000, 0), "in 3 d 4 h");
    }

    #[test]
    fn the_pace_quickens_as_an_action_comes_due() {
        assert_eq!(pace([], 0), None);
        assert_eq!(pace([5_000, 900_000], 0), Some(1_000));
        assert_eq!(pace([-5_000], 0), Some(1_000));
        assert_eq!(pace([120_000], 0), Some(5_000));
        assert_eq!(pace([3_600_000], 0), Some(30_000));
    }

    fn action(kind: ActionType, dttm: &str, state: ActionState) -> ScheduledAction {
        ScheduledAction {
            id: format!("a-{dttm}"),
            package_deployment_id: "d".into(),
            action_type: kind,
            dttm: dttm.into(),
            state,
            error: None,
            executed_dttm: None,
        }
    }

    fn event(id: &str, actions: Vec<ScheduledAction>) -> ScheduledEvent {
        ScheduledEvent {
            id: id.into(),
            package_deployment_id: "d".into(),
            dttm_begin: actions[0].dttm.clone(),
            dttm_end: None,
            description: String::new(),
            state: EventState::Running,
            scheduled_actions: actions,
            created_dttm: String::new(),
            updated_dttm: String::new(),
        }
    }

    #[test]
    fn a_query_keeps_the_events_and_actions_asked_for() {
        use ActionState::*;
        use ActionType::*;
        let mut done = event(
            "done",
            vec![action(Start, "2026-01-01T00:00:00.000Z", Done)],
        );
        done.state = EventState::Done;
        let both = event(
            "both",
            vec![
                action(Start, "2026-01-02T00:00:00.000Z", Pending),
                action(Stop, "2026-01-03T00:00:00.000Z", Pending),
            ],
        );
        let query = SchedulesQuery {
            action: Some(Stop),
            ..Default::default()
        };
        let kept = query.filter(vec![done.clone(), both.clone()]);
        assert_eq!(kept.len(), 1);
        assert_eq!(kept[0].scheduled_actions.len(), 1);
        assert_eq!(kept[0].scheduled_actions[0].action_type, Stop);
        let running = SchedulesQuery {
            state: Some(EventState::Running),
            ..Default::default()
        };
        assert!(running.is_filtered());
        assert_eq!(running.filter(vec![done, both]).len(), 1);
    }

    #[test]
    fn the_timeline_puts_each_action_on_its_local_day() {
        use ActionState::*;
        use ActionType::*;
        // Thursday 2026-01-15, 22:00 in Paris.
        let now = parse_timestamp("2026-01-15T21:00:00.000Z").unwrap();
        let events = [
            event(
                "e1",
                vec![
                    action(Start, "2026-01-15T23:30:00.000Z", Pending),
                    action(Stop, "2026-01-17T11:00:00.000Z", Pending),
                ],
            ),
            event(
                "past",
                vec![action(Start, "2026-01-10T10:00:00.000Z", Done)],
            ),
            event(
                "late",
                vec![action(Start, "2026-01-15T20:59:00.000Z", Pending)],
            ),
            event(
                "far",
                vec![action(Start, "2026-02-20T10:00:00.000Z", Pending)],
            ),
        ];
        let days = timeline(&events, now, |_| PARIS_WINTER);
        assert_eq!(days.len(), 14);
        assert_eq!(days[0].label, "Today");
        assert_eq!(days[1].label, "Tomorrow");
        assert_eq!(
            (days[2].date.as_str(), days[2].label.as_str()),
            ("2026-01-17", "Sat 17 Jan")
        );
        let ids = |d: &TimelineDay| -> Vec<(String, ActionType)> {
            d.entries
                .iter()
                .map(|e| (e.event_id.clone(), e.action))
                .collect()
        };
        // 23:30 UTC is 00:30 in Paris, the 16th; the overdue pending start shows today.
        assert_eq!(ids(&days[0]), [("late".into(), Start)]);
        assert_eq!(ids(&days[1]), [("e1".into(), Start)]);
        assert_eq!(days[1].entries[0].local_time, "00:30:00");
        assert_eq!(days[1].date, "2026-01-16");
        assert_eq!(ids(&days[2]), [("e1".into(), Stop)]);
        assert_eq!(days[2].entries[0].day_percent, 50);
        assert!(
            days[3..].iter().all(|d| d.entries.is_empty()),
            "past and far are left out"
        );
    }
}
