//! Times: stored as integer milliseconds since the Unix epoch, sent as RFC 3339 UTC with
//! milliseconds (`2026-01-15T10:30:00.000Z`), the one format of `api.md` §1.
//!
//! [`Clock`] is the server's clock for rules that depend on time passing (KV entries that
//! expire, scheduled actions that come due): the one in [`crate::Config`] and reached as
//! [`crate::AppState::clock`], so that a test can move it forward instead of waiting.
//! [`now_ms`] is the wall clock, for what only records when something happened.

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// The server's clock: the wall clock moved by [`Clock::advance`], or a manual clock that
/// stands still until advanced. Clones share one time, so a test that keeps a clone of the
/// clock it started the server with moves the server's.
#[derive(Debug, Clone)]
pub struct Clock {
    inner: Arc<ClockInner>,
}

#[derive(Debug)]
struct ClockInner {
    /// Whether the time stands still between [`Clock::advance`]s.
    manual: bool,
    /// Manual: the time itself; otherwise what is added to the wall clock.
    ms: AtomicI64,
}

impl Clock {
    /// The wall clock (what a server runs with).
    pub fn system() -> Clock {
        Clock {
            inner: Arc::new(ClockInner {
                manual: false,
                ms: AtomicI64::new(0),
            }),
        }
    }

    /// A clock that shows `start_ms` until it is advanced.
    pub fn manual(start_ms: i64) -> Clock {
        Clock {
            inner: Arc::new(ClockInner {
                manual: true,
                ms: AtomicI64::new(start_ms),
            }),
        }
    }

    /// Now, in milliseconds since the Unix epoch.
    pub fn now_ms(&self) -> i64 {
        let ms = self.inner.ms.load(Ordering::Acquire);
        if self.inner.manual {
            ms
        } else {
            now_ms().saturating_add(ms)
        }
    }

    /// Moves this clock, and every clone of it, `by` forward.
    pub fn advance(&self, by: Duration) {
        let ms = i64::try_from(by.as_millis()).unwrap_or(i64::MAX);
        self.inner.ms.fetch_add(ms, Ordering::AcqRel);
    }
}

impl Default for Clock {
    fn default() -> Clock {
        Clock::system()
    }
}

/// Now, in milliseconds since the Unix epoch, by the wall clock.
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
    fn a_clock_moves_forward_with_its_clones() {
        let manual = Clock::manual(1_000);
        let shared = manual.clone();
        assert_eq!(manual.now_ms(), 1_000);
        shared.advance(Duration::from_secs(60));
        assert_eq!(manual.now_ms(), 61_000);
        let system = Clock::system();
        let before = system.now_ms();
        system.clone().advance(Duration::from_secs(3600));
        assert!(system.now_ms() >= before + 3_600_000);
    }

    #[test]
    fn formats_with_millis_in_utc() {
        assert_eq!(format_ms(0), "1970-01-01T00:00:00.000Z");
        assert_eq!(format_ms(1_768_473_000_123), "2026-01-15T10:30:00.123Z");
    }
}
