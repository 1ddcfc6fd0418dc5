//! `--demo` for the Vercel-style routes (`api.md` §4): two teams and a personal scope, each
//! with projects and deployments in every readyState, so the console shows all of them at
//! once and the in-progress ones move on while you watch.
//!
//! * the admin key is a token of `admin` ([`ADMIN_USER`]), member of `acme` ("Acme Corp",
//!   [`TEAM_ACME`]) and `globex` ("Globex", [`TEAM_GLOBEX`]);
//! * [`TOKEN_GLOBEX_ONLY`] is a token of `wile`, member of `globex` only (so `acme` is 403
//!   for it); [`TOKEN_REVOKED`] is revoked;
//! * in each team: READY production (PROMOTED) and preview (STAGED) deployments, two ERROR
//!   ones (`meta.fail` and the project [`ALWAYS_FAILS`]), a CANCELED one, one BUILDING and
//!   one QUEUED behind it; in admin's personal scope the same with one INITIALIZING instead
//!   of BUILDING. Creators, sources, targets and ages (minutes to days) vary.
//!
//! Seeded only when the admin user is created, so a re-run adds nothing.

use faas_api::vercel::{ReadyState, PRODUCTION, SOURCE_CLI, SOURCE_GIT, SOURCE_REDEPLOY, STAGING};
use rusqlite::Transaction;
use serde_json::{Map, Value};

use crate::clock;
use crate::db::Db;
use crate::db::StoreError;
use crate::store::builds::{self, BuildTimes, Row};
use crate::store::vercel::{self as accounts, NewTeam, Project};

pub const ADMIN_USER: &str = "usr_admin0000000000000000000";
pub const TEAM_ACME: &str = "team_acme00000000000000000000";
pub const TEAM_GLOBEX: &str = "team_globex000000000000000000";
/// Bearer token of `wile`, a member of `globex` only.
pub const TOKEN_GLOBEX_ONLY: &str = "demo-vercel-globex-only";
/// A revoked bearer token (of `wile`): 403 everywhere.
pub const TOKEN_REVOKED: &str = "demo-vercel-revoked";
/// A project whose every build ends ERROR (a rule of the build queue, in
/// [`crate::store::builds`]; the demo seeds one per team).
pub use crate::store::builds::ALWAYS_FAILS;

/// The other demo users: (id, username).
const USERS: &[(&str, &str)] = &[
    ("usr_wile00000000000000000000", "wile"),
    ("usr_ada000000000000000000000", "ada"),
    ("usr_grace0000000000000000000", "grace"),
    ("usr_linus0000000000000000000", "linus"),
];

const MINUTE: i64 = 60 * 1000;
const HOUR: i64 = 60 * MINUTE;
const DAY: i64 = 24 * HOUR;

/// One demo deployment: (project index, creator index in [`USERS`] or `None` for admin,
/// source, target (`None`: a preview), final or current state, age, `meta.fail`?).
type Demo = (
    usize,
    Option<usize>,
    &'static str,
    Option<&'static str>,
    ReadyState,
    i64,
    bool,
);

const PROD: Option<&str> = Some(PRODUCTION);

/// The same story in every scope, oldest first.
const DEPLOYMENTS: &[Demo] = &[
    (
        0,
        Some(1),
        SOURCE_GIT,
        PROD,
        ReadyState::Ready,
        5 * DAY,
        false,
    ),
    (
        1,
        None,
        SOURCE_CLI,
        Some(STAGING),
        ReadyState::Ready,
        3 * DAY + 2 * HOUR,
        false,
    ),
    (
        0,
        Some(2),
        SOURCE_GIT,
        None,
        ReadyState::Canceled,
        2 * DAY,
        false,
    ),
    (
        1,
        Some(3),
        SOURCE_GIT,
        PROD,
        ReadyState::Ready,
        30 * HOUR,
        false,
    ),
    (
        0,
        Some(1),
        SOURCE_GIT,
        None,
        ReadyState::Error,
        20 * HOUR,
        true,
    ),
    (
        2,
        None,
        SOURCE_REDEPLOY,
        None,
        ReadyState::Error,
        6 * HOUR,
        false,
    ),
    (
        0,
        Some(2),
        SOURCE_GIT,
        None,
        ReadyState::Ready,
        3 * HOUR,
        false,
    ),
    (
        0,
        None,
        SOURCE_CLI,
        PROD,
        ReadyState::Ready,
        50 * MINUTE,
        false,
    ),
    // In progress: the first builds (INITIALIZING in the personal scope), the next waits.
    (
        1,
        Some(3),
        SOURCE_GIT,
        None,
        ReadyState::Building,
        3 * MINUTE,
        false,
    ),
    (0, None, SOURCE_CLI, PROD, ReadyState::Queued, MINUTE, false),
];

fn meta(source: &str, production: bool, fail: bool, i: usize) -> Map<String, Value> {
    let mut meta = Map::new();
    if source == SOURCE_GIT {
        let branch = if production {
            "main"
        } else {
            "feature/checkout"
        };
        meta.insert("githubCommitRef".into(), branch.into());
        meta.insert(
            "githubCommitSha".into(),
            format!("{:040x}", 0x5eed_0000_u64 + i as u64).into(),
        );
        meta.insert(
            "githubCommitMessage".into(),
            ["Fix cart totals", "Add search", "Bump deps", "Tweak styles"][i % 4].into(),
        );
    }
    if fail {
        meta.insert("fail".into(), "true".into());
    }
    meta
}

fn seed_scope(
    tx: &Transaction<'_>,
    scope: &str,
    project_names: &[&str],
    personal: bool,
    times: &BuildTimes,
    now: i64,
) -> Result<(), StoreError> {
    let projects: Vec<Project> = project_names
        .iter()
        .map(|name| {
            accounts::create_project(tx, scope, name, *name == ALWAYS_FAILS, now - 60 * DAY)
        })
        .collect::<Result<_, _>>()?;
    for (i, (project, creator, source, target, state, age, fail)) in DEPLOYMENTS.iter().enumerate()
    {
        let project = &projects[*project % projects.len()];
        let creator = match creator {
            Some(u) if !personal => USERS[*u].0,
            _ => ADMIN_USER,
        };
        let mut state = *state;
        if personal && state == ReadyState::Building {
            state = ReadyState::Initializing;
        }
        // A project that fails every build has nothing else to show.
        if project.builds_fail && state != ReadyState::Error {
            continue;
        }
        let created = now - age;
        let initializing = created + 3_000;
        let building = initializing + 8_000;
        let built = building + 40_000 + (i as i64 % 4) * 7_000;
        // An ERROR without a failing project fails by meta.fail.
        let fail = *fail || (state == ReadyState::Error && !project.builds_fail);
        let meta = meta(source, *target == PROD, fail, i);
        let (times_of, step_due) = match state {
            ReadyState::Queued => ([None; 4], None),
            ReadyState::Initializing => (
                [Some(now - 500), None, None, None],
                Some(now - 500 + times.initializing_ms),
            ),
            ReadyState::Building => (
                [Some(now - 9_000), Some(now - 1_000), None, None],
                Some(now - 1_000 + times.building_ms),
            ),
            ReadyState::Canceled => (
                [
                    Some(initializing),
                    Some(building),
                    None,
                    Some(building + 12_000),
                ],
                None,
            ),
            ReadyState::Ready | ReadyState::Error => (
                [Some(initializing), Some(building), Some(built), None],
                None,
            ),
        };
        let error = (state == ReadyState::Error)
            .then(|| builds::build_failure(&meta, project))
            .flatten();
        builds::insert(
            tx,
            &Row {
                scope,
                project,
                name: &project.name,
                creator,
                source,
                target: *target,
                meta: &meta,
                state,
                created,
                times: times_of,
                step_due,
                error,
            },
        )?;
    }
    Ok(())
}

/// Creates the demo users, teams, tokens and deployments. Call once, after
/// [`crate::bootstrap::ensure_vercel_admin`] created [`ADMIN_USER`].
pub fn seed(db: &Db, times: &BuildTimes) -> Result<(), StoreError> {
    db.write_blocking(|tx| {
        let now = clock::now_ms();
        for (id, username) in USERS {
            accounts::create_user(tx, id, username, now - 90 * DAY)?;
        }
        let [wile, ada, grace, linus] = [USERS[0].0, USERS[1].0, USERS[2].0, USERS[3].0];
        let acme = NewTeam {
            id: TEAM_ACME,
            slug: "acme",
            name: "Acme Corp",
            created_at: now - 400 * DAY,
            creator: ADMIN_USER,
        };
        let globex = NewTeam {
            id: TEAM_GLOBEX,
            slug: "globex",
            name: "Globex",
            created_at: now - 200 * DAY,
            creator: ADMIN_USER,
        };
        accounts::create_team(tx, &acme, &[ADMIN_USER, ada, grace, linus])?;
        accounts::create_team(tx, &globex, &[ADMIN_USER, wile, ada, grace, linus])?;
        accounts::upsert_token(tx, TOKEN_GLOBEX_ONLY, wile, TOKEN_GLOBEX_ONLY, false, now)?;
        accounts::upsert_token(tx, TOKEN_REVOKED, wile, TOKEN_REVOKED, true, now)?;
        seed_scope(
            tx,
            TEAM_ACME,
            &["acme-web", "acme-api", ALWAYS_FAILS],
            false,
            times,
            now,
        )?;
        seed_scope(
            tx,
            TEAM_GLOBEX,
            &["globex-shop", "globex-docs", ALWAYS_FAILS],
            false,
            times,
            now,
        )?;
        seed_scope(tx, ADMIN_USER, &["my-blog", "playground"], true, times, now)?;
        Ok(())
    })
}
