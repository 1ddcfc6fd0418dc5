// Merges each page's wasm modules into one, its pack, so that a page opened from a link gets
// all of its code in one response and one instantiation instead of dozens
// (scripts/build-wasm.sh runs this on wasm-split's output, before minifying the loader).
//
//   node scripts/pack-wasm.mjs DIR [--no-packs]
//
// wasm-split cuts the console into a main module, one module per split point (`split_<name>`)
// and shared chunks (`chunk_<n>`), each chunk needed by the split points named in the comment
// the loader (`__wasm_split.js`) writes above it. A page fetches its module and its chunks
// at once, but as 20 to 60 separate requests, most under 1 KB, which browsers queue six at a
// time and compress one by one.
//
// For each page (the split points that src/pages/first_packs.json names: the only ones a tab
// can open on) this writes `pack-<name>.wasm`: the page's module and every chunk it needs,
// merged into one wasm module. Each of them is code, table entries and data at fixed places
// and nothing else (no exports, no start, the same three imports): instantiating the merged
// module is instantiating all of them, in one step instead of some hundred (each costs about
// 0.3 ms of the main thread), and its one header, import and type section compress better.
// It then rewrites the loader so that every module is fetched through `packedFetch` and
// instantiated through `packedInstantiate`, and adds `globalThis.faasPreloadPack(name)`, which
// the console calls (src/pages/mod.rs) for the first page of a tab that has a module of its
// own: that page's pack is fetched once (or taken from the start script, which asked for it
// already: `faasEarlyPack`, scripts/build-wasm.sh), compiled as it streams in, and
// instantiated when the first of its modules is asked for. Later pages fetch only the modules
// they still lack, one by one: a pack would repeat what the first page already loaded.
import { readFileSync, writeFileSync, existsSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import binaryen from "binaryen";

const dir = process.argv[2];
if (!dir) {
  console.error("usage: node scripts/pack-wasm.mjs DIR [--no-packs]");
  process.exit(2);
}
const loaderPath = join(dir, "__wasm_split.js");
const loader = readFileSync(loaderPath, "utf8");

// `/* revision, deployment */` above `const __chunk_7 = makeLoad(() => { const src =
// fetch(new URL("./chunk_7.wasm", …`: which split points need which chunk.
const chunkPattern = /\/\* ([^*]*) \*\/\s*const __chunk_\d+ = makeLoad\(\(\) => \{\s*const src = fetch\(new URL\("\.\/([^"]+)"/g;
const files = new Map(); // split point → its files
const need = (split, file) => {
  if (!files.has(split)) files.set(split, []);
  files.get(split).push(file);
};
for (const [, splits, file] of loader.matchAll(chunkPattern)) {
  for (const split of splits.split(",").map((s) => s.trim()).filter(Boolean)) need(split, file);
}
for (const file of readdirSync(dir)) {
  const split = file.match(/^split_(.+)\.wasm$/)?.[1];
  if (split) need(split, file);
}
if (files.size === 0) {
  throw new Error(`${loaderPath}: no split point found; has wasm-split's loader changed?`);
}

const ranges = (numbers) => {
  const out = [];
  for (const n of numbers.sort((a, b) => a - b)) {
    const last = out[out.length - 1];
    if (last !== undefined && last[1] === n - 1) last[1] = n;
    else out.push([n, n]);
  }
  return out.map(([from, to]) => (from === to ? `${from}` : `${from}-${to}`)).join(",");
};

// The features wasm-opt enables when given none (as scripts/wasm-opt-all.mjs).
const F = binaryen.Features;
const FEATURES =
  F.SignExt | F.MutableGlobals | F.NontrappingFPToInt | F.BulkMemory | F.BulkMemoryOpt |
  F.Multivalue | F.ReferenceTypes | F.CallIndirectOverlong;
binaryen.setOptimizeLevel(2);
binaryen.setShrinkLevel(2); // -Oz
binaryen.setDebugInfo(false);

// What wasm-split's modules import, each from the main module: its memory, its table and
// the stack pointer, each line as binaryen prints it (a minimum size aside).
const IMPORT =
  /^\(import "__wasm_split" "(?:memory" \(memory \$mimport\$0 (\d+)\)|__indirect_function_table" \(table \$timport\$0 (\d+) funcref\)|__wasm_split_shared0" \(global \$gimport\$0 \(mut i32\)\))\)$/;
const texts = new Map(); // a module's text, read once for every pack that holds it
// One module's definitions as text, every name (`$…`, outside the strings of its data) given
// `prefix` so that no two modules' names meet; its imports apart, with their minimum sizes.
function definitions(file, prefix) {
  if (!texts.has(file)) {
    const module = binaryen.readBinary(readFileSync(join(dir, file)), FEATURES);
    texts.set(file, module.emitText());
    module.dispose();
  }
  const imports = [];
  const own = [];
  for (const line of texts.get(file).trim().replace(/^\(module/, "").replace(/\)$/, "").split("\n")) {
    const trimmed = line.trim();
    if (trimmed.startsWith("(import ")) {
      const found = trimmed.match(IMPORT);
      if (!found) throw new Error(`${file}: an import pack-wasm does not know: ${trimmed}`);
      imports.push({ memory: Number(found[1] ?? 0), table: Number(found[2] ?? 0) });
    } else if (/^\((export|start|memory|table|global) /.test(trimmed)) {
      throw new Error(`${file}: more than code, data and table entries (${trimmed.slice(0, 60)}); has wasm-split changed?`);
    } else {
      own.push(line);
    }
  }
  const text = own
    .join("\n")
    .split(/("(?:[^"\\]|\\.)*")/)
    .map((part, i, parts) => {
      if (i % 2 === 1) return part;
      // A name that needs quotes (`$"…"`) would not be renamed.
      if (part.endsWith("$") && i + 1 < parts.length) throw new Error(`${file}: a quoted name`);
      return part.replace(/\$([^\s()"]+)/g, (name, id) => (/^[mtg]import\$0$/.test(id) ? name : `$${prefix}${id}`));
    })
    .join("");
  return { imports, text };
}

// The page's modules merged: the imports once (at the largest minimum size any of them asks),
// then the definitions of each.
function merge(names) {
  let memory = 0;
  let table = 0;
  const bodies = names.map((name, i) => {
    const { imports, text } = definitions(name, `m${i}_`);
    for (const minimum of imports) {
      memory = Math.max(memory, minimum.memory);
      table = Math.max(table, minimum.table);
    }
    return text;
  });
  const imports = [
    `(import "__wasm_split" "memory" (memory $mimport$0 ${memory}))`,
    `(import "__wasm_split" "__indirect_function_table" (table $timport$0 ${table} funcref))`,
    `(import "__wasm_split" "__wasm_split_shared0" (global $gimport$0 (mut i32)))`,
  ];
  const module = binaryen.parseText(`(module\n${imports.join("\n")}\n${bodies.join("\n")}\n)`);
  module.setFeatures(FEATURES);
  if (!module.validate()) throw new Error(`the merged modules of ${names[names.length - 1]} are not valid`);
  module.optimize();
  const binary = module.emitBinary();
  module.dispose();
  return binary;
}

// A debug build (`--no-packs`) has modules too large to merge in good time, and none of its
// own tools to spare: its pages load their modules one by one.
const pages =
  process.argv[3] === "--no-packs"
    ? []
    : JSON.parse(
        readFileSync(join(dirname(fileURLToPath(import.meta.url)), "../src/pages/first_packs.json"), "utf8"),
      ).map(([, split]) => split);
const packs = {}; // page → [its pack, the numbers of the chunks in it]
for (const split of new Set(pages)) {
  const names = files.get(split);
  if (!names) throw new Error(`first_packs.json names ${split}, which is no split point`);
  const pack = `pack-${split}.wasm`;
  writeFileSync(join(dir, pack), merge(names));
  const numbers = names.filter((n) => n.startsWith("chunk_")).map((n) => Number(n.match(/\d+/)[0]));
  packs[split] = [pack, ranges(numbers)];
}

const fetches = loader.match(/fetch\(new URL\(/g)?.length ?? 0;
if (fetches === 0 || !existsSync(join(dir, "__wasm_split.js"))) {
  throw new Error(`${loaderPath}: no module fetch to reroute; has wasm-split's loader changed?`);
}
const runtime = `
// Added by scripts/pack-wasm.mjs: the first page's modules come in one, its pack.
const packs = ${JSON.stringify(packs)};
let pack; // { split, urls: Set<string>, module: Promise<WebAssembly.Module>, instance? }
let asked = false;
function open(split, response) {
  const [, ranges] = packs[split];
  const urls = new Set(
    [...chunkNumbers(ranges).map((n) => \`./chunk_\${n}.wasm\`), \`./split_\${split}.wasm\`].map(
      (file) => new URL(file, import.meta.url).href,
    ),
  );
  // Compiled as it streams in, off the main thread, while the main module starts.
  const module = WebAssembly.compileStreaming(response);
  module.catch(() => {});
  return { split, urls, module, instance: undefined };
}
// The pack the start script asked for beside the main module (scripts/build-wasm.sh).
const early = globalThis.faasEarlyPack;
if (early !== undefined && early.split in packs) pack = open(early.split, early.response);
globalThis.faasPreloadPack = (split) => {
  if (asked || !(split in packs)) return;
  asked = true;
  if (pack?.split !== split) pack = open(split, fetch(new URL(packs[split][0], import.meta.url)));
};
// Decided a moment later, not at once: the console asks for a page's pack just after its
// reads, from tasks that may run after the page starts loading. A timer runs after every one
// of them, so the pack is always known by then. A module of the pack is answered by the pack.
function packedFetch(url) {
  return new Promise((resolve) => setTimeout(resolve, 0)).then(() =>
    pack !== undefined && pack.urls.has(url.href) ? { pack, url } : fetch(url),
  );
}
async function packedInstantiate(src, imports) {
  const body = await src;
  if (body.pack === undefined) return WebAssembly.instantiateStreaming(body, imports);
  // All the pack's modules in one instance, made for the first of them asked for.
  body.pack.instance ??= body.pack.module.then((module) => WebAssembly.instantiate(module, imports));
  try {
    return { instance: await body.pack.instance, module: await body.pack.module };
  } catch {
    // A pack that failed costs nothing but the try: this module comes alone.
    return WebAssembly.instantiateStreaming(fetch(body.url), imports);
  }
}
`;
// wasm-split writes a loader for each chunk, the same but for its file name (in a debug build,
// wrapped in its `debugWrap`, which only logs), and for each split
// point the list of its chunks' loaders: over 400 of each here, 3 KB of brotli in the script
// every page loads. Each chunk's loader is now made when first asked for, from its number, and
// each list is ranges of numbers ("12-40,52").
const chunkLoader =
  /\/\*[^*]*\*\/\s*const __chunk_(\d+) = makeLoad\(\(\) => \{\s*const src = fetch\(new URL\("\.\/chunk_\1\.wasm", import\.meta\.url\)\);\s*src\.catch\(\(\) => \{\}\);\s*return async \(imports\) => (?:debugWrap)?\(WebAssembly\.instantiateStreaming\(src, imports\)\);\s*\}\s*, \[\]\);\n?/g;
const chunkFiles = readdirSync(dir).filter((file) => /^chunk_\d+\.wasm$/.test(file)).length;
let compact = loader.replace(chunkLoader, "");
const removed = (loader.match(chunkLoader) ?? []).length;
compact = compact.replace(/\[(__chunk_\d+(?:, __chunk_\d+)*)?\]\)\);/g, (_, list) => {
  const numbers = (list ?? "").split(", ").filter(Boolean).map((id) => Number(id.slice("__chunk_".length)));
  return `chunks(${JSON.stringify(ranges(numbers))})));`;
});
if (removed !== chunkFiles || compact.includes("__chunk_")) {
  throw new Error(
    `${loaderPath}: ${removed} chunk loaders of ${chunkFiles} chunks recognised; has wasm-split's loader changed?`,
  );
}
const chunkRuntime = `
// Added by scripts/pack-wasm.mjs: a chunk's loader, made from its number when first needed.
const chunkLoads = new Map();
function chunk(n) {
  if (!chunkLoads.has(n)) {
    chunkLoads.set(n, makeLoad(() => {
      const src = packedFetch(new URL(\`./chunk_\${n}.wasm\`, import.meta.url));
      src.catch(() => {});
      return async (imports) => packedInstantiate(src, imports);
    }, []));
  }
  return chunkLoads.get(n);
}
// The chunk numbers a list of ranges ("12-40,52") names: a split point's, or a pack's.
function chunkNumbers(ranges) {
  return ranges.split(",").filter(Boolean).flatMap((range) => {
    const [from, to = from] = range.split("-").map(Number);
    return Array.from({ length: to - from + 1 }, (_, i) => from + i);
  });
}
function chunks(ranges) {
  return chunkNumbers(ranges).map(chunk);
}
`;
const firstSplit = compact.indexOf("export const __wasm_split_load_");
if (firstSplit < 0) throw new Error(`${loaderPath}: no split point's loader found`);
compact = compact.slice(0, firstSplit) + chunkRuntime + compact.slice(firstSplit);
const instantiations = compact.match(/WebAssembly\.instantiateStreaming\(src, imports\)/g)?.length ?? 0;
if (instantiations !== files.size) {
  throw new Error(
    `${loaderPath}: ${instantiations} module instantiations for ${files.size} split points; has wasm-split's loader changed?`,
  );
}
compact = compact
  .replaceAll("fetch(new URL(", "packedFetch(new URL(")
  .replaceAll("WebAssembly.instantiateStreaming(src, imports)", "packedInstantiate(src, imports)");
writeFileSync(loaderPath, compact + runtime);
console.error(
  `pack-wasm: ${Object.keys(packs).length} packs, ${fetches} module fetches rerouted (${Object.keys(packs)
    .map((split) => `${split} ${files.get(split).length}`)
    .join(", ")})`,
);
