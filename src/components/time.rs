use leptos::prelude::*;

use crate::format::{absolute_time, parse_timestamp, relative_time};

/// A time from the API as "5 minutes ago", with the exact UTC time as its tooltip and its
/// machine-readable `datetime`.
#[component]
pub fn Time(
    /// RFC 3339, as the API writes it.
    #[prop(into)]
    at: String,
) -> impl IntoView {
    let now = js_sys::Date::now() as i64;
    let shown = parse_timestamp(&at).map_or_else(|| at.clone(), |ms| relative_time(ms, now));
    view! {
        <time datetime=at.clone() title=absolute_time(&at)>
            {shown}
        </time>
    }
}
