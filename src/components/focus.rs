use leptos::prelude::document;

/// Focuses the element with `id`, or the editable part of an editor inside it.
pub fn focus_element(id: &str) {
    let Some(el) = document().get_element_by_id(id) else {
        return;
    };
    let target = el
        .query_selector(".cm-content")
        .ok()
        .flatten()
        .unwrap_or(el);
    if let Ok(target) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(target) {
        let _ = target.focus();
    }
}
