// Packs each split point's wasm modules into one file, so that a page opened from a link
// gets all of its code in one response instead of dozens (scripts/build-wasm.sh runs this on
// wasm-split's output, before minifying the loader).
//
//   node scripts/pack-wasm.mjs DIR
//
// wasm-split cuts the console into a main module, one module per split point (`split_<name>`)
// and shared chunks (`chunk_<n>`), each chunk needed by the split points named in the comment
// the loader (`__wasm_split.js`) writes above it. A page fetches its module and its chunks
// at once, but as 20 to 60 separate requests, most under 1 KB, which browsers queue six at a
// time and compress one by one.
//
// For each split point this writes `pack-<name>.bin`: a 4-byte little-endian length, a JSON
// index `[[file, bytes], …]` of that length, then the files one after the other. It then
// rewrites the loader so that every module is fetched through `packedFetch`, and adds
// `globalThis.faasPreloadPack(name)`, which the console calls (src/pages/mod.rs) for the
// first page of a tab that has its own module: that page's pack is fetched once, and each of
// its modules is answered from it. Later pages fetch only the modules they still lack, one by
// one: a pack would repeat what the first page already loaded.
import { readFileSync, writeFileSync, existsSync, readdirSync } from "node:fs";
import { join } from "node:path";

const dir = process.argv[2];
if (!dir) {
  console.error("usage: node scripts/pack-wasm.mjs DIR");
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

const packs = {};
for (const [split, names] of files) {
  const index = [];
  const bodies = [];
  for (const name of names) {
    const body = readFileSync(join(dir, name));
    index.push([name, body.length]);
    bodies.push(body);
  }
  const head = Buffer.from(JSON.stringify(index));
  const length = Buffer.alloc(4);
  length.writeUInt32LE(head.length);
  const pack = `pack-${split}.bin`;
  writeFileSync(join(dir, pack), Buffer.concat([length, head, ...bodies]));
  packs[split] = pack;
}

const fetches = loader.match(/fetch\(new URL\(/g)?.length ?? 0;
if (fetches === 0 || !existsSync(join(dir, "__wasm_split.js"))) {
  throw new Error(`${loaderPath}: no module fetch to reroute; has wasm-split's loader changed?`);
}
const runtime = `
// Added by scripts/pack-wasm.mjs: the first page's modules come in one pack.
const packs = ${JSON.stringify(packs)};
let pack;
globalThis.faasPreloadPack = (split) => {
  if (pack !== undefined || !(split in packs)) return;
  pack = fetch(new URL(packs[split], import.meta.url))
    .then((response) => (response.ok ? response.arrayBuffer() : Promise.reject(response.status)))
    .then((buffer) => {
      const head = new DataView(buffer).getUint32(0, true);
      const index = JSON.parse(new TextDecoder().decode(new Uint8Array(buffer, 4, head)));
      const modules = new Map();
      let offset = 4 + head;
      for (const [name, length] of index) {
        modules.set(new URL(name, import.meta.url).href, buffer.slice(offset, offset + length));
        offset += length;
      }
      return modules;
    })
    // A pack that fails to arrive costs nothing but the try: each module is fetched alone.
    .catch(() => new Map());
};
// Decided a moment later, not at once: the console asks for a page's pack just after its
// reads, from tasks that may run after the page starts loading. A timer runs after every one
// of them, so the pack is always known by then.
function packedFetch(url) {
  return new Promise((resolve) => setTimeout(resolve, 0)).then(() => {
    if (pack === undefined) return fetch(url);
    return pack.then((modules) => {
      const body = modules.get(url.href);
      if (body === undefined) return fetch(url);
      modules.delete(url.href);
      return new Response(body, { headers: { "Content-Type": "application/wasm" } });
    });
  });
}
`;
// wasm-split writes a loader for each chunk, the same but for its file name, and for each split
// point the list of its chunks' loaders: over 400 of each here, 3 KB of brotli in the script
// every page loads. Each chunk's loader is now made when first asked for, from its number, and
// each list is ranges of numbers ("12-40,52").
const chunkLoader =
  /\/\*[^*]*\*\/\s*const __chunk_(\d+) = makeLoad\(\(\) => \{\s*const src = fetch\(new URL\("\.\/chunk_\1\.wasm", import\.meta\.url\)\);\s*src\.catch\(\(\) => \{\}\);\s*return async \(imports\) => \(WebAssembly\.instantiateStreaming\(src, imports\)\);\s*\}\s*, \[\]\);\n?/g;
const chunkFiles = readdirSync(dir).filter((file) => /^chunk_\d+\.wasm$/.test(file)).length;
let compact = loader.replace(chunkLoader, "");
const removed = (loader.match(chunkLoader) ?? []).length;
const ranges = (numbers) => {
  const out = [];
  for (const n of numbers.sort((a, b) => a - b)) {
    const last = out[out.length - 1];
    if (last !== undefined && last[1] === n - 1) last[1] = n;
    else out.push([n, n]);
  }
  return out.map(([from, to]) => (from === to ? `${from}` : `${from}-${to}`)).join(",");
};
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
      return async (imports) => WebAssembly.instantiateStreaming(src, imports);
    }, []));
  }
  return chunkLoads.get(n);
}
function chunks(ranges) {
  return ranges.split(",").filter(Boolean).flatMap((range) => {
    const [from, to = from] = range.split("-").map(Number);
    return Array.from({ length: to - from + 1 }, (_, i) => chunk(from + i));
  });
}
`;
const firstSplit = compact.indexOf("export const __wasm_split_load_");
if (firstSplit < 0) throw new Error(`${loaderPath}: no split point's loader found`);
compact = compact.slice(0, firstSplit) + chunkRuntime + compact.slice(firstSplit);
writeFileSync(loaderPath, compact.replaceAll("fetch(new URL(", "packedFetch(new URL(") + runtime);
console.error(
  `pack-wasm: ${files.size} packs, ${fetches} module fetches rerouted (${[...files]
    .map(([split, names]) => `${split} ${names.length}`)
    .join(", ")})`,
);
