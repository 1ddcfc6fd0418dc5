//! `--demo`: realistic data on an empty database, so that every screen of the console and
//! every state of the contract can be seen without setting anything up.
//!
//! Owned by the admin account: two apps with eight keysets (fixed integer ids, see
//! [`KEYSETS`]) and packages with revisions and deployments in every state. Beside the admin
//! key, fixed keys for trying what a key may not do ([`DEMO_KEYS`]), and a second account
//! with a package of its own, to show that another account's entity is not found.
//! Seeding runs only on a database that had no account, so a re-run adds nothing.

use rusqlite::Transaction;

use crate::bootstrap::Admin;
use crate::clock;
use crate::db::Db;
use crate::error::AppError;
use crate::http::auth::{Access, Grant, Resource};
use crate::store::accounts::{self, NewKeyset};
use crate::store::keys::{self, KeySpec};
use crate::AppState;

/// The demo keysets: (app, id, name).
pub const KEYSETS: &[(&str, i64, &str)] = &[
    ("Chat App", 31001, "Chat Production"),
    ("Chat App", 31002, "Chat Staging"),
    ("Chat App", 31003, "Chat Development"),
    ("Chat App", 31004, "Chat Load Test"),
    ("IoT Fleet", 32001, "Fleet Production US"),
    ("IoT Fleet", 32002, "Fleet Production EU"),
    ("IoT Fleet", 32003, "Fleet Staging"),
    ("IoT Fleet", 32004, "Firmware Lab"),
];

/// The keyset of the other account's app.
pub const OTHER_ACCOUNT_KEYSET: i64 = 39001;

/// Key with package:read and deployment:read on the account: sees everything, changes nothing.
pub const KEY_READ_ONLY: &str = "demo-read-only";
/// Key without any grant: lists keysets, every Functions call is 403.
pub const KEY_NO_GRANTS: &str = "demo-no-grants";
/// Key with package:read on the account and deployment:read/write on keyset 31002 only.
pub const KEY_ONE_KEYSET: &str = "demo-keyset-31002";
/// A revoked key: 401 FAAS-1002.
pub const KEY_REVOKED: &str = "demo-revoked";
/// An expired key: 401 FAAS-1002.
pub const KEY_EXPIRED: &str = "demo-expired";
/// Admin key of the other account: the demo packages are not found with it.
pub const KEY_OTHER_ACCOUNT: &str = "demo-other-account";

/// Every demo key with what it shows.
pub const DEMO_KEYS: &[(&str, &str)] = &[
    (
        KEY_READ_ONLY,
        "package:read + package-deployment:read on account",
    ),
    (KEY_NO_GRANTS, "no grants (403 everywhere but /v2/keysets)"),
    (
        KEY_ONE_KEYSET,
        "package:read on account, package-deployment:write on keyset 31002 only",
    ),
    (KEY_REVOKED, "revoked (401 FAAS-1002)"),
    (KEY_EXPIRED, "expired (401 FAAS-1002)"),
    (
        KEY_OTHER_ACCOUNT,
        "every grant on another account (demo entities are 404 for it)",
    ),
];

const SEEDED: &str = "demo_seeded";

const DAY_MS: i64 = 24 * 60 * 60 * 1000;

fn grant(resource: Resource, access: Access, keyset_id: Option<i64>) -> Grant {
    Grant {
        resource,
        access,
        keyset_id,
    }
}

/// Fills the admin account with the demo data. Call only on a fresh database.
pub fn seed(db: &Db, admin: &Admin, _transition_ms: u64) -> Result<(), AppError> {
    db.write_blocking(|tx| {
        let now = clock::now_ms();
        let account = admin.account_id.as_str();
        let mut app_ids: Vec<(&str, i64)> = Vec::new();
        for (i, (app, id, name)) in KEYSETS.iter().enumerate() {
            let app_id = match app_ids.iter().find(|(a, _)| a == app) {
                Some((_, app_id)) => *app_id,
                None => {
                    let app_id = accounts::create_app(tx, account, app, now - 60 * DAY_MS)?;
                    app_ids.push((app, app_id));
                    app_id
                }
            };
            let (subscribe_key, publish_key) = accounts::random_pubsub_keys();
            accounts::create_keyset(
                tx,
                &NewKeyset {
                    id: Some(*id),
                    app_id,
                    account_id: account,
                    name,
                    subscribe_key,
                    publish_key,
                    created_ms: now - (60 - i as i64) * DAY_MS,
                },
            )?;
        }
        seed_keys(tx, account, now)?;
        seed_other_account(tx, now)?;
        accounts::set_setting(tx, SEEDED, &clock::format_ms(now))?;
        Ok(())
    })?;
    tracing::info!("demo data created");
    Ok(())
}

fn seed_keys(tx: &Transaction<'_>, account: &str, now: i64) -> Result<(), AppError> {
    let all = keys::all_grants();
    let specs = [
        (
            KEY_READ_ONLY,
            false,
            None,
            vec![
                grant(Resource::Package, Access::Read, None),
                grant(Resource::PackageDeployment, Access::Read, None),
            ],
        ),
        (KEY_NO_GRANTS, false, None, Vec::new()),
        (
            KEY_ONE_KEYSET,
            false,
            None,
            vec![
                grant(Resource::Package, Access::Read, None),
                grant(Resource::PackageDeployment, Access::Write, Some(31002)),
            ],
        ),
        (KEY_REVOKED, true, None, all.clone()),
        (KEY_EXPIRED, false, Some(now - DAY_MS), all),
    ];
    for (key, revoked, expires_at_ms, grants) in specs {
        keys::upsert_key(
            tx,
            &KeySpec {
                key,
                account_id: account,
                label: key,
                revoked,
                expires_at_ms,
                grants: &grants,
            },
        )?;
    }
    Ok(())
}

fn seed_other_account(tx: &Transaction<'_>, now: i64) -> Result<(), AppError> {
    let other = crate::store::new_id();
    accounts::create_account(tx, &other, "Acme Labs")?;
    let app = accounts::create_app(tx, &other, "Acme Storefront", now - 30 * DAY_MS)?;
    let (subscribe_key, publish_key) = accounts::random_pubsub_keys();
    accounts::create_keyset(
        tx,
        &NewKeyset {
            id: Some(OTHER_ACCOUNT_KEYSET),
            app_id: app,
            account_id: &other,
            name: "Storefront Production",
            subscribe_key,
            publish_key,
            created_ms: now - 30 * DAY_MS,
        },
    )?;
    keys::upsert_key(
        tx,
        &KeySpec {
            key: KEY_OTHER_ACCOUNT,
            account_id: &other,
            label: KEY_OTHER_ACCOUNT,
            revoked: false,
            expires_at_ms: None,
            grants: &keys::all_grants(),
        },
    )?;
    Ok(())
}

/// Writes the demo keys to stderr, when this database holds the demo data.
pub fn log_keys(state: &AppState) {
    let seeded = state
        .db
        .read_blocking(|conn| accounts::setting(conn, SEEDED))
        .ok()
        .flatten();
    if seeded.is_none() {
        tracing::warn!("--demo: the database was not empty, so no demo data was added");
        return;
    }
    eprintln!("faas-server demo keys (Authorization header values):");
    for (key, what) in DEMO_KEYS {
        eprintln!("  {key:<20} {what}");
    }
}
