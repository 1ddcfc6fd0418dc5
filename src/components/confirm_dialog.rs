use leptos::{html, prelude::*};

/// A modal dialog that asks before something is done: the browser's `<dialog>` opened with
/// `showModal()`, so the rest of the page is inert (focus stays inside), Escape cancels and
/// focus goes back to where it was when the dialog closes. Cancel has the initial focus, so
/// a stray Enter never confirms a destructive action.
#[component]
pub fn ConfirmDialog(
    /// Unique on the page; the title and body ids derive from it.
    id: &'static str,
    /// Whether the dialog is open. Closing it by Escape or Cancel sets it to `false`.
    open: RwSignal<bool>,
    /// The question, naming the target: "Delete package “Chat Moderation”?".
    #[prop(into)]
    title: Signal<String>,
    /// The confirming button's label, a verb: "Delete package".
    #[prop(into)]
    confirm_label: Signal<String>,
    /// The confirming button is styled as destructive.
    #[prop(optional)]
    danger: bool,
    /// Keeps the confirming button disabled (a name still to be typed).
    #[prop(into, default = Signal::stored(false))]
    confirm_disabled: Signal<bool>,
    /// A request is under way: the confirming button is disabled and says so.
    #[prop(into, default = Signal::stored(false))]
    pending: Signal<bool>,
    /// The dismissing button's label: "Keep it" where "Cancel" would be ambiguous (a dialog
    /// that cancels a build).
    #[prop(default = "Cancel")]
    dismiss_label: &'static str,
    /// Runs on confirm; the caller closes the dialog when it is done.
    on_confirm: Callback<()>,
    /// The body: what will happen, and any answer of the server.
    children: ChildrenFn,
) -> impl IntoView {
    let dialog = NodeRef::<html::Dialog>::new();
    Effect::new(move |_| {
        let Some(el) = dialog.get() else { return };
        let should_open = open.get();
        if should_open && !el.open() {
            let _ = el.show_modal();
        } else if !should_open && el.open() {
            el.close();
        }
    });
    let title_id = format!("{id}-title");
    let body_id = format!("{id}-body");
    let confirm_class = if danger {
        "btn btn--danger"
    } else {
        "btn btn--primary"
    };
    view! {
        <dialog
            node_ref=dialog
            class="dialog"
            aria-labelledby=title_id.clone()
            aria-describedby=body_id.clone()
            on:close=move |_| open.set(false)
        >
            <form
                class="dialog__form"
                on:submit=move |ev| {
                    ev.prevent_default();
                    if !confirm_disabled.get_untracked() && !pending.get_untracked() {
                        on_confirm.run(());
                    }
                }
            >
                <h2 class="dialog__title" id=title_id.clone()>
                    {move || title.get()}
                </h2>
                <div class="dialog__body" id=body_id.clone()>
                    {move || open.get().then(|| children())}
                </div>
                <div class="dialog__actions">
                    <button
                        type="button"
                        class="btn btn--secondary"
                        autofocus
                        on:click=move |_| open.set(false)
                    >
                        {dismiss_label}
                    </button>
                    <button
                        type="submit"
                        class=confirm_class
                        disabled=move || confirm_disabled.get() || pending.get()
                        aria-busy=move || pending.get().then_some("true")
                    >
                        {move || confirm_label.get()}
                    </button>
                </div>
            </form>
        </dialog>
    }
}

/// The `open` signal of a dialog about `target`: open while `target` holds something, and
/// `target` emptied when the dialog closes (Escape, the dismissing button). `on_target` runs
/// for each new target, to clear what the dialog showed about the last one.
pub fn open_while_some<T: Send + Sync + 'static>(
    target: RwSignal<Option<T>>,
    on_target: impl Fn() + 'static,
) -> RwSignal<bool> {
    let open = RwSignal::new(false);
    Effect::new(move |_| {
        let wanted = target.with(Option::is_some);
        if wanted {
            on_target();
        }
        if open.get_untracked() != wanted {
            open.set(wanted);
        }
    });
    Effect::new(move |_| {
        if !open.get() && target.with_untracked(Option::is_some) {
            target.set(None);
        }
    });
    open
}
