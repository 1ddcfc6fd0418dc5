#!/usr/bin/env bash
# Regenerates the README's screenshots (docs/screenshots/*.png, light and dark) from the real
# console: a release build served by the reference server with demo data in memory.
#
#   scripts/screenshots.sh
set -euo pipefail
. "$(dirname "$0")/lib.sh"
cd "$ROOT"

setup_all
step "Building the console (release) and the reference server"
build_console
cargo build -p faas-server --locked

key="fk_screenshots_$(date +%s)"
log=$(mktemp)
trap 'kill "${server_pid:-}" 2>/dev/null || true; rm -f "$log"' EXIT
"$CARGO_TARGET_DIR/debug/faas-server" --listen 127.0.0.1:0 --database sqlite::memory: \
  --static-dir "$ROOT/dist" --admin-key "$key" --demo >"$log" 2>&1 &
server_pid=$!
for _ in $(seq 100); do
  url=$(grep -oE 'http://[^ ]+#key=[^ ]+' "$log" | head -1 || true)
  [ -n "$url" ] && break
  sleep 0.1
done
[ -n "${url:-}" ] || die "the reference server did not print its URL: $(cat "$log")"

step "Taking the screenshots"
mkdir -p docs/screenshots
FAAS_URL="$url" OUT="$ROOT/docs/screenshots" node scripts/screenshots.mjs
