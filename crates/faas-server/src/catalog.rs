//! The catalog this server ships (`api.md` §5 "Catalog"): package blueprints written for this
//! project, each a directory of `blueprints/` with a `blueprint.json` and the code of its
//! functions in files of their own, compiled in.
//!
//! The catalog is the server's, the same for every account and read-only, so it lives in
//! memory and not in the database: lists, search and the tag filter run over it here. What
//! an import creates (package, revision, deployment, secrets, test inputs) is ordinary data of
//! the account, written by [`crate::store::catalog`]. `tests/integration/catalog.rs` holds
//! every shipped blueprint to its word: its functions build, and its test inputs give their
//! outcomes.

use std::sync::LazyLock;

use faas_api::catalog::{
    BlueprintParam, BlueprintTag, BlueprintTestInput, FunctionBlueprint, PackageBlueprint,
    ParamType,
};
use faas_api::paging::{Direction, PageQuery};
use faas_api::{FunctionConfig, FunctionType, Language, Paging};
use serde::Deserialize;

/// One blueprint's files: its directory, its `blueprint.json`, and its code files by name.
struct Shipped {
    dir: &'static str,
    json: &'static str,
    code: &'static [(&'static str, &'static str)],
}

macro_rules! shipped {
    ($dir:literal, [$($file:literal),+ $(,)?]) => {
        Shipped {
            dir: $dir,
            json: include_str!(concat!("../blueprints/", $dir, "/blueprint.json")),
            code: &[$(($file, include_str!(concat!("../blueprints/", $dir, "/", $file)))),+],
        }
    };
}

/// Every shipped blueprint. A new one adds its directory and its line here.
const SHIPPED: &[Shipped] = &[
    shipped!("profanity-filter", ["filter.js"]),
    shipped!("message-enricher", ["enrich.js"]),
    shipped!("rest-handler", ["api.js"]),
    shipped!("kv-counter", ["count.js"]),
    shipped!("webhook-signer", ["sign.js"]),
    shipped!("health-check", ["check.js"]),
];

/// `blueprint.json`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct BlueprintFile {
    id: String,
    name: String,
    version: String,
    description: String,
    tags: Vec<String>,
    created_dttm: String,
    functions: Vec<FunctionFile>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct FunctionFile {
    id: String,
    name: String,
    #[serde(rename = "type")]
    function_type: FunctionType,
    code_file: String,
    config: FunctionConfig,
    params: Vec<ParamFile>,
    test_inputs: Vec<TestInputFile>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct ParamFile {
    id: String,
    name: String,
    #[serde(rename = "type")]
    param_type: ParamType,
    required: bool,
    #[serde(default)]
    default_value: Option<String>,
    description: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct TestInputFile {
    description: String,
    expected_outcome: String,
    payload: serde_json::Value,
}

/// A blueprint with its functions.
#[derive(Debug, Clone)]
pub struct Blueprint {
    pub package: PackageBlueprint,
    pub functions: Vec<FunctionBlueprint>,
}

impl Blueprint {
    /// Every param of its functions, in order.
    pub fn params(&self) -> Vec<BlueprintParam> {
        self.functions
            .iter()
            .flat_map(|f| f.params.iter().cloned())
            .collect()
    }
}

fn read(shipped: &Shipped) -> Result<Blueprint, String> {
    let file: BlueprintFile = serde_json::from_str(shipped.json)
        .map_err(|e| format!("{}/blueprint.json: {e}", shipped.dir))?;
    let mut function_types: Vec<FunctionType> = Vec::new();
    let mut functions = Vec::with_capacity(file.functions.len());
    for (i, f) in file.functions.into_iter().enumerate() {
        let code = shipped
            .code
            .iter()
            .find(|(name, _)| *name == f.code_file)
            .map(|(_, code)| (*code).to_owned())
            .ok_or_else(|| format!("{}: no code file {}", shipped.dir, f.code_file))?;
        if !function_types.contains(&f.function_type) {
            function_types.push(f.function_type);
        }
        let params = f
            .params
            .into_iter()
            .map(|p| BlueprintParam {
                id: p.id,
                package_blueprint_id: file.id.clone(),
                function_blueprint_id: f.id.clone(),
                name: p.name,
                description: p.description,
                param_type: p.param_type,
                required: p.required,
                default_value: p.default_value,
            })
            .collect();
        let test_inputs = f
            .test_inputs
            .into_iter()
            .map(|t| BlueprintTestInput {
                description: t.description,
                mime_type: faas_api::catalog::DEFAULT_MIME_TYPE.to_owned(),
                payload: t.payload,
                expected_outcome: t.expected_outcome,
            })
            .collect();
        let mut config = f.config;
        config.function_type = Some(f.function_type);
        functions.push(FunctionBlueprint {
            id: f.id,
            package_blueprint_id: file.id.clone(),
            name: f.name,
            language: Language::Javascript,
            function_type: f.function_type,
            sort_order: i as u32,
            code,
            config,
            params,
            test_inputs,
            created_dttm: file.created_dttm.clone(),
            updated_dttm: file.created_dttm.clone(),
        });
    }
    let tags = file
        .tags
        .into_iter()
        .map(|name| BlueprintTag {
            id: name.clone(),
            name,
            visibility: "PUBLIC".into(),
        })
        .collect();
    Ok(Blueprint {
        package: PackageBlueprint {
            id: file.id,
            parent_id: None,
            name: file.name,
            version: file.version,
            description: file.description,
            icon_base64: None,
            icon_media_type: None,
            state: "GENERAL_AVAILABILITY".into(),
            tags,
            function_types,
            created_dttm: file.created_dttm.clone(),
            updated_dttm: file.created_dttm,
        },
        functions,
    })
}

/// Every shipped blueprint, read once; a blueprint that does not read is a fault of this
/// build, which `tests/integration/catalog.rs` (and every start) finds at once.
pub fn all() -> &'static [Blueprint] {
    static ALL: LazyLock<Vec<Blueprint>> = LazyLock::new(|| {
        SHIPPED
            .iter()
            .map(|s| read(s).unwrap_or_else(|e| panic!("shipped blueprint: {e}")))
            .collect()
    });
    &ALL
}

/// The blueprint `id` (any case).
pub fn find(id: &str) -> Option<&'static Blueprint> {
    all().iter().find(|b| b.package.id.eq_ignore_ascii_case(id))
}

/// One page of the blueprints whose name contains `query.search` (any case) and that carry
/// `tag` (if given), by name unless sorted otherwise.
pub fn list(query: &PageQuery, tag: Option<&str>) -> (Vec<PackageBlueprint>, Paging) {
    let needle = query.search.to_lowercase();
    let mut found: Vec<&PackageBlueprint> = all()
        .iter()
        .map(|b| &b.package)
        .filter(|b| needle.is_empty() || b.name.to_lowercase().contains(&needle))
        .filter(|b| tag.is_none_or(|t| b.tags.iter().any(|x| x.name.eq_ignore_ascii_case(t))))
        .collect();
    let (field, direction) = match &query.sort {
        Some(sort) => (sort.field, sort.direction),
        None => ("name", Direction::Asc),
    };
    found.sort_by(|a, b| {
        let order = match field {
            "createdDttm" => a.created_dttm.cmp(&b.created_dttm),
            _ => a.name.to_lowercase().cmp(&b.name.to_lowercase()),
        }
        .then_with(|| a.id.cmp(&b.id));
        match direction {
            Direction::Asc => order,
            Direction::Desc => order.reverse(),
        }
    });
    let total = found.len();
    let size = query.size as usize;
    let page = found
        .into_iter()
        .skip((query.page as usize).saturating_mul(size))
        .take(size)
        .cloned()
        .collect();
    (page, Paging::new(total as u64, query.size, query.page))
}

/// The params of every blueprint, or of one, in blueprint then declaration order.
pub fn params(package_blueprint_id: Option<&str>) -> Vec<BlueprintParam> {
    all()
        .iter()
        .filter(|b| package_blueprint_id.is_none_or(|id| b.package.id.eq_ignore_ascii_case(id)))
        .flat_map(Blueprint::params)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_shipped_blueprint_reads_and_its_markers_are_string_params() {
        assert!(all().len() >= 6);
        for blueprint in all() {
            let problems = faas_api::catalog::blueprint_problems(&blueprint.functions);
            assert!(
                problems.is_empty(),
                "{}: {problems:?}",
                blueprint.package.name
            );
            assert!(!blueprint.functions.is_empty());
        }
        let ids: std::collections::BTreeSet<&str> =
            all().iter().map(|b| b.package.id.as_str()).collect();
        assert_eq!(ids.len(), all().len(), "ids are unique");
    }
}
