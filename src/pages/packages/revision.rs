use faas_api::{Function, Package, PackageRevision};
use leptos::prelude::*;
use leptos_router::{
    hooks::{use_location, use_navigate, use_query_map},
    NavigateOptions,
};

use super::{functions_form::CodeTestTabs, list::running_of};
use crate::{
    api::deployments::StopAllTarget,
    api::{self, ApiError, Client},
    authoring::diff::{config_text, diff_functions, summary, FunctionChange},
    code_view::CodeView,
    components::{mount_on_first_use, AsyncView, Busy, CopyButton, Time},
    connection::store::use_connection,
    editor::{line_diff, DiffLines},
    function_test::Trigger,
    pages::activity::ObjectHistory,
    pages::deployments::{
        DeployButton, DeployForm, DeployTarget, DeploymentsPanel, LiveStatus, Names, StopAll,
        UpdateOffers,
    },
    pages::TestTab,
    rollout::channels_of,
    routes::{CodeAt, DeploymentsQuery, Route, Section},
};

/// A revision with what surrounds it: its package and the package's other revisions.
#[derive(Debug, Clone)]
struct Loaded {
    revision: PackageRevision,
    package: Package,
    revisions: Vec<PackageRevision>,
}

async fn load(client: Client, id: String) -> Result<Loaded, ApiError> {
    let revision = api::revisions::get(&client, &id).await?;
    let package = api::packages::get(&client, &revision.package_id).await?;
    let revisions = api::revisions::list(&client, &package.id, 0).await?.items;
    Ok(Loaded {
        revision,
        package,
        revisions,
    })
}

/// `/revisions/{id}`: a revision's functions, read-only, and its diff against another
/// revision of the same package (`?compare=`).
#[component]
pub fn RevisionPage(
    /// The revision's id, from the path.
    id: String,
) -> impl IntoView {
    super::super::set_title("Revision");
    Names::provide();
    let store = use_connection();
    let loaded = LocalResource::new(move || load(Client::new(store.get()), id.clone()));
    view! {
        <AsyncView resource=loaded loading="Loading the revision…" let:loaded>
            <RevisionView loaded />
        </AsyncView>
    }
}

#[component]
fn RevisionView(loaded: Loaded) -> impl IntoView {
    let Loaded {
        revision,
        package,
        revisions,
    } = loaded;
    super::super::set_title(&format!("{} · {}", revision.name, package.name));
    // The deployments table names this revision without asking for it again.
    Names::use_names().know(&revision.id, revision.clone(), Some(package.name.clone()));
    // A build error's link opens a function's code at its line.
    let at = CodeAt::from_query_string(&use_location().search.get_untracked());
    let refresh = RwSignal::new(0u32);
    let deploying = RwSignal::new(false);
    let what = format!("{} of {}", revision.name, package.name);
    let mut functions = revision.functions.clone().unwrap_or_default();
    crate::sort::sort_by_key(&mut functions, |f| f.sort_order);
    let package_link = Route::Package(package.id.clone()).href();
    let package_name = package.name.clone();
    let package_for_tests = package.name.clone();
    let new_from_here = Route::NewRevision {
        package_id: package.id.clone(),
        from: Some(revision.id.clone()),
    };
    view! {
        <p class="breadcrumb">
            <a href=Section::Packages.route().href()>"Packages"</a>
            " / "
            <a href=package_link>{package_name}</a>
        </p>
        <div class="page-header">
            <h1>{format!("Revision {}", revision.name)}</h1>
            <a href=new_from_here.href() class="btn btn--primary">
                "New revision from this one"
            </a>
        </div>
        <section class="card" aria-label="Details">
            {(!revision.description.is_empty())
                .then(|| view! { <p class="lead">{revision.description.clone()}</p> })}
            <dl class="facts facts--grid">
                <div>
                    <dt>"Package"</dt>
                    <dd>{package.name.clone()}</dd>
                </div>
                <div>
                    <dt>"Deployments"</dt>
                    <dd>
                        {running_of(
                            revision.package_deployments_running,
                            revision.package_deployments_total,
                        )}
                    </dd>
                </div>
                <div>
                    <dt>"Created"</dt>
                    <dd>
                        <Time at=revision.created_dttm.clone() />
                    </dd>
                </div>
                <div>
                    <dt>"ID"</dt>
                    <dd>
                        <code class="mono">{revision.id.clone()}</code>
                        " "
                        <CopyButton text=revision.id.clone() what="revision ID" />
                    </dd>
                </div>
            </dl>
        </section>
        <section class="section" aria-labelledby="deployments-heading">
            <div class="page-header">
                <h2 id="deployments-heading">"Deployments"</h2>
                <div class="page-header__actions">
                    <DeployButton open=deploying />
                    <StopAll
                        target=StopAllTarget::Revision(revision.id.clone())
                        name=revision.name.clone()
                        on_stopped=Callback::new(move |()| refresh.update(|r| *r += 1))
                    />
                </div>
            </div>
            <LiveStatus />
            <UpdateOffers
                revision=revision.clone()
                package_name=package.name.clone()
                running_in_package=package.package_deployments_running
                refresh
            />
            <DeployForm
                target=DeployTarget {
                    revision_id: revision.id.clone(),
                    what,
                    channels: channels_of(revision.functions.as_deref().unwrap_or_default()),
                    package_id: package.id.clone(),
                }
                open=deploying
                on_deployed=Callback::new(move |()| refresh.update(|r| *r += 1))
            />
            <DeploymentsPanel
                query=DeploymentsQuery {
                    revision: Some(revision.id.clone()),
                    ..Default::default()
                }
                refresh
                caption="Deployments of this revision"
                empty="This revision is not deployed yet."
            />
        </section>
        <Compare revision=revision.clone() others=revisions />
        <section class="section" aria-labelledby="functions-heading">
            <h2 id="functions-heading">{format!("Functions ({})", functions.len())}</h2>
            {functions
                .into_iter()
                .map(|f| {
                    let cursor = at
                        .as_ref()
                        .filter(|at| at.function_id == f.id)
                        .map(|at| (at.line, at.column));
                    view! { <FunctionView function=f cursor package=package_for_tests.clone() /> }
                })
                .collect_view()}
        </section>
        <ObjectHistory target=revision.id.clone() what="revision" />
    }
}

/// One function, its trigger and its code, shown read-only (no editor is loaded for it), and
/// its Test tab: QA tests what is deployed, with the inputs the server keeps for it.
#[component]
fn FunctionView(
    function: Function,
    /// Where to put the cursor (line, column), when a link pointed here.
    cursor: Option<(u32, u32)>,
    /// The package's name (the browser's inputs of the function are kept under it).
    package: String,
) -> impl IntoView {
    let label_id = format!("code-{}", function.function_revision_id);
    let trigger = crate::format::trigger(&function.config);
    let title_id = format!("{label_id}-title");
    let code_label = format!("Code of {}", function.name);
    // An error of a run shows the code again (the read-only view has no cursor to move).
    let testing = RwSignal::new(false);
    let test = {
        let function = function.clone();
        move || TestTab {
            id_prefix: format!("test-{}", function.function_revision_id),
            function_type: Signal::stored(function.function_type),
            trigger: Signal::stored(Trigger::of(&function.config)),
            code: Signal::stored(function.code.clone()),
            package: Signal::stored(package.clone()),
            function: Signal::stored(function.name.clone()),
            function_revision_id: Some(function.function_revision_id.clone()),
            on_jump: Callback::new(move |_| testing.set(false)),
        }
    };
    view! {
        <article class="card function-view" aria-labelledby=title_id.clone()>
            <h3 id=title_id.clone()>{function.name.clone()}</h3>
            <p class="muted">{format!("{} · {trigger}", function.function_type.label())}</p>
            <CodeTestTabs
                id_prefix=format!("fn-{}-", function.function_revision_id)
                name=Signal::stored(function.name.clone())
                testing
                test
            >
                <span class="field__label" id=label_id.clone()>
                    {code_label}
                </span>
                <CodeView code=function.code.clone() labelled_by=label_id cursor />
            </CodeTestTabs>
        </article>
    }
}

/// The "compare with" picker, and the diff it asks for.
#[component]
fn Compare(revision: PackageRevision, others: Vec<PackageRevision>) -> impl IntoView {
    let query = use_query_map();
    let navigate = use_navigate();
    let compare = Memo::new(move |_| query.read().get("compare").filter(|c| !c.is_empty()));
    let others: Vec<PackageRevision> = others.into_iter().filter(|r| r.id != revision.id).collect();
    if others.is_empty() {
        return view! {
            <section class="section" aria-labelledby="compare-heading">
                <h2 id="compare-heading">"Compare"</h2>
                <p class="muted">
                    "This is the only revision of the package: there is nothing to compare it with yet."
                </p>
            </section>
        }
        .into_any();
    }
    let id = revision.id.clone();
    let on_pick = move |to: String| {
        navigate(
            &Route::Revision {
                id: id.clone(),
                compare: (!to.is_empty()).then_some(to),
                at: None,
            }
            .href(),
            NavigateOptions {
                replace: true,
                scroll: false,
                ..Default::default()
            },
        );
    };
    let this = StoredValue::new(revision);
    view! {
        <section class="section" aria-labelledby="compare-heading">
            <h2 id="compare-heading">"Compare"</h2>
            <div class="field field--inline">
                <label class="field__label" for="compare-with">
                    "Compare with"
                </label>
                <select
                    id="compare-with"
                    class="input input--select"
                    prop:value=move || compare.get().unwrap_or_default()
                    on:change=move |ev| on_pick(event_target_value(&ev))
                >
                    <option value="" selected=move || compare.get().is_none()>
                        "Choose a revision"
                    </option>
                    {others
                        .into_iter()
                        .map(|r| {
                            let rid = r.id.clone();
                            view! {
                                <option
                                    value=r.id.clone()
                                    selected=move || compare.get().as_deref() == Some(rid.as_str())
                                >
                                    {r.name}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </div>
            // The read of the other revision and the diff come with the first revision chosen.
            {mount_on_first_use(
                move || compare.get().is_some(),
                move || comparison_view(compare.into(), this.get_value()),
            )}
        </section>
    }
    .into_any()
}

on_demand! {
    /// [`Comparison`] in a module of its own, fetched the first time two revisions are
    /// compared: a revision's page opens without it.
    async fn comparison_view(compare: Signal<Option<String>>, this: PackageRevision) in comparison {
        view! { <Comparison compare this /> }
    } else "The comparison"
}

/// The revision chosen in the picker (`compare`, its id), read, and its diff with `this`.
#[component]
fn Comparison(compare: Signal<Option<String>>, this: PackageRevision) -> impl IntoView {
    let store = use_connection();
    let other = LocalResource::new(move || {
        let client = Client::new(store.get());
        let compare = compare.get();
        async move {
            match compare {
                Some(id) => api::revisions::get(&client, &id).await.map(Some),
                None => Ok(None),
            }
        }
    });
    let this = StoredValue::new(this);
    view! {
        <AsyncView resource=other loading="Loading the other revision…" let:other>
            {other.map(|other| view! { <RevisionDiff from=other to=this.get_value() /> })}
        </AsyncView>
    }
}

/// Functions added, removed and changed going `from` the compared revision `to` the one on
/// the page (whichever is older), each with a line diff of its settings and its code.
#[component]
fn RevisionDiff(from: PackageRevision, to: PackageRevision) -> impl IntoView {
    let changes = diff_functions(
        from.functions.as_deref().unwrap_or_default(),
        to.functions.as_deref().unwrap_or_default(),
    );
    let heading = format!("From {} to {}: {}", from.name, to.name, summary(&changes));
    view! {
        <div class="diff-report">
            <p class="diff-report__summary" role="status">
                {heading}
            </p>
            {changes
                .into_iter()
                .filter(|c| !matches!(c, FunctionChange::Unchanged(_)))
                .map(|change| view! { <FunctionDiff change /> })
                .collect_view()}
        </div>
    }
}

#[component]
fn FunctionDiff(change: FunctionChange) -> impl IntoView {
    let name = change.name().to_owned();
    let label = change.label();
    let badge = match change {
        FunctionChange::Added(_) => "badge badge--ok",
        FunctionChange::Removed(_) => "badge badge--error",
        _ => "badge badge--warn",
    };
    let (old, new) = match &change {
        FunctionChange::Added(f) => (String::new(), full_text(f)),
        FunctionChange::Removed(f) => (full_text(f), String::new()),
        FunctionChange::Changed { old, new } => (full_text(old), full_text(new)),
        FunctionChange::Unchanged(f) => (full_text(f), full_text(f)),
    };
    // Computed once, when the diff is shown: a signal filled by a task is all it needs.
    let lines = RwSignal::new(None);
    leptos::task::spawn_local(async move { lines.set(Some(line_diff(&old, &new).await)) });
    let title_id = format!(
        "diff-{}",
        name.replace(|c: char| !c.is_ascii_alphanumeric(), "-")
    );
    view! {
        <article class="card function-diff" aria-labelledby=title_id.clone()>
            <h3 id=title_id.clone()>
                <span class=badge>{label}</span>
                " "
                {name.clone()}
            </h3>
            {move || match lines.get() {
                None => view! { <Busy>"Comparing…"</Busy> }.into_any(),
                Some(Ok(lines)) => view! { <DiffLines lines name=name.clone() /> }.into_any(),
                Some(Err(why)) => {
                    view! { <p role="alert">{format!("The diff could not be shown: {why}")}</p> }
                        .into_any()
                }
            }}
        </article>
    }
}

/// Settings and code together, so one diff shows a change of either.
fn full_text(f: &Function) -> String {
    format!("{}\n\n{}", config_text(f), f.code.trim_end())
}
