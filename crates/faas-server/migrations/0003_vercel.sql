-- The Vercel-style deployments contract (api.md §4): users with bearer tokens, teams, projects
-- and deployments that build through a queue. Times are integer milliseconds since the Unix
-- epoch, sent as such. A "scope" is a team id (`team_…`) or, for a user's personal scope, the
-- user id (`usr_…`): projects, deployments and the build queue belong to one scope.

CREATE TABLE vercel_users (
    id         TEXT PRIMARY KEY,
    username   TEXT NOT NULL UNIQUE,
    created_ms INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE vercel_teams (
    id         TEXT PRIMARY KEY,
    slug       TEXT NOT NULL UNIQUE,
    name       TEXT NOT NULL,
    created_ms INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE vercel_members (
    user_id TEXT NOT NULL REFERENCES vercel_users(id) ON DELETE CASCADE,
    team_id TEXT NOT NULL REFERENCES vercel_teams(id) ON DELETE CASCADE,
    PRIMARY KEY (user_id, team_id)
) WITHOUT ROWID;

-- Tokens are stored as the hex SHA-256 of the token, like API keys.
CREATE TABLE vercel_tokens (
    token_hash TEXT PRIMARY KEY,
    user_id    TEXT NOT NULL REFERENCES vercel_users(id) ON DELETE CASCADE,
    label      TEXT NOT NULL,
    revoked    INTEGER NOT NULL DEFAULT 0,
    created_ms INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE vercel_projects (
    id          TEXT PRIMARY KEY,
    scope       TEXT NOT NULL,
    name        TEXT NOT NULL,
    -- Every build of this project ends ERROR (fail on demand, for demos and tests).
    builds_fail INTEGER NOT NULL DEFAULT 0,
    created_ms  INTEGER NOT NULL,
    UNIQUE (scope, name)
) WITHOUT ROWID;

CREATE TABLE vercel_deployments (
    -- Insertion order: the queue is oldest first, ties by insertion.
    seq           INTEGER PRIMARY KEY,
    id            TEXT NOT NULL UNIQUE,
    scope         TEXT NOT NULL,
    project_id    TEXT NOT NULL REFERENCES vercel_projects(id) ON DELETE CASCADE,
    name          TEXT NOT NULL,
    url           TEXT NOT NULL UNIQUE,
    creator_id    TEXT NOT NULL REFERENCES vercel_users(id),
    source        TEXT NOT NULL,
    target        TEXT CHECK (target IS NULL OR target = 'production'),
    -- JSON object of strings.
    meta          TEXT NOT NULL DEFAULT '{}',
    state         TEXT NOT NULL CHECK (state IN
                  ('QUEUED', 'INITIALIZING', 'BUILDING', 'READY', 'ERROR', 'CANCELED')),
    -- Unique within a scope (see store::builds::create), so until/since paging is exact.
    created_ms      INTEGER NOT NULL,
    initializing_ms INTEGER,
    building_ms     INTEGER,
    ready_ms        INTEGER,
    canceled_ms     INTEGER,
    -- When the current step (INITIALIZING or BUILDING) ends; NULL in every other state.
    step_due_ms     INTEGER,
    error_code      TEXT,
    error_message   TEXT
);
CREATE INDEX vercel_deployments_list ON vercel_deployments(scope, created_ms, id);
CREATE INDEX vercel_deployments_state ON vercel_deployments(scope, state, created_ms, seq);
CREATE INDEX vercel_deployments_due ON vercel_deployments(step_due_ms)
    WHERE step_due_ms IS NOT NULL;
