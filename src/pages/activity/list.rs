//! `/activity`: every entry of the activity log, newest first, filtered and paged from the
//! URL, live on its first page.

use std::collections::HashSet;

use faas_api::activity::ActivityEntry;
use leptos::{html, prelude::*};

use super::{
    super::schedules::{browser_offset, browser_zone},
    table::ActivityTable,
};
use crate::{
    activity::{count_new, kind_options},
    api::{
        self,
        activity::{is_filter_text, PAGE_SIZE},
        Page,
    },
    components::{
        use_live_query, use_url_query, Busy, ErrorView, FilterSelect, LiveRegion, Pace, Pager,
        SetUrlQuery,
    },
    format::count,
    routes::{ActivityQuery, Route, Section},
    schedules::{local_to_utc, utc_to_local},
};

/// Where the shown page stands in the list: its number, how many pages, which rows.
#[derive(Clone, Copy, Default, PartialEq)]
struct Position {
    number: u32,
    pages: u64,
    total: u64,
    range: Option<(u64, u64)>,
}

impl Position {
    fn of<T>(page: &Page<T>) -> Position {
        Position {
            number: page.number(),
            pages: page.page_count(),
            total: page.total(),
            range: page.range(),
        }
    }
}

#[component]
pub fn ActivityPage() -> impl IntoView {
    super::super::set_title(Section::Activity.title());
    let (query, set_query) = use_url_query::<ActivityQuery>();

    let entries = RwSignal::new(Vec::<ActivityEntry>::new());
    let position = RwSignal::new(Position::default());
    // The entries seen under the query shown, so that a poll's new ones are announced; a new
    // query starts afresh and announces nothing.
    let seen = StoredValue::new((None::<ActivityQuery>, HashSet::<String>::new()));
    let said = RwSignal::new(String::new());
    let live = use_live_query(
        move |client| {
            let query = query.get();
            async move {
                let page = api::activity::list(&client, &query, PAGE_SIZE).await?;
                Ok((query, page))
            }
        },
        move |(shown, page): (ActivityQuery, Page<ActivityEntry>), _| {
            seen.update_value(|(seen_for, ids)| {
                if seen_for.as_ref() != Some(&shown) {
                    *seen_for = Some(shown);
                    ids.clear();
                    count_new(ids, &page.items);
                    said.set(String::new());
                } else {
                    let new = count_new(ids, &page.items) as u64;
                    if new > 0 {
                        said.set(format!(
                            "{} at the top.",
                            count(new, "new entry", "new entries")
                        ));
                    }
                }
            });
            position.set(Position::of(&page));
            if entries.with_untracked(|known| *known != page.items) {
                entries.set(page.items);
            }
        },
        // Only the first page gets new entries; an older page stays as it is.
        move || {
            query
                .with(|q| q.page == 0)
                .then_some(Pace::Watching.millis())
        },
    );
    let load_error = live.error();

    let kind_options = Signal::derive(kind_options);
    let zone = browser_zone();
    let page_href = move |page: u32| {
        Route::Activity(ActivityQuery {
            page,
            ..query.get()
        })
        .href()
    };

    view! {
        <div class="page-header">
            <h1>"Activity"</h1>
        </div>
        <p class="muted">
            "Every change made through the API, and what the scheduler and the build queue did, newest first."
        </p>
        <Filters query set_query zone kind_options />
        <LiveRegion text=said.into() />
        {move || load_error.get().map(|error| view! { <ErrorView error /> })}
        {move || {
            if !live.answered() {
                view! { <Busy>"Loading the activity…"</Busy> }.into_any()
            } else if entries.with(Vec::is_empty) && load_error.with(Option::is_none) {
                let text = if query.with(ActivityQuery::is_filtered) {
                    "No entry matches these filters."
                } else {
                    "Nothing has changed yet."
                };
                view! { <p class="muted empty">{text}</p> }.into_any()
            } else {
                ().into_any()
            }
        }}
        <div hidden=move || entries.with(Vec::is_empty)>
            <p class="muted list-summary">
                {move || {
                    let p = position.get();
                    p.range.map(|(first, last)| format!("Entries {first} to {last} of {}", p.total))
                }}
            </p>
            <ActivityTable entries caption="Activity entries" />
            {move || {
                let p = position.get();
                view! {
                    <Pager
                        page_number=p.number
                        page_count=p.pages
                        previous=(p.number > 0).then(|| page_href(p.number - 1))
                        next=(u64::from(p.number) + 1 < p.pages).then(|| page_href(p.number + 1))
                        label="Pages of activity"
                    />
                }
            }}
        </div>
    }
}

/// The filters, each labelled, each kept in the URL. Texts apply when they are committed
/// (Enter, or leaving the field), not at every key.
#[component]
fn Filters(
    query: Memo<ActivityQuery>,
    set_query: SetUrlQuery<ActivityQuery>,
    zone: String,
    kind_options: Signal<Vec<(String, String)>>,
) -> impl IntoView {
    // A filter change starts again from the newest entries; one that changes nothing leaves
    // the history alone.
    let set = move |change: &dyn Fn(&mut ActivityQuery)| {
        let mut next = query.get_untracked();
        change(&mut next);
        next.page = 0;
        if next != query.get_untracked() {
            set_query.set(next);
        }
    };
    let actor_input = NodeRef::<html::Input>::new();
    let target_input = NodeRef::<html::Input>::new();
    let search_input = NodeRef::<html::Input>::new();
    let commit_texts = move || {
        let value = |input: NodeRef<html::Input>| {
            input
                .get_untracked()
                .map(|el| el.value().trim().to_owned())
                .unwrap_or_default()
        };
        let (actor, target, search) =
            (value(actor_input), value(target_input), value(search_input));
        set(&|q| {
            q.actor = Some(actor.clone()).filter(|a| is_filter_text(a));
            q.target = Some(target.clone()).filter(|t| is_filter_text(t));
            q.search = search.clone();
        });
    };
    let time_value = move |pick: fn(&ActivityQuery) -> Option<i64>| {
        Signal::derive(move || {
            query.with(|q| {
                pick(q)
                    .map(|ms| utc_to_local(ms, browser_offset))
                    .unwrap_or_default()
            })
        })
    };
    let set_time = move |value: String, until: bool| {
        let ms = local_to_utc(&value, browser_offset);
        set(&|q| {
            if until {
                q.until = ms;
            } else {
                q.since = ms;
            }
        });
    };
    let text_field = move |id: &'static str,
                           label: &'static str,
                           hint: &'static str,
                           kind: &'static str,
                           input: NodeRef<html::Input>,
                           current: fn(&ActivityQuery) -> String| {
        let hint_id = format!("{id}-hint");
        view! {
            <div class="field filters__field">
                <label class="field__label" for=id>
                    {label}
                </label>
                <input
                    id=id
                    node_ref=input
                    class="input"
                    type=kind
                    autocomplete="off"
                    aria-describedby=hint_id.clone()
                    prop:value=move || query.with(current)
                    on:change=move |_| commit_texts()
                />
                <p id=hint_id class="field__hint">
                    {hint}
                </p>
            </div>
        }
    };
    let time_hint = format!("Your time zone: {zone}.");
    view! {
        <form
            class="filters activity-filters"
            role="search"
            aria-label="Filter the activity"
            on:submit=move |ev| {
                ev.prevent_default();
                commit_texts();
            }
        >
            <FilterSelect
                id="activity-kind"
                label="Kind"
                any="Any kind"
                options=kind_options
                value=Signal::derive(move || query.with(|q| q.kind.clone().unwrap_or_default()))
                on_change=Callback::new(move |v: String| {
                    set(&|q| q.kind = Some(v.clone()).filter(|k| !k.is_empty()))
                })
            />
            {text_field(
                "activity-actor",
                "Actor",
                "A key's name, scheduler or build-queue.",
                "text",
                actor_input,
                |q| q.actor.clone().unwrap_or_default(),
            )}
            {text_field(
                "activity-target",
                "Target ID",
                "One object's history: a package's, a deployment's… id.",
                "text",
                target_input,
                |q| q.target.clone().unwrap_or_default(),
            )}
            {text_field(
                "activity-search",
                "Search target names",
                "Part of the name, any case.",
                "search",
                search_input,
                |q| q.search.clone(),
            )}
            {[("activity-since", "From", false), ("activity-until", "Until", true)]
                .into_iter()
                .map(|(id, label, until)| {
                    let hint_id = format!("{id}-hint");
                    let value = time_value(if until { |q| q.until } else { |q| q.since });
                    view! {
                        <div class="field filters__field">
                            <label class="field__label" for=id>
                                {label}
                            </label>
                            <input
                                id=id
                                class="input"
                                type="datetime-local"
                                step="1"
                                aria-describedby=hint_id.clone()
                                prop:value=value
                                on:change=move |ev| set_time(event_target_value(&ev), until)
                            />
                            <p id=hint_id class="field__hint">
                                {time_hint.clone()}
                            </p>
                        </div>
                    }
                })
                .collect_view()}
            <button type="submit" class="btn btn--secondary btn--small">
                "Apply"
            </button>
            {move || {
                query
                    .with(ActivityQuery::is_filtered)
                    .then(|| {
                        view! {
                            <a
                                class="btn btn--ghost btn--small"
                                href=Section::Activity.route().href()
                            >
                                "Clear filters"
                            </a>
                        }
                    })
            }}
        </form>
    }
}
