// Merges each page's wasm modules into one, its pack, so that a page gets all of its code in
// one response and one instantiation instead of dozens (scripts/build-wasm.sh runs this on
// wasm-split's output, before minifying the loader).
//
//   node scripts/pack-wasm.mjs DIR --linked LINKED.wasm   (LINKED: the module before the split)
//   node scripts/pack-wasm.mjs DIR --no-packs
//
// wasm-split cuts the console into a main module, one module per split point (`split_<name>`)
// and shared chunks (`chunk_<n>`), each chunk needed by the split points named in the comment
// the loader (`__wasm_split.js`) writes above it. A page fetches its module and its chunks
// at once, but as 20 to 60 separate requests, most under 1 KB, which browsers queue six at a
// time and compress one by one.
//
// For each split point (a page, or code that only an action needs) this writes
// `pack-<name>.wasm`: its module and every chunk it needs, merged into one wasm module. Each
// of them is code, table entries and data at fixed places and nothing else (no exports, no
// start, the same three imports): instantiating the merged module is instantiating all of
// them, in one step instead of some hundred (each costs about 0.3 ms of the main thread), and
// its one header, import and type section compress better. (Every page that the start script
// may ask for, src/pages/first_packs.json, is checked to be a split point.) It then rewrites
// the loader so that every module is fetched through `packedFetch` and instantiated through
// `packedInstantiate`, each split point's loader made by `packed`, and adds
// `globalThis.faasPreloadPack(name)`, which the console calls (src/pages/mod.rs) for every page
// it shows and each split point's loader before its modules: the pack is fetched (for the
// first page, taken from the start script, which asked for it already: `faasEarlyPack`,
// scripts/build-wasm.sh), compiled as it streams in, and instantiated when the first of its
// modules is asked for.
//
// A later pack repeats modules that earlier ones run already (their shared chunks): more
// bytes, but one request instead of the hundred-odd a page reached in the console fetched
// six at a time (a revision after its package: 109 modules, its code shown 869 ms after the
// click; its pack, 94 ms; a function's Test tab: 67 modules, 868 ms; 72 ms). A repeated
// module's code is harmless (the same functions at the same table slots, on the same
// memory), but instantiating it writes its data again: its writable data (its part of the
// linked module's .data and .bss, `--linked`) is put back as it was, in the same synchronous
// step. Code that lacks at most six modules gets them alone.
import { readFileSync, writeFileSync, existsSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import binaryen from "binaryen";

const [dir, ...options] = process.argv.slice(2);
const noPacks = options.includes("--no-packs");
const linked = options[options.indexOf("--linked") + 1];
if (!dir || (!noPacks && (!options.includes("--linked") || !linked))) {
  console.error("usage: node scripts/pack-wasm.mjs DIR (--linked LINKED.wasm | --no-packs)");
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

// A set of chunk numbers as the loader writes it: a bitmap (bit n of byte n >> 3 for chunk
// n) in base64. Each split point needs some hundred of the 500-odd chunks, scattered: as
// ranges of numbers ("12-40,52") the lists were 2.3 KB of brotli in the script every page
// loads, as bitmaps 1.5 KB.
const chunkSet = (numbers) => {
  const bytes = Buffer.alloc(numbers.length === 0 ? 0 : (Math.max(...numbers) >> 3) + 1);
  for (const n of numbers) bytes[n >> 3] |= 1 << (n & 7);
  return bytes.toString("base64");
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
const modules = new Map(); // file → what readModule found in it
// A module's text, read once for every pack that holds it; and its data in the console's
// writable memory (`writable`, the linked module's ranges), [offset, length] each, found in
// its data segments as binaryen prints them.
function readModule(file) {
  if (!modules.has(file)) {
    const module = binaryen.readBinary(readFileSync(join(dir, file)), FEATURES);
    const wat = module.emitText();
    module.dispose();
    const data = [];
    for (const [, offset, bytes] of wat.matchAll(/\(data \$\S+ \(i32\.const (\d+)\) "((?:[^"\\]|\\.)*)"\)/g)) {
      const [from, length] = [Number(offset), watStringLength(bytes)];
      if (length > 0 && writable.some(([start, end]) => from < end && start < from + length)) {
        data.push([from, length]);
      }
    }
    modules.set(file, { wat, data });
  }
  return modules.get(file);
}
// One module's definitions as text, every name (`$…`, outside the strings of its data) given
// `prefix` so that no two modules' names meet; its imports apart, with their minimum sizes.
function definitions(file, prefix) {
  const imports = [];
  const own = [];
  for (const line of readModule(file).wat.trim().replace(/^\(module/, "").replace(/\)$/, "").split("\n")) {
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

// The length in bytes of a string of the text format (`"a\00\t…"`).
function watStringLength(text) {
  let length = 0;
  for (let i = 0; i < text.length; i++, length++) {
    if (text.charCodeAt(i) > 0x7e) throw new Error("a data segment's text with a character unescaped");
    if (text[i] !== "\\") continue;
    if (/[0-9a-fA-F]/.test(text[i + 1])) i += 2;
    else if (text[i + 1] === "u") throw new Error("a \\u{…} escape in a data segment");
    else i += 1;
  }
  return length;
}

// Where the console's writable statics are: the ranges of the linked module's `.data`, `.bss`
// and `.tdata` segments, by the names its name section gives its data segments. wasm-split
// keeps every datum at its address, so a module's data in these ranges is writable state.
function writableRanges(file) {
  const bytes = readFileSync(file);
  let at = 8;
  const leb = () => {
    let value = 0;
    for (let shift = 0; ; shift += 7) {
      const byte = bytes[at++];
      value += (byte & 0x7f) * 2 ** shift;
      if (byte < 0x80) return value;
    }
  };
  const segments = []; // [offset, length] by index
  const names = new Map(); // index → name
  while (at < bytes.length) {
    const id = bytes[at++];
    const size = leb();
    const end = at + size;
    if (id === 11) {
      for (let n = leb(); n > 0; n--) {
        const flags = leb();
        if (flags === 1) {
          segments.push(undefined); // passive: placed by code, not here
        } else {
          if (flags === 2) leb();
          if (bytes[at++] !== 0x41) throw new Error(`${file}: a data segment not at an i32.const`);
          const offset = leb(); // an address below 2^31: the signed reading is the same
          if (bytes[at++] !== 0x0b) throw new Error(`${file}: a data segment's offset is not a constant`);
          segments.push([offset, leb()]);
          at = at + segments[segments.length - 1][1];
          continue;
        }
        at += leb();
      }
    } else if (id === 0) {
      const nameLength = leb();
      const name = bytes.toString("utf8", at, at + nameLength);
      at += nameLength;
      while (name === "name" && at < end) {
        const kind = bytes[at++];
        const length = leb();
        const next = at + length;
        if (kind === 9) {
          for (let n = leb(); n > 0; n--) {
            const index = leb();
            const textLength = leb();
            names.set(index, bytes.toString("utf8", at, at + textLength));
            at += textLength;
          }
        }
        at = next;
      }
    }
    at = end;
  }
  const ranges = [];
  for (const [index, name] of names) {
    if (/^\.(data|bss|tdata|tbss)\b/.test(name) && segments[index]) {
      const [offset, length] = segments[index];
      ranges.push([offset, offset + length]);
    }
  }
  if (ranges.length === 0) throw new Error(`${file}: no .data or .bss segment named; has the linker changed?`);
  return ranges;
}

// A debug build (`--no-packs`) has modules too large to merge in good time, and none of its
// own tools to spare: its pages load their modules one by one.
// Every page the start script may ask for must have its pack.
const pages = noPacks
  ? []
  : JSON.parse(
      readFileSync(join(dirname(fileURLToPath(import.meta.url)), "../src/pages/first_packs.json"), "utf8"),
    ).map(([, split]) => split);
for (const split of pages) {
  if (!files.has(split)) throw new Error(`first_packs.json names ${split}, which is no split point`);
}
const writable = noPacks ? [] : writableRanges(linked);
// Every split point's pack, `pack-<split point>.wasm`.
for (const split of noPacks ? [] : [...files.keys()].sort()) {
  writeFileSync(join(dir, `pack-${split}.wasm`), merge(files.get(split)));
}
// The modules' writable data, by file: of every module that a pack holds.
const writableData = Object.fromEntries(
  [...modules].filter(([, { data }]) => data.length > 0).map(([file, { data }]) => [file, data]),
);

const fetches = loader.match(/fetch\(new URL\(/g)?.length ?? 0;
if (fetches === 0 || !existsSync(join(dir, "__wasm_split.js"))) {
  throw new Error(`${loaderPath}: no module fetch to reroute; has wasm-split's loader changed?`);
}
// Before the split points' loaders, which it makes (\`packed\`).
const runtimeHead = `
// Added by scripts/pack-wasm.mjs: a page's modules come in one, its pack.
// Whether each split point has a pack (pack-<split point>.wasm): not in a debug build.
const havePacks = ${!noPacks};
// The modules whose data lies in the console's writable memory: [offset, length] by file.
const writableData = ${JSON.stringify(writableData)};
const splitChunks = new Map(); // split point → its chunks' numbers (\`chunkSet\`)
// Every module instantiated so far (its URL), alone or in a pack.
const loaded = new Set();
const opened = []; // packs asked for: { split, urls: Set<string>, module, instance? }
const href = (file) => new URL(file, import.meta.url).href;
// The modules of a split point, and so of its pack: its own and its chunks.
const members = (split) => [
  ...chunkNumbers(splitChunks.get(split)).map((n) => \`./chunk_\${n}.wasm\`),
  \`./split_\${split}.wasm\`,
].map(href);
function open(split, response) {
  // Compiled as it streams in, off the main thread, while the main module starts.
  const module = WebAssembly.compileStreaming(response);
  module.catch(() => {});
  opened.push({ split, urls: new Set(members(split)), module, instance: undefined });
}
// Called for a split point's code before its modules are asked for: by the console for every
// page it shows (src/pages/mod.rs), by the loader for every split point. Code whose modules
// are mostly there already (or on their way in a pack) gets the few it lacks alone;
// otherwise its pack, which also repeats modules that run already: one request instead of
// dozens, six at a time.
globalThis.faasPreloadPack = (split) => {
  if (!havePacks || opened.some((pack) => pack.split === split)) return;
  const coming = (url) => loaded.has(url) || opened.some((pack) => pack.urls.has(url));
  // Up to a browser's six requests at a time come in one round: not worth the repeats.
  if (members(split).filter((url) => !coming(url)).length > 6) {
    open(split, fetch(href(\`./pack-\${split}.wasm\`)));
  }
};
// A split point's loader (wasm-split's, with its chunks as a set), asking for its pack first.
function packed(split, set, fetcher) {
  splitChunks.set(split, set);
  const load = makeLoad(fetcher, chunks(set));
  return () => {
    globalThis.faasPreloadPack(split);
    return load();
  };
}
// Decided a moment later, not at once: the console asks for a page's pack just after its
// reads, from tasks that may run after the page starts loading. A timer runs after every one
// of them, so the pack is always known by then. A module of a pack asked for (the first that
// holds it) is answered by that pack.
function packedFetch(url) {
  return new Promise((resolve) => setTimeout(resolve, 0)).then(() => {
    const pack = opened.find((pack) => pack.urls.has(url.href));
    return pack !== undefined ? { pack, url } : fetch(url);
  });
}
// One instance of all of the pack's modules. Instantiating writes every module's data at its
// place: the writable data of a module that is running already (a later pack repeats the
// modules before it) is put back as it was, in the same synchronous step.
function instantiatePack(pack, module, imports) {
  const memory = imports.__wasm_split.memory;
  const kept = [...pack.urls]
    .filter((url) => loaded.has(url))
    .flatMap((url) => writableData[url.slice(url.lastIndexOf("/") + 1)] ?? [])
    .map(([offset, length]) => [offset, new Uint8Array(memory.buffer, offset, length).slice()]);
  const instance = new WebAssembly.Instance(module, imports);
  for (const [offset, bytes] of kept) new Uint8Array(memory.buffer, offset, bytes.length).set(bytes);
  for (const url of pack.urls) loaded.add(url);
  return instance;
}
async function packedInstantiate(src, imports) {
  const body = await src;
  if (body.pack === undefined) {
    const result = await WebAssembly.instantiateStreaming(body, imports);
    loaded.add(body.url);
    return result;
  }
  body.pack.instance ??= body.pack.module.then((module) => instantiatePack(body.pack, module, imports));
  try {
    return { instance: await body.pack.instance, module: await body.pack.module };
  } catch {
    // A pack that failed costs nothing but the try: this module comes alone.
    const result = await WebAssembly.instantiateStreaming(fetch(body.url), imports);
    loaded.add(body.url.href);
    return result;
  }
}
`;
// After the loaders: the pack the start script asked for beside the main module
// (scripts/build-wasm.sh), now that its split point's chunks are known.
const runtimeTail = `
const early = globalThis.faasEarlyPack;
if (havePacks && early !== undefined && splitChunks.has(early.split)) open(early.split, early.response);
`;
// wasm-split writes a loader for each chunk, the same but for its file name (in a debug build,
// wrapped in its `debugWrap`, which only logs), and for each split
// point the list of its chunks' loaders: over 400 of each here, 3 KB of brotli in the script
// every page loads. Each chunk's loader is now made when first asked for, from its number, and
// each list is a set of numbers (`chunkSet`).
const chunkLoader =
  /\/\*[^*]*\*\/\s*const __chunk_(\d+) = makeLoad\(\(\) => \{\s*const src = fetch\(new URL\("\.\/chunk_\1\.wasm", import\.meta\.url\)\);\s*src\.catch\(\(\) => \{\}\);\s*return async \(imports\) => (?:debugWrap)?\(WebAssembly\.instantiateStreaming\(src, imports\)\);\s*\}\s*, \[\]\);\n?/g;
const chunkFiles = readdirSync(dir).filter((file) => /^chunk_\d+\.wasm$/.test(file)).length;
let compact = loader.replace(chunkLoader, "");
const removed = (loader.match(chunkLoader) ?? []).length;
compact = compact.replace(/\[(__chunk_\d+(?:, __chunk_\d+)*)?\]\)\);/g, (_, list) => {
  const numbers = (list ?? "").split(", ").filter(Boolean).map((id) => Number(id.slice("__chunk_".length)));
  return `chunks(${JSON.stringify(chunkSet(numbers))})));`;
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
// The chunk numbers a set names (a bitmap in base64, scripts/pack-wasm.mjs: \`chunkSet\`).
function chunkNumbers(set) {
  const numbers = [];
  const bytes = atob(set);
  for (let n = 0; n < bytes.length * 8; n += 1) {
    if (bytes.charCodeAt(n >> 3) & (1 << (n & 7))) numbers.push(n);
  }
  return numbers;
}
function chunks(set) {
  return chunkNumbers(set).map(chunk);
}
`;
const firstSplit = compact.indexOf("export const __wasm_split_load_");
if (firstSplit < 0) throw new Error(`${loaderPath}: no split point's loader found`);
compact = compact.slice(0, firstSplit) + chunkRuntime + runtimeHead + compact.slice(firstSplit);
const instantiations = compact.match(/WebAssembly\.instantiateStreaming\(src, imports\)/g)?.length ?? 0;
if (instantiations !== files.size) {
  throw new Error(
    `${loaderPath}: ${instantiations} module instantiations for ${files.size} split points; has wasm-split's loader changed?`,
  );
}
// Every split point's loader is made by \`packed\`, which asks for its pack first.
const splitLoader = /export const __wasm_split_load_(\w+) = wrapAsyncCb\(makeLoad\(([\s\S]*?), chunks\(("[^"]*")\)\)\);/g;
let wrapped = 0;
compact = compact.replace(splitLoader, (_, split, fetcher, set) => {
  wrapped += 1;
  return `export const __wasm_split_load_${split} = wrapAsyncCb(packed(${JSON.stringify(split)}, ${set}, ${fetcher}));`;
});
if (wrapped !== files.size) {
  throw new Error(`${loaderPath}: ${wrapped} split point loaders wrapped of ${files.size}; has wasm-split's loader changed?`);
}
compact = compact
  .replaceAll("fetch(new URL(", "packedFetch(new URL(")
  .replaceAll("WebAssembly.instantiateStreaming(src, imports)", "packedInstantiate(src, imports)");
writeFileSync(loaderPath, compact + runtimeTail);
console.error(
  `pack-wasm: ${noPacks ? 0 : files.size} packs, ${fetches} module fetches rerouted (${[...files.keys()]
    .sort()
    .map((split) => `${split} ${files.get(split).length}`)
    .join(", ")})`,
);
