# Shared by the scripts: idempotent installers and logging. Source it, don't run it.
# Every installer checks first and returns at once when the tool is already there, so a warm
# run costs seconds.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=versions.env
. "$ROOT/scripts/versions.env"
export PATH="$HOME/.cargo/bin:$ROOT/node_modules/.bin:$PATH"
# Trunk must never reach for the network: every tool it runs is installed here.
export TRUNK_SKIP_VERSION_CHECK=true

# What the scripts build is kept outside the checkout, in one cache per user, so that a new
# clone (CI clones afresh each time) compiles only what differs from the last build instead
# of the whole dependency tree: cargo's output (unless CARGO_TARGET_DIR says otherwise) and
# the schemathesis virtualenv. FAAS_CACHE moves it; cargo locks its directory, so clones
# that build at once wait for each other.
FAAS_CACHE="${FAAS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/faas-console}"
mkdir -p "$FAAS_CACHE" 2>/dev/null || FAAS_CACHE="$ROOT/target/cache"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$FAAS_CACHE/target}"

# Each step with the time since the script started, so that a slow one shows.
step() { printf '\n\033[1m==> %s\033[0m  [%dm%02ds]\n' "$*" $((SECONDS / 60)) $((SECONDS % 60)) >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    die "need root to run: $*"
  fi
}

# The wasm target, and the standard library's sources: the release build compiles std with the
# console (scripts/build-wasm.sh) so that a panic aborts at once, without its message.
ensure_rust_target() {
  if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
    step "Adding the Rust target wasm32-unknown-unknown"
    rustup target add wasm32-unknown-unknown
  fi
  if ! rustup component list --installed 2>/dev/null | grep -qx 'rust-src'; then
    step "Adding the Rust component rust-src"
    rustup component add rust-src
  fi
}

# ensure_cargo_tool CRATE VERSION BINARY [extra cargo install args...]
ensure_cargo_tool() {
  local crate=$1 version=$2 binary=$3
  shift 3
  if command -v "$binary" >/dev/null && "$binary" --version 2>/dev/null | grep -qF " $version"; then
    return
  fi
  step "Installing $crate $version from crates.io (once; a few minutes)"
  cargo install "$crate" --version "$version" --force "$@"
}

ensure_cargo_tools() {
  ensure_cargo_tool trunk "$TRUNK_VERSION" trunk --locked
  # No --locked: the registry here lacks a version that wasm-bindgen-cli's lock file names.
  ensure_cargo_tool wasm-bindgen-cli "$WASM_BINDGEN_VERSION" wasm-bindgen
  # wasm-split-cli has no --version: ask cargo what it installed.
  if ! cargo install --list | grep -qx "wasm_split_cli_support v$WASM_SPLIT_VERSION:"; then
    step "Installing wasm_split_cli_support $WASM_SPLIT_VERSION from crates.io (once; a minute)"
    cargo install wasm_split_cli_support --version "$WASM_SPLIT_VERSION" --features build-binary \
      --locked --force
  fi
}

ensure_leptosfmt() {
  ensure_cargo_tool leptosfmt "$LEPTOSFMT_VERSION" leptosfmt --locked
}

ensure_apt_packages() {
  local missing=()
  for pkg in $APT_PACKAGES; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return
  step "Installing ${missing[*]} from Debian"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

# npm ci wipes node_modules, so run it only when the lock file changed since the last install.
ensure_npm_packages() {
  local stamp="$ROOT/node_modules/.faas-console-lock.sha"
  local want
  want=$(sha256sum "$ROOT/package-lock.json" | cut -d' ' -f1)
  [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && return
  step "Installing npm packages from package-lock.json"
  (cd "$ROOT" && npm ci --no-audit --no-fund --loglevel=error)
  echo "$want" >"$stamp"
}

# schemathesis (the API contract check) in its own virtualenv in the cache, from PyPI, at
# the versions of scripts/schemathesis-requirements.txt. Reinstalled only when that file
# changes.
SCHEMATHESIS_VENV="$FAAS_CACHE/schemathesis-venv"
ensure_schemathesis() {
  local requirements="$ROOT/scripts/schemathesis-requirements.txt"
  local stamp="$SCHEMATHESIS_VENV/.faas-console-requirements.sha"
  local want
  grep -qx "schemathesis==$SCHEMATHESIS_VERSION" "$requirements" ||
    die "scripts/schemathesis-requirements.txt does not pin schemathesis==$SCHEMATHESIS_VERSION (scripts/versions.env)"
  want=$(sha256sum "$requirements" | cut -d' ' -f1)
  # A virtualenv names its own path inside: one that was moved must be made again.
  [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] &&
    head -n1 "$SCHEMATHESIS_VENV/bin/st" 2>/dev/null | grep -qxF "#!$SCHEMATHESIS_VENV/bin/python3" && return
  step "Installing schemathesis $SCHEMATHESIS_VERSION from PyPI into $SCHEMATHESIS_VENV"
  command -v python3 >/dev/null || die "python3 (3.10 or newer) is needed for schemathesis"
  rm -rf "$SCHEMATHESIS_VENV"
  python3 -m venv "$SCHEMATHESIS_VENV"
  "$SCHEMATHESIS_VENV/bin/pip" install --quiet --disable-pip-version-check -r "$requirements"
  echo "$want" >"$stamp"
}

# The wasm-bindgen CLI (run by scripts/build-wasm.sh) must be exactly the library version in
# Cargo.lock.
check_pins() {
  local locked
  locked=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/[^0-9.]/, ""); print; exit }' "$ROOT/Cargo.lock")
  [ "$locked" = "$WASM_BINDGEN_VERSION" ] ||
    die "Cargo.lock has wasm-bindgen $locked but scripts/versions.env pins $WASM_BINDGEN_VERSION"
}

# Release build of the console into dist/, with .br and .gz siblings that the server sends
# to browsers that accept them: first load is counted in compressed bytes.
build_console() {
  trunk build --release
  # Some 600 files, most of them small: a few dozen per process, a process per core.
  find "$ROOT/dist" -type f \( -name '*.wasm' -o -name '*.js' -o -name '*.css' -o -name '*.html' \) -print0 |
    xargs -0 -P "$(nproc)" -n 64 sh -c 'brotli -q 11 -f -k "$@" && gzip -9 -n -f -k "$@"' sh
}

# The lazily loaded code editor chunk and its loader snippet. Trunk rebuilds them before each
# build (pre_build hook), but cargo alone (clippy, cargo test) also needs js/editor_loader.js.
build_editor() {
  bash "$ROOT/scripts/build-editor.sh"
}

setup_all() {
  ensure_rust_target
  ensure_apt_packages
  ensure_npm_packages
  ensure_cargo_tools
  ensure_schemathesis
  check_pins
  build_editor
}
