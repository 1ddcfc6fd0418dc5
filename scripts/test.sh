#!/usr/bin/env bash
# Runs every check and every test: formatting and lints, the workspace's native tests, the
# API contract checks (schemathesis against the server's OpenAPI document, and Vercel's own
# SDK against the server), the console's DOM tests in headless Chromium, and the end-to-end
# tests in Chromium against a freshly started reference server. Installs what is missing
# first.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
cd "$ROOT"

log_dir=$(mktemp -d)
trap 'rm -rf "$log_dir"' EXIT

setup_all
ensure_leptosfmt

step "Formatting (cargo fmt, leptosfmt)"
cargo fmt --all -- --check
leptosfmt --check src >/dev/null

step "Lints (clippy, native and wasm)"
cargo clippy --workspace --all-targets --locked -- -D warnings
cargo clippy -p faas-console --target wasm32-unknown-unknown --all-targets --locked -- -D warnings

step "Native tests (workspace)"
cargo test --workspace --locked 2>&1 | tee "$log_dir/native.log"

# A failure here does not stop the run: the tests after it still run, and the closing count
# says it failed (the check counts as one test). It runs alone: run beside the DOM tests and
# the release build, its stateful phase once ran 43 scenarios instead of about 250 and
# reached too little (cause not found).
step "API contract (schemathesis)"
contract_failed=0
scripts/schemathesis.sh || contract_failed=1

# Vercel's own TypeScript SDK against the server (Playwright as the test runner, no browser):
# every answer must pass the SDK's schemas strictly. Like the check above, a failure does not
# stop the run; its tests are counted in the closing line.
step "API contract (Vercel's SDK)"
cargo build -p faas-server --locked
FAAS_SERVER_BIN="$CARGO_TARGET_DIR/debug/faas-server" PLAYWRIGHT_JSON_OUTPUT_NAME="$log_dir/sdk.json" \
  npx playwright test -c playwright.contract.config.ts --reporter=list,json || true

step "DOM tests (wasm-bindgen-test in headless Chromium)"
CHROMEDRIVER=$(command -v chromedriver) \
  cargo test -p faas-console --target wasm32-unknown-unknown --locked 2>&1 | tee "$log_dir/dom.log"

step "Building the console for the end-to-end tests (release)"
build_console

step "End-to-end tests (Playwright, Chromium, reference server)"
cargo build -p faas-server --locked
FAAS_SERVER_BIN="$CARGO_TARGET_DIR/debug/faas-server" PLAYWRIGHT_JSON_OUTPUT_NAME="$log_dir/e2e.json" \
  npx playwright test --reporter=list,json

# One closing line for the whole run, counted from what each runner reported.
passed=0 failed=0
while read -r p f; do passed=$((passed + p)) failed=$((failed + f)); done < <(
  grep -hoE 'test result: [a-zA-Z]+\. [0-9]+ passed; [0-9]+ failed' "$log_dir/native.log" "$log_dir/dom.log" |
    sed -E 's/.* ([0-9]+) passed; ([0-9]+) failed/\1 \2/'
)
# A Playwright JSON report's passed and failed tests; a report that is missing or unreadable
# (the run did not get that far) counts as one failure.
playwright_counts() {
  node -e '
    try {
      const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
      console.log((r.stats.expected || 0) + (r.stats.flaky || 0), r.stats.unexpected || 0);
    } catch { console.log(0, 1); }
  ' "$1"
}
read -r e2e_passed e2e_failed < <(playwright_counts "$log_dir/e2e.json")
read -r sdk_passed sdk_failed < <(playwright_counts "$log_dir/sdk.json")
passed=$((passed + e2e_passed + sdk_passed + 1 - contract_failed))
failed=$((failed + e2e_failed + sdk_failed + contract_failed))
echo
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
