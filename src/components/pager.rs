use leptos::prelude::*;

/// Previous and next page links of a list kept in the URL, with where the list stands.
/// Nothing when the list has one page.
#[component]
pub fn Pager(
    /// 0-based.
    page_number: u32,
    page_count: u64,
    /// Where "Previous page" and "Next page" go; `None` on the first and the last page.
    previous: Option<String>,
    next: Option<String>,
    /// The navigation landmark's name: "Pages of packages".
    label: &'static str,
) -> impl IntoView {
    if page_count <= 1 {
        return ().into_any();
    }
    let link = |href: Option<String>, text: &'static str, rel: &'static str| match href {
        Some(href) => view! {
            <a href=href rel=rel>
                {text}
            </a>
        }
        .into_any(),
        None => view! {
            <span class="pager__off" aria-hidden="true">
                {text}
            </span>
        }
        .into_any(),
    };
    view! {
        <nav class="pager" aria-label=label>
            {link(previous, "Previous page", "prev")}
            <span class="pager__where">{format!("Page {} of {page_count}", page_number + 1)}</span>
            {link(next, "Next page", "next")}
        </nav>
    }
    .into_any()
}
