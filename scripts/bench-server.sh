#!/usr/bin/env bash
# Throughput and latency of the reference server on loopback, with wrk (Debian): 32
# connections on 2 threads for DURATION seconds against
#   1. list packages: a random page of 20 out of 10 000,
#   2. get one deployment,
#   3. create a revision of 20 functions,
# then the server's resident memory. wrk and the server share the machine's cores.
#
#   DURATION=10 PACKAGES=10000 scripts/bench-server.sh
set -euo pipefail
. "$(dirname "$0")/lib.sh"
cd "$ROOT"
command -v wrk >/dev/null || APT_PACKAGES=wrk ensure_apt_packages

duration=${DURATION:-10}
packages=${PACKAGES:-10000}
work=$(mktemp -d)
trap 'kill "${server_pid:-}" 2>/dev/null || true; rm -rf "$work"' EXIT

step "Building the reference server (profile server)"
cargo build --profile server -p faas-server --quiet

export KEY="bench-$RANDOM$RANDOM"
"$CARGO_TARGET_DIR/server/faas-server" --listen 127.0.0.1:0 --database "sqlite:$work/bench.db" \
  --admin-key "$KEY" --demo --max-packages $((packages + 100)) --static-dir "$work" \
  --log warn >"$work/url" 2>"$work/log" &
server_pid=$!
for _ in $(seq 100); do grep -q '#key=' "$work/url" 2>/dev/null && break; sleep 0.1; done
base=$(grep -oE 'http://[0-9.:]+' "$work/url" | head -1)
[ -n "$base" ] || die "the server did not start: $(cat "$work/log")"

step "Seeding $packages packages"
eval "$(python3 "$ROOT/scripts/bench/seed.py" "$base" "$KEY" "$packages")"
export PACKAGE_ID DEPLOYMENT_ID PAGES=$((packages / 20))

run() {
  step "$1"
  wrk -t2 -c32 -d"${duration}s" --latency -s "$ROOT/scripts/bench/$2.lua" "$base" |
    grep -E 'Requests/sec|Latency  |50%|99%|Non-2xx|Socket errors'
}
run "List packages (page of 20 out of $packages)" list_packages
run "Get one deployment" get_deployment
run "Create a revision of 20 functions" create_revision

step "Server memory"
grep -E 'VmHWM|VmRSS' "/proc/$server_pid/status"
