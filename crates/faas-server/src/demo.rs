//! `--demo`: realistic data on an empty database, so that every screen of the console and
//! every state of the contract can be seen without setting anything up.
//!
//! Owned by the admin account: two apps with eight keysets (fixed integer ids, see
//! [`KEYSETS`]) and packages with revisions and deployments in every state. Beside the admin
//! key, fixed keys for trying what a key may not do ([`DEMO_KEYS`]), and a second account
//! with a package of its own, to show that another account's entity is not found.
//! Seeding runs only on a database that had no account, so a re-run adds nothing.

use faas_api::validation::{validate_create_package, validate_create_revision, Limits};
use faas_api::{
    CreatePackage, CreateRevision, DeploymentState, FunctionConfig, FunctionInput, FunctionType,
};
use rusqlite::Transaction;

use crate::access::{self, Access, Grant, Resource};
use crate::bootstrap::Admin;
use crate::clock::{self, Clock};
use crate::db::Db;
use crate::db::StoreError;
use crate::demo_activity;
use crate::demo_kv;
use crate::js_check;
use crate::secret_box::SecretBox;
use crate::store::accounts::{self, NewKeyset};
use crate::store::keys::{self, KeySpec};
use crate::store::{package_deployments, packages, revisions};
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

/// Key with package:read, deployment:read and kv:read on the account: sees everything (but
/// secrets, which take kv:write), changes nothing.
pub const KEY_READ_ONLY: &str = "demo-read-only";
/// Key without any grant: lists keysets, every Functions call is 403.
pub const KEY_NO_GRANTS: &str = "demo-no-grants";
/// Key with package:read on the account, and deployment:write and kv:write on keyset 31002
/// only.
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
        "package:read + package-deployment:read + kv:read on account",
    ),
    (KEY_NO_GRANTS, "no grants (403 everywhere but /v2/keysets)"),
    (
        KEY_ONE_KEYSET,
        "package:read on account, package-deployment:write + kv:write on keyset 31002 only",
    ),
    (KEY_REVOKED, "revoked (401 FAAS-1002)"),
    (KEY_EXPIRED, "expired (401 FAAS-1002)"),
    (
        KEY_OTHER_ACCOUNT,
        "every grant on another account (demo entities are 404 for it)",
    ),
];

const SEEDED: &str = "demo_seeded";

/// The subscribe and publish keys of demo keyset `id`: in the public format, and the same on
/// every start and after every reset, so that a link that names a keyset's data by its
/// subscribe key keeps working (and a contract check can name them).
pub fn pubsub_keys(id: i64) -> (String, String) {
    (
        format!("sub-c-00000000-0000-4000-8000-{id:012}"),
        format!("pub-c-00000000-0000-4000-8000-{id:012}"),
    )
}

const DAY_MS: i64 = 24 * 60 * 60 * 1000;

fn grant(resource: Resource, access: Access, keyset_id: Option<i64>) -> Grant {
    Grant {
        resource,
        access,
        keyset_id,
    }
}

/// Fills the admin account with the demo data. Call only on a fresh database. Keyset data
/// expires by `clock`, the server's; its secrets are sealed by `secrets`.
pub fn seed(
    db: &Db,
    admin: &Admin,
    transition_ms: u64,
    secrets: &SecretBox,
    clock: &Clock,
) -> Result<(), StoreError> {
    db.write_blocking(|tx| {
        let now = clock::now_ms();
        let account = admin.account_id.as_str();
        let log_before = demo_activity::last_seq(tx)?;
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
            let (subscribe_key, publish_key) = pubsub_keys(*id);
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
        for keyset_id in KEYSETS.iter().map(|k| k.1).chain([OTHER_ACCOUNT_KEYSET]) {
            demo_kv::seed_keyset(tx, keyset_id, secrets, clock.now_ms())?;
        }
        seed_packages(tx, account, now, transition_ms as i64)?;
        // What seeding wrote to the log is no one's doing: a week of history replaces it.
        demo_activity::forget_since(tx, log_before)?;
        demo_activity::seed_week(tx, account, now)?;
        accounts::set_setting(tx, SEEDED, &clock::format_ms(now))?;
        Ok(())
    })?;
    tracing::info!("demo data created");
    Ok(())
}

fn seed_keys(tx: &Transaction<'_>, account: &str, now: i64) -> Result<(), StoreError> {
    let all = access::all_grants();
    let specs = [
        (
            KEY_READ_ONLY,
            false,
            None,
            vec![
                grant(Resource::Package, Access::Read, None),
                grant(Resource::PackageDeployment, Access::Read, None),
                grant(Resource::Kv, Access::Read, None),
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
                grant(Resource::Kv, Access::Write, Some(31002)),
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

fn seed_other_account(tx: &Transaction<'_>, now: i64) -> Result<(), StoreError> {
    let other = crate::store::new_id();
    accounts::create_account(tx, &other, "Acme Labs")?;
    let app = accounts::create_app(tx, &other, "Acme Storefront", now - 30 * DAY_MS)?;
    let (subscribe_key, publish_key) = pubsub_keys(OTHER_ACCOUNT_KEYSET);
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
            grants: &access::all_grants(),
        },
    )?;
    let package = DemoPackage {
        name: "Acme Order Webhooks",
        description: "Forwards order events to the fulfilment backend",
        tags: &["webhooks", "orders"],
        days_ago: 20,
        revisions: &[&[(
            "Order Webhook",
            FunctionType::OnRequest,
            Trigger::Path("orders/created"),
            ORDER_WEBHOOK,
        )]],
        deployments: &[],
    };
    seed_package(tx, &other, now, 0, &package)?;
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

/// A function's trigger in the demo table.
enum Trigger {
    Channel(&'static str, Option<&'static str>),
    Path(&'static str),
    Interval(u32),
}

type DemoFunction = (&'static str, FunctionType, Trigger, &'static str);

/// A deployment: (revision index, keyset, state, the function whose build fails). The build
/// error is the real one of [`crate::js_check`] for that function's code.
type DemoDeployment = (usize, i64, DeploymentState, Option<&'static str>);

/// How long the demo's STARTING and STOPPING deployments stay so (at least `--transition-ms`),
/// so that someone opening the console finds them; the worker settles them afterwards.
pub const DEMO_TRANSITION_HOLD_MS: i64 = 5 * 60 * 1000;

struct DemoPackage {
    name: &'static str,
    description: &'static str,
    tags: &'static [&'static str],
    days_ago: i64,
    /// The functions of each revision, oldest first (named v1, v2, …).
    revisions: &'static [&'static [DemoFunction]],
    deployments: &'static [DemoDeployment],
}

fn function_input(i: usize, f: &DemoFunction) -> FunctionInput {
    let (name, function_type, trigger, code) = f;
    let config = match trigger {
        Trigger::Channel(input, output) => FunctionConfig {
            input_channel: Some((*input).into()),
            output_channel: output.map(Into::into),
            ..FunctionConfig::default()
        },
        Trigger::Path(path) => FunctionConfig {
            path: Some((*path).into()),
            ..FunctionConfig::default()
        },
        Trigger::Interval(seconds) => FunctionConfig {
            interval_seconds: Some(*seconds),
            ..FunctionConfig::default()
        },
    };
    FunctionInput {
        id: None,
        name: (*name).into(),
        language: None,
        function_type: *function_type,
        sort_order: Some(i as u32),
        code: (*code).into(),
        config,
    }
}

fn seed_package(
    tx: &Transaction<'_>,
    account: &str,
    now: i64,
    transition_ms: i64,
    demo: &DemoPackage,
) -> Result<(), StoreError> {
    let limits = Limits::default();
    let functions = |r: &[DemoFunction]| -> Vec<FunctionInput> {
        r.iter()
            .enumerate()
            .map(|(i, f)| function_input(i, f))
            .collect()
    };
    let body = CreatePackage {
        name: demo.name.into(),
        description: Some(demo.description.into()),
        tags: Some(demo.tags.iter().map(|t| (*t).to_owned()).collect()),
        api_managed: None,
        revision_name: None,
        revision_description: Some("First version".into()),
        functions: functions(demo.revisions[0]),
    };
    let valid = validate_create_package(&body, &limits).map_err(StoreError::Problems)?;
    let by = demo_activity::seed_author(account);
    let package = packages::create(tx, &by, valid, &limits)?;
    let mut revision_ids = vec![revisions::list_first_id(tx, &package.id)?];
    for (n, functions_of) in demo.revisions.iter().enumerate().skip(1) {
        let body = CreateRevision {
            package_id: package.id.clone(),
            name: None,
            description: Some(format!("Revision {} of {}", n + 1, demo.name)),
            functions: functions(functions_of),
        };
        let valid = validate_create_revision(&body, &limits).map_err(StoreError::Problems)?;
        revision_ids.push(revisions::create(tx, &by, &package.id, valid)?.id);
    }
    let created = now - demo.days_ago * DAY_MS;
    packages::backdate(tx, &package.id, created, DAY_MS)?;
    for (i, (revision, keyset_id, state, error)) in demo.deployments.iter().enumerate() {
        let transitional = faas_api::lifecycle::is_transitional(*state);
        let mut messages = Vec::new();
        if let Some(name) = error {
            let (_, _, _, code) = demo.revisions[*revision]
                .iter()
                .find(|f| f.0 == *name)
                .ok_or_else(|| StoreError::internal(format!("demo: no function {name}")))?;
            let message = js_check::check_module(code).err().ok_or_else(|| {
                StoreError::internal(format!("demo: {name} was meant not to build"))
            })?;
            messages.push((*name, message));
        }
        let errors: Vec<(&str, &str)> = messages.iter().map(|(n, m)| (*n, m.as_str())).collect();
        package_deployments::insert(
            tx,
            &package_deployments::NewDeployment {
                account_id: account,
                package_id: &package.id,
                package_revision_id: &revision_ids[*revision],
                keyset_id: *keyset_id,
                state: *state,
                transition_due_at: transitional
                    .then_some(now + transition_ms.max(DEMO_TRANSITION_HOLD_MS)),
                created_ms: created + (*revision as i64) * DAY_MS + (i as i64 + 1) * 3_600_000,
                updated_ms: if transitional {
                    now
                } else {
                    now - (i as i64 + 1) * 3_600_000
                },
                function_errors: &errors,
            },
        )?;
    }
    Ok(())
}

fn seed_packages(
    tx: &Transaction<'_>,
    account: &str,
    now: i64,
    transition_ms: i64,
) -> Result<(), StoreError> {
    for package in DEMO_PACKAGES {
        seed_package(tx, account, now, transition_ms, package)?;
    }
    Ok(())
}

use DeploymentState::{Failed, Running, Starting, Stopped, Stopping};

const DEMO_PACKAGES: &[DemoPackage] = &[
    DemoPackage {
        name: "Chat Moderation",
        description: "Filters profanity and spam before chat messages are delivered, and keeps an audit trail.",
        tags: &["chat", "moderation"],
        days_ago: 45,
        revisions: &[
            &[("Profanity Filter", FunctionType::BeforePublish, Trigger::Channel("chat.*", None), PROFANITY_V1)],
            &[
                ("Profanity Filter", FunctionType::BeforePublish, Trigger::Channel("chat.*", None), PROFANITY_V2),
                ("Message Audit Log", FunctionType::AfterPublish, Trigger::Channel("chat.*", None), AUDIT_LOG),
            ],
            &[
                ("Profanity Filter", FunctionType::BeforePublish, Trigger::Channel("chat.*", Some("moderation.flagged")), PROFANITY_V3),
                ("Message Audit Log", FunctionType::AfterPublish, Trigger::Channel("chat.*", None), AUDIT_LOG),
                ("Spam Throttle", FunctionType::BeforeSignal, Trigger::Channel("chat.typing", None), SPAM_THROTTLE),
            ],
        ],
        deployments: &[
            (2, 31001, Running, None),
            (1, 31002, Stopped, None),
            (2, 31002, Starting, None),
            (2, 31004, Stopping, None),
        ],
    },
    DemoPackage {
        name: "Presence Tracker",
        description: "Counts who is online per room and publishes occupancy summaries.",
        tags: &["presence", "chat"],
        days_ago: 30,
        revisions: &[
            &[("Occupancy Counter", FunctionType::AfterPresence, Trigger::Channel("rooms.*", None), OCCUPANCY)],
            &[("Occupancy Counter", FunctionType::AfterPresence, Trigger::Channel("rooms.*", None), OCCUPANCY_V2)],
        ],
        deployments: &[(1, 31001, Running, None), (0, 31003, Stopped, None)],
    },
    DemoPackage {
        name: "Device Telemetry",
        description: "Normalises sensor readings from the fleet, raises threshold alerts and checks heartbeats.",
        tags: &["iot", "telemetry", "alerts"],
        days_ago: 40,
        revisions: &[
            &[("Normalize Readings", FunctionType::BeforePublish, Trigger::Channel("devices.*", None), NORMALIZE)],
            &[
                ("Normalize Readings", FunctionType::BeforePublish, Trigger::Channel("devices.*", None), NORMALIZE),
                ("Threshold Alerts", FunctionType::AfterPublish, Trigger::Channel("devices.*", None), ALERTS),
                ("Heartbeat Check", FunctionType::OnInterval, Trigger::Interval(300), HEARTBEAT),
            ],
            &[
                ("Normalize Readings", FunctionType::BeforePublish, Trigger::Channel("devices.*", None), NORMALIZE),
                ("Threshold Alerts", FunctionType::AfterPublish, Trigger::Channel("devices.*", None), ALERTS_BROKEN),
                ("Heartbeat Check", FunctionType::OnInterval, Trigger::Interval(300), HEARTBEAT),
            ],
        ],
        deployments: &[
            (1, 32001, Running, None),
            (1, 32002, Running, None),
            (2, 32003, Failed, Some("Threshold Alerts")),
            (0, 32004, Stopped, None),
        ],
    },
    DemoPackage {
        name: "Webhook Gateway",
        description: "Receives third-party webhooks over HTTP and republishes them on channels.",
        tags: &["webhooks", "http"],
        days_ago: 12,
        revisions: &[&[("Stripe Webhook", FunctionType::OnRequest, Trigger::Path("webhooks/stripe"), STRIPE_WEBHOOK)]],
        deployments: &[(0, 31003, Stopped, None)],
    },
    DemoPackage {
        name: "File Sharing Guard",
        description: "Checks shared files before they are announced and indexes them afterwards.",
        tags: &["files"],
        days_ago: 6,
        revisions: &[
            &[("File Type Check", FunctionType::BeforePublishFile, Trigger::Channel("files.*", None), FILE_CHECK)],
            &[
                ("File Type Check", FunctionType::BeforePublishFile, Trigger::Channel("files.*", None), FILE_CHECK),
                ("File Index", FunctionType::AfterPublishFile, Trigger::Channel("files.*", None), FILE_INDEX),
            ],
        ],
        deployments: &[],
    },
    DemoPackage {
        name: "Firmware Rollout Signals",
        description: "Routes firmware update signals to device groups and records acknowledgements.",
        tags: &["iot", "firmware"],
        days_ago: 3,
        revisions: &[&[
            ("Route Update Signal", FunctionType::BeforeSignal, Trigger::Channel("firmware.rollout", None), ROUTE_SIGNAL),
            ("Record Ack", FunctionType::AfterSignal, Trigger::Channel("firmware.ack", None), RECORD_ACK),
        ]],
        deployments: &[(0, 32004, Running, None)],
    },
    DemoPackage {
        name: "Fails on Start",
        description: "Its code does not build, so starting its STOPPED deployment ends FAILED: a failure on cue for demos and QA.",
        tags: &["demo", "qa"],
        days_ago: 1,
        revisions: &[&[("Broken Handler", FunctionType::BeforePublish, Trigger::Channel("demo.fail", None), FAILS_ON_START)]],
        deployments: &[(0, 31003, Stopped, None)],
    },
];

/// Line 2, column 17 is the `;` where a value belongs: every start of it ends FAILED.
const FAILS_ON_START: &str = r#"export default (request) => {
  const limit = ;
  return request.ok({ limit });
};
"#;

const PROFANITY_V1: &str = r#"export default (request) => {
  const banned = ['darn', 'heck'];
  const text = String(request.message.text ?? '');
  if (banned.some((word) => text.toLowerCase().includes(word))) {
    return request.abort('message blocked');
  }
  return request.ok();
};
"#;

const PROFANITY_V2: &str = r#"const BANNED = ['darn', 'heck', 'dang'];

export default (request) => {
  const text = String(request.message.text ?? '');
  const clean = BANNED.reduce(
    (out, word) => out.replace(new RegExp(`\\b${word}\\b`, 'gi'), '*'.repeat(word.length)),
    text,
  );
  request.message.text = clean;
  return request.ok();
};
"#;

const PROFANITY_V3: &str = r#"import pubnub from 'pubnub';

const BANNED = ['darn', 'heck', 'dang'];

export default async (request) => {
  const text = String(request.message.text ?? '');
  const hits = BANNED.filter((word) => new RegExp(`\\b${word}\\b`, 'i').test(text));
  if (hits.length > 0) {
    await pubnub.publish({
      channel: 'moderation.flagged',
      message: { channel: request.channels[0], words: hits, at: Date.now() },
    });
    request.message.text = text.replace(/\w/g, '*');
  }
  return request.ok();
};
"#;

const AUDIT_LOG: &str = r#"import kvstore from 'kvstore';

export default async (request) => {
  const day = new Date().toISOString().slice(0, 10);
  await kvstore.incrCounter(`audit:${day}:${request.channels[0]}`, 1);
  return request.ok();
};
"#;

const SPAM_THROTTLE: &str = r#"import kvstore from 'kvstore';

export default async (request) => {
  const key = `typing:${request.message.user}`;
  const last = Number(await kvstore.getItem(key)) || 0;
  if (Date.now() - last < 500) {
    return request.abort('too many typing signals');
  }
  await kvstore.setItem(key, String(Date.now()));
  return request.ok();
};
"#;

const OCCUPANCY: &str = r#"export default (request) => {
  console.log(`${request.message.action} in ${request.message.channel}`);
  return request.ok();
};
"#;

const OCCUPANCY_V2: &str = r#"import pubnub from 'pubnub';

export default async (request) => {
  const { channel, occupancy } = request.message;
  await pubnub.publish({ channel: `${channel}.occupancy`, message: { occupancy } });
  return request.ok();
};
"#;

const NORMALIZE: &str = r#"export default (request) => {
  const reading = request.message;
  if (reading.unit === 'F') {
    reading.value = Math.round(((reading.value - 32) * 5 / 9) * 10) / 10;
    reading.unit = 'C';
  }
  reading.receivedAt = Date.now();
  return request.ok();
};
"#;

const ALERTS: &str = r#"import pubnub from 'pubnub';

const THRESHOLD = 80;

export default async (request) => {
  const { deviceId, value } = request.message;
  if (value > THRESHOLD) {
    await pubnub.publish({ channel: 'alerts.temperature', message: { deviceId, value } });
  }
  return request.ok();
};
"#;

/// Line 3, column 14 is the `)` with nothing before it: the demo's FAILED build.
const ALERTS_BROKEN: &str = r#"import pubnub from 'pubnub';

  const th = );

export default async (request) => {
  const { deviceId, value } = request.message;
  if (value > th) {
    await pubnub.publish({ channel: 'alerts.temperature', message: { deviceId, value } });
  }
  return request.ok();
};
"#;

const HEARTBEAT: &str = r#"import kvstore from 'kvstore';
import pubnub from 'pubnub';

export default async (event) => {
  const lastSeen = JSON.parse((await kvstore.getItem('fleet:last-seen')) || '{}');
  const stale = Object.entries(lastSeen).filter(([, at]) => Date.now() - at > 15 * 60 * 1000);
  if (stale.length > 0) {
    await pubnub.publish({ channel: 'alerts.offline', message: { devices: stale.map(([id]) => id) } });
  }
  return event.ok();
};
"#;

const STRIPE_WEBHOOK: &str = r#"import pubnub from 'pubnub';

export default async (request, response) => {
  const event = await request.json();
  if (!event || !event.type) {
    return response.send({ error: 'not a Stripe event' }, 400);
  }
  await pubnub.publish({ channel: `payments.${event.type}`, message: event.data });
  return response.send({ received: true }, 200);
};
"#;

const FILE_CHECK: &str = r#"const ALLOWED = ['image/png', 'image/jpeg', 'application/pdf'];

export default (request) => {
  const type = request.message.file?.type ?? '';
  return ALLOWED.includes(type) ? request.ok() : request.abort(`file type ${type} not allowed`);
};
"#;

const FILE_INDEX: &str = r#"import kvstore from 'kvstore';

export default async (request) => {
  const { id, name } = request.message.file;
  await kvstore.setItem(`file:${id}`, JSON.stringify({ name, channel: request.channels[0] }));
  return request.ok();
};
"#;

const ROUTE_SIGNAL: &str = r#"export default (request) => {
  const { group, version } = request.message;
  if (!group || !version) {
    return request.abort('group and version are required');
  }
  return request.ok();
};
"#;

const RECORD_ACK: &str = r#"import kvstore from 'kvstore';

export default async (request) => {
  const { deviceId, version } = request.message;
  await kvstore.setItem(`firmware:${deviceId}`, version);
  return request.ok();
};
"#;

const ORDER_WEBHOOK: &str = r#"export default async (request, response) => {
  const order = await request.json();
  console.log('order created', order.id);
  return response.send({ ok: true }, 200);
};
"#;
