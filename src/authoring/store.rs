//! Drafts in `localStorage`: a form's content survives a reload, a crash or a failed save,
//! until it is saved or discarded.

use serde::{de::DeserializeOwned, Deserialize, Serialize};

/// Where the create-package form keeps its draft.
pub const NEW_PACKAGE_KEY: &str = "faas-console.draft.new-package.v1";

/// Where the new-revision form of a package keeps its draft.
pub fn new_revision_key(package_id: &str) -> String {
    format!("faas-console.draft.new-revision.{package_id}.v1")
}

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Stored<T> {
    /// Milliseconds since the epoch, to tell the user how old a restored draft is.
    saved_at: i64,
    draft: T,
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// The draft stored under `key` and when it was saved; a draft that no longer parses is
/// dropped rather than allowed to break the form.
pub fn load<T: DeserializeOwned>(key: &str) -> Option<(T, i64)> {
    let storage = storage()?;
    let json = storage.get_item(key).ok().flatten()?;
    match serde_json::from_str::<Stored<T>>(&json) {
        Ok(stored) => Some((stored.draft, stored.saved_at)),
        Err(_) => {
            let _ = storage.remove_item(key);
            None
        }
    }
}

/// Keeps `draft`; a full or disabled storage only means the draft will not survive a reload.
pub fn save<T: Serialize>(key: &str, draft: &T) {
    let stored = Stored {
        saved_at: js_sys::Date::now() as i64,
        draft,
    };
    if let (Some(storage), Ok(json)) = (storage(), serde_json::to_string(&stored)) {
        let _ = storage.set_item(key, &json);
    }
}

pub fn discard(key: &str) {
    if let Some(storage) = storage() {
        let _ = storage.remove_item(key);
    }
}
