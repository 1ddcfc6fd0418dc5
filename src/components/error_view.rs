use faas_api::ErrorCode;
use leptos::prelude::*;
use leptos_router::hooks::use_location;

use super::CopyButton;
use crate::{
    api::{ApiError, ErrorKind},
    request_log::store::RequestLog,
    routes::Route,
};

/// The one way a failed request is shown: code, message, every field error, the correlation id
/// to quote, and a way to the Settings page when that is where the fix is.
#[component]
pub fn ErrorView(
    /// The failure to show.
    error: ApiError,
) -> impl IntoView {
    let badge = match (&error.kind, error.code()) {
        (_, Some(code)) => code.to_owned(),
        (ErrorKind::Network { .. }, None) => "Network error".to_owned(),
        (_, None) => error
            .status()
            .map_or_else(|| "Error".to_owned(), |s| format!("HTTP {s}")),
    };
    let title = match error.code().and_then(ErrorCode::parse) {
        Some(ErrorCode::MissingKey) => "No API key is set",
        Some(ErrorCode::InvalidKey) => "The API key was not accepted",
        _ => match error.kind {
            ErrorKind::Network { .. } => "The API could not be reached",
            ErrorKind::Undecodable { .. } => "The API gave an unexpected answer",
            ErrorKind::Rejected { .. } => "The request failed",
        },
    };
    // The first error is the headline; list them all only when there are several.
    let errors = error.errors().to_vec();
    let more_errors = (errors.len() > 1).then(|| {
        view! {
            <ul class="alert__list">
                {errors
                    .into_iter()
                    .map(|e| {
                        view! {
                            <li>
                                {e
                                    .field
                                    .map(|f| {
                                        view! {
                                            <code>{f}</code>
                                            ": "
                                        }
                                    })} {e.message}
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        }
    });
    let detail = error.detail().map(|d| {
        view! {
            <details class="alert__detail">
                <summary>"Details"</summary>
                <code>{d.to_owned()}</code>
            </details>
        }
    });
    let on_settings =
        Route::parse(&use_location().pathname.get_untracked()) == Some(Route::Settings);
    let settings_link = (error.is_settings_problem() && !on_settings).then(|| {
        let label = if error.is_key_problem() {
            "Check the API key in Settings"
        } else {
            "Check the API base URL in Settings"
        };
        view! {
            <p>
                <a href=Route::Settings.href()>{label}</a>
            </p>
        }
    });
    let correlation_id = error.correlation_id.clone();
    // The call itself, in the request log, when this tab made it.
    let view_request = use_context::<RequestLog>().map(|log| {
        let id = correlation_id.clone();
        let shown_id = id.clone();
        move || {
            log.has(&shown_id).then(|| {
                let id = id.clone();
                view! {
                    <button
                        type="button"
                        class="btn btn--ghost btn--small"
                        on:click=move |_| log.show(&id)
                    >
                        "View request"
                    </button>
                }
            })
        }
    });

    view! {
        <div class="alert alert--error" role="alert">
            <p class="alert__title">
                <span class="badge badge--error">{badge}</span>
                " "
                <strong>{title}</strong>
            </p>
            <p class="alert__message">{error.message()}</p>
            {more_errors}
            {detail}
            <p class="alert__meta">
                "Correlation ID: " <code class="correlation-id">{correlation_id.clone()}</code> " "
                <CopyButton text=correlation_id what="correlation ID" /> {view_request}
            </p>
            {settings_link}
        </div>
    }
}
