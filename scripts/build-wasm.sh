#!/usr/bin/env bash
# Builds the console's WebAssembly in chunks: the shell and the runtime in one module that every
# page loads, and each page marked `#[lazy]` (see src/pages/mod.rs) in a module of its own,
# fetched when that page is first shown. Trunk 0.21 cannot split a wasm module, so this script
# does the Rust part of the build and Trunk only copies its output:
#
#   cargo build  ->  wasm-split-cli  ->  wasm-bindgen (main module)  ->  drop-dead-classes.mjs
#     ->  wasm-opt  ->  short-imports.mjs, drop-null-elements.mjs (main module)
#     ->  pack-wasm.mjs (each page's modules merged into one)
#     ->  esbuild (one script)
#
# Output: target/console-app/app-<hash>/ (glue, modules, split loader, wasm-bindgen snippets;
# index.html copies it to the site root) and target/console-app.html (the preload links and
# the start script, which index.html inlines). One hash over the whole directory: the modules
# name each other by relative paths, so nothing inside needs rewriting, browsers may cache it
# forever, and a page never mixes chunks of two builds.
#
# Runs as Trunk's pre_build hook; TRUNK_PROFILE=debug skips the optimisers.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
cd "$ROOT"

# The loader snippet of the editor's chunks is part of the wasm: it must be current first.
build_editor

profile=${TRUNK_PROFILE:-release}
cargo_args=(build --target wasm32-unknown-unknown --bin faas-console --features split-wasm --locked)
# Added to the rustflags of .cargo/config.toml, not in place of them.
rustflags=()
# A source path in the wasm (a `file!()`) names the registry's sources, which sit under the
# builder's home directory: the wasm that every user downloads names them
# `crates/<crate>-<version>/…` instead (the standard library's are `/rustc/<hash>/…` already).
for dir in "${CARGO_HOME:-$HOME/.cargo}"/registry/src/*/; do
  [ -d "$dir" ] && rustflags+=("'--remap-path-prefix=${dir%/}=crates'")
done
if [ "$profile" = release ]; then
  cargo_args+=(--release)
  # A panic is a bug the console does not expect, and `panic = "abort"` stops it anyway: in
  # the release build it aborts at once (`-Cpanic=immediate-abort`, the wasm's `unreachable`),
  # and the standard library is compiled with the console for it (`-Zbuild-std`, from the
  # rust-src component), so that no panic message, file or line, and none of the formatting
  # code that writes them, reaches the user: 11.7 KB less brotli on the main module, 12 to 14
  # KB on every first load (BENCHMARKS.md). Compiled here, it takes its smaller variants of
  # sorting and formatting too (`optimize_for_size`): 0.5 KB more. `-Zlocation-detail=none`
  # drops the files and lines that `#[track_caller]` code records even so (300 B of brotli on
  # the main module). These options are unstable; the stable compiler and cargo take them when
  # RUSTC_BOOTSTRAP says so, for this build only: no nightly toolchain to download, and the
  # lints and tests build as before (a debug build keeps the messages, console_error_panic_hook
  # prints them). Build scripts that probe for unstable features find them too (proc-macro2's
  # span API, used by the macros as they compile): the end-to-end tests run this very build.
  rustflags+=("'-Zlocation-detail=none'" "'-Zunstable-options'" "'-Cpanic=immediate-abort'")
  cargo_args+=(-Zbuild-std=std,panic_abort -Zbuild-std-features=optimize_for_size)
  export RUSTC_BOOTSTRAP=1
fi
if [ ${#rustflags[@]} -gt 0 ]; then
  cargo_args+=(--config "target.wasm32-unknown-unknown.rustflags=[$(IFS=,; echo "${rustflags[*]}")]")
fi
cargo "${cargo_args[@]}"
input=$CARGO_TARGET_DIR/wasm32-unknown-unknown/$profile/faas-console.wasm

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Needs the linker's relocations (-Clink-args=--emit-relocs in .cargo/config.toml) to move
# functions between modules. Writes the main module, one module per split point (and shared
# chunks for code that several split points need), and __wasm_split.js, which loads them.
wasm-split-cli --target web --out-name faas-console "$input" "$work/split" >/dev/null

# The split modules reach into the main one through exports that wasm-split named: they must
# survive wasm-bindgen exactly as they are.
wasm-bindgen --target web --keep-lld-exports --no-demangle --no-typescript \
  --out-name faas-console --out-dir "$work/app" "$work/split/faas-console.wasm"
rm "$work/split/faas-console.wasm"
mv "$work/split/"* "$work/app/"

if [ "$profile" = release ]; then
  # Without the exported classes that can have no instance, whose code wasm-opt would keep
  # (wasm-streams' adapters, through Leptos's server_fn): 1.3 KB less brotli (see the script).
  node scripts/drop-dead-classes.mjs "$work/app/faas-console_bg.wasm" "$work/app/faas-console.js"
  # wasm-opt -Oz on every module. binaryen's npm build spends seconds of CPU loading itself
  # for each run, and most of the split's modules are small: the 90-odd under 32 KB are
  # optimized in one process (scripts/wasm-opt-all.mjs: about 180 bytes of brotli more than
  # the CLI's output over all of them, for 90 s less), the few large ones by one wasm-opt
  # each, as many at once as there are cores. wasm-opt warns about the name section's newer
  # subsections, which it drops anyway.
  find "$work/app" -name '*.wasm' -size -32k -print0 | xargs -0 -r node scripts/wasm-opt-all.mjs 2>&1 |
    { grep -v 'unknown name subsection' || true; } >&2
  find "$work/app" -name '*.wasm' -size +31k -print0 |
    xargs -0 -P "$(nproc)" -I{} node_modules/.bin/wasm-opt -Oz --strip-target-features {} -o {} 2>&1 |
    { grep -v 'unknown name subsection' || true; } >&2
fi

if [ "$profile" = release ]; then
  # The main module's imports from the glue get short names in both: 4 to 5 KB less brotli on
  # every first load (see the script).
  node scripts/short-imports.mjs "$work/app/faas-console_bg.wasm" "$work/app/faas-console.js"
  # And without the segments that write nulls into a table that starts null: 1.7 KB less
  # brotli on every first load (see the script).
  node scripts/drop-null-elements.mjs "$work/app/faas-console_bg.wasm"
fi

# Each page's modules merged into one, its pack, for the first page a tab opens (see the script).
if [ "$profile" = release ]; then
  node scripts/pack-wasm.mjs "$work/app" --linked "$input"
else
  node scripts/pack-wasm.mjs "$work/app" --no-packs
fi

if [ "$profile" = release ]; then
  # Trunk's own minifier cannot parse wasm-bindgen's glue; esbuild (already a build tool
  # here) takes it to a little over half, and bundles what it imports at start (the split
  # loader, the editor loader snippet) into it: two requests fewer on every first load. The
  # editor's and the test runner's chunks stay apart, imported only when needed. The glue
  # imports the split loader once per split point, each under the same key of its imports
  # object: the same module, so harmless.
  node_modules/.bin/esbuild "$work/app/faas-console.js" --bundle --minify --format=esm \
    --target=es2020 --log-level=warning --log-override:duplicate-object-key=silent \
    --external:'/editor-*' --external:'/function-test-*' --outfile="$work/app/faas-console.min.js"
  mv "$work/app/faas-console.min.js" "$work/app/faas-console.js"
  rm -r "$work/app/__wasm_split.js" "$work/app/snippets"
fi

hash=$(cd "$work/app" && find . -type f -print0 | sort -z | xargs -0 sha256sum | sha256sum | cut -c1-16)
app="app-$hash"
out=target/console-app
rm -rf "$out"
mkdir -p "$out"
mv "$work/app" "$out/$app"

# The console is served at the site root (so is the editor chunk; see build-editor.sh). The
# preloads let the browser fetch glue and main module while it parses the page. The first
# script fetches the pack of the page the address names (src/pages/first_packs.json, the same
# answers as the console's own split_point, which a unit test checks) beside them, rather than
# once the main module runs; the console's faasPreloadPack takes that response. A classic
# script: it runs as it is parsed, where a module would wait for its imports.
first_packs='[]'
if [ "$profile" = release ]; then
  first_packs=$(node -e 'process.stdout.write(JSON.stringify(JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"))))' src/pages/first_packs.json)
fi
cat >target/console-app.html <<EOF
<script>((table) => {
  const path = location.pathname.replace(/(.)\/$/, "\$1").split("/");
  const query = location.search.slice(1).split("&");
  for (const [pattern, split] of table) {
    const [wantedPath, wantedQuery] = pattern.split("?");
    const wanted = wantedPath.split("/");
    const matches = wanted.length === path.length &&
      wanted.every((w, i) => w === path[i] || (w === "*" && path[i] !== "")) &&
      (!wantedQuery || query.includes(wantedQuery));
    if (matches) {
      const response = fetch("/$app/pack-" + split + ".wasm");
      response.catch(() => {});
      globalThis.faasEarlyPack = { split, response };
      return;
    }
  }
})($first_packs);</script>
<link rel="modulepreload" href="/$app/faas-console.js" />
<link rel="preload" href="/$app/faas-console_bg.wasm" as="fetch" type="application/wasm" crossorigin />
<script type="module">import init from "/$app/faas-console.js"; init({ module_or_path: "/$app/faas-console_bg.wasm" });</script>
EOF
