// Drops, from the main module and wasm-bindgen's glue, the exported classes of which no
// instance can ever exist (scripts/build-wasm.sh runs this on release builds, between
// wasm-bindgen and wasm-opt, so that wasm-opt then drops the code only they reached).
//
//   node scripts/drop-dead-classes.mjs MAIN.wasm GLUE.js
//
// A Rust type exported with #[wasm_bindgen] is a class of the glue whose methods call exports
// of the main module. Exports are roots: wasm-opt keeps their code whether or not anything
// calls it. Leptos depends on server_fn's browser client, which depends on wasm-streams, whose
// three adapters between Rust streams and the browser's (IntoUnderlyingSource, …Sink,
// …ByteSource) are such classes; the console streams nothing, and 1.3 KB of brotli of their
// code came with every first load. An instance of a class reaches JavaScript either from Rust
// (the glue's `X.__wrap`, which wasm-bindgen writes only for a type that Rust code hands over)
// or from a constructor; a class with neither can have none. Each such class is taken out of
// the glue (its declaration, its `Symbol.dispose` line and its finalization registry), and
// the exports that only its methods called out of the main module.
//
// Fails, leaving both files as they were, if the glue still names a dropped class afterwards
// (a new wasm-bindgen may write its glue differently).
import { readFileSync, writeFileSync } from "node:fs";
import { readExports, rewrite, writeExports } from "./wasm-binary.mjs";

const [wasmPath, gluePath] = process.argv.slice(2);
if (!wasmPath || !gluePath) {
  console.error("usage: node scripts/drop-dead-classes.mjs MAIN.wasm GLUE.js");
  process.exit(2);
}
const wasm = readFileSync(wasmPath);
let glue = readFileSync(gluePath, "utf8");
const fail = (why) => {
  throw new Error(`${gluePath}: ${why}`);
};
const escape = (text) => text.replace(/[$]/g, "\\$&");
const named = (name) => new RegExp(`(?<![\\w$])${escape(name)}(?![\\w$])`);

// Cuts `text` out of the glue, which must hold it exactly once.
function cut(text, what) {
  const at = glue.indexOf(text);
  if (at < 0 || glue.indexOf(text, at + 1) >= 0) fail(`${what} is not in the glue exactly once`);
  glue = glue.slice(0, at) + glue.slice(at + text.length);
  return text;
}

const classes = [];
const called = new Set();
for (const [, name] of glue.matchAll(/^export class ([\w$]+) \{\n/gm)) {
  const start = glue.indexOf(`export class ${name} {\n`);
  // The class ends at the first line that is a closing brace alone.
  const end = glue.indexOf("\n}\n", start);
  if (end < 0) fail(`the class ${name} does not end as expected`);
  const declaration = glue.slice(start, end + 3);
  if (declaration.includes("static __wrap(") || declaration.includes("constructor(")) continue;
  const removed = [cut(declaration, `the class ${name}`)];
  const dispose = glue.match(
    new RegExp(`^if \\(Symbol\\.dispose\\) ${escape(name)}\\.prototype\\[Symbol\\.dispose\\] = .*\\n`, "m"),
  );
  if (dispose) removed.push(cut(dispose[0], `${name}'s Symbol.dispose`));
  const registry = glue.match(new RegExp(`^const ${escape(name)}Finalization = [^;]*;\\n`, "m"));
  if (registry) removed.push(cut(registry[0], `${name}'s finalization registry`));
  for (const [, field] of removed.join("").matchAll(/\bwasm\.([\w$]+)/g)) called.add(field);
  classes.push(name);
}
for (const name of classes) {
  if (named(name).test(glue)) fail(`the dropped class ${name} is still named`);
}
// What the dropped classes called and nothing left calls (an allocator that other code of the
// glue calls too stays).
const exports = new Set([...called].filter((field) => !named(field).test(glue)));

// The export section without the exports that only the dropped classes called.
let dropped = 0;
const trimmed = rewrite(wasm, wasmPath, (id, content) => {
  if (id !== 7) return null;
  const all = readExports(content, wasmPath);
  const kept = all.filter((e) => !exports.has(e.field));
  dropped = all.length - kept.length;
  return writeExports(kept);
});
if (dropped !== exports.size) {
  fail(`the glue's dropped classes call ${exports.size} exports, the module has ${dropped} of them`);
}
writeFileSync(wasmPath, trimmed);
writeFileSync(gluePath, glue);
console.error(`drop-dead-classes: ${classes.length} classes (${classes.join(", ")}) and ${dropped} exports dropped`);
