#!/usr/bin/env bash
# Installs what building and testing need, and nothing that is already there:
# the wasm32 Rust target, Trunk and wasm-bindgen-cli (pinned, from crates.io), leptosfmt,
# Debian's Chromium and chromedriver, the npm tools of package-lock.json, and schemathesis
# (pinned, from PyPI) for the API contract check.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
setup_all
ensure_leptosfmt
