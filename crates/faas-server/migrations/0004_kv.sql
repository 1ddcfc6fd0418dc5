-- A keyset's data (api.md §5): the KV store's strings, JSON documents and counters, and the
-- keyset's secrets; and the grant `functions.kv` that reaches them.

-- SQLite cannot change a CHECK constraint in place: the grants table is made again with
-- `functions.kv` among its resources, its rows copied over. Nothing references it.
CREATE TABLE grants_new (
    key_id    INTEGER NOT NULL REFERENCES api_keys(id) ON DELETE CASCADE,
    resource  TEXT NOT NULL CHECK (resource IN ('functions.package', 'functions.package-deployment', 'functions.kv')),
    access    TEXT NOT NULL CHECK (access IN ('read', 'write')),
    keyset_id INTEGER REFERENCES keysets(id) ON DELETE CASCADE
);
INSERT INTO grants_new (key_id, resource, access, keyset_id)
    SELECT key_id, resource, access, keyset_id FROM grants;
DROP TABLE grants;
ALTER TABLE grants_new RENAME TO grants;
CREATE INDEX grants_key ON grants(key_id);

-- One entry of a keyset's KV store. Each kind is a namespace of its own (a string and a
-- counter may share a key), listed in key order (BINARY: by code point). `text` holds a
-- string as it is or a JSON document's compact text; `count` a counter's value. An entry
-- whose `expires_ms` has passed (by the server's clock) is gone from every read, and is
-- deleted by the next write to its keyset.
CREATE TABLE kv_entries (
    keyset_id  INTEGER NOT NULL REFERENCES keysets(id) ON DELETE CASCADE,
    kind       TEXT NOT NULL CHECK (kind IN ('strings', 'jsons', 'counters')),
    key        TEXT NOT NULL,
    text       TEXT,
    count      INTEGER,
    expires_ms INTEGER NOT NULL,
    updated_ms INTEGER NOT NULL,
    CHECK ((kind = 'counters') = (count IS NOT NULL AND text IS NULL)),
    PRIMARY KEY (keyset_id, kind, key)
) WITHOUT ROWID;
CREATE INDEX kv_entries_expiry ON kv_entries(keyset_id, expires_ms);

-- A keyset's secrets, by name. `sealed` is the value encrypted (see src/secret_box.rs):
-- no query of the server selects it, so no answer or log can show it.
CREATE TABLE kv_secrets (
    keyset_id  INTEGER NOT NULL REFERENCES keysets(id) ON DELETE CASCADE,
    name       TEXT NOT NULL,
    sealed     BLOB NOT NULL,
    updated_ms INTEGER NOT NULL,
    PRIMARY KEY (keyset_id, name)
) WITHOUT ROWID;
