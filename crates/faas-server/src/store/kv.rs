//! A keyset's data (`api.md` §5): the KV store's strings, JSON documents and counters, and
//! the keyset's secrets. Every function works on one keyset, found from its subscribe key
//! by [`keyset_of_subkey`], and takes the time from the caller (the server's clock), so that
//! expiry follows a clock a test can move.
//!
//! An entry whose `expires_ms` is not after now is gone: reads skip it, and each write to a
//! keyset first deletes its expired entries, so that a write sees only live ones (the count
//! against the entries limit, a counter that expired starting again from 0).
//!
//! Lists go in key order (by code point) and are paged by an opaque token: the base64url of
//! the last key of the page. Any text of that alphabet decodes to some bytes, and any bytes
//! name a place in the order, so a token is refused only for its characters
//! ([`PAGE_TOKEN_PATTERN`]), which the OpenAPI document can then say exactly.
//!
//! A secret's sealed value is written here and never selected: no function of this module
//! reads the `sealed` column (see [`crate::secret_box`]).

use base64::alphabet::URL_SAFE;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use base64::Engine;
use faas_api::activity::TargetType;
use faas_api::kv::{Counter, CursorPaging, KvEntry, KvKind, SecretName, DEFAULT_TTL_SECONDS};
use faas_api::ErrorCode;
use rusqlite::{params, Connection, OptionalExtension, Transaction};
use serde::Serialize;
use serde_json::Value;

use super::activity::{Author, Change};
use crate::clock;
use crate::db::StoreError;

/// The page tokens' alphabet and lengths: base64url without padding (a length of 4n + 1
/// cannot be base64).
pub const PAGE_TOKEN_PATTERN: &str = "^(?:[A-Za-z0-9_-]{4})*(?:[A-Za-z0-9_-]{2,3})?$";

const TOKEN: GeneralPurpose = GeneralPurpose::new(
    &URL_SAFE,
    GeneralPurposeConfig::new()
        .with_encode_padding(false)
        .with_decode_padding_mode(DecodePaddingMode::RequireNone)
        .with_decode_allow_trailing_bits(true),
);

/// The token of the page after the one that ended with `last_key`.
pub fn encode_page_token(last_key: &str) -> String {
    TOKEN.encode(last_key.as_bytes())
}

/// The key a page token continues after; empty is the first page. Refused (`FAAS-1018`)
/// only when it is not base64url.
pub fn decode_page_token(token: &str) -> Result<Option<String>, StoreError> {
    if token.is_empty() {
        return Ok(None);
    }
    let bytes = TOKEN.decode(token).map_err(|_| {
        StoreError::field(
            ErrorCode::MalformedPageToken,
            "page_token",
            "malformed page token: send back the pageToken of an earlier answer",
        )
    })?;
    // A token this server made holds a key; other bytes still name a place in the order.
    Ok(Some(String::from_utf8_lossy(&bytes).into_owned()))
}

/// What a list asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListQuery {
    pub size: u32,
    /// The key the page continues after (from the page token).
    pub after: Option<String>,
    /// Only keys that begin with it; empty is every key.
    pub prefix: String,
}

/// The id of the keyset of the account with `subkey`, or 404 `FAAS-1022` (also for another
/// account's keyset, so that existence does not leak).
pub fn keyset_of_subkey(
    conn: &Connection,
    account_id: &str,
    subkey: &str,
) -> Result<i64, StoreError> {
    conn.prepare_cached("SELECT id FROM keysets WHERE subscribe_key = ?1 AND account_id = ?2")?
        .query_row(params![subkey, account_id], |r| r.get(0))
        .optional()?
        .ok_or_else(|| {
            StoreError::field(
                ErrorCode::SubkeyNotFound,
                "subkey",
                "no keyset of this account has that subscribe key",
            )
        })
}

/// An entry as read or deleted: a string or JSON document, or a counter, which has a
/// shape of its own.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Item {
    Entry(KvEntry),
    Counter(Counter),
}

/// A row of `kv_entries`.
struct Row {
    key: String,
    text: Option<String>,
    count: Option<i64>,
    expires_ms: i64,
}

fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Row> {
    Ok(Row {
        key: r.get(0)?,
        text: r.get(1)?,
        count: r.get(2)?,
        expires_ms: r.get(3)?,
    })
}

/// Whole seconds left, rounded up: at least 1 while the entry lives.
fn ttl_left(expires_ms: i64, now_ms: i64) -> u64 {
    u64::try_from((expires_ms - now_ms).max(1))
        .unwrap_or(1)
        .div_ceil(1000)
}

impl Row {
    fn entry(self, kind: KvKind, now_ms: i64) -> Result<KvEntry, StoreError> {
        let text = self.text.unwrap_or_default();
        let value = match kind {
            KvKind::Strings => Value::String(text),
            _ => serde_json::from_str(&text)?,
        };
        Ok(KvEntry {
            key: self.key,
            value,
            ttl_seconds: ttl_left(self.expires_ms, now_ms),
            expires_dttm: clock::format_ms(self.expires_ms),
        })
    }

    fn item(self, kind: KvKind, now_ms: i64) -> Result<Item, StoreError> {
        Ok(match kind {
            KvKind::Counters => Item::Counter(self.counter(now_ms)),
            _ => Item::Entry(self.entry(kind, now_ms)?),
        })
    }

    fn counter(self, now_ms: i64) -> Counter {
        Counter {
            key: self.key,
            value: self.count.unwrap_or_default(),
            ttl_seconds: ttl_left(self.expires_ms, now_ms),
            expires_dttm: clock::format_ms(self.expires_ms),
        }
    }
}

fn key_not_found(kind: &str) -> StoreError {
    StoreError::rule(
        ErrorCode::KvKeyNotFound,
        format!("no {kind} with that key in this keyset (it may have expired)"),
    )
}

/// What one kind calls its entries in messages.
fn noun(kind: KvKind) -> &'static str {
    match kind {
        KvKind::Strings => "string",
        KvKind::Jsons => "JSON document",
        KvKind::Counters => "counter",
    }
}

/// One page of live rows in key order, and the token of the next page if there is one.
fn page(
    conn: &Connection,
    keyset_id: i64,
    kind: KvKind,
    query: &ListQuery,
    now_ms: i64,
) -> Result<(Vec<Row>, CursorPaging), StoreError> {
    // `?3 IS NULL OR key > ?3` keeps the range on the primary key; the prefix is checked on
    // what the range yields, from the prefix on.
    let mut stmt = conn.prepare_cached(
        "SELECT key, text, count, expires_ms FROM kv_entries
         WHERE keyset_id = ?1 AND kind = ?2 AND expires_ms > ?4
           AND (?3 IS NULL OR key > ?3) AND key >= ?5
           AND substr(key, 1, length(?5)) = ?5
         ORDER BY key LIMIT ?6",
    )?;
    let size = query.size.max(1);
    let mut rows = stmt
        .query_map(
            params![
                keyset_id,
                kind.segment(),
                query.after,
                now_ms,
                query.prefix,
                i64::from(size) + 1
            ],
            row,
        )?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let more = rows.len() > size as usize;
    rows.truncate(size as usize);
    let page_token = match rows.last() {
        Some(last) if more => Some(encode_page_token(&last.key)),
        _ => None,
    };
    Ok((
        rows,
        CursorPaging {
            page_size: size,
            page_token,
        },
    ))
}

/// A page of the keyset's entries of `kind`.
pub fn list(
    conn: &Connection,
    keyset_id: i64,
    kind: KvKind,
    query: &ListQuery,
    now_ms: i64,
) -> Result<(Vec<Item>, CursorPaging), StoreError> {
    let (rows, paging) = page(conn, keyset_id, kind, query, now_ms)?;
    let items = rows
        .into_iter()
        .map(|r| r.item(kind, now_ms))
        .collect::<Result<Vec<_>, _>>()?;
    Ok((items, paging))
}

fn live_row(
    conn: &Connection,
    keyset_id: i64,
    kind: KvKind,
    key: &str,
    now_ms: i64,
) -> Result<Option<Row>, StoreError> {
    Ok(conn
        .prepare_cached(
            "SELECT key, text, count, expires_ms FROM kv_entries
             WHERE keyset_id = ?1 AND kind = ?2 AND key = ?3 AND expires_ms > ?4",
        )?
        .query_row(params![keyset_id, kind.segment(), key, now_ms], row)
        .optional()?)
}

/// The entry `key` of `kind`, or 404 `FAAS-1021`.
pub fn get(
    conn: &Connection,
    keyset_id: i64,
    kind: KvKind,
    key: &str,
    now_ms: i64,
) -> Result<Item, StoreError> {
    live_row(conn, keyset_id, kind, key, now_ms)?
        .ok_or_else(|| key_not_found(noun(kind)))?
        .item(kind, now_ms)
}

/// Deletes the keyset's expired entries: the first step of every write to it.
fn purge_expired(tx: &Transaction<'_>, keyset_id: i64, now_ms: i64) -> Result<(), StoreError> {
    tx.prepare_cached("DELETE FROM kv_entries WHERE keyset_id = ?1 AND expires_ms <= ?2")?
        .execute(params![keyset_id, now_ms])?;
    Ok(())
}

/// Refuses (422 `FAAS-2003`) a new entry of a keyset that holds `max` already (entries of
/// every kind and secrets together).
fn ensure_room(tx: &Transaction<'_>, keyset_id: i64, max: u32) -> Result<(), StoreError> {
    let held: i64 = tx
        .prepare_cached(
            "SELECT (SELECT count(*) FROM kv_entries WHERE keyset_id = ?1)
                  + (SELECT count(*) FROM kv_secrets WHERE keyset_id = ?1)",
        )?
        .query_row([keyset_id], |r| r.get(0))?;
    if held >= i64::from(max) {
        return Err(StoreError::rule(
            ErrorCode::TooManyKvEntries,
            format!("the keyset holds the most entries allowed ({max}); delete some first"),
        ));
    }
    Ok(())
}

/// What a write stores: the row's value and when it expires.
struct Write<'a> {
    text: Option<&'a str>,
    count: Option<i64>,
    expires_ms: i64,
}

/// Inserts or replaces a row (the keyset already purged, and a new key checked by
/// [`ensure_room`]).
fn upsert(
    tx: &Transaction<'_>,
    keyset_id: i64,
    kind: KvKind,
    key: &str,
    write: Write<'_>,
    now_ms: i64,
) -> Result<(), StoreError> {
    tx.prepare_cached(
        "INSERT INTO kv_entries (keyset_id, kind, key, text, count, expires_ms, updated_ms)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT (keyset_id, kind, key) DO UPDATE SET
             text = excluded.text, count = excluded.count,
             expires_ms = excluded.expires_ms, updated_ms = excluded.updated_ms",
    )?
    .execute(params![
        keyset_id,
        kind.segment(),
        key,
        write.text,
        write.count,
        write.expires_ms,
        now_ms
    ])?;
    Ok(())
}

/// Where a time to live of `ttl_seconds` ends.
fn expiry(now_ms: i64, ttl_seconds: u32) -> i64 {
    now_ms.saturating_add(i64::from(ttl_seconds) * 1000)
}

/// A string or JSON write, checked by `faas_api::kv::validate_put`.
#[derive(Debug, Clone)]
pub struct PutEntry<'a> {
    pub kind: KvKind,
    pub key: &'a str,
    pub value: &'a Value,
    pub ttl_seconds: u32,
}

/// Creates or replaces a string or JSON document; a new key past `max` entries is 422
/// `FAAS-2003`.
pub fn put_entry(
    tx: &Transaction<'_>,
    by: &Author,
    keyset_id: i64,
    put: &PutEntry<'_>,
    max: u32,
    now_ms: i64,
) -> Result<KvEntry, StoreError> {
    purge_expired(tx, keyset_id, now_ms)?;
    let exists = live_row(tx, keyset_id, put.kind, put.key, now_ms)?.is_some();
    let text = match put.value {
        Value::String(s) if put.kind == KvKind::Strings => s.clone(),
        value => value.to_string(),
    };
    let expires_ms = expiry(now_ms, put.ttl_seconds);
    let write = Write {
        text: Some(&text),
        count: None,
        expires_ms,
    };
    if !exists {
        ensure_room(tx, keyset_id, max)?;
    }
    upsert(tx, keyset_id, put.kind, put.key, write, now_ms)?;
    record(
        tx,
        by,
        TargetType::Kv,
        "put",
        keyset_id,
        noun(put.kind),
        put.key,
    )?;
    Ok(KvEntry {
        key: put.key.to_owned(),
        value: put.value.clone(),
        ttl_seconds: u64::from(put.ttl_seconds),
        expires_dttm: clock::format_ms(expires_ms),
    })
}

/// A step of a counter: `by` added to the counter `key`; a counter that does not exist (or
/// expired) starts from 0 and lives `ttl_if_new` seconds ([`DEFAULT_TTL_SECONDS`] through the
/// API), one that exists keeps its expiry.
#[derive(Debug, Clone)]
pub struct Step<'a> {
    pub key: &'a str,
    pub by: i64,
    pub ttl_if_new: u32,
}

impl<'a> Step<'a> {
    /// A step as the API takes it.
    pub fn new(key: &'a str, by: i64) -> Step<'a> {
        Step {
            key,
            by,
            ttl_if_new: DEFAULT_TTL_SECONDS,
        }
    }
}

/// Steps a counter (see [`Step`]). Leaving the 64-bit integers is 422 `FAAS-2004`; a new
/// counter past `max` entries 422 `FAAS-2003`.
pub fn step_counter(
    tx: &Transaction<'_>,
    by: &Author,
    keyset_id: i64,
    step: &Step<'_>,
    max: u32,
    now_ms: i64,
) -> Result<Counter, StoreError> {
    let (key, step_by) = (step.key, step.by);
    purge_expired(tx, keyset_id, now_ms)?;
    let current = live_row(tx, keyset_id, KvKind::Counters, key, now_ms)?;
    let (value, expires_ms) = match &current {
        Some(row) => (row.count.unwrap_or_default(), row.expires_ms),
        None => (0, expiry(now_ms, step.ttl_if_new)),
    };
    let value = value.checked_add(step_by).ok_or_else(|| {
        StoreError::field(
            ErrorCode::CounterOutOfRange,
            "value",
            format!(
                "the counter is {value}: a step of {step_by} would take it past the 64-bit integers"
            ),
        )
    })?;
    let write = Write {
        text: None,
        count: Some(value),
        expires_ms,
    };
    if current.is_none() {
        ensure_room(tx, keyset_id, max)?;
    }
    upsert(tx, keyset_id, KvKind::Counters, key, write, now_ms)?;
    let action = if step_by < 0 {
        "decrement"
    } else {
        "increment"
    };
    record(
        tx,
        by,
        TargetType::Kv,
        action,
        keyset_id,
        noun(KvKind::Counters),
        key,
    )?;
    Ok(Counter {
        key: key.to_owned(),
        value,
        ttl_seconds: ttl_left(expires_ms, now_ms),
        expires_dttm: clock::format_ms(expires_ms),
    })
}

/// Deletes a live entry and returns its row, or 404 `FAAS-1021`.
fn take(
    tx: &Transaction<'_>,
    by: &Author,
    keyset_id: i64,
    kind: KvKind,
    key: &str,
    now_ms: i64,
) -> Result<Row, StoreError> {
    purge_expired(tx, keyset_id, now_ms)?;
    let row =
        live_row(tx, keyset_id, kind, key, now_ms)?.ok_or_else(|| key_not_found(noun(kind)))?;
    tx.prepare_cached("DELETE FROM kv_entries WHERE keyset_id = ?1 AND kind = ?2 AND key = ?3")?
        .execute(params![keyset_id, kind.segment(), key])?;
    record(tx, by, TargetType::Kv, "delete", keyset_id, noun(kind), key)?;
    Ok(row)
}

/// Deletes the entry `key` of `kind`; returns what it was.
pub fn delete(
    tx: &Transaction<'_>,
    by: &Author,
    keyset_id: i64,
    kind: KvKind,
    key: &str,
    now_ms: i64,
) -> Result<Item, StoreError> {
    take(tx, by, keyset_id, kind, key, now_ms)?.item(kind, now_ms)
}

/// Records a change of keyset data: the target is the keyset, named with what changed in it
/// (`counter rate:minute on Chat Production`); a value never goes into the log.
fn record(
    tx: &Transaction<'_>,
    by: &Author,
    target_type: TargetType,
    action: &'static str,
    keyset_id: i64,
    noun: &str,
    key: &str,
) -> Result<(), StoreError> {
    let keyset: String = tx
        .prepare_cached("SELECT name FROM keysets WHERE id = ?1")?
        .query_row([keyset_id], |r| r.get(0))?;
    let name = format!("{noun} {key} on {keyset}");
    let id = keyset_id.to_string();
    by.record(tx, &Change::done(target_type, action, &id, &name))
}

/// The names of the keyset's secrets, in order.
pub fn list_secrets(conn: &Connection, keyset_id: i64) -> Result<Vec<SecretName>, StoreError> {
    let mut stmt =
        conn.prepare_cached("SELECT name FROM kv_secrets WHERE keyset_id = ?1 ORDER BY name")?;
    let names = stmt
        .query_map([keyset_id], |r| Ok(SecretName { key: r.get(0)? }))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(names)
}

/// Sets a secret to a value sealed by [`crate::secret_box::SecretBox`]; a new one past `max`
/// entries is 422 `FAAS-2003`.
pub fn put_secret(
    tx: &Transaction<'_>,
    by: &Author,
    keyset_id: i64,
    name: &str,
    sealed: &[u8],
    max: u32,
    now_ms: i64,
) -> Result<SecretName, StoreError> {
    purge_expired(tx, keyset_id, now_ms)?;
    let exists = tx
        .prepare_cached("SELECT 1 FROM kv_secrets WHERE keyset_id = ?1 AND name = ?2")?
        .query_row(params![keyset_id, name], |_| Ok(()))
        .optional()?
        .is_some();
    if !exists {
        ensure_room(tx, keyset_id, max)?;
    }
    tx.prepare_cached(
        "INSERT INTO kv_secrets (keyset_id, name, sealed, updated_ms) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (keyset_id, name) DO UPDATE SET
             sealed = excluded.sealed, updated_ms = excluded.updated_ms",
    )?
    .execute(params![keyset_id, name, sealed, now_ms])?;
    record(tx, by, TargetType::Secret, "put", keyset_id, "secret", name)?;
    Ok(SecretName {
        key: name.to_owned(),
    })
}

/// Deletes a secret, or 404 `FAAS-1021`.
pub fn delete_secret(
    tx: &Transaction<'_>,
    by: &Author,
    keyset_id: i64,
    name: &str,
) -> Result<SecretName, StoreError> {
    let deleted = tx
        .prepare_cached("DELETE FROM kv_secrets WHERE keyset_id = ?1 AND name = ?2")?
        .execute(params![keyset_id, name])?;
    if deleted == 0 {
        return Err(key_not_found("secret"));
    }
    record(
        tx,
        by,
        TargetType::Secret,
        "delete",
        keyset_id,
        "secret",
        name,
    )?;
    Ok(SecretName {
        key: name.to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_tokens_round_trip_and_refuse_only_their_alphabet() {
        for key in ["a", "a/b c", "ü€😀", &"k".repeat(1000)] {
            let token = encode_page_token(key);
            assert_eq!(decode_page_token(&token).unwrap().as_deref(), Some(key));
        }
        assert_eq!(decode_page_token("").unwrap(), None);
        // Not a key of this server, but a place in the order all the same.
        assert!(decode_page_token("_-_").unwrap().is_some());
        for bad in ["a", "abcde", "a=", "a b", "a+b/", "%41"] {
            let e = decode_page_token(bad).unwrap_err();
            assert!(matches!(
                e,
                StoreError::Rule {
                    code: ErrorCode::MalformedPageToken,
                    ..
                }
            ));
        }
    }

    #[test]
    fn time_left_is_rounded_up() {
        assert_eq!(ttl_left(61_000, 0), 61);
        assert_eq!(ttl_left(60_001, 0), 61);
        assert_eq!(ttl_left(1, 0), 1);
        assert_eq!(ttl_left(0, 0), 1);
    }
}
