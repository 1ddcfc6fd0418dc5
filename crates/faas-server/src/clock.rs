//! Times: stored as integer milliseconds since the Unix epoch, sent as RFC 3339 UTC with
//! milliseconds (`2026-01-15T10:30:00.000Z`), the one format of `api.md` §1.
//!
//! [`Clock`] is the server's clock where tests must be able to move it (the scheduler and
//! what it compares with: scheduled events and their actions): the one in
//! [`crate::Config`], reached as [`crate::AppState::clock`]. [`now_ms`] is the system's.

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// The system clock, plus an offset that only moves forward, shared by every clone: the app
/// state holds one, and a test keeps a clone to [`Clock::advance`] it.
#[derive(Debug, Clone, Default)]
pub struct Clock {
    offset_ms: Arc<AtomicI64>,
}

impl Clock {
    /// The system's time.
    pub fn system() -> Clock {
        Clock::default()
    }

    /// Now, in milliseconds since the Unix epoch.
    pub fn now_ms(&self) -> i64 {
        now_ms().saturating_add(self.offset_ms.load(Ordering::Acquire))
    }

    /// Moves the clock forward by `by` (tests: a schedule's time comes at once).
    pub fn advance(&self, by: Duration) {
        let ms = i64::try_from(by.as_millis()).unwrap_or(i64::MAX / 4);
        self.offset_ms.fetch_add(ms, Ordering::AcqRel);
    }
}

/// Now, in milliseconds since the Unix epoch.
pub fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or_default()
}

/// `ms` as `YYYY-MM-DDTHH:MM:SS.mmmZ`.
pub fn format_ms(ms: i64) -> String {
    let nanos = i128::from(ms) * 1_000_000;
    let t = time::OffsetDateTime::from_unix_timestamp_nanos(nanos)
        .unwrap_or(time::OffsetDateTime::UNIX_EPOCH);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second(),
        t.millisecond()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_moved_clock_moves_every_clone() {
        let clock = Clock::system();
        let handle = clock.clone();
        let before = clock.now_ms();
        handle.advance(Duration::from_secs(3600));
        assert!(clock.now_ms() - before >= 3_600_000);
        assert!(Clock::system().now_ms() < clock.now_ms());
    }

    #[test]
    fn formats_with_millis_in_utc() {
        assert_eq!(format_ms(0), "1970-01-01T00:00:00.000Z");
        assert_eq!(format_ms(1_768_473_000_123), "2026-01-15T10:30:00.123Z");
    }
}
