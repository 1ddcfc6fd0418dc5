use faas_api::catalog::{BlueprintParam, FunctionBlueprint, PackageBlueprint, ParamType};
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use super::super::packages::Tags;
use crate::{
    api::{self, ApiError, Client},
    catalog::{
        field_of_path, param_field, params_of, ImportForm, KEYSET_FIELD, NAME_FIELD, REVISION_FIELD,
    },
    code_view::CodeView,
    components::{focus_element, AsyncView, ErrorView, KeysetSelect, SubmitBar, TextField},
    connection::store::use_connection,
    routes::{CatalogQuery, Route},
};

/// A blueprint with its functions.
#[derive(Debug, Clone)]
struct Loaded {
    blueprint: PackageBlueprint,
    functions: Vec<FunctionBlueprint>,
}

async fn load(client: Client, id: String) -> Result<Loaded, ApiError> {
    let blueprint = api::catalog::get(&client, &id).await?;
    let functions = api::catalog::functions(&client, &id).await?;
    Ok(Loaded {
        blueprint,
        functions,
    })
}

/// `/catalog/{id}`: a blueprint's functions (read-only) and params, and "Use this blueprint".
#[component]
pub fn BlueprintPage(
    /// The blueprint's id, from the path.
    id: String,
) -> impl IntoView {
    super::super::set_title("Blueprint");
    let store = use_connection();
    let loaded = LocalResource::new(move || load(Client::new(store.get()), id.clone()));
    view! {
        <AsyncView resource=loaded loading="Loading the blueprint…" let:loaded>
            <BlueprintView loaded />
        </AsyncView>
    }
}

#[component]
fn BlueprintView(loaded: Loaded) -> impl IntoView {
    let Loaded {
        blueprint,
        functions,
    } = loaded;
    super::super::set_title(&blueprint.name);
    let params = params_of(&functions);
    let count = functions.len();
    view! {
        <p>
            <a href=Route::Catalog(CatalogQuery::default()).href()>"All blueprints"</a>
        </p>
        <div class="page-header">
            <h1>{blueprint.name.clone()}</h1>
            <a href="#use-blueprint" class="btn btn--primary">
                "Use this blueprint"
            </a>
        </div>
        <p>{blueprint.description.clone()}</p>
        <p class="muted">{format!("Version {}", blueprint.version)}</p>
        <Tags tags=blueprint.tags.iter().map(|t| t.name.clone()).collect() />
        <section class="section" aria-labelledby="functions-heading">
            <h2 id="functions-heading">{format!("Functions ({count})")}</h2>
            {functions.into_iter().map(|f| view! { <FunctionView function=f /> }).collect_view()}
        </section>
        <section class="section" aria-labelledby="params-heading">
            <h2 id="params-heading">"Params"</h2>
            <ParamsTable params=params.clone() />
        </section>
        <UseBlueprint blueprint params />
    }
}

/// One function blueprint: its type, trigger and code, read-only (no editor is loaded).
#[component]
fn FunctionView(function: FunctionBlueprint) -> impl IntoView {
    let label_id = format!("code-{}", function.id);
    let title_id = format!("{label_id}-title");
    let trigger = crate::format::trigger(&function.config);
    view! {
        <article class="card function-view" aria-labelledby=title_id.clone()>
            <h3 id=title_id.clone()>{function.name.clone()}</h3>
            <p class="muted">{format!("{} · {trigger}", function.function_type.label())}</p>
            <span class="field__label" id=label_id.clone()>
                {format!("Code of {}", function.name)}
            </span>
            <CodeView code=function.code labelled_by=label_id />
        </article>
    }
}

#[component]
fn ParamsTable(params: Vec<BlueprintParam>) -> impl IntoView {
    if params.is_empty() {
        return view! { <p class="muted">"This blueprint has no params."</p> }.into_any();
    }
    view! {
        <div class="table-wrap" role="region" aria-label="Params table" tabindex="0">
            <table class="table">
                <caption class="visually-hidden">"Params"</caption>
                <thead>
                    <tr>
                        <th scope="col">"Name"</th>
                        <th scope="col">"Type"</th>
                        <th scope="col">"Required"</th>
                        <th scope="col">"Default"</th>
                        <th scope="col">"What it is"</th>
                    </tr>
                </thead>
                <tbody>
                    {params
                        .into_iter()
                        .map(|p| {
                            let kind = match p.param_type {
                                ParamType::String => "String",
                                ParamType::Secret => "Secret",
                            };
                            view! {
                                <tr>
                                    <td>
                                        <code>{p.name}</code>
                                    </td>
                                    <td>{kind}</td>
                                    <td>{if p.required { "Yes" } else { "No" }}</td>
                                    <td>
                                        {p
                                            .default_value
                                            .map(|d| view! { <code>{d}</code> }.into_any())
                                            .unwrap_or_else(|| {
                                                view! { <span class="muted">"—"</span> }.into_any()
                                            })}
                                    </td>
                                    <td>{p.description}</td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

/// "Use this blueprint": the keyset, the package's name, its first revision's name and each
/// param; SECRET params in password fields. The form keeps no draft: a secret typed here lives
/// only in this page's memory and in the one request that imports it (the request log hides
/// it, `request_log::redact`). On success the new package opens.
#[component]
fn UseBlueprint(blueprint: PackageBlueprint, params: Vec<BlueprintParam>) -> impl IntoView {
    let store = use_connection();
    let navigate = use_navigate();
    let start = ImportForm::new(&blueprint, &params);
    let keyset = RwSignal::new(start.keyset);
    let name = RwSignal::new(start.name);
    let revision_name = RwSignal::new(start.revision_name);
    let values: Vec<(BlueprintParam, RwSignal<String>)> = params
        .iter()
        .cloned()
        .zip(start.params.into_iter().map(|(_, v)| RwSignal::new(v)))
        .collect();
    // Field id → its problem.
    let problems = RwSignal::new(Vec::<(String, String)>::new());
    let failure = RwSignal::new(None::<ApiError>);
    let request = crate::components::Request::new();
    let problem = move |field: String| {
        Signal::derive(move || {
            problems.with(|p| p.iter().find(|(f, _)| *f == field).map(|(_, m)| m.clone()))
        })
    };
    let show = move |found: Vec<(String, String)>| {
        if let Some((first, _)) = found.first() {
            let first = first.clone();
            request_animation_frame(move || focus_element(&first));
        }
        problems.set(found);
    };

    let submit = {
        let values = values.clone();
        let id = blueprint.id.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let form = ImportForm {
                keyset: keyset.get_untracked(),
                name: name.get_untracked(),
                revision_name: revision_name.get_untracked(),
                params: values
                    .iter()
                    .map(|(p, v)| (p.name.clone(), v.get_untracked()))
                    .collect(),
            };
            let body = match form.body(&params) {
                Ok(body) => body,
                Err(found) => return show(found),
            };
            problems.set(Vec::new());
            failure.set(None);
            let client = Client::new(store.get_untracked());
            let navigate = navigate.clone();
            let id = id.clone();
            request.start(
                async move { api::catalog::import(&client, &id, &body).await },
                move |result| match result {
                    Ok(package) => navigate(&Route::Package(package.id).href(), Default::default()),
                    Err(error) => {
                        let found: Vec<(String, String)> = error
                            .errors()
                            .iter()
                            .filter_map(|e| {
                                let field = field_of_path(e.field.as_deref()?)?;
                                Some((field, e.message.clone()))
                            })
                            .collect();
                        show(found);
                        failure.set(Some(error));
                    }
                },
            );
        }
    };

    view! {
        <form
            id="use-blueprint"
            class="form card"
            novalidate
            aria-labelledby="use-heading"
            on:submit=submit
        >
            <h2 class="card__title" id="use-heading">
                "Use this blueprint"
            </h2>
            <p class="muted">
                "Creates the package with its first revision, deploys it to the keyset (stopped), "
                "saves the blueprint's test inputs, and writes secret params to the keyset's secrets."
            </p>
            <KeysetSelect id=KEYSET_FIELD value=keyset error=problem(KEYSET_FIELD.to_owned()) />
            <TextField
                id=NAME_FIELD
                label="Package name"
                hint="Unique in the account, up to 100 characters."
                value=name
                error=problem(NAME_FIELD.to_owned())
                required=true
            />
            <TextField
                id=REVISION_FIELD
                label="First revision name"
                value=revision_name
                error=problem(REVISION_FIELD.to_owned())
                required=true
            />
            {values
                .into_iter()
                .map(|(param, value)| {
                    let id = param_field(&param.name);
                    let secret = param.param_type == ParamType::Secret;
                    let needed = param.required && param.default_value.is_none();
                    let label = match (secret, param.required) {
                        (true, true) => format!("{} (secret)", param.name),
                        (true, false) => format!("{} (secret, optional)", param.name),
                        (false, true) => param.name.clone(),
                        (false, false) => format!("{} (optional)", param.name),
                    };
                    // A required param with a default is filled in already: required all the
                    // same, but the form can be sent as it is.
                    view! {
                        <TextField
                            id=id.clone()
                            label=label
                            value=value
                            error=problem(id)
                            input_type=if secret { "password" } else { "text" }
                            required=needed
                            hint=param.description
                        />
                    }
                })
                .collect_view()}
            {move || failure.get().map(|error| view! { <ErrorView error /> })}
            <SubmitBar
                label="Create the package"
                busy="Creating the package…"
                request
                problems=Signal::derive(move || problems.with(Vec::len))
            />
        </form>
    }
}
