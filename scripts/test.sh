#!/usr/bin/env bash
# Runs every check and every test: formatting and lints, the workspace's native tests, the
# API contract checks (schemathesis against the server's OpenAPI document, and Vercel's own
# SDK against the server), the console's DOM tests in headless Chromium, and the end-to-end tests in Chromium, each Playwright worker
# against a reference server of its own. Installs what is missing first. Ends with each
# step's time, slowest first, and one line counting every test.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
cd "$ROOT"

# Each step's wall-clock time, for the table at the end: a step lasts until the next begins.
# The console's release build and the contract check run in the background and are timed on
# their own.
step_names=() step_secs=() step_name='' step_started='' timings_shown=''
begin() {
  end_step
  step_name=$1 step_started=$SECONDS
  step "$1"
}
end_step() {
  if [ -n "$step_name" ]; then record "$step_name" $((SECONDS - step_started)); fi
  step_name=''
}
record() { step_names+=("$1") step_secs+=("$2"); }
show_timings() {
  end_step
  timings_shown=1
  echo
  echo "Step times, slowest first (total $((SECONDS / 60))m$(printf %02d $((SECONDS % 60)))s):"
  for i in "${!step_secs[@]}"; do
    printf '%d\t%s\n' "${step_secs[$i]}" "${step_names[$i]}"
  done | sort -rn | while IFS=$'\t' read -r secs name; do
    printf '  %3dm%02ds  %s\n' $((secs / 60)) $((secs % 60)) "$name"
  done
}

work=$(mktemp -d)
console_pid='' contract_pid=''
finish() {
  # A run that stops early stops the console build and the contract check it started, and
  # still says where the time went.
  if [ -n "$console_pid" ]; then kill -- -"$console_pid" 2>/dev/null || true; fi
  if [ -n "$contract_pid" ]; then kill -- -"$contract_pid" 2>/dev/null || true; fi
  if [ -z "$timings_shown" ]; then show_timings >&2; fi
  rm -rf "$work"
}
trap finish EXIT

begin "Installing what is missing"
setup_all
ensure_leptosfmt

# The release build of the console, for the end-to-end tests, runs in the background from
# here, beside the lints and the native and DOM tests, until the DOM tests are done. Cargo locks
# each profile's directory on its own, so its release build never waits for their debug
# ones; and it mostly keeps one core busy (link-time optimisation in one codegen unit, then
# wasm-opt), where they leave one free for long stretches (single test binaries, Chromium).
# In a session of its own, so that a run that stops early stops all of it; its output is
# printed when it is done.
setsid bash -c '. scripts/lib.sh && build_console && echo "$SECONDS" >"$1"' build-console \
  "$work/console.secs" >"$work/console.log" 2>&1 &
console_pid=$!

begin "Formatting (cargo fmt, leptosfmt)"
cargo fmt --all -- --check
leptosfmt --check src >/dev/null

begin "Lints (clippy, native and wasm)"
# The console natively is its unit tests alone (`--profile test`: the library with
# `cfg(test)`); the wasm lint checks everything else of it, as it is built for browsers.
cargo clippy --workspace --exclude faas-console --all-targets --locked -- -D warnings
cargo clippy -p faas-console --lib --profile test --locked -- -D warnings
cargo clippy -p faas-console --target wasm32-unknown-unknown --all-targets --locked -- -D warnings

begin "Native tests (workspace, with their build)"
# The console's only native tests are its unit tests (the module-graph test among them; its
# one integration test is the DOM tests', for wasm): `--lib` builds the library once, with
# `cfg(test)`, instead of once more for a test binary that would be empty.
{
  cargo test --workspace --exclude faas-console --locked
  cargo test -p faas-console --lib --locked
} 2>&1 | tee "$work/native.log"
# The reference server of the contract check and the end-to-end tests is the binary that the
# build of the native tests made (cargo builds a package's binaries for its integration
# tests): building it apart would compile the server again with other features. Copied, as
# the cache's target directory may be shared with other checkouts that build their own.
cp "$CARGO_TARGET_DIR/debug/faas-server" "$work/faas-server"
export FAAS_SERVER_BIN="$work/faas-server"

# The contract check (schemathesis against the server's OpenAPI document) runs in the
# background from here, beside the DOM tests and what is left of the release build: its
# first run (examples, coverage, fuzzing: a fixed number of cases per operation) keeps one
# core busy for 40-odd seconds. Its stateful run, whose scenarios come fewer on a busy
# machine, comes last and so mostly alone (the DOM tests take about as long as the first
# run). A failure does not stop the run: the tests after it still run, and the closing count
# says it failed (the check counts as one test). Its output is printed when it is done.
setsid bash -c 'started=$SECONDS; status=0; scripts/schemathesis.sh || status=$?
  echo "$((SECONDS - started)) $status" >"$1"' contract "$work/contract.result" \
  >"$work/contract.log" 2>&1 &
contract_pid=$!

begin "DOM tests (wasm-bindgen-test in headless Chromium)"
CHROMEDRIVER=$(command -v chromedriver) \
  cargo test -p faas-console --target wasm32-unknown-unknown --locked 2>&1 | tee "$work/dom.log"

begin "Console release build (waiting for what is left of it)"
console_status=0
wait "$console_pid" || console_status=$?
console_pid=''
cat "$work/console.log"
[ "$console_status" -eq 0 ] || die "the console's release build failed"
record "Console release build (in the background, beside the lints and tests)" "$(cat "$work/console.secs")"

begin "API contract (schemathesis; waiting for what is left of it)"
wait "$contract_pid" || true
contract_pid=''
cat "$work/contract.log"
read -r contract_secs contract_status <"$work/contract.result" || contract_status=1
record "API contract (schemathesis, in the background beside the DOM tests)" "${contract_secs:-0}"
contract_failed=0
[ "${contract_status:-1}" -eq 0 ] || contract_failed=1

# Vercel's own TypeScript SDK against the server (Playwright as the test runner, no browser):
# every answer must pass the SDK's schemas strictly. Like the check above, a failure does not
# stop the run; its tests are counted in the closing line. It runs beside the end-to-end
# tests (its own server, its own output folder, a few seconds of one core), its output
# printed once they are done.
begin "End-to-end tests (Playwright, Chromium, a reference server per worker) and Vercel's SDK"
PLAYWRIGHT_JSON_OUTPUT_NAME="$work/sdk.json" \
  npx playwright test -c playwright.contract.config.ts --reporter=list,json >"$work/sdk.log" 2>&1 &
sdk_pid=$!
e2e_status=0
PLAYWRIGHT_JSON_OUTPUT_NAME="$work/e2e.json" npx playwright test --reporter=list,json || e2e_status=$?
sdk_status=0
wait "$sdk_pid" || sdk_status=$?
echo "--- API contract (Vercel's SDK) ---"
cat "$work/sdk.log"

# One closing line for the whole run, counted from what each runner reported.
passed=0 failed=0
while read -r p f; do passed=$((passed + p)) failed=$((failed + f)); done < <(
  grep -hoE 'test result: [a-zA-Z]+\. [0-9]+ passed; [0-9]+ failed' "$work/native.log" "$work/dom.log" |
    sed -E 's/.* ([0-9]+) passed; ([0-9]+) failed/\1 \2/'
)
# A Playwright run's passed and failed tests, from its JSON report and its exit status: a run
# that failed with no failed test to show (a server that would not start, a spec that does
# not load) counts as one failure.
playwright_counts() {
  local report=$1 status=$2 p=0 f=0
  if [ -s "$report" ]; then
    read -r p f < <(node -e '
      const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
      console.log((r.stats.expected || 0) + (r.stats.flaky || 0), r.stats.unexpected || 0);
    ' "$report")
  fi
  if [ "$status" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
  echo "$p $f"
}
read -r e2e_passed e2e_failed < <(playwright_counts "$work/e2e.json" "$e2e_status")
read -r sdk_passed sdk_failed < <(playwright_counts "$work/sdk.json" "$sdk_status")
passed=$((passed + e2e_passed + sdk_passed + 1 - contract_failed))
failed=$((failed + e2e_failed + sdk_failed + contract_failed))
show_timings
echo
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
