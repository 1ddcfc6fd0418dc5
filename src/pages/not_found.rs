use leptos::prelude::*;
use leptos_router::hooks::use_location;

use crate::routes::Route;

#[component]
pub fn NotFoundPage() -> impl IntoView {
    super::set_title("Page not found");
    let path = use_location().pathname;
    view! {
        <h1>"Page not found"</h1>
        <p>"There is no page at " <code>{move || path.get()}</code> "."</p>
        <p>
            <a href=Route::Overview.href()>"Go to the Overview"</a>
        </p>
    }
}
