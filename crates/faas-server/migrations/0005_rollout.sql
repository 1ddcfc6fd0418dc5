-- Rolling updates in progress, and scheduled events with their actions (api.md §5).

-- A rolling update under way: `new_deployment_id` is STARTING. When its build ends the
-- worker, in the transaction that settles it, stops `old_deployment_id` (RUNNING) or only
-- drops the row (FAILED); a user's stop of the new one drops it too. One row per old
-- deployment: two updates of one deployment at once could leave two running.
CREATE TABLE rollouts (
    new_deployment_id TEXT PRIMARY KEY REFERENCES package_deployments(id) ON DELETE CASCADE,
    old_deployment_id TEXT NOT NULL REFERENCES package_deployments(id) ON DELETE CASCADE,
    created_ms        INTEGER NOT NULL
) WITHOUT ROWID;
CREATE UNIQUE INDEX rollouts_old ON rollouts(old_deployment_id);

-- An event starts a deployment at `begin_ms` and stops it at `end_ms` (if any). The
-- deployment is no foreign key: an event outlives it, and its actions then fail saying so.
-- `keyset_id` is the deployment's, kept for keyset-limited grants once it is gone.
CREATE TABLE scheduled_events (
    id                    TEXT PRIMARY KEY,
    account_id            TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    package_deployment_id TEXT NOT NULL,
    keyset_id             INTEGER NOT NULL,
    description           TEXT NOT NULL DEFAULT '',
    begin_ms              INTEGER NOT NULL,
    end_ms                INTEGER,
    created_ms            INTEGER NOT NULL,
    updated_ms            INTEGER NOT NULL
);
CREATE INDEX scheduled_events_account_begin ON scheduled_events(account_id, begin_ms, id);
CREATE INDEX scheduled_events_deployment ON scheduled_events(package_deployment_id);

-- One START (at begin) and at most one STOP (at end) per event. `state`: PENDING until a
-- scheduler claims it (a conditional UPDATE in the transaction that runs it, so that two
-- servers on one file never run it twice); STARTED (answered as PENDING) while the start it
-- made builds; then DONE or FAILED with `error`. `claims` counts the claims, which can
-- only ever be one: the tests hold the schedulers to it.
CREATE TABLE scheduled_actions (
    id                    TEXT PRIMARY KEY,
    event_id              TEXT NOT NULL REFERENCES scheduled_events(id) ON DELETE CASCADE,
    account_id            TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    package_deployment_id TEXT NOT NULL,
    type                  TEXT NOT NULL CHECK (type IN ('START', 'STOP')),
    due_ms                INTEGER NOT NULL,
    state                 TEXT NOT NULL CHECK (state IN ('PENDING', 'STARTED', 'DONE', 'FAILED')),
    error                 TEXT,
    executed_ms           INTEGER,
    claims                INTEGER NOT NULL DEFAULT 0,
    UNIQUE (event_id, type)
);
CREATE INDEX scheduled_actions_due ON scheduled_actions(due_ms) WHERE state = 'PENDING';
CREATE INDEX scheduled_actions_started ON scheduled_actions(package_deployment_id)
    WHERE state = 'STARTED';
