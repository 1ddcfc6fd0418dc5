-- The whole Functions v2 schema. Times are integer milliseconds since the Unix epoch (UTC);
-- the API formats them as RFC 3339. Ids of API entities are lowercase UUID strings, keysets
-- have integer ids as in the public API.

-- Settings of this server instance, such as the generated admin key, so that every start
-- prints a working console URL.
CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE accounts (
    id         TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    created_ms INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE apps (
    id         INTEGER PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    name       TEXT NOT NULL,
    created_ms INTEGER NOT NULL
);
CREATE INDEX apps_account ON apps(account_id);

CREATE TABLE keysets (
    id            INTEGER PRIMARY KEY,
    app_id        INTEGER NOT NULL REFERENCES apps(id) ON DELETE CASCADE,
    -- Denormalised from the app: every keyset query is scoped by account.
    account_id    TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    name          TEXT NOT NULL,
    subscribe_key TEXT NOT NULL UNIQUE,
    publish_key   TEXT NOT NULL UNIQUE,
    created_ms    INTEGER NOT NULL
);
CREATE INDEX keysets_account ON keysets(account_id, id);

-- Keys are stored as the hex SHA-256 of the key; lookups go by hash.
CREATE TABLE api_keys (
    id            INTEGER PRIMARY KEY,
    key_hash      TEXT NOT NULL UNIQUE,
    account_id    TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    label         TEXT NOT NULL,
    revoked       INTEGER NOT NULL DEFAULT 0,
    expires_at_ms INTEGER,
    created_ms    INTEGER NOT NULL
);
CREATE INDEX api_keys_account ON api_keys(account_id);

-- A grant `resource:access` on the key's account (keyset_id NULL) or on one keyset.
CREATE TABLE grants (
    key_id    INTEGER NOT NULL REFERENCES api_keys(id) ON DELETE CASCADE,
    resource  TEXT NOT NULL CHECK (resource IN ('functions.package', 'functions.package-deployment')),
    access    TEXT NOT NULL CHECK (access IN ('read', 'write')),
    keyset_id INTEGER REFERENCES keysets(id) ON DELETE CASCADE
);
CREATE INDEX grants_key ON grants(key_id);

CREATE TABLE packages (
    id                   TEXT PRIMARY KEY,
    account_id           TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    package_blueprint_id TEXT,
    name                 TEXT NOT NULL,
    description          TEXT NOT NULL DEFAULT '',
    api_managed          INTEGER NOT NULL DEFAULT 0,
    -- JSON array of strings.
    tags                 TEXT NOT NULL DEFAULT '[]',
    created_ms           INTEGER NOT NULL,
    updated_ms           INTEGER NOT NULL
);
CREATE UNIQUE INDEX packages_account_name ON packages(account_id, name COLLATE NOCASE);
CREATE INDEX packages_account_created ON packages(account_id, created_ms, id);
CREATE INDEX packages_account_updated ON packages(account_id, updated_ms, id);

CREATE TABLE package_revisions (
    id          TEXT PRIMARY KEY,
    package_id  TEXT NOT NULL REFERENCES packages(id) ON DELETE CASCADE,
    name        TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    -- Insertion order, to find the latest revision even within one millisecond.
    seq         INTEGER NOT NULL,
    created_ms  INTEGER NOT NULL,
    updated_ms  INTEGER NOT NULL
);
CREATE UNIQUE INDEX package_revisions_package_name ON package_revisions(package_id, name COLLATE NOCASE);
CREATE INDEX package_revisions_package_created ON package_revisions(package_id, created_ms, id);
CREATE INDEX package_revisions_package_seq ON package_revisions(package_id, seq);

-- One row per function per revision: `id` is the function's identity across revisions,
-- `function_revision_id` is new in every revision.
CREATE TABLE functions (
    function_revision_id TEXT PRIMARY KEY,
    id                   TEXT NOT NULL,
    package_revision_id  TEXT NOT NULL REFERENCES package_revisions(id) ON DELETE CASCADE,
    -- Denormalised from the revision: identities are looked up per package.
    package_id           TEXT NOT NULL REFERENCES packages(id) ON DELETE CASCADE,
    name                 TEXT NOT NULL,
    language             TEXT NOT NULL DEFAULT 'JAVASCRIPT',
    type                 TEXT NOT NULL,
    sort_order           INTEGER NOT NULL,
    code                 TEXT NOT NULL,
    -- The wire form of the config, JSON.
    config               TEXT NOT NULL,
    created_ms           INTEGER NOT NULL,
    updated_ms           INTEGER NOT NULL
);
CREATE INDEX functions_revision ON functions(package_revision_id, sort_order);
CREATE INDEX functions_package_identity ON functions(package_id, id);
CREATE UNIQUE INDEX functions_revision_identity ON functions(package_revision_id, id);

-- A deployment of one revision to one keyset. `state` moves through the lifecycle of
-- faas_api::lifecycle; a background worker settles STARTING/STOPPING rows whose
-- `transition_due_at` (ms) has passed. `error` carries a build message.
CREATE TABLE package_deployments (
    id                  TEXT PRIMARY KEY,
    package_revision_id TEXT NOT NULL REFERENCES package_revisions(id) ON DELETE CASCADE,
    -- Denormalised: counters and bulk stops go per package and per account.
    package_id          TEXT NOT NULL REFERENCES packages(id) ON DELETE CASCADE,
    account_id          TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    keyset_id           INTEGER NOT NULL REFERENCES keysets(id) ON DELETE CASCADE,
    state               TEXT NOT NULL CHECK (state IN ('STOPPED', 'STARTING', 'RUNNING', 'STOPPING', 'FAILED')),
    error               TEXT,
    transition_due_at   INTEGER,
    created_ms          INTEGER NOT NULL,
    updated_ms          INTEGER NOT NULL
);
CREATE UNIQUE INDEX package_deployments_revision_keyset ON package_deployments(package_revision_id, keyset_id);
CREATE INDEX package_deployments_package_state ON package_deployments(package_id, state);
CREATE INDEX package_deployments_revision_state ON package_deployments(package_revision_id, state);
CREATE INDEX package_deployments_account_state ON package_deployments(account_id, state);
CREATE INDEX package_deployments_account_created ON package_deployments(account_id, created_ms, id);
CREATE INDEX package_deployments_keyset ON package_deployments(keyset_id);
CREATE INDEX package_deployments_due ON package_deployments(transition_due_at)
    WHERE transition_due_at IS NOT NULL;

CREATE TABLE function_deployments (
    package_deployment_id TEXT NOT NULL REFERENCES package_deployments(id) ON DELETE CASCADE,
    function_revision_id  TEXT NOT NULL REFERENCES functions(function_revision_id) ON DELETE CASCADE,
    state                 TEXT NOT NULL CHECK (state IN ('STOPPED', 'STARTING', 'RUNNING', 'STOPPING', 'FAILED')),
    error                 TEXT,
    transition_due_at     INTEGER,
    created_ms            INTEGER NOT NULL,
    updated_ms            INTEGER NOT NULL,
    PRIMARY KEY (package_deployment_id, function_revision_id)
) WITHOUT ROWID;
CREATE INDEX function_deployments_function ON function_deployments(function_revision_id);
CREATE INDEX function_deployments_due ON function_deployments(transition_due_at)
    WHERE transition_due_at IS NOT NULL;
