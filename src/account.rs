//! What the saved connection reaches: the account's keysets, loaded once by the shell and
//! shared, so the header's connection indicator and the Overview never disagree.

use faas_api::{ErrorCode, Keyset, Paging};
use leptos::prelude::*;

use crate::{
    api::{list_keysets, ApiError, Client, ErrorKind},
    connection::store::ConnectionStore,
};

/// The first page of keysets, or why they could not be listed.
pub type KeysetsResult = Result<(Vec<Keyset>, Option<Paging>), ApiError>;

/// The account's keysets, refetched whenever the saved connection changes.
#[derive(Clone, Copy)]
pub struct AccountKeysets(pub LocalResource<KeysetsResult>);

impl AccountKeysets {
    /// Starts loading and provides the resource to the app.
    pub fn provide(store: ConnectionStore) -> Self {
        let resource = LocalResource::new(move || {
            let client = Client::new(store.get());
            async move { list_keysets(&client, 0).await }
        });
        let keysets = AccountKeysets(resource);
        provide_context(keysets);
        keysets
    }
}

pub fn use_account_keysets() -> AccountKeysets {
    expect_context::<AccountKeysets>()
}

/// The subscribe key of keyset `id`, which names its data in the API, if the account's
/// keysets are in and it is one of them; untracked.
pub fn subscribe_key(id: i64) -> Option<String> {
    let keysets = use_account_keysets().0;
    // `with` inside `untrack` rather than `with_untracked`: the main module already holds this
    // resource's tracked read, and the untracked one would be another copy.
    untrack(move || {
        keysets.with(|result| match result {
            Some(Ok((list, _))) => list
                .iter()
                .find(|k| k.id == id)
                .map(|k| k.subscribe_key.clone()),
            _ => None,
        })
    })
}

/// The state the header's connection indicator shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Health {
    Checking,
    Connected,
    NoKey,
    KeyRefused,
    Unreachable,
    Failing,
}

impl Health {
    /// The health a keysets answer shows; `None` while it is loading.
    pub fn of(result: Option<&KeysetsResult>) -> Health {
        let Some(result) = result else {
            return Health::Checking;
        };
        let Err(error) = result else {
            return Health::Connected;
        };
        if matches!(error.kind, ErrorKind::Network { .. }) {
            return Health::Unreachable;
        }
        match error.code().and_then(ErrorCode::parse) {
            Some(ErrorCode::MissingKey) => Health::NoKey,
            Some(ErrorCode::InvalidKey) => Health::KeyRefused,
            _ => Health::Failing,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Health::Checking => "Checking…",
            Health::Connected => "Connected",
            Health::NoKey => "No API key",
            Health::KeyRefused => "Key refused",
            Health::Unreachable => "Unreachable",
            Health::Failing => "API error",
        }
    }

    /// The modifier class; colour is never the only cue, the label always says it in words.
    pub fn tone(self) -> &'static str {
        match self {
            Health::Checking => "pending",
            Health::Connected => "ok",
            Health::NoKey | Health::KeyRefused => "warn",
            Health::Unreachable | Health::Failing => "error",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rejected(code: &str) -> KeysetsResult {
        Err(ApiError {
            kind: ErrorKind::Rejected {
                status: 401,
                errors: vec![faas_api::ApiError {
                    code: code.into(),
                    message: "m".into(),
                    field: None,
                }],
            },
            correlation_id: "c".into(),
        })
    }

    #[test]
    fn health_follows_the_answer() {
        assert_eq!(Health::of(None), Health::Checking);
        assert_eq!(Health::of(Some(&Ok((vec![], None)))), Health::Connected);
        assert_eq!(Health::of(Some(&rejected("FAAS-1001"))), Health::NoKey);
        assert_eq!(Health::of(Some(&rejected("FAAS-1002"))), Health::KeyRefused);
        assert_eq!(Health::of(Some(&rejected("FAAS-500"))), Health::Failing);
        let offline = Err(ApiError::network("http://h", "Failed to fetch", "c"));
        assert_eq!(Health::of(Some(&offline)), Health::Unreachable);
    }
}
