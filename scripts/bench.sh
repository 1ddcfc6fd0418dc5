#!/usr/bin/env bash
# Benchmarks (figures go in BENCHMARKS.md):
#   scripts/bench.sh size     bytes on the wire of a cold first load of each page (release build)
#   scripts/bench.sh server   the reference server's throughput and latency (see BENCHMARKS.md)
#   scripts/bench.sh          both
set -euo pipefail
. "$(dirname "$0")/lib.sh"
cd "$ROOT"

bench_size() {
  setup_all
  step "Building the console (release) and the server"
  build_console >/dev/null 2>&1
  cargo build -p faas-server --quiet
  step "Bytes on the wire of a cold first load of each page (scripts/first-load.mjs)"
  local work
  work=$(mktemp -d)
  "$CARGO_TARGET_DIR/debug/faas-server" --listen 127.0.0.1:0 --database sqlite::memory: --demo \
    --static-dir dist --log warn >"$work/url" 2>"$work/log" &
  local server=$!
  for _ in $(seq 100); do grep -q '#key=' "$work/url" 2>/dev/null && break; sleep 0.1; done
  # The server is stopped whatever the figures: first-load.mjs fails when a page is over
  # the budget, and `set -e` would otherwise leave it running.
  local status=0
  FAAS_URL=$(grep -oE 'http://\S+#key=\S+' "$work/url" | head -1) node scripts/first-load.mjs ||
    status=$?
  kill "$server"
  rm -rf "$work"
  return "$status"
}

bench_server() {
  "$ROOT/scripts/bench-server.sh"
}

case "${1:-all}" in
  size) bench_size ;;
  server) bench_server ;;
  all) bench_size; bench_server ;;
  *) die "usage: scripts/bench.sh [size|server]" ;;
esac
