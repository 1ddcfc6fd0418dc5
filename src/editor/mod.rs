//! The code editor for JavaScript functions (and, in its JSON mode, for a KV store's JSON
//! documents): CodeMirror 6, loaded only when a page needs it.
//!
//! CodeMirror is a separate JS chunk (editor/src/editor.js, ~165 KB brotli) that would nearly
//! double the console's first load, so the wasm only links a tiny loader snippet
//! (js/editor_loader.js, written by scripts/build-editor.sh) that imports the chunk when the
//! first [`CodeEditor`] mounts or the first [`line_diff`] runs.

use std::{cell::RefCell, rc::Rc};

use leptos::{html, prelude::*};
use send_wrapper::SendWrapper;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::{js_sys, JsFuture};

use crate::components::Busy;

#[wasm_bindgen(module = "/js/editor_loader.js")]
extern "C" {
    /// Loads the chunk, mounts a view in `parent` and calls `on_load` once: with the view, or
    /// with the error message (a string) when the chunk could not be loaded. `on_event(kind,
    /// value)` reports the editor's events, see [`event`].
    #[wasm_bindgen(js_name = mountEditor)]
    fn mount_editor(
        parent: &web_sys::HtmlElement,
        doc: &str,
        read_only: bool,
        json: bool,
        labelled_by: &str,
        described_by: Option<&str>,
        on_event: &Closure<dyn FnMut(u32, JsValue)>,
        on_load: &JsValue,
    );
    #[wasm_bindgen(js_name = setValue)]
    fn set_value(view: &JsValue, doc: &str);
    #[wasm_bindgen(js_name = goTo)]
    fn go_to(view: &JsValue, line: u32, column: u32);
    fn destroy(view: &JsValue);
    #[wasm_bindgen(js_name = lineDiff)]
    fn line_diff_js(a: &str, b: &str) -> js_sys::Promise;
    /// Loads the test runner's chunk and runs the input document (JSON) in a Worker;
    /// `on_done` gets the result document (JSON) once. Returns the function that stops it.
    #[wasm_bindgen(js_name = runTest)]
    fn run_test_js(input: &str, on_done: JsValue) -> js_sys::Function;
}

/// A test of a function under way in the browser (see `editor/src/function-test.js`).
pub struct TestRun(js_sys::Function);

impl TestRun {
    /// Ends the run at once: its worker is terminated and `on_done` hears "Stopped".
    pub fn stop(&self) {
        let _ = self.0.call0(&JsValue::NULL);
    }
}

/// Runs a function's test in a dedicated Worker of this browser; `on_done` gets the result
/// document (JSON) once, also when the run is stopped, times out or cannot start.
pub fn run_test(input: &str, on_done: impl FnOnce(String) + 'static) -> TestRun {
    let on_done = Closure::once_into_js(move |result: JsValue| {
        on_done(result.as_string().unwrap_or_default())
    });
    TestRun(run_test_js(input, on_done))
}

/// The kinds of `on_event` calls, as the loader (scripts/build-editor.sh) numbers them. One
/// closure for all events: each closure costs its own wasm-bindgen glue.
mod event {
    /// The user changed the document; the value is the document.
    pub const CHANGE: u32 = 0;
    /// Ctrl/Cmd+S.
    pub const SAVE: u32 = 1;
    /// The number of lint problems changed; the value is the count.
    pub const DIAGNOSTICS: u32 = 2;
}

type OnEvent = Closure<dyn FnMut(u32, JsValue)>;

enum State {
    Idle,
    /// The event callback is already handed to JS, so it is kept from here on.
    Loading(OnEvent),
    /// The view, and the callback it calls: it lives exactly as long as the view, or
    /// CodeMirror would call a freed closure.
    Live {
        view: JsValue,
        _on_event: OnEvent,
    },
    /// The component is gone; a chunk that arrives now must not mount anything.
    Gone,
}

type Shared = Rc<RefCell<State>>;

/// Clones the view out of the state, so that no borrow is held while CodeMirror runs (it may
/// call back into Rust).
fn live_view(shared: &Shared) -> Option<JsValue> {
    match &*shared.borrow() {
        State::Live { view, .. } => Some(view.clone()),
        _ => None,
    }
}

/// A JavaScript code editor (line numbers, syntax highlighting, bracket matching, search,
/// undo, and syntax errors marked as the user types). Tab leaves the editor, so keyboard
/// users are never trapped; Ctrl/Cmd+S calls `on_save`.
#[component]
pub fn CodeEditor(
    /// The document; when it changes from outside (a draft restored, another base revision
    /// picked) the editor shows it.
    #[prop(into)]
    value: Signal<String>,
    /// Id of the element that labels the editor (a visible `<label>` or `<span id>`).
    labelled_by: String,
    /// Id of an element that describes the editor (hint, error summary).
    #[prop(optional, into)]
    described_by: Option<String>,
    /// Shows the code without letting it be changed; it can still be focused and selected.
    #[prop(optional)]
    read_only: bool,
    /// The document is JSON, not a JavaScript module: parse errors are marked as the user
    /// types (by JSON.parse), and `on_diagnostics` counts them.
    #[prop(optional)]
    json: bool,
    /// Called with the whole document after each edit by the user (not after `value` changes).
    #[prop(optional, into)]
    on_change: Option<Callback<String>>,
    /// Called on Ctrl/Cmd+S, instead of the browser's "Save page".
    #[prop(optional, into)]
    on_save: Option<Callback<()>>,
    /// Number of problems found as the user types: a syntax error, or no `export default`
    /// (which the server's build needs).
    #[prop(optional, into)]
    on_diagnostics: Option<Callback<u32>>,
    /// Opens the editor with the cursor at this line and column (1-based), scrolled into
    /// view and focused: where a build error points.
    #[prop(default = None)]
    cursor: Option<(u32, u32)>,
    /// Moves the cursor to `(line, column)` (1-based) and focuses the editor each time it
    /// changes; the third number tells two jumps to the same place apart (a test's error
    /// clicked twice).
    #[prop(optional, into)]
    jump: Option<Signal<Option<(u32, u32, u32)>>>,
) -> impl IntoView {
    let host = NodeRef::<html::Div>::new();
    let error = RwSignal::new(String::new());
    let shared: Shared = Rc::new(RefCell::new(State::Idle));

    let mount = {
        let shared = shared.clone();
        move |parent: &web_sys::HtmlElement| {
            let on_event = OnEvent::new(move |kind: u32, value: JsValue| match kind {
                event::CHANGE => {
                    if let Some(cb) = on_change {
                        cb.run(value.as_string().unwrap_or_default());
                    }
                }
                event::SAVE => {
                    if let Some(cb) = on_save {
                        cb.run(());
                    }
                }
                event::DIAGNOSTICS => {
                    if let Some(cb) = on_diagnostics {
                        cb.run(value.as_f64().unwrap_or(0.0) as u32);
                    }
                }
                _ => {}
            });
            // A one-shot callback rather than a Promise awaited in Rust: no future to compile.
            let on_load = {
                let shared = shared.clone();
                Closure::once_into_js(move |result: JsValue| {
                    if let Some(message) = result.as_string() {
                        error.set(format!(
                            "The editor could not be loaded ({message}). Reload the page to try again."
                        ));
                        return;
                    }
                    let state = shared.replace(State::Gone);
                    let State::Loading(on_event) = state else {
                        return destroy(&result);
                    };
                    // `value` may have moved on while the chunk was loading.
                    value.with_untracked(|doc| set_value(&result, doc));
                    if let Some((line, column)) = cursor {
                        go_to(&result, line, column);
                    }
                    *shared.borrow_mut() = State::Live {
                        view: result,
                        _on_event: on_event,
                    };
                })
            };
            value.with_untracked(|doc| {
                mount_editor(
                    parent,
                    doc,
                    read_only,
                    json,
                    &labelled_by,
                    described_by.as_deref(),
                    &on_event,
                    &on_load,
                )
            });
            *shared.borrow_mut() = State::Loading(on_event);
        }
    };

    // One effect for both jobs: mount once the host element exists, then push every new
    // `value`. setValue itself ignores a document equal to the editor's, the usual case, since
    // the page stores what on_change reported and hands it back. A RenderEffect rather than an
    // Effect: it is type-erased and shared with the renderer, an Effect compiles its own task.
    let effect = {
        let shared = shared.clone();
        RenderEffect::new(move |_| {
            value.track();
            let Some(el) = host.get() else { return };
            if matches!(*shared.borrow(), State::Idle) {
                return mount(&el);
            }
            if let Some(view) = live_view(&shared) {
                value.with_untracked(|doc| set_value(&view, doc));
            }
        })
    };

    let jumps = jump.map(|jump| {
        let shared = shared.clone();
        RenderEffect::new(move |_| {
            if let (Some((line, column, _)), Some(view)) = (jump.get(), live_view(&shared)) {
                go_to(&view, line, column);
            }
        })
    });

    let shared = SendWrapper::new((shared, effect, jumps));
    on_cleanup(move || {
        let (shared, effect, jumps) = shared.take();
        drop(effect);
        drop(jumps);
        if let State::Live { view, .. } = shared.replace(State::Gone) {
            destroy(&view);
        }
    });

    // Static markup: CSS hides the loading text once CodeMirror is in the mount element or an
    // error is shown (style/_editor.scss), which costs less wasm than views swapped in and out.
    // The alert stays in the page, empty, so that its message is announced when it appears.
    view! {
        <div class="code-editor">
            <div class="code-editor__loading">
                <Busy>"Loading editor…"</Busy>
            </div>
            <p class="code-editor__error" role="alert">
                {error}
            </p>
            // CodeMirror owns this element's children; Leptos never renders into it.
            <div class="code-editor__mount" node_ref=host></div>
        </div>
    }
}

/// One line of a [`line_diff`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DiffOp {
    /// In both texts.
    Same,
    /// Only in the new text.
    Added,
    /// Only in the old text.
    Removed,
}

/// A line diff of `a` (old) and `b` (new), one entry per line in display order: within a
/// changed block the removed lines come before the added ones. The diff runs in the editor
/// chunk (loaded on first use), so it costs the wasm nothing.
pub async fn line_diff(a: &str, b: &str) -> Result<Vec<(DiffOp, String)>, String> {
    let rows = JsFuture::from(line_diff_js(a, b))
        .await
        .map_err(|err| describe(&err))?;
    let rows: js_sys::Array = rows
        .dyn_into()
        .map_err(|_| "lineDiff did not return an array".to_string())?;
    Ok(rows
        .iter()
        .map(|row| {
            let row: js_sys::Array = row.unchecked_into();
            let op = match row.get(0).as_f64() {
                Some(n) if n > 0.0 => DiffOp::Added,
                Some(n) if n < 0.0 => DiffOp::Removed,
                _ => DiffOp::Same,
            };
            (op, row.get(1).as_string().unwrap_or_default())
        })
        .collect())
}

/// The message of a JS exception (a failed dynamic import is a TypeError with the URL).
fn describe(err: &JsValue) -> String {
    err.dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| err.as_string())
        .unwrap_or_else(|| "unknown error".into())
}

/// Lines of a diff: added in `<ins>`, removed in `<del>`, the rest as they were.
#[component]
pub fn DiffLines(lines: Vec<(DiffOp, String)>, name: String) -> impl IntoView {
    // Focusable, so that keyboard users can scroll a long line into view.
    view! {
        <pre class="diff" tabindex="0" role="region" aria-label=format!("Changes to {name}")>
            {lines
                .into_iter()
                .map(|(op, text)| {
                    let text = if text.is_empty() { " ".to_owned() } else { text };
                    match op {
                        DiffOp::Added => view! { <ins>{text}</ins> }.into_any(),
                        DiffOp::Removed => view! { <del>{text}</del> }.into_any(),
                        DiffOp::Same => view! { <span>{text}</span> }.into_any(),
                    }
                })
                .collect_view()}
        </pre>
    }
}
