// Gives the main module's imports from wasm-bindgen's glue, and its exports to the glue, short
// names, in the wasm and in the glue alike (scripts/build-wasm.sh runs this on release builds,
// after wasm-opt).
//
//   node scripts/short-imports.mjs MAIN.wasm GLUE.js
//
// wasm-bindgen names each import after its function and a hash of its signature
// (`__wbg_createElement_de4a31ed2fb252be`). Every page downloads those 200-odd names twice, in
// the main module's import section and as the keys of the glue's imports object, and their
// hashes do not compress: about 4 KB of brotli in all. Here each becomes `a`, `b`, … `ba`, ….
// Nothing else refers to them: the browser matches imports to the object's keys by name.
//
// The exports that the glue calls are named the same way twice, in the export section and as
// `wasm.NAME` in the glue, and the closures' entry points among them by their mangled Rust
// paths, 150 characters each (`_RINvNvNtNtCs…closures…invoke…`): each becomes `$a`, `$b`, ….
// The exports that the split modules beside the main one import by name (the memory, the
// table, wasm-split's shared global) keep theirs, and so does any export the glue does not
// name.
//
// Fails, leaving both files as they were, if any import name is not found exactly once as a
// key of the glue's imports object, or if the glue reaches an export it renames other than as
// `wasm.NAME`, by another property or a string (a new wasm-bindgen may write its glue
// differently).
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { readExports, readImports, rewrite, sections, writeExports, writeImports } from "./wasm-binary.mjs";

const [wasmPath, gluePath] = process.argv.slice(2);
if (!wasmPath || !gluePath) {
  console.error("usage: node scripts/short-imports.mjs MAIN.wasm GLUE.js");
  process.exit(2);
}
const GLUE_MODULE = "./faas-console_bg.js";
const wasm = readFileSync(wasmPath);
let glue = readFileSync(gluePath, "utf8");

// a, b, …, z, A, …, Z, ba, bb, …: never a word JavaScript reserves, never `__proto__`.
const LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
function shortName(i) {
  let text = LETTERS[i % LETTERS.length];
  for (i = Math.floor(i / LETTERS.length); i > 0; i = Math.floor(i / LETTERS.length)) {
    text = LETTERS[i % LETTERS.length] + text;
  }
  return text;
}

// The exports the split modules import by name, through wasm-split's loader: the imports from
// `__wasm_split` of every other module beside the main one (memory, table, shared global).
const SPLIT_MODULE = "__wasm_split";
function splitImports() {
  const names = new Set(["memory", "__indirect_function_table", "__wasm_split_shared0"]);
  const dir = dirname(wasmPath);
  for (const file of readdirSync(dir)) {
    if (!file.endsWith(".wasm") || file === basename(wasmPath)) continue;
    const path = join(dir, file);
    for (const { id, content } of sections(readFileSync(path), path)) {
      if (id !== 2) continue;
      for (const { module, field } of readImports(content, path)) {
        if (module === SPLIT_MODULE) names.add(field);
      }
    }
  }
  return names;
}
const KEEP_EXPORTS = splitImports();
const escape = (text) => text.replace(/[$]/g, "\\$&");

function renameImports(content) {
  const imports = readImports(content, wasmPath);
  for (const entry of imports) {
    if (entry.module !== GLUE_MODULE) continue;
    const field = entry.field;
    entry.field = shortName(renamedImports++);
    // The key as wasm-bindgen writes it in its imports object: `        NAME: function(`.
    const key = new RegExp(`(\\n\\s+)${escape(field)}(: function\\()`, "g");
    const found = glue.match(key)?.length ?? 0;
    if (found !== 1) {
      throw new Error(`${gluePath}: the import ${field} is a key of the imports object ${found} times, not once`);
    }
    glue = glue.replace(key, `$1${entry.field}$2`);
  }
  return writeImports(imports);
}

function renameExports(content) {
  const exports = readExports(content, wasmPath);
  for (const entry of exports) {
    const field = entry.field;
    const uses = new RegExp(`\\bwasm\\.${escape(field)}(?![\\w$])`, "g");
    if (KEEP_EXPORTS.has(field) || !uses.test(glue)) continue;
    entry.field = `$${shortName(renamedExports++)}`;
    glue = glue.replace(uses, `wasm.${entry.field}`);
    // Still a property name or a string: the glue reaches the export some other way. (A
    // plain identifier is the glue's own wrapper of the same name, which esbuild renames.)
    if (new RegExp(`[.'"\`]${escape(field)}(?![\\w$])`).test(glue)) {
      throw new Error(`${gluePath}: the export ${field} is named otherwise than as wasm.${field}`);
    }
  }
  return writeExports(exports);
}

let renamedImports = 0;
let renamedExports = 0;
const renamed = rewrite(wasm, wasmPath, (id, content) =>
  id === 2 ? renameImports(content) : id === 7 ? renameExports(content) : null,
);
if (renamedImports === 0) throw new Error(`${wasmPath}: no import from ${GLUE_MODULE}`);
if (renamedExports === 0) throw new Error(`${wasmPath}: no export that the glue calls`);
writeFileSync(wasmPath, renamed);
writeFileSync(gluePath, glue);
console.error(`short-imports: ${renamedImports} imports and ${renamedExports} exports renamed`);
