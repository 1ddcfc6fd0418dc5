#!/usr/bin/env bash
# The API contract check: schemathesis (pinned, scripts/versions.env) against a freshly started
# reference server with demo data, from the server's own OpenAPI document
# (`/v2/faas/openapi.json`). Every phase (examples, coverage, fuzzing, stateful through the
# document's links) and every check; the few rejections that depend on state are listed, each
# with its reason, in schemathesis.toml at the root. Exits non-zero on any failure.
#
#   scripts/schemathesis.sh                     # the whole check, as `make test` runs it
#   scripts/schemathesis.sh --max-examples 5    # extra arguments go to both `st run`s
#
# The number of test cases and the seed are set in schemathesis.toml; `--max-examples N` or
# `--seed N` here override them. The reports of a run are written to target/schemathesis/.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
cd "$ROOT"

ensure_schemathesis
# The server under test: FAAS_SERVER_BIN when the caller has built it (make test passes the
# binary of the native tests' build), else cargo's debug build of it.
if [ -z "${FAAS_SERVER_BIN:-}" ]; then
  cargo build -p faas-server --locked --quiet
  FAAS_SERVER_BIN=$CARGO_TARGET_DIR/debug/faas-server
fi

work=$(mktemp -d)
server_pid=
stop_server() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap stop_server EXIT

# A fresh server: in-memory database with the demo data, a random admin key, a free port.
# Functions transitions are instant so that the stateful phase finds deployments settled;
# Vercel-style builds take ten minutes a step, longer than the run, so that a deployment the
# run creates is still QUEUED or INITIALIZING when a linked cancel comes (their timing is
# covered by crates/faas-server/tests). The package and running-deployment limits are raised
# out of reach of the run's many creates (their 422 answers are covered there too). The
# document is generated from the limits the server runs with.
admin_key="fk_contract_$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
# schemathesis.toml sends it per the document's security schemes: raw for the Functions
# routes (ApiKey), as `Bearer <key>` for the Vercel-style ones (BearerToken).
export FAAS_CONTRACT_KEY="$admin_key"
"$FAAS_SERVER_BIN" \
  --listen 127.0.0.1:0 \
  --database sqlite::memory: \
  --static-dir "$work/no-console" \
  --admin-key "$admin_key" \
  --transition-ms 0 \
  --build-initializing-ms 600000 \
  --build-building-ms 600000 \
  --max-packages 100000 \
  --max-running-deployments 100000 \
  --log warn \
  --demo >"$work/stdout" 2>"$work/stderr" &
server_pid=$!

url=
for _ in $(seq 200); do
  url=$(grep -oE 'https?://[^/# ]+' "$work/stdout" | head -n1 || true)
  [ -n "$url" ] && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$work/stderr" >&2; die "faas-server exited"; }
  sleep 0.1
done
[ -n "$url" ] || { cat "$work/stderr" >&2; die "faas-server did not print its URL within 20 s"; }

# The reports of this run only.
report="$ROOT/target/schemathesis"
rm -rf "$report"
mkdir -p "$report"
# Every check runs: schemathesis enables them all by default. `--checks all` would enable
# them again for every operation, over schemathesis.toml turning one off for an operation.
# Two runs against the same server: the phases that test operations one by one, then the
# stateful phase, which schemathesis only gives its own number of scenarios
# (schemathesis.toml) when it runs alone.
st_run() {
  "$SCHEMATHESIS_VENV/bin/st" --config-file "$ROOT/schemathesis.toml" run \
    "$url/v2/faas/openapi.json" \
    --report junit,ndjson --report-dir "$report" \
    "$@"
}
started=$(date +%s)
status=0
st_run --phases examples,coverage,fuzzing "$@" || status=$?
# The hooks record which operations the stateful run reached with ids from earlier answers.
FAAS_CONTRACT_REACH="$report/reach.json" st_run --phases stateful "$@" || status=$?
if [ -s "$report/reach.json" ]; then
  "$SCHEMATHESIS_VENV/bin/python" "$ROOT/scripts/schemathesis_reach.py" \
    "$report/reach.json" "$url/v2/faas/openapi.json" | tee "$report/reach.txt"
fi
echo "schemathesis: $(($(date +%s) - started)) s, exit $status" >&2
if [ "$status" -ne 0 ] && [ -s "$work/stderr" ]; then
  echo "--- faas-server log (warnings and errors) ---" >&2
  tail -n 50 "$work/stderr" >&2
fi
exit "$status"
