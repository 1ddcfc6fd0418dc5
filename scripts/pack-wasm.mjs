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
writeFileSync(loaderPath, loader.replaceAll("fetch(new URL(", "packedFetch(new URL(") + runtime);
console.error(
  `pack-wasm: ${files.size} packs, ${fetches} module fetches rerouted (${[...files]
    .map(([split, names]) => `${split} ${names.length}`)
    .join(", ")})`,
);
