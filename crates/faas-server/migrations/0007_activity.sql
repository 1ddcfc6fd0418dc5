-- The activity log (api.md §5 "Activity"): one row per accepted write of either contract and
-- per action the server takes on its own, inserted in the same transaction as the write, so
-- that a write rolled back (or cut off by a crash) leaves no entry, and an entry never exists
-- without its change.
--
-- A Functions entry belongs to an account; a Vercel-style build's entry to its build scope
-- (a team id or a user id), like the build itself. Names are copied in, not referenced: an
-- entry outlives the entity it names. No content is ever stored here (no code, no KV or
-- secret value).

CREATE TABLE activity (
    seq            INTEGER PRIMARY KEY,
    id             TEXT NOT NULL UNIQUE,
    account_id     TEXT REFERENCES accounts(id) ON DELETE CASCADE,
    scope          TEXT,
    at_ms          INTEGER NOT NULL,
    actor_type     TEXT NOT NULL CHECK (actor_type IN ('key', 'scheduler', 'build-queue')),
    -- The key's name for a key; 'scheduler' or 'build-queue' for the server's own actors.
    actor_name     TEXT NOT NULL,
    target_type    TEXT NOT NULL,
    action         TEXT NOT NULL,
    target_id      TEXT NOT NULL,
    target_name    TEXT NOT NULL,
    -- A build's team slug (NULL in a personal scope and for every other target).
    team           TEXT,
    outcome        TEXT NOT NULL CHECK (outcome IN ('succeeded', 'failed')),
    detail         TEXT,
    correlation_id TEXT,
    CHECK ((account_id IS NULL) <> (scope IS NULL))
);
CREATE INDEX activity_account ON activity(account_id, at_ms, seq) WHERE account_id IS NOT NULL;
CREATE INDEX activity_scope ON activity(scope, at_ms, seq) WHERE scope IS NOT NULL;
CREATE INDEX activity_target ON activity(target_id, at_ms);
-- Retention deletes by age.
CREATE INDEX activity_at ON activity(at_ms);
