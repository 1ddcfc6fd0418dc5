//! In-browser tests of the shell and the Settings form (headless Chromium through
//! `wasm-bindgen-test-runner`). No server is involved: requests the app makes fail and are
//! not looked at.
#![cfg(target_arch = "wasm32")]

use faas_console::{api::ApiError, components::ErrorView, connection::STORAGE_KEY, App};
use leptos::{prelude::*, task::tick};
use leptos_router::components::Router;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;
use web_sys::{HtmlElement, HtmlInputElement};

wasm_bindgen_test_configure!(run_in_browser);

/// Mounts the whole app at `url` (path and fragment) into a fresh container, with nothing
/// stored; the app is unmounted when the returned guard drops.
struct Mounted {
    container: HtmlElement,
    _handle: Box<dyn std::any::Any>,
}

impl Drop for Mounted {
    fn drop(&mut self) {
        self.container.remove();
    }
}

fn mount_at(url: &str) -> Mounted {
    window()
        .history()
        .unwrap()
        .replace_state_with_url(&JsValue::NULL, "", Some(url))
        .unwrap();
    storage().remove_item(STORAGE_KEY).unwrap();
    let container: HtmlElement = document().create_element("div").unwrap().unchecked_into();
    document().body().unwrap().append_child(&container).unwrap();
    let handle = leptos::mount::mount_to(container.clone(), App);
    Mounted {
        container,
        _handle: Box::new(handle),
    }
}

/// Lets Leptos finish rendering: DOM updates run as async effects, and the router renders the
/// matched page and its property bindings a few turns of the executor after mounting.
async fn settle() {
    for _ in 0..4 {
        tick().await;
    }
}

fn storage() -> web_sys::Storage {
    window().local_storage().unwrap().unwrap()
}

fn find<T: JsCast>(selector: &str) -> T {
    document()
        .query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("no element matches {selector}"))
        .unchecked_into()
}

fn type_into(selector: &str, text: &str) {
    let input: HtmlInputElement = find(selector);
    input.set_value(text);
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    let event = web_sys::Event::new_with_event_init_dict("input", &init).unwrap();
    input.dispatch_event(&event).unwrap();
}

fn button(name: &str) -> HtmlElement {
    let buttons = document().query_selector_all("button").unwrap();
    (0..buttons.length())
        .filter_map(|i| buttons.item(i))
        .map(|b| b.unchecked_into::<HtmlElement>())
        .find(|b| b.text_content().unwrap_or_default().trim() == name)
        .unwrap_or_else(|| panic!("no button named {name}"))
}

#[wasm_bindgen_test]
async fn invalid_version_is_shown_under_its_field_and_not_saved() {
    let _app = mount_at("/settings");
    settle().await;

    type_into("#pubnub-version", "2024-13-01");
    button("Save").click();
    settle().await;

    let input: HtmlInputElement = find("#pubnub-version");
    assert_eq!(input.get_attribute("aria-invalid").as_deref(), Some("true"));
    let described_by = input.get_attribute("aria-describedby").unwrap();
    assert!(described_by
        .split(' ')
        .any(|id| id == "pubnub-version-error"));
    let focused = document().active_element().map(|el| el.id());
    assert_eq!(focused.as_deref(), Some("pubnub-version"));
    let error: HtmlElement = find("#pubnub-version-error");
    assert!(error.text_content().unwrap().contains("YYYY-MM-DD"));
    assert_eq!(storage().get_item(STORAGE_KEY).unwrap(), None);

    // Fixing the value and saving again clears the error and announces the save.
    type_into("#pubnub-version", "2024-01-15");
    button("Save").click();
    settle().await;
    assert!(document()
        .query_selector("#pubnub-version-error")
        .unwrap()
        .is_none());
    let stored = storage().get_item(STORAGE_KEY).unwrap().unwrap();
    assert!(stored.contains("2024-01-15"), "{stored}");
    let status: HtmlElement = find(".form__status");
    assert_eq!(status.text_content().unwrap(), "Settings saved");
}

#[wasm_bindgen_test]
async fn key_in_the_fragment_is_stored_and_removed_from_the_address_bar() {
    let _app = mount_at("/settings#key=fk_from_fragment");
    settle().await;

    assert_eq!(window().location().hash().unwrap(), "");
    assert_eq!(window().location().pathname().unwrap(), "/settings");
    let stored = storage().get_item(STORAGE_KEY).unwrap().unwrap();
    assert!(stored.contains("fk_from_fragment"), "{stored}");
    let key: HtmlInputElement = find("#api-key");
    assert_eq!(key.value(), "fk_from_fragment");
    assert_eq!(key.type_(), "password");

    button("Show API key").click();
    settle().await;
    assert_eq!(key.type_(), "text");
}

#[wasm_bindgen_test]
async fn unknown_paths_show_not_found_and_nav_marks_the_current_page() {
    let _app = mount_at("/no-such-page");
    settle().await;
    let heading: HtmlElement = find("main h1");
    assert_eq!(heading.text_content().unwrap(), "Page not found");
    drop(_app);

    let _app = mount_at("/settings");
    settle().await;
    let current: HtmlElement = find("nav a[aria-current=page]");
    assert_eq!(current.text_content().unwrap(), "Settings");
    assert_eq!(document().title(), "Settings · faas-console");
}

#[wasm_bindgen_test]
async fn error_view_names_the_url_tried_and_the_correlation_id() {
    // Anywhere but the Settings page, where a link to it would be pointless.
    window()
        .history()
        .unwrap()
        .replace_state_with_url(&JsValue::NULL, "", Some("/"))
        .unwrap();
    let container: HtmlElement = document().create_element("div").unwrap().unchecked_into();
    document().body().unwrap().append_child(&container).unwrap();
    let error = ApiError::network(
        "http://127.0.0.1:9/v2/keysets",
        "TypeError: Failed to fetch",
        "11111111-1111-4111-8111-111111111111",
    );
    let handle = leptos::mount::mount_to(container.clone(), move || {
        view! {
            <Router>
                <ErrorView error=error.clone() />
            </Router>
        }
    });
    settle().await;

    let alert: HtmlElement = find("[role=alert]");
    let text = alert.text_content().unwrap();
    assert!(text.contains("Network error"), "{text}");
    assert!(text.contains("http://127.0.0.1:9/v2/keysets"), "{text}");
    assert!(
        text.contains("Correlation ID: 11111111-1111-4111-8111-111111111111"),
        "{text}"
    );
    // Unreachable means the base URL may be wrong: the fix is on the Settings page.
    let link: HtmlElement = find("[role=alert] a[href='/settings']");
    assert!(link.text_content().unwrap().contains("base URL"));
    drop(handle);
    container.remove();
}
