//! Labelled form fields: a visible label that is also the accessible name, an optional hint,
//! and the field's error, both tied to the control with `aria-describedby` so screen readers
//! read them with it.

use leptos::prelude::*;

/// The ids a field's hint and error get, derived from the control's id.
pub fn hint_id(id: &str) -> String {
    format!("{id}-hint")
}

pub fn error_id(id: &str) -> String {
    format!("{id}-error")
}

/// The `aria-describedby` of a control: its hint, then its error when it has one.
pub fn described_by(id: &str, has_hint: bool, invalid: bool) -> Option<String> {
    let ids: Vec<String> = [has_hint.then(|| hint_id(id)), invalid.then(|| error_id(id))]
        .into_iter()
        .flatten()
        .collect();
    (!ids.is_empty()).then(|| ids.join(" "))
}

/// The frame of one field around any control: label, control, hint, error. The control must
/// carry `id` and [`described_by`], as [`TextField`] and the function form's type select do.
#[component]
pub fn Field(
    /// The control's id.
    #[prop(into)]
    id: String,
    /// The visible label, which is also the accessible name.
    #[prop(into)]
    label: String,
    /// Help shown under the control.
    #[prop(optional_no_strip)]
    hint: Option<String>,
    /// Why the value cannot be saved, if it cannot.
    #[prop(into)]
    error: Signal<Option<String>>,
    /// The control, and anything beside it (a Show button).
    children: Children,
) -> impl IntoView {
    let invalid = move || error.with(Option::is_some);
    let error_id = error_id(&id);
    view! {
        <div class="field" class:field--invalid=invalid>
            <label class="field__label" for=id.clone()>
                {label}
            </label>
            <div class="field__control">{children()}</div>
            {hint
                .map(|hint| {
                    view! {
                        <p class="field__hint" id=hint_id(&id)>
                            {hint}
                        </p>
                    }
                })}
            {move || {
                error
                    .get()
                    .map(|message| {
                        view! {
                            <p class="field__error" id=error_id.clone()>
                                {message}
                            </p>
                        }
                    })
            }}
        </div>
    }
}

/// A labelled text input (or, `multiline`, a text area).
#[component]
pub fn TextField(
    /// The input's id; the hint and error ids derive from it.
    #[prop(into)]
    id: String,
    /// The visible label, which is also the accessible name.
    #[prop(into)]
    label: String,
    /// Help shown under the field (a blueprint param's description, say, as well as fixed text).
    #[prop(optional, into)]
    hint: Option<String>,
    /// The field's text.
    value: RwSignal<String>,
    /// Why the value cannot be saved, if it cannot.
    #[prop(into)]
    error: Signal<Option<String>>,
    /// `text`, `url`, `password`…
    #[prop(into, default = Signal::stored("text"))]
    input_type: Signal<&'static str>,
    /// A text area instead of a one-line input.
    #[prop(optional)]
    multiline: bool,
    /// Marks the field as required for assistive technology.
    #[prop(optional)]
    required: bool,
    /// A control beside the input (the key's Show button).
    #[prop(optional)]
    children: Option<Children>,
) -> impl IntoView {
    let invalid = move || error.with(Option::is_some);
    let has_hint = hint.is_some();
    let describe = {
        let id = id.clone();
        move || described_by(&id, has_hint, invalid())
    };
    let control = if multiline {
        view! {
            <textarea
                id=id.clone()
                name=id.clone()
                class="input input--multiline"
                rows="3"
                bind:value=value
                aria-required=required.then_some("true")
                aria-invalid=move || invalid().then_some("true")
                aria-describedby=describe
            ></textarea>
        }
        .into_any()
    } else {
        view! {
            <input
                id=id.clone()
                name=id.clone()
                class="input"
                type=move || input_type.get()
                bind:value=value
                autocomplete="off"
                spellcheck="false"
                aria-required=required.then_some("true")
                aria-invalid=move || invalid().then_some("true")
                aria-describedby=describe
            />
        }
        .into_any()
    };
    view! {
        <Field id label hint error>
            {control}
            {children.map(|c| c())}
        </Field>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn describedby_names_hint_then_error() {
        assert_eq!(
            described_by("name", true, false).as_deref(),
            Some("name-hint")
        );
        assert_eq!(
            described_by("name", true, true).as_deref(),
            Some("name-hint name-error")
        );
        assert_eq!(
            described_by("name", false, true).as_deref(),
            Some("name-error")
        );
        assert_eq!(described_by("name", false, false), None);
    }
}
