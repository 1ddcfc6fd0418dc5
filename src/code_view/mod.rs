//! Code shown, not edited: highlighted text with line numbers, rendered by Leptos from
//! [`highlight`]'s spans. A page that only shows code (a revision, the code a build error
//! points into) uses this and never loads the editor's chunk; the editor ([`crate::editor`])
//! is for code that is being written.

pub mod highlight;

use leptos::{html, prelude::*};
use wasm_bindgen::JsCast;

use highlight::highlight;

/// A function's code, read-only: it can be focused, scrolled and selected, and a link can
/// open it at a line, which is marked, scrolled into view and focused.
#[component]
pub fn CodeView(
    /// The code, shown as it is.
    code: String,
    /// Id of the element that labels the code (a visible heading or `<span id>`).
    labelled_by: String,
    /// The line (1-based) and column a link points at: where a build error is.
    #[prop(default = None)]
    cursor: Option<(u32, u32)>,
) -> impl IntoView {
    let current = cursor.map(|(line, _)| line as usize);
    let node = NodeRef::<html::Pre>::new();
    if current.is_some() {
        // Once the code is in the page: focus it and bring the marked line into view.
        Effect::new(move |_| {
            let Some(pre) = node.get() else { return };
            let _ = pre.focus();
            if let Some(line) = pre
                .query_selector(".code-view__line--current")
                .ok()
                .flatten()
                .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok())
            {
                line.scroll_into_view_with_bool(false);
            }
        });
    }
    let lines = highlight(&code)
        .into_iter()
        .enumerate()
        .map(|(index, spans)| {
            let number = index + 1;
            let is_current = current == Some(number);
            let spans = spans
                .into_iter()
                .map(|(token, text)| {
                    let text = text.to_owned();
                    match token.class() {
                        Some(class) => view! { <span class=class>{text}</span> }.into_any(),
                        None => text.into_any(),
                    }
                })
                .collect_view();
            view! {
                <span
                    class="code-view__line"
                    class:code-view__line--current=is_current
                    aria-current=is_current.then_some("location")
                >
                    {spans}
                </span>
            }
        })
        .collect_view();
    view! {
        <pre
            class="code-view"
            node_ref=node
            role="textbox"
            aria-readonly="true"
            aria-multiline="true"
            aria-labelledby=labelled_by
            tabindex="0"
        >
            <code>{lines}</code>
        </pre>
    }
}
