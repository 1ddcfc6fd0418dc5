//! The demo's activity log: a week of plausible history over the demo's own packages,
//! deployments and keysets, so that the Overview's chart and the Activity page have
//! something to show on a fresh start. Deterministic (a fixed pseudo-random sequence), and
//! made of the same entries the server records for real: deploys, starts with the build
//! that followed, stops, keyset data, a package or revision edited, and the scheduler's
//! runs. Each demo deployment that is FAILED gets the start whose build failed, with its
//! real build error.

use faas_api::activity::{ActorType, TargetType};
use rusqlite::Transaction;

use crate::db::StoreError;
use crate::store::activity::{self, Actor, Author, Change, Owner};

const HOUR_MS: i64 = 60 * 60 * 1000;
const DAY_MS: i64 = 24 * HOUR_MS;

/// Who the demo data's own writes are by: the admin key, outside any request. Seeding
/// forgets these entries ([`forget_since`]).
pub fn seed_author(account_id: &str) -> Author {
    Author {
        account_id: account_id.to_owned(),
        actor: Actor {
            actor_type: ActorType::Key,
            name: "admin".into(),
            correlation_id: None,
        },
    }
}

/// The last entry's `seq` (0 when the log is empty), to [`forget_since`] later.
pub fn last_seq(tx: &Transaction<'_>) -> Result<i64, StoreError> {
    Ok(
        tx.query_row("SELECT coalesce(max(seq), 0) FROM activity", [], |r| {
            r.get(0)
        })?,
    )
}

/// Deletes the entries written after `seq`: the seeding's own writes.
pub fn forget_since(tx: &Transaction<'_>, seq: i64) -> Result<(), StoreError> {
    tx.execute("DELETE FROM activity WHERE seq > ?1", [seq])?;
    Ok(())
}

/// A small linear congruential generator: the same history on every seed.
struct Sequence(u64);

impl Sequence {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) % n.max(1) as u64) as usize
    }
}

struct DemoDeployment {
    id: String,
    keyset_id: i64,
    state: String,
    error: Option<String>,
    updated_ms: i64,
}

/// Writes the week before `now` of `account`'s log.
pub fn seed_week(tx: &Transaction<'_>, account: &str, now: i64) -> Result<(), StoreError> {
    let deployments: Vec<DemoDeployment> = tx
        .prepare(
            "SELECT id, keyset_id, state, error, updated_ms FROM package_deployments
             WHERE account_id = ?1 ORDER BY created_ms, id",
        )?
        .query_map([account], |r| {
            Ok(DemoDeployment {
                id: r.get(0)?,
                keyset_id: r.get(1)?,
                state: r.get(2)?,
                error: r.get(3)?,
                updated_ms: r.get(4)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let packages: Vec<(String, String)> = tx
        .prepare("SELECT id, name FROM packages WHERE account_id = ?1 ORDER BY name")?
        .query_map([account], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let keysets: Vec<(i64, String)> = tx
        .prepare("SELECT id, name FROM keysets WHERE account_id = ?1 ORDER BY id")?
        .query_map([account], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    if deployments.is_empty() || packages.is_empty() || keysets.is_empty() {
        return Ok(());
    }
    let owner = Owner::Account(account);
    let mut random = Sequence(0x5eed_ac71_717e);
    let key = |name: &str| Actor::key(name, &uuid::Uuid::new_v4().to_string());
    for day in (0..7).rev() {
        // Working hours, UTC: 08:00 to 18:00 of that day, never after now.
        let day_start = (now - day * DAY_MS).div_euclid(DAY_MS) * DAY_MS + 8 * HOUR_MS;
        let events = 4 + random.below(6);
        for n in 0..events {
            let at = day_start + (n as i64) * HOUR_MS + (random.below(50) as i64) * 60_000;
            if at >= now - 10 * 60_000 {
                break;
            }
            let d = &deployments[random.below(deployments.len())];
            let name = activity::deployment_name(tx, &d.id)?;
            // The scoped key acts on its own keyset only.
            let who = if d.keyset_id == 31002 && random.below(2) == 0 {
                "demo-keyset-31002"
            } else {
                "admin"
            };
            let on_deployment = |action| Change::done(TargetType::Deployment, action, &d.id, &name);
            match random.below(10) {
                0..=3 => {
                    let starter = if random.below(4) == 0 {
                        Actor::scheduler()
                    } else {
                        key(who)
                    };
                    activity::record(tx, &starter, owner, &on_deployment("start"), at)?;
                    let built = on_deployment("build");
                    activity::record(tx, &Actor::build_queue(), owner, &built, at + 2_000)?;
                }
                4..=5 => activity::record(tx, &key(who), owner, &on_deployment("stop"), at)?,
                6 => {
                    let (id, name) = &packages[random.below(packages.len())];
                    let change = Change::done(TargetType::Package, "update", id, name);
                    activity::record(tx, &key("admin"), owner, &change, at)?;
                }
                7 => {
                    let (id, name) = &keysets[random.below(keysets.len())];
                    let what = format!("JSON document room/lobby on {name}");
                    let id = id.to_string();
                    let change = Change::done(TargetType::Kv, "put", &id, &what);
                    activity::record(tx, &key("admin"), owner, &change, at)?;
                }
                _ => activity::record(tx, &key(who), owner, &on_deployment("create"), at)?,
            }
        }
    }
    // The failures the demo shows: each FAILED deployment's last start, and its build error.
    for d in deployments.iter().filter(|d| d.state == "FAILED") {
        let at = d.updated_ms.min(now);
        let name = activity::deployment_name(tx, &d.id)?;
        let start = Change::done(TargetType::Deployment, "start", &d.id, &name);
        activity::record(tx, &key("admin"), owner, &start, at - 2_000)?;
        let failed = Change::done(TargetType::Deployment, "build", &d.id, &name).failed_with(Some(
            d.error.as_deref().unwrap_or("a function did not build"),
        ));
        activity::record(tx, &Actor::build_queue(), owner, &failed, at)?;
    }
    Ok(())
}
