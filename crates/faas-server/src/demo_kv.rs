//! `--demo`: each demo keyset's data (`api.md` §5), what the demo functions would have left
//! in it: strings, JSON documents and counters in the KV store, one counter that expires a
//! couple of minutes after the start (to see an entry go), and two secrets.
//!
//! The secrets' values are random, made at each seeding and sealed like any other
//! ([`crate::secret_box`]): the demo has no value of a secret to show, and neither does this
//! source.

use faas_api::kv::{KvKind, DEFAULT_TTL_SECONDS};
use rusqlite::Transaction;
use serde_json::{json, Value};

use crate::db::StoreError;
use crate::secret_box::SecretBox;
use crate::store::kv::{self, PutEntry, Step};

/// The counter of each demo keyset that expires soon after the demo starts, and when.
pub const EXPIRING_COUNTER: &str = "rate:minute";
pub const EXPIRING_COUNTER_TTL_SECONDS: u32 = 150;

/// Whether a demo keyset belongs to the chat app or the IoT fleet (by its id, see
/// [`crate::demo::KEYSETS`]).
fn is_chat(keyset_id: i64) -> bool {
    (31000..32000).contains(&keyset_id)
}

const HOUR: u32 = 3600;
const DAY: u32 = 24 * HOUR;

/// (key, value, ttl seconds) of the strings.
fn strings(keyset_id: i64) -> Vec<(String, Value, u32)> {
    if is_chat(keyset_id) {
        vec![
            ("typing:alice".into(), json!("1768473000123"), 60 * 10),
            ("typing:bob".into(), json!("1768473004518"), 60 * 10),
            (
                "motd".into(),
                json!("Welcome to the chat! Be kind."),
                30 * DAY,
            ),
            (
                "moderation/banned-word-list-version".into(),
                json!("v3"),
                365 * DAY,
            ),
            (
                "room:general:topic".into(),
                json!("Release planning, Thursday 10:00"),
                7 * DAY,
            ),
        ]
    } else {
        vec![
            ("firmware:dev-0001".into(), json!("2.4.1"), 90 * DAY),
            ("firmware:dev-0002".into(), json!("2.4.1"), 90 * DAY),
            ("firmware:dev-0003".into(), json!("2.3.9"), 90 * DAY),
            (
                "fleet:rollout-channel".into(),
                json!("firmware.rollout"),
                365 * DAY,
            ),
            (
                "maintenance window".into(),
                json!("Sundays 02:00–04:00 UTC"),
                30 * DAY,
            ),
        ]
    }
}

/// (key, value, ttl seconds) of the JSON documents.
fn jsons(keyset_id: i64) -> Vec<(String, Value, u32)> {
    if is_chat(keyset_id) {
        vec![
            (
                "file:f-1042".into(),
                json!({"name": "roadmap.pdf", "channel": "files.design", "size": 482133}),
                30 * DAY,
            ),
            (
                "room:general".into(),
                json!({"title": "General", "members": 128, "slowModeSeconds": 0, "pinned": ["m-881", "m-902"]}),
                DEFAULT_TTL_SECONDS,
            ),
            (
                "moderation:settings".into(),
                json!({"banned": ["darn", "heck", "dang"], "flagChannel": "moderation.flagged", "maskWith": "*"}),
                365 * DAY,
            ),
        ]
    } else {
        vec![
            (
                "fleet:last-seen".into(),
                json!({"dev-0001": 1768472400000_i64, "dev-0002": 1768472710000_i64, "dev-0003": 1768469100000_i64}),
                DEFAULT_TTL_SECONDS,
            ),
            (
                "device:dev-0001".into(),
                json!({"model": "TH-20", "site": "Berlin-2", "thresholds": {"temperature": 80, "humidity": 65}}),
                365 * DAY,
            ),
            (
                "alerts:routing".into(),
                json!([{"type": "temperature", "channel": "alerts.temperature"}, {"type": "offline", "channel": "alerts.offline"}]),
                30 * DAY,
            ),
        ]
    }
}

/// (key, value, ttl seconds if new) of the counters.
fn counters(keyset_id: i64) -> Vec<(&'static str, i64, u32)> {
    let mut counters = if is_chat(keyset_id) {
        vec![
            ("audit:2026-01-15:chat.general", 1_284, DAY),
            ("audit:2026-01-15:chat.random", 377, DAY),
            ("messages:blocked", 42, 30 * DAY),
        ]
    } else {
        vec![
            ("alerts:temperature", 17, 7 * DAY),
            ("heartbeats:missed", 3, DAY),
            ("readings:normalized", 98_311, 30 * DAY),
        ]
    };
    counters.push((EXPIRING_COUNTER, 9, EXPIRING_COUNTER_TTL_SECONDS));
    counters
}

/// The names of the secrets, and the start of their random values.
fn secrets(keyset_id: i64) -> [(&'static str, &'static str); 2] {
    if is_chat(keyset_id) {
        [
            ("MODERATION_API_KEY", "mod_"),
            ("STRIPE_WEBHOOK_SECRET", "whsec_"),
        ]
    } else {
        [
            ("DEVICE_SIGNING_KEY", "dsk_"),
            ("ALERTS_WEBHOOK_TOKEN", "awt_"),
        ]
    }
}

/// Writes the data of `keyset_id` at `now_ms` (by the server's clock).
pub fn seed_keyset(
    tx: &Transaction<'_>,
    keyset_id: i64,
    sealer: &SecretBox,
    now_ms: i64,
) -> Result<(), StoreError> {
    let max = u32::MAX;
    let account: String = tx
        .prepare_cached("SELECT account_id FROM keysets WHERE id = ?1")?
        .query_row([keyset_id], |r| r.get(0))?;
    let author = crate::demo_activity::seed_author(&account);
    for (kind, entries) in [
        (KvKind::Strings, strings(keyset_id)),
        (KvKind::Jsons, jsons(keyset_id)),
    ] {
        for (key, value, ttl_seconds) in &entries {
            let put = PutEntry {
                kind,
                key,
                value,
                ttl_seconds: *ttl_seconds,
            };
            kv::put_entry(tx, &author, keyset_id, &put, max, now_ms)?;
        }
    }
    for (key, by, ttl_if_new) in counters(keyset_id) {
        let step = Step {
            key,
            by,
            ttl_if_new,
        };
        kv::step_counter(tx, &author, keyset_id, &step, max, now_ms)?;
    }
    for (name, prefix) in secrets(keyset_id) {
        let value = format!("{prefix}{}", uuid::Uuid::new_v4().simple());
        let sealed = sealer
            .seal(keyset_id, name, &value)
            .map_err(StoreError::internal)?;
        kv::put_secret(tx, &author, keyset_id, name, &sealed, max, now_ms)?;
    }
    Ok(())
}
