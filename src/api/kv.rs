//! A keyset's data (`api.md` §5): the KV store's strings, JSON documents and counters, paged
//! by token, and the keyset's secrets by name. Every call names its keyset by
//! `?subkey=<subscribeKey>`; paths and the rules both sides check are `faas_api::kv`'s.

use faas_api::kv::{
    counter_step_path, secret_path, Counter, CounterStep, KvEntry, KvKind, PutKvEntry, SecretName,
    SECRETS_PATH,
};
use gloo_net::http::Method;
use serde::{de::DeserializeOwned, Serialize};

use super::{ApiError, Client, Read};

/// Rows per page of the Data page's tables.
pub const PAGE_SIZE: u32 = 20;

/// What the Data page of a keyset shows, as its URL says: the keyset (by id, in the path),
/// the tab, a key prefix and the page's token.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KeysetDataQuery {
    pub keyset: i64,
    pub tab: DataTab,
    /// Only keys that start with it; empty for all.
    pub prefix: String,
    /// The token of the page shown (`meta.paging.pageToken` of the one before); `None` for
    /// the first page.
    pub page_token: Option<String>,
}

impl KeysetDataQuery {
    /// The first page of `tab` of `keyset`, unfiltered.
    pub fn new(keyset: i64, tab: DataTab) -> Self {
        KeysetDataQuery {
            keyset,
            tab,
            ..Default::default()
        }
    }
}

/// The tabs of a keyset's Data page.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum DataTab {
    #[default]
    Strings,
    Json,
    Counters,
    Secrets,
}

impl DataTab {
    pub const ALL: [DataTab; 4] = [
        DataTab::Strings,
        DataTab::Json,
        DataTab::Counters,
        DataTab::Secrets,
    ];

    /// Its value in the URL's `tab`.
    pub fn as_param(self) -> &'static str {
        match self {
            DataTab::Strings => "strings",
            DataTab::Json => "json",
            DataTab::Counters => "counters",
            DataTab::Secrets => "secrets",
        }
    }

    pub fn parse(param: &str) -> Option<DataTab> {
        DataTab::ALL.into_iter().find(|t| t.as_param() == param)
    }

    pub fn title(self) -> &'static str {
        match self {
            DataTab::Strings => "Strings",
            DataTab::Json => "JSON",
            DataTab::Counters => "Counters",
            DataTab::Secrets => "Secrets",
        }
    }

    /// The KV list the tab shows; `None` for secrets.
    pub fn kind(self) -> Option<KvKind> {
        match self {
            DataTab::Strings => Some(KvKind::Strings),
            DataTab::Json => Some(KvKind::Jsons),
            DataTab::Counters => Some(KvKind::Counters),
            DataTab::Secrets => None,
        }
    }
}

/// One page of a KV list: its rows and the token of the next page (none on the last).
#[derive(Debug, Clone, PartialEq)]
pub struct KvPage<T> {
    pub items: Vec<T>,
    pub next: Option<String>,
}

fn keyset_query(subkey: &str) -> Vec<(&'static str, String)> {
    vec![("subkey", subkey.to_owned())]
}

/// The read of one page of `kind`'s list, as the Data page asks for it (and prefetches it).
pub fn list_read(subkey: &str, kind: KvKind, prefix: &str, page_token: Option<&str>) -> Read {
    let mut query = keyset_query(subkey);
    query.push(("size", PAGE_SIZE.to_string()));
    if !prefix.is_empty() {
        query.push(("prefix", prefix.to_owned()));
    }
    if let Some(token) = page_token {
        query.push(("page_token", token.to_owned()));
    }
    Read::functions(kind.path(), query)
}

/// One page of `kind`'s list: [`KvEntry`] for strings and JSON, [`Counter`] for counters.
pub async fn list<T: DeserializeOwned>(
    client: &Client,
    read: &Read,
) -> Result<KvPage<T>, ApiError> {
    let answer = client
        .send::<Vec<T>>(Method::GET, &read.path, &read.query, None)
        .await?;
    let next = answer.cursor.clone().and_then(|c| c.page_token);
    let (items, _) = answer.into_data()?;
    Ok(KvPage { items, next })
}

/// A whole list of one kind whose keys start with `prefix`, page after page, up to `most`
/// entries (the test console's "load by prefix").
pub async fn list_all<T: DeserializeOwned>(
    client: &Client,
    subkey: &str,
    kind: KvKind,
    prefix: &str,
    most: usize,
) -> Result<Vec<T>, ApiError> {
    let mut all = Vec::new();
    let mut token: Option<String> = None;
    loop {
        let read = list_read(subkey, kind, prefix, token.as_deref());
        let page = list::<T>(client, &read).await?;
        all.extend(page.items);
        match page.next {
            Some(next) if all.len() < most => token = Some(next),
            _ => break,
        }
    }
    all.truncate(most);
    Ok(all)
}

/// A string or JSON entry by key.
pub async fn get_entry(
    client: &Client,
    subkey: &str,
    kind: KvKind,
    key: &str,
) -> Result<KvEntry, ApiError> {
    client
        .call(Method::GET, &kind.entry_path(key), &keyset_query(subkey))
        .await
}

/// Writes a string or JSON entry (creating it or replacing its value and time to live).
pub async fn put_entry(
    client: &Client,
    subkey: &str,
    kind: KvKind,
    key: &str,
    body: &PutKvEntry,
) -> Result<KvEntry, ApiError> {
    write(client, Method::PUT, &kind.entry_path(key), subkey, body).await
}

/// Deletes an entry of any kind (a counter too).
pub async fn delete_entry(
    client: &Client,
    subkey: &str,
    kind: KvKind,
    key: &str,
) -> Result<(), ApiError> {
    client
        .delete(&kind.entry_path(key), &keyset_query(subkey))
        .await
}

/// A counter by key.
pub async fn get_counter(client: &Client, subkey: &str, key: &str) -> Result<Counter, ApiError> {
    client
        .call(
            Method::GET,
            &KvKind::Counters.entry_path(key),
            &keyset_query(subkey),
        )
        .await
}

/// Adds `by` to a counter (any integer, negative too), creating it at 0 first if it is new.
/// A negative step goes as a decrement, so that the request says what the person did.
pub async fn step_counter(
    client: &Client,
    subkey: &str,
    key: &str,
    by: i64,
) -> Result<Counter, ApiError> {
    let (decrement, value) = match by.checked_neg() {
        Some(negated) if by < 0 => (true, negated),
        // i64::MIN has no positive counterpart: it can only be sent as an increment.
        _ => (false, by),
    };
    let body = CounterStep { value: Some(value) };
    write(
        client,
        Method::POST,
        &counter_step_path(key, decrement),
        subkey,
        &body,
    )
    .await
}

/// The names of the keyset's secrets (a value is never sent back).
pub fn secrets_read(subkey: &str) -> Read {
    Read::functions(SECRETS_PATH, keyset_query(subkey))
}

pub async fn list_secrets(client: &Client, subkey: &str) -> Result<Vec<SecretName>, ApiError> {
    let read = secrets_read(subkey);
    client
        .fetch(&read.path, &read.query)
        .await
        .map(|(names, _)| names)
}

/// Sets (or replaces) a secret's value. The request log writes this body's `value` as
/// `[redacted]` (`request_log::redact`).
pub async fn put_secret(
    client: &Client,
    subkey: &str,
    name: &str,
    value: String,
) -> Result<SecretName, ApiError> {
    #[derive(Serialize)]
    struct Body {
        value: String,
    }
    write(
        client,
        Method::PUT,
        &secret_path(name),
        subkey,
        &Body { value },
    )
    .await
}

pub async fn delete_secret(client: &Client, subkey: &str, name: &str) -> Result<(), ApiError> {
    client
        .delete(&secret_path(name), &keyset_query(subkey))
        .await
}

/// A write with a JSON body to a path of the keyset's data.
async fn write<B: Serialize, T: DeserializeOwned>(
    client: &Client,
    method: Method,
    path: &str,
    subkey: &str,
    body: &B,
) -> Result<T, ApiError> {
    let json = serde_json::to_string(body).expect("request bodies always serialize");
    client
        .send::<T>(method, path, &keyset_query(subkey), Some(json))
        .await?
        .into_data()
        .map(|(data, _)| data)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_list_read_sends_only_what_is_set() {
        let read = list_read("sub-c-1", KvKind::Strings, "", None);
        assert_eq!(read.path, "/v2/faas/kv/strings");
        assert_eq!(
            read.query,
            vec![("subkey", "sub-c-1".to_owned()), ("size", "20".to_owned())]
        );
        let read = list_read("s", KvKind::Counters, "a/b", Some("tok"));
        assert_eq!(read.path, "/v2/faas/kv/counters");
        assert_eq!(
            &read.query[2..],
            &[
                ("prefix", "a/b".to_owned()),
                ("page_token", "tok".to_owned())
            ]
        );
    }

    #[test]
    fn tabs_round_trip_and_name_their_list() {
        for tab in DataTab::ALL {
            assert_eq!(DataTab::parse(tab.as_param()), Some(tab));
        }
        assert_eq!(DataTab::Json.kind(), Some(KvKind::Jsons));
        assert_eq!(DataTab::Secrets.kind(), None);
        assert_eq!(DataTab::parse("JSON"), None);
    }
}
