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

const [wasmPath, gluePath] = process.argv.slice(2);
if (!wasmPath || !gluePath) {
  console.error("usage: node scripts/short-imports.mjs MAIN.wasm GLUE.js");
  process.exit(2);
}
const GLUE_MODULE = "./faas-console_bg.js";
const wasm = readFileSync(wasmPath);
let glue = readFileSync(gluePath, "utf8");

function readLeb(buf, at) {
  let value = 0n;
  let shift = 0n;
  let byte;
  do {
    byte = buf[at++];
    value |= BigInt(byte & 0x7f) << shift;
    shift += 7n;
  } while (byte & 0x80);
  return [Number(value), at];
}

function leb(n) {
  const out = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return Buffer.from(out);
}

function readName(buf, at) {
  const [length, start] = readLeb(buf, at);
  return [buf.toString("utf8", start, start + length), start + length];
}

function name(text) {
  const bytes = Buffer.from(text, "utf8");
  return Buffer.concat([leb(bytes.length), bytes]);
}

// Where an import's description ends (https://webassembly.github.io/spec/core/binary/modules.html#import-section).
function skipLimits(buf, at) {
  const flags = buf[at++];
  [, at] = readLeb(buf, at);
  if (flags & 1) [, at] = readLeb(buf, at);
  return at;
}

function skipDescription(buf, at) {
  const kind = buf[at++];
  switch (kind) {
    case 0: // function: its type's index
      return readLeb(buf, at)[1];
    case 1: // table: reference type, limits
      return skipLimits(buf, at + 1);
    case 2: // memory: limits
      return skipLimits(buf, at);
    case 3: // global: value type, mutability
      return at + 2;
    case 4: // tag: attribute, type index
      return readLeb(buf, at + 1)[1];
    default:
      throw new Error(`${wasmPath}: import of unknown kind ${kind}`);
  }
}

// a, b, …, z, A, …, Z, ba, bb, …: never a word JavaScript reserves, never `__proto__`.
const LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
function shortName(i) {
  let text = LETTERS[i % LETTERS.length];
  for (i = Math.floor(i / LETTERS.length); i > 0; i = Math.floor(i / LETTERS.length)) {
    text = LETTERS[i % LETTERS.length] + text;
  }
  return text;
}

if (wasm.readUInt32LE(0) !== 0x6d736100) throw new Error(`${wasmPath}: not a wasm module`);
// The exports the split modules import by name, through wasm-split's loader: the imports from
// `__wasm_split` of every other module beside the main one (memory, table, shared global).
const SPLIT_MODULE = "__wasm_split";
function splitImports() {
  const names = new Set(["memory", "__indirect_function_table", "__wasm_split_shared0"]);
  const dir = dirname(wasmPath);
  for (const file of readdirSync(dir)) {
    if (!file.endsWith(".wasm") || file === basename(wasmPath)) continue;
    const module = readFileSync(join(dir, file));
    let at = 8;
    while (at < module.length) {
      const [size, contentStart] = readLeb(module, at + 1);
      if (module[at] === 2) {
        let [count, p] = readLeb(module, contentStart);
        for (let i = 0; i < count; i++) {
          const [from, afterModule] = readName(module, p);
          const [field, afterField] = readName(module, afterModule);
          if (from === SPLIT_MODULE) names.add(field);
          p = skipDescription(module, afterField);
        }
      }
      at = contentStart + size;
    }
  }
  return names;
}
const KEEP_EXPORTS = splitImports();
const escape = (text) => text.replace(/[$]/g, "\\$&");

function renameImports(content) {
  const [count, first] = readLeb(content, 0);
  const imports = [leb(count)];
  let p = first;
  for (let i = 0; i < count; i++) {
    const [module, afterModule] = readName(content, p);
    const [field, afterField] = readName(content, afterModule);
    const end = skipDescription(content, afterField);
    let newField = field;
    if (module === GLUE_MODULE) {
      newField = shortName(renamedImports++);
      // The key as wasm-bindgen writes it in its imports object: `        NAME: function(`.
      const key = new RegExp(`(\\n\\s+)${escape(field)}(: function\\()`, "g");
      const found = glue.match(key)?.length ?? 0;
      if (found !== 1) {
        throw new Error(`${gluePath}: the import ${field} is a key of the imports object ${found} times, not once`);
      }
      glue = glue.replace(key, `$1${newField}$2`);
    }
    imports.push(name(module), name(newField), content.subarray(afterField, end));
    p = end;
  }
  if (p !== content.length) throw new Error(`${wasmPath}: the import section does not end where it says`);
  return Buffer.concat(imports);
}

function renameExports(content) {
  const [count, first] = readLeb(content, 0);
  const exports = [leb(count)];
  let p = first;
  for (let i = 0; i < count; i++) {
    const [field, afterField] = readName(content, p);
    // Kind (one byte), then the index.
    const end = readLeb(content, afterField + 1)[1];
    let newField = field;
    const uses = new RegExp(`\\bwasm\\.${escape(field)}(?![\\w$])`, "g");
    if (!KEEP_EXPORTS.has(field) && uses.test(glue)) {
      newField = `$${shortName(renamedExports++)}`;
      glue = glue.replace(uses, `wasm.${newField}`);
      // Still a property name or a string: the glue reaches the export some other way. (A
      // plain identifier is the glue's own wrapper of the same name, which esbuild renames.)
      if (new RegExp(`[.'"\`]${escape(field)}(?![\\w$])`).test(glue)) {
        throw new Error(`${gluePath}: the export ${field} is named otherwise than as wasm.${field}`);
      }
    }
    exports.push(name(newField), content.subarray(afterField, end));
    p = end;
  }
  if (p !== content.length) throw new Error(`${wasmPath}: the export section does not end where it says`);
  return Buffer.concat(exports);
}

const parts = [wasm.subarray(0, 8)];
let at = 8;
let renamedImports = 0;
let renamedExports = 0;
while (at < wasm.length) {
  const id = wasm[at];
  const [size, contentStart] = readLeb(wasm, at + 1);
  const contentEnd = contentStart + size;
  const content = wasm.subarray(contentStart, contentEnd);
  const renamed = id === 2 ? renameImports(content) : id === 7 ? renameExports(content) : null;
  if (renamed === null) {
    parts.push(wasm.subarray(at, contentEnd));
  } else {
    parts.push(Buffer.from([id]), leb(renamed.length), renamed);
  }
  at = contentEnd;
}
if (renamedImports === 0) throw new Error(`${wasmPath}: no import from ${GLUE_MODULE}`);
if (renamedExports === 0) throw new Error(`${wasmPath}: no export that the glue calls`);
writeFileSync(wasmPath, Buffer.concat(parts));
writeFileSync(gluePath, glue);
console.error(`short-imports: ${renamedImports} imports and ${renamedExports} exports renamed`);
