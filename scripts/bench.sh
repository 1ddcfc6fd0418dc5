#!/usr/bin/env bash
# Benchmarks (figures go in BENCHMARKS.md):
#   scripts/bench.sh size     first-load bytes of the release console, raw, gzip -9 and brotli -q 11
#   scripts/bench.sh server   the reference server's throughput and latency (see BENCHMARKS.md)
#   scripts/bench.sh          both
set -euo pipefail
. "$(dirname "$0")/lib.sh"
cd "$ROOT"

bench_size() {
  setup_all
  command -v brotli >/dev/null || APT_PACKAGES=brotli ensure_apt_packages
  step "Building the console (release)"
  trunk build --release >/dev/null 2>&1
  step "First-load size of dist/ (every file the first page loads; the editor chunk apart)"
  printf '%-10s %10s %10s %10s\n' kind raw gzip-9 brotli-11
  local total_raw=0 total_gz=0 total_br=0
  for kind in html js wasm css; do
    local raw=0 gz=0 br=0
    while IFS= read -r -d '' f; do
      raw=$((raw + $(wc -c <"$f")))
      gz=$((gz + $(gzip -9 -c "$f" | wc -c)))
      br=$((br + $(brotli -q 11 -c "$f" | wc -c)))
    done < <(find dist -type f -name "*.$kind" ! -name 'editor-*' -print0)
    printf '%-10s %10d %10d %10d\n' "$kind" "$raw" "$gz" "$br"
    total_raw=$((total_raw + raw)) total_gz=$((total_gz + gz)) total_br=$((total_br + br))
  done
  printf '%-10s %10d %10d %10d\n' total "$total_raw" "$total_gz" "$total_br"
  # Loaded only when a page with an editor opens.
  local chunk
  for chunk in dist/editor-*.js dist/editor-*.css; do
    [ -f "$chunk" ] || continue
    printf '%-10s %10d %10d %10d\n' "editor" "$(wc -c <"$chunk")" \
      "$(gzip -9 -c "$chunk" | wc -c)" "$(brotli -q 11 -c "$chunk" | wc -c)"
  done
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
