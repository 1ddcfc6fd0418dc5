//! The browser side of the connection settings: `localStorage`, the start-up fragment, and the
//! reactive value every page reads through [`use_connection`].

use leptos::prelude::*;
use wasm_bindgen::JsValue;

use super::{take_key_from_fragment, with_key, Connection, STORAGE_KEY};

/// The saved connection, shared by the whole app (provided once by the shell).
#[derive(Debug, Clone, Copy)]
pub struct ConnectionStore {
    connection: RwSignal<Connection>,
}

/// The app's connection store; panics outside the shell, which is a programming error.
pub fn use_connection() -> ConnectionStore {
    expect_context::<ConnectionStore>()
}

impl ConnectionStore {
    /// Loads the saved settings and takes over a `#key=` handed over in the address bar.
    ///
    /// Must run before the router reads the URL, so that the key never reaches its history
    /// entries; `replaceState` removes it without a navigation or a reload.
    pub fn start() -> Self {
        let location = window().location();
        let origin = location.origin().unwrap_or_default();
        let stored = local_storage().and_then(|s| s.get_item(STORAGE_KEY).ok().flatten());
        let mut connection = Connection::from_storage(stored.as_deref(), &origin);

        let hash = location.hash().unwrap_or_default();
        if let Some(handed_over) = take_key_from_fragment(&hash) {
            connection = with_key(&connection, &handed_over.key, &origin);
            // Failing to persist only means the key lasts for this page's lifetime.
            let _ = write_storage(&connection);
            let clean_url = format!(
                "{}{}{}",
                location.pathname().unwrap_or_default(),
                location.search().unwrap_or_default(),
                handed_over.remaining
            );
            let _ = window()
                .history()
                .and_then(|h| h.replace_state_with_url(&JsValue::NULL, "", Some(&clean_url)));
        }

        ConnectionStore {
            connection: RwSignal::new(connection),
        }
    }

    /// The saved connection, tracked: readers rerun when it is saved again.
    pub fn get(&self) -> Connection {
        self.connection.get()
    }

    pub fn get_untracked(&self) -> Connection {
        self.connection.get_untracked()
    }

    /// Stores `connection` and makes it the app's; the error says why it could not be persisted
    /// (the settings still apply until the page is closed).
    pub fn save(&self, connection: Connection) -> Result<(), &'static str> {
        let persisted = write_storage(&connection);
        self.connection.set(connection);
        persisted
    }
}

fn local_storage() -> Option<web_sys::Storage> {
    window().local_storage().ok().flatten()
}

fn write_storage(connection: &Connection) -> Result<(), &'static str> {
    local_storage()
        .ok_or("This browser does not allow storing settings")?
        .set_item(STORAGE_KEY, &connection.to_storage())
        .map_err(|_| "This browser refused to store the settings")
}
