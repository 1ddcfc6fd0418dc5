-- What Vercel's own SDK (@vercel/sdk) needs of the Vercel-style contract (api.md §4):
--
-- * a deployment's target may be `staging` as well as `production` (or NULL, a preview);
-- * `api` is no source Vercel knows: deployments created through POST /v13/deployments are
--   `cli`, as the deployments of Vercel's CLI (which creates them through that endpoint) are;
-- * a team has a creator (Vercel's `creatorId`): the user who created it; existing teams were
--   all created for the admin user, or else take their first member.
--
-- SQLite cannot change a CHECK constraint in place, so vercel_deployments is rebuilt (no table
-- refers to it).

CREATE TABLE vercel_deployments_new (
    seq           INTEGER PRIMARY KEY,
    id            TEXT NOT NULL UNIQUE,
    scope         TEXT NOT NULL,
    project_id    TEXT NOT NULL REFERENCES vercel_projects(id) ON DELETE CASCADE,
    name          TEXT NOT NULL,
    url           TEXT NOT NULL UNIQUE,
    creator_id    TEXT NOT NULL REFERENCES vercel_users(id),
    source        TEXT NOT NULL,
    target        TEXT CHECK (target IS NULL OR target IN ('production', 'staging')),
    meta          TEXT NOT NULL DEFAULT '{}',
    state         TEXT NOT NULL CHECK (state IN
                  ('QUEUED', 'INITIALIZING', 'BUILDING', 'READY', 'ERROR', 'CANCELED')),
    created_ms      INTEGER NOT NULL,
    initializing_ms INTEGER,
    building_ms     INTEGER,
    ready_ms        INTEGER,
    canceled_ms     INTEGER,
    step_due_ms     INTEGER,
    error_code      TEXT,
    error_message   TEXT
);
INSERT INTO vercel_deployments_new
    SELECT seq, id, scope, project_id, name, url, creator_id,
           CASE source WHEN 'api' THEN 'cli' ELSE source END,
           target, meta, state, created_ms, initializing_ms, building_ms, ready_ms,
           canceled_ms, step_due_ms, error_code, error_message
    FROM vercel_deployments;
DROP TABLE vercel_deployments;
ALTER TABLE vercel_deployments_new RENAME TO vercel_deployments;
CREATE INDEX vercel_deployments_list ON vercel_deployments(scope, created_ms, id);
CREATE INDEX vercel_deployments_state ON vercel_deployments(scope, state, created_ms, seq);
CREATE INDEX vercel_deployments_due ON vercel_deployments(step_due_ms)
    WHERE step_due_ms IS NOT NULL;

ALTER TABLE vercel_teams ADD COLUMN creator_id TEXT REFERENCES vercel_users(id);
UPDATE vercel_teams SET creator_id = (
    SELECT m.user_id FROM vercel_members m
    WHERE m.team_id = vercel_teams.id
    ORDER BY m.user_id = (SELECT value FROM settings WHERE key = 'vercel_admin_user_id') DESC,
             m.user_id
    LIMIT 1);
