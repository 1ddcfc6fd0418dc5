#!/usr/bin/env bash
# Trunk post_build hook: minifies wasm-bindgen's JS glue in release builds. Trunk 0.21's own
# minifier gives up on it ("Failed to minify JS") and ships it as written: 57 KB raw, 8 KB
# brotli; esbuild (already a build tool here) takes it to a little over half. Index.html
# carries no integrity hash for it (data-integrity="none"), so rewriting it in place is safe.
set -euo pipefail
[ "${TRUNK_PROFILE:-}" = release ] || exit 0
cd "$(dirname "$0")/.."
esbuild=node_modules/.bin/esbuild
for glue in "$TRUNK_STAGING_DIR"/faas-console-*.js; do
  [ -f "$glue" ] || continue
  "$esbuild" "$glue" --minify --format=esm --target=es2020 --log-level=warning \
    --outfile="$glue.min" --allow-overwrite
  mv "$glue.min" "$glue"
done
