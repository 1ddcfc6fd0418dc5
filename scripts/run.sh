#!/usr/bin/env bash
# Builds the console (release) and the reference server, then serves both on one port with
# an embedded SQLite database full of demo data. Prints the URL to open.
#
#   PORT=8080 DATABASE=sqlite:faas-console.db scripts/run.sh [extra faas-server flags]
set -euo pipefail
. "$(dirname "$0")/lib.sh"
cd "$ROOT"

setup_all

step "Building the console (release)"
build_console

step "Building the reference server"
cargo build --profile server -p faas-server

step "Starting the reference server"
exec "$CARGO_TARGET_DIR/server/faas-server" \
  --listen "127.0.0.1:${PORT:-8080}" \
  --database "${DATABASE:-sqlite:faas-console.db}" \
  --static-dir "$ROOT/dist" \
  --demo "$@"
