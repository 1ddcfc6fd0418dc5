// Gives the main module's imports from wasm-bindgen's glue short names, in the wasm and in the
// glue alike (scripts/build-wasm.sh runs this on release builds, after wasm-opt).
//
//   node scripts/short-imports.mjs MAIN.wasm GLUE.js
//
// wasm-bindgen names each import after its function and a hash of its signature
// (`__wbg_createElement_de4a31ed2fb252be`). Every page downloads those 200-odd names twice, in
// the main module's import section and as the keys of the glue's imports object, and their
// hashes do not compress: about 4 KB of brotli in all. Here each becomes `a`, `b`, … `ba`, ….
// Nothing else refers to them: the browser matches imports to the object's keys by name.
//
// Fails, leaving both files as they were, if any name is not found exactly once as a key of
// the glue's imports object (a new wasm-bindgen may write its glue differently).
import { readFileSync, writeFileSync } from "node:fs";

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
const parts = [wasm.subarray(0, 8)];
let at = 8;
let renamed = 0;
while (at < wasm.length) {
  const id = wasm[at];
  const [size, contentStart] = readLeb(wasm, at + 1);
  const contentEnd = contentStart + size;
  if (id !== 2) {
    parts.push(wasm.subarray(at, contentEnd));
    at = contentEnd;
    continue;
  }
  const [count, first] = readLeb(wasm, contentStart);
  const imports = [leb(count)];
  let p = first;
  for (let i = 0; i < count; i++) {
    const [module, afterModule] = readName(wasm, p);
    const [field, afterField] = readName(wasm, afterModule);
    const end = skipDescription(wasm, afterField);
    let newField = field;
    if (module === GLUE_MODULE) {
      newField = shortName(renamed++);
      // The key as wasm-bindgen writes it in its imports object: `        NAME: function(`.
      const key = new RegExp(`(\\n\\s+)${field}(: function\\()`, "g");
      const found = glue.match(key)?.length ?? 0;
      if (found !== 1) {
        throw new Error(`${gluePath}: the import ${field} is a key of the imports object ${found} times, not once`);
      }
      glue = glue.replace(key, `$1${newField}$2`);
    }
    imports.push(name(module), name(newField), wasm.subarray(afterField, end));
    p = end;
  }
  if (p !== contentEnd) throw new Error(`${wasmPath}: the import section does not end where it says`);
  const content = Buffer.concat(imports);
  parts.push(Buffer.from([2]), leb(content.length), content);
  at = contentEnd;
}
if (renamed === 0) throw new Error(`${wasmPath}: no import from ${GLUE_MODULE}`);
writeFileSync(wasmPath, Buffer.concat(parts));
writeFileSync(gluePath, glue);
console.error(`short-imports: ${renamed} imports renamed`);
