//! `/keysets/{id}/data`: a keyset's data, one tab per kind: the KV store's strings, JSON
//! documents and counters (a table with key, value and expiry, paged by token, filtered by a
//! key prefix, both in the URL) and the keyset's secrets, by name only. Compiled into a wasm
//! module of its own. The rules (previews, durations, expiries, a counter's step, a missing
//! key explained) are plain Rust in [`crate::keyset_data`].
//!
//! [`entries`] holds the strings and JSON tabs, [`counters`] the counters', [`secrets`] the
//! secrets', [`delete`] the dialog that deletes any of them once the key is typed.
//!
//! Each group of tabs is a module of its own ([`load`]): a link opens the page with the code
//! of the tab it names, and another tab's module is fetched when it is first shown.

mod counters;
mod delete;
mod entries;
mod secrets;

use faas_api::{
    kv::{Counter, KvEntry, KvKind},
    Keyset,
};
#[cfg(feature = "split-wasm")]
use leptos::wasm_split::wasm_split;
use leptos::{prelude::*, wasm_split::SplitLoaderError};
use serde::de::DeserializeOwned;

use crate::{
    account::use_account_keysets,
    api::{
        self,
        kv::{DataTab, KeysetDataQuery, KvPage},
    },
    components::{
        use_live_query, use_url_query, when_typing_pauses, Busy, ErrorView, LiveQuery, LiveRegion,
    },
    connection::store::{use_connection, ConnectionStore},
    keyset_data::{expiry, pace},
    routes::Route,
};

/// The tabs whose code is one module: strings and JSON share theirs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TabGroup {
    Entries,
    Counters,
    Secrets,
}

impl TabGroup {
    pub fn of(tab: DataTab) -> TabGroup {
        match tab {
            DataTab::Strings | DataTab::Json => TabGroup::Entries,
            DataTab::Counters => TabGroup::Counters,
            DataTab::Secrets => TabGroup::Secrets,
        }
    }
}

/// The tab view a page module has compiled in: `Some` for the tabs of its group, `None` for
/// the others, which [`other_tab`] fetches.
type OwnTabs = fn(DataPage, DataTab) -> Option<AnyView>;

/// [`OwnTabs`] of the module of strings and JSON.
fn entries_tabs(page: DataPage, tab: DataTab) -> Option<AnyView> {
    let kind = tab
        .kind()
        .filter(|_| TabGroup::of(tab) == TabGroup::Entries)?;
    Some(view! { <entries::EntriesTab page kind /> }.into_any())
}

/// [`OwnTabs`] of the module of counters.
fn counters_tabs(page: DataPage, tab: DataTab) -> Option<AnyView> {
    (tab == DataTab::Counters).then(|| view! { <counters::CountersTab page /> }.into_any())
}

/// [`OwnTabs`] of the module of secrets.
fn secrets_tabs(page: DataPage, tab: DataTab) -> Option<AnyView> {
    (tab == DataTab::Secrets).then(|| view! { <secrets::SecretsTab page /> }.into_any())
}

/// What a keyset data module is asked for: the whole page (a link opened it), or a tab of
/// the page already shown, whose module holds another ([`other_tab`]).
pub enum Part {
    Page(i64),
    Tab(DataPage, DataTab),
}

/// The page, or a tab of it, once the module of `group` is loaded. One split point per
/// group serves both, so a tab fetched later brings only what the page shown lacks.
pub async fn load(group: TabGroup, part: Part) -> Result<AnyView, SplitLoaderError> {
    match group {
        TabGroup::Entries => load!(entries_module(part)),
        TabGroup::Counters => load!(counters_module(part)),
        TabGroup::Secrets => load!(secrets_module(part)),
    }
}

#[cfg_attr(feature = "split-wasm", wasm_split(keyset_entries, wasm_split_path = ::leptos::wasm_split, fallible))]
fn entries_module(part: Part) -> Result<AnyView, SplitLoaderError> {
    Ok(render(part, entries_tabs))
}

#[cfg_attr(feature = "split-wasm", wasm_split(keyset_counters, wasm_split_path = ::leptos::wasm_split, fallible))]
fn counters_module(part: Part) -> Result<AnyView, SplitLoaderError> {
    Ok(render(part, counters_tabs))
}

#[cfg_attr(feature = "split-wasm", wasm_split(keyset_secrets, wasm_split_path = ::leptos::wasm_split, fallible))]
fn secrets_module(part: Part) -> Result<AnyView, SplitLoaderError> {
    Ok(render(part, secrets_tabs))
}

fn render(part: Part, own_tabs: OwnTabs) -> AnyView {
    match part {
        Part::Page(keyset) => view! { <KeysetDataPage keyset own_tabs /> }.into_any(),
        Part::Tab(page, tab) => own_tabs(page, tab).unwrap_or_else(|| ().into_any()),
    }
}

/// A tab that the page's module does not hold, from the module of its group.
async fn other_tab(page: DataPage, tab: DataTab) -> AnyView {
    load(TabGroup::of(tab), Part::Tab(page, tab))
        .await
        .unwrap_or_else(|_| super::not_loaded("This tab"))
}

/// What every tab of the page shares: the keyset, the page's query, and what the page says.
#[derive(Clone, Copy)]
pub struct DataPage {
    /// The subscribe key that names the keyset's data in every call.
    subkey: StoredValue<String>,
    query: Memo<KeysetDataQuery>,
    /// What became of this tab's last action, in the page's polite live region.
    said: RwSignal<String>,
    /// A refusal explained in words: a key that another tab, a function or its expiry removed.
    notice: RwSignal<Option<String>>,
    store: ConnectionStore,
}

impl DataPage {
    fn subkey(&self) -> String {
        self.subkey.get_value()
    }

    /// A client of the saved connection, for a write.
    fn client(&self) -> api::Client {
        api::Client::new(self.store.get_untracked())
    }
}

/// The page; `own_tabs` renders the tabs compiled into its module.
#[component]
fn KeysetDataPage(keyset: i64, own_tabs: OwnTabs) -> impl IntoView {
    super::set_title("Keyset data");
    let keysets = use_account_keysets().0;
    move || match keysets.get() {
        None => view! { <Busy>"Loading the keyset…"</Busy> }.into_any(),
        Some(Err(error)) => view! {
            <h1>"Keyset data"</h1>
            <ErrorView error />
        }
        .into_any(),
        Some(Ok((list, _))) => match list.into_iter().find(|k| k.id == keyset) {
            Some(found) => view! { <KeysetData keyset=found own_tabs /> }.into_any(),
            None => view! {
                <h1>"Keyset data"</h1>
                <div class="empty">
                    <h2>{format!("No keyset {keyset} in this account")}</h2>
                    <p>
                        "The key in Settings reaches no keyset with this id. "
                        <a href=Route::Overview.href()>"See the account's keysets"</a>
                    </p>
                </div>
            }
            .into_any(),
        },
    }
}

#[component]
fn KeysetData(keyset: Keyset, own_tabs: OwnTabs) -> impl IntoView {
    let title = format!("Data of {}", keyset.name);
    super::set_title(&title);
    let (query, set_query) = use_url_query::<KeysetDataQuery>();
    let page = DataPage {
        subkey: StoredValue::new(keyset.subscribe_key.clone()),
        query,
        said: RwSignal::new(String::new()),
        notice: RwSignal::new(None),
        store: use_connection(),
    };
    let tab = Memo::new(move |_| query.with(|q| q.tab));
    Effect::new(move |_| {
        tab.track();
        page.notice.set(None);
    });
    let prefix = RwSignal::new(query.get_untracked().prefix);
    // Back and Forward change the URL's prefix: the field follows it.
    Effect::new(move |_| {
        let in_url = query.with(|q| q.prefix.clone());
        if prefix.with_untracked(|typed| *typed != in_url) {
            prefix.set(in_url);
        }
    });
    // The tabs keep the prefix, and start at the first page.
    let tab_link = move |to: DataTab| {
        let href = move || {
            query.with(|q| {
                Route::KeysetData(KeysetDataQuery {
                    tab: to,
                    page_token: None,
                    ..q.clone()
                })
                .href()
            })
        };
        view! {
            <a
                class="code-tabs__tab"
                href=href
                aria-current=move || (tab.get() == to).then_some("page")
            >
                {to.title()}
            </a>
        }
    };
    // The prefix goes to the URL a moment after the last key, as the packages' search does:
    // one read and one history entry for a word, not one per letter.
    let apply_prefix = when_typing_pauses(move |typed: String| {
        let current = query.get_untracked();
        if current.prefix != typed {
            set_query.replace(KeysetDataQuery {
                prefix: typed,
                page_token: None,
                ..current
            });
        }
    });
    let on_prefix = move |typed: String| {
        prefix.set(typed.clone());
        apply_prefix(typed);
    };
    let app = keyset.app_name.clone().unwrap_or_else(|| "—".into());
    view! {
        <div class="page-header">
            <h1>{title}</h1>
        </div>
        <dl class="facts">
            <div>
                <dt>"App"</dt>
                <dd>{app}</dd>
            </div>
            <div>
                <dt>"Subscribe key"</dt>
                <dd>
                    <code class="mono">{keyset.subscribe_key}</code>
                </dd>
            </div>
        </dl>
        <nav class="code-tabs" aria-label="Kinds of data">
            {DataTab::ALL.into_iter().map(tab_link).collect_view()}
        </nav>
        <form
            class="filters"
            role="search"
            aria-label="Filter by key"
            on:submit=move |ev| ev.prevent_default()
        >
            <div class="field filters__field">
                <label class="field__label" for="data-prefix">
                    "Keys starting with"
                </label>
                <input
                    id="data-prefix"
                    class="input"
                    type="search"
                    autocomplete="off"
                    spellcheck="false"
                    prop:value=move || prefix.get()
                    on:input=move |ev| on_prefix(event_target_value(&ev))
                />
            </div>
        </form>
        <LiveRegion text=page.said.into() />
        {move || {
            page.notice
                .get()
                .map(|text| {
                    view! {
                        <div class="notice notice--warn" role="alert">
                            <p>{text}</p>
                        </div>
                    }
                })
        }}
        {move || {
            let tab = tab.get();
            own_tabs(page, tab).unwrap_or_else(|| Suspend::new(other_tab(page, tab)).into_any())
        }}
    }
}

/// A row of a KV list: what the table and the pace need of it.
trait KvRow: Clone + PartialEq + Send + Sync + DeserializeOwned + 'static {
    fn key(&self) -> &str;
    fn expires_dttm(&self) -> &str;
}

impl KvRow for KvEntry {
    fn key(&self) -> &str {
        &self.key
    }

    fn expires_dttm(&self) -> &str {
        &self.expires_dttm
    }
}

impl KvRow for Counter {
    fn key(&self) -> &str {
        &self.key
    }

    fn expires_dttm(&self) -> &str {
        &self.expires_dttm
    }
}

/// The rows of one page of a KV list, read live: again when the query changes, about every
/// 3 s while a row is about to expire, at once after a change of this tab.
struct KvList<T: KvRow> {
    rows: RwSignal<Vec<T>>,
    /// The token of the next page; `None` on the last.
    next: RwSignal<Option<String>>,
    live: LiveQuery,
}

impl<T: KvRow> Clone for KvList<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: KvRow> Copy for KvList<T> {}

impl<T: KvRow> KvList<T> {
    fn new(page: DataPage, kind: KvKind) -> Self {
        let rows = RwSignal::new(Vec::<T>::new());
        let next = RwSignal::new(None::<String>);
        let live = use_live_query(
            move |client| {
                let read = page.query.with(|q| {
                    api::kv::list_read(&page.subkey(), kind, &q.prefix, q.page_token.as_deref())
                });
                async move { api::kv::list::<T>(&client, &read).await }
            },
            move |answer: KvPage<T>, _| {
                rows.set(answer.items);
                next.set(answer.next);
            },
            move || {
                let now = js_sys::Date::now() as i64;
                rows.with(|rows| pace(rows.iter().map(KvRow::expires_dttm), now))
            },
        );
        KvList { rows, next, live }
    }

    /// Shows `row` in place of the row with its key (a write's answer), and reads the page
    /// again, where a new key may or may not belong.
    fn changed(&self, row: T) {
        self.rows.update(|rows| {
            if let Some(shown) = rows.iter_mut().find(|r| r.key() == row.key()) {
                *shown = row;
            }
        });
        self.live.refresh();
    }

    /// Takes the row of `key` out at once, and reads the page again.
    fn removed(&self, key: &str) {
        self.rows.update(|rows| rows.retain(|r| r.key() != key));
        self.live.refresh();
    }
}

/// The state of a list's first read and its failures, above the table: loading, or the
/// error of the last read.
#[component]
fn ListStatus(live: LiveQuery, #[prop(into)] loading: String) -> impl IntoView {
    let error = live.error();
    view! {
        {move || error.get().map(|error| view! { <ErrorView error /> })}
        {move || {
            let loading = loading.clone();
            (!live.answered()).then(|| view! { <Busy>{loading}</Busy> })
        }}
    }
}

/// When an entry expires, as "in 3 days" with the exact UTC time on hover.
/// A row's actions: the tab's own change of the entry (Edit, Change, Replace value) and
/// Delete, each with an accessible name that says which key it acts on.
#[component]
fn RowActions(
    /// The first button's text.
    change: &'static str,
    /// The first button's accessible name ("Edit motd").
    #[prop(into)]
    change_label: String,
    on_change: Callback<()>,
    /// The Delete button's accessible name ("Delete motd").
    #[prop(into)]
    delete_label: String,
    on_delete: Callback<()>,
) -> impl IntoView {
    view! {
        <td class="kv-actions">
            <button
                type="button"
                class="btn btn--secondary btn--small"
                aria-label=change_label
                on:click=move |_| on_change.run(())
            >
                {change}
            </button>
            <button
                type="button"
                class="btn btn--ghost btn--small"
                aria-label=delete_label
                on:click=move |_| on_delete.run(())
            >
                "Delete"
            </button>
        </td>
    }
}

#[component]
fn Expiry(#[prop(into)] at: String) -> impl IntoView {
    let (relative, absolute) = expiry(&at, js_sys::Date::now() as i64);
    view! {
        <time datetime=at title=absolute>
            {relative}
        </time>
    }
}

/// "First page" and "Next page" of a list paged by token; nothing on a single page.
#[component]
fn TokenPager(page: DataPage, next: RwSignal<Option<String>>) -> impl IntoView {
    move || {
        let query = page.query.get();
        let first = query.page_token.is_some().then(|| {
            Route::KeysetData(KeysetDataQuery {
                page_token: None,
                ..query.clone()
            })
            .href()
        });
        let next = next.get().map(|token| {
            Route::KeysetData(KeysetDataQuery {
                page_token: Some(token),
                ..query.clone()
            })
            .href()
        });
        (first.is_some() || next.is_some()).then(|| {
            let link = |href: Option<String>, text: &'static str| match href {
                Some(href) => view! { <a href=href>{text}</a> }.into_any(),
                None => view! {
                    <span class="pager__off" aria-hidden="true">
                        {text}
                    </span>
                }
                .into_any(),
            };
            view! {
                <nav class="pager" aria-label="Pages of keys">
                    {link(first, "First page")}
                    {link(next, "Next page")}
                </nav>
            }
        })
    }
}

/// What a table says when it has no row: a filter that matched nothing, or a kind of data
/// the keyset has none of.
fn empty_text(page: DataPage, what: &str) -> String {
    page.query.with(|q| {
        if q.prefix.is_empty() {
            format!("This keyset has no {what}.")
        } else {
            format!("No {what} with a key starting with “{}”.", q.prefix)
        }
    })
}
