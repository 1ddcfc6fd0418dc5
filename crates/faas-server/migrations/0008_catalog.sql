-- Test inputs (api.md §5 "Test inputs"): the events a team keeps on the server for a
-- function. The catalog's blueprints are not here: they ship with the server (src/catalog.rs).

-- A saved test input of a function revision. A later revision of the same function (same
-- `function_id` in the same package) lists it too, so the row keeps the function's identity
-- and its revision's `revision_seq` rather than depending on the revision: deleting a
-- revision keeps the inputs saved for it, for the revisions after it. They go with the
-- package. `payload` is the JSON text.
CREATE TABLE test_inputs (
    id                   TEXT PRIMARY KEY,
    account_id           TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    package_id           TEXT NOT NULL REFERENCES packages(id) ON DELETE CASCADE,
    function_id          TEXT NOT NULL,
    function_revision_id TEXT NOT NULL,
    package_revision_id  TEXT NOT NULL,
    revision_seq         INTEGER NOT NULL,
    payload              TEXT NOT NULL,
    mime_type            TEXT NOT NULL,
    description          TEXT NOT NULL DEFAULT '',
    created_ms           INTEGER NOT NULL,
    updated_ms           INTEGER NOT NULL
);
CREATE INDEX test_inputs_function ON test_inputs(package_id, function_id, revision_seq);
CREATE INDEX test_inputs_account ON test_inputs(account_id);
