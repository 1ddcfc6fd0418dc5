//! The admin account and key: every start prints a console URL that works.
//!
//! `--admin-key KEY` makes sure KEY exists with every grant on the admin account. Without it,
//! the first start generates a key; the key is kept (in `settings`, beside its hash in
//! `api_keys`) so that later starts print the same working URL.

use crate::db::Db;
use crate::db::StoreError;
use crate::secret_box::{self, SecretBox};
use crate::store::{accounts, keys};

const ADMIN_KEY: &str = "admin_key";
const ADMIN_ACCOUNT: &str = "admin_account_id";

/// The admin key and account.
#[derive(Debug, Clone)]
pub struct Admin {
    pub key: String,
    pub account_id: String,
    /// Whether the database had no account before this start (demo data goes only there).
    pub fresh: bool,
}

/// See the module documentation. Without `--demo`, a fresh account gets one app with one
/// keyset so that deployments have a target.
pub fn ensure_admin(db: &Db, admin_key: Option<&str>, demo: bool) -> Result<Admin, StoreError> {
    db.write_blocking(|tx| {
        let fresh = accounts::count_accounts(tx)? == 0;
        let account_id = match accounts::setting(tx, ADMIN_ACCOUNT)? {
            Some(id) if accounts::account_exists(tx, &id)? => id,
            _ => {
                let id = crate::store::new_id();
                accounts::create_account(tx, &id, "Admin")?;
                accounts::set_setting(tx, ADMIN_ACCOUNT, &id)?;
                if !demo {
                    let now = crate::clock::now_ms();
                    let app = accounts::create_app(tx, &id, "My First App", now)?;
                    let (subscribe_key, publish_key) = accounts::random_pubsub_keys();
                    accounts::create_keyset(
                        tx,
                        &accounts::NewKeyset {
                            id: None,
                            app_id: app,
                            account_id: &id,
                            name: "Development",
                            subscribe_key,
                            publish_key,
                            created_ms: now,
                        },
                    )?;
                }
                id
            }
        };
        let key = match admin_key {
            Some(key) => key.to_owned(),
            None => match accounts::setting(tx, ADMIN_KEY)? {
                Some(key) => key,
                None => keys::generate_key(),
            },
        };
        keys::upsert_key(
            tx,
            &keys::KeySpec {
                key: &key,
                account_id: &account_id,
                label: "admin",
                revoked: false,
                expires_at_ms: None,
                grants: &crate::access::all_grants(),
            },
        )?;
        accounts::set_setting(tx, ADMIN_KEY, &key)?;
        Ok(Admin {
            key,
            account_id,
            fresh,
        })
    })
}

/// The setting that keeps the key secrets are sealed with (see [`crate::secret_box`]).
pub const SECRETS_KEY: &str = "secrets_key";

/// The secrets key of this database, made on its first start.
pub fn ensure_secrets_key(db: &Db) -> Result<SecretBox, StoreError> {
    db.write_blocking(|tx| {
        let stored = accounts::setting(tx, SECRETS_KEY)?;
        let key = match stored.as_deref().map(secret_box::key_from_hex) {
            Some(Some(key)) => key,
            // A damaged setting would leave every sealed secret unreadable either way.
            Some(None) => return Err(StoreError::internal("the secrets_key setting is damaged")),
            None => {
                let key = SecretBox::generate_key().map_err(StoreError::internal)?;
                accounts::set_setting(tx, SECRETS_KEY, &secret_box::key_to_hex(&key))?;
                key
            }
        };
        Ok(SecretBox::new(&key))
    })
}

const VERCEL_ADMIN_USER: &str = "vercel_admin_user_id";

/// The slug and name of the one team a database without `--demo` starts with, so that the
/// team scope of the Vercel-style routes can be tried at once.
pub const DEFAULT_TEAM: (&str, &str) = ("my-team", "My Team");

/// Makes the admin key a bearer token of the Vercel-style routes' admin user (`api.md` §4),
/// creating that user on the first start of a database: with `--demo` the demo user of
/// [`crate::demo_vercel`] (its teams come with the demo data), otherwise a user `admin` in
/// one team, [`DEFAULT_TEAM`]. Returns whether the user was created now (demo data goes only
/// there).
pub fn ensure_vercel_admin(db: &Db, admin_key: &str, demo: bool) -> Result<bool, StoreError> {
    use crate::store::vercel;
    db.write_blocking(|tx| {
        let now = crate::clock::now_ms();
        let existing = match accounts::setting(tx, VERCEL_ADMIN_USER)? {
            Some(id) if vercel::user_exists(tx, &id)? => Some(id),
            _ => None,
        };
        let fresh = existing.is_none();
        let user_id = match existing {
            Some(id) => id,
            None => {
                let id = if demo {
                    crate::demo_vercel::ADMIN_USER.to_owned()
                } else {
                    vercel::new_id("usr_")
                };
                vercel::create_user(tx, &id, "admin", now)?;
                if !demo {
                    let (slug, name) = DEFAULT_TEAM;
                    let team_id = vercel::new_id("team_");
                    let team = vercel::NewTeam {
                        id: &team_id,
                        slug,
                        name,
                        created_at: now,
                        creator: &id,
                    };
                    vercel::create_team(tx, &team, &[id.as_str()])?;
                }
                accounts::set_setting(tx, VERCEL_ADMIN_USER, &id)?;
                id
            }
        };
        vercel::upsert_token(tx, admin_key, &user_id, "admin", false, now)?;
        Ok(fresh)
    })
}
