use leptos::prelude::*;

/// A labelled select of a filter: "any" first, then `options` as (value, label).
#[component]
pub fn FilterSelect(
    id: &'static str,
    label: &'static str,
    any: &'static str,
    #[prop(into)] options: Signal<Vec<(String, String)>>,
    #[prop(into)] value: Signal<String>,
    on_change: Callback<String>,
    #[prop(into, default = Signal::stored(false))] disabled: Signal<bool>,
) -> impl IntoView {
    view! {
        <div class="field filters__field">
            <label class="field__label" for=id>
                {label}
            </label>
            <select
                id=id
                class="input"
                disabled=move || disabled.get()
                on:change=move |ev| on_change.run(event_target_value(&ev))
                prop:value=move || value.get()
            >
                <option value="">{any}</option>
                {move || {
                    let current = value.get();
                    options
                        .get()
                        .into_iter()
                        .map(|(v, text)| {
                            let selected = v == current;
                            view! {
                                <option value=v selected=selected>
                                    {text}
                                </option>
                            }
                        })
                        .collect_view()
                }}
            </select>
        </div>
    }
}
