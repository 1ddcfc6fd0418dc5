// Drops the element segments of the main module that only write nulls into its function table
// (scripts/build-wasm.sh runs this on release builds, after wasm-opt).
//
//   node scripts/drop-null-elements.mjs MAIN.wasm
//
// wasm-split keeps every function's slot in the one table that all modules share: a function
// that moved to a split module leaves, in the main module, a `ref.null` in its slot, which the
// split module fills with the function when it loads. They come as some 570 segments of up to
// sixty nulls each (a few empty), 14 KB of the main module and 1.7 KB of its brotli, which every page
// downloads. They write what is there already: a table the module defines starts with every
// slot null. Without them the module instantiates to the same table.
//
// Fails, leaving the file as it was, on anything it does not expect: a table that is imported
// or has an initial value (its slots would not start null), a segment of a kind or an element
// expression other than those wasm-split writes, or a null segment that overlaps a kept one
// (dropping it would not be a no-op). The kept segments are numbered anew; every segment is
// active, and an active segment is dropped as the module is instantiated, so no instruction
// (`table.init`, `elem.drop`) can copy from one afterwards.
import { readFileSync, writeFileSync } from "node:fs";
import { leb, readImports, readLeb, rewrite } from "./wasm-binary.mjs";

const [wasmPath] = process.argv.slice(2);
if (!wasmPath) {
  console.error("usage: node scripts/drop-null-elements.mjs MAIN.wasm");
  process.exit(2);
}
const wasm = readFileSync(wasmPath);
const fail = (why) => {
  throw new Error(`${wasmPath}: ${why}`);
};

// `i32.const N end`, a segment's offset; N is a signed LEB, never negative here.
function readOffset(buf, at) {
  if (buf[at] !== 0x41) fail("an element segment's offset is not an i32.const");
  const [offset, end] = readLeb(buf, at + 1);
  if (buf[end - 1] & 0x40) fail("an element segment's offset is negative");
  if (buf[end] !== 0x0b) fail("an element segment's offset is more than one constant");
  return [offset, end + 1];
}

// One segment from `at`: its slots and whether every element is null. The two kinds
// wasm-split writes: 0 (active, table 0, function indices) and 4 (active, table 0, element
// expressions, each `ref.null func` or `ref.func N`).
function readSegment(buf, at) {
  const [flags, afterFlags] = readLeb(buf, at);
  if (flags !== 0 && flags !== 4) fail(`an element segment of kind ${flags}`);
  let [offset, p] = readOffset(buf, afterFlags);
  const [count, first] = readLeb(buf, p);
  p = first;
  let allNull = true; // so is an empty segment: it writes nothing
  for (let i = 0; i < count; i++) {
    if (flags === 0) {
      [, p] = readLeb(buf, p);
      allNull = false;
    } else if (buf[p] === 0xd0 && buf[p + 1] === 0x70 && buf[p + 2] === 0x0b) {
      p += 3;
    } else if (buf[p] === 0xd2) {
      [, p] = readLeb(buf, p + 1);
      if (buf[p++] !== 0x0b) fail("an element expression longer than one ref.func");
      allNull = false;
    } else {
      fail(`an element expression starting with 0x${buf[p].toString(16)}`);
    }
  }
  return { start: offset, end: offset + count, allNull, bytes: buf.subarray(at, p), next: p };
}

// The element section without its null segments; the sections before it say whether the
// table starts null.
function dropNulls(content) {
  if (!definesTable) fail("the table is not defined by the main module");
  let [count, p] = readLeb(content, 0);
  const segments = [];
  for (let i = 0; i < count; i++) {
    const segment = readSegment(content, p);
    segments.push(segment);
    p = segment.next;
  }
  if (p !== content.length) fail("the element section does not end where it says");
  const kept = segments.filter((s) => !s.allNull);
  for (const nulls of segments.filter((s) => s.allNull)) {
    if (kept.some((s) => s.start < nulls.end && nulls.start < s.end)) {
      fail(`the null segment at slot ${nulls.start} overlaps a segment of functions`);
    }
  }
  dropped = segments.length - kept.length;
  return Buffer.concat([leb(kept.length), ...kept.map((s) => s.bytes)]);
}

let definesTable = false;
let dropped = 0;
const trimmed = rewrite(wasm, wasmPath, (id, content) => {
  if (id === 2 && readImports(content, wasmPath).some((i) => i.kind === 1)) {
    fail("the table is imported");
  }
  if (id === 4) {
    // Each table type: a reference type then limits; 0x40 starts one with an initial value
    // for its slots (function references), which would not be null.
    const [count, first] = readLeb(content, 0);
    if (count > 0 && content[first] === 0x40) fail("the table has an initial value other than null");
    definesTable = true;
  }
  return id === 9 ? dropNulls(content) : null;
});
writeFileSync(wasmPath, trimmed);
console.error(`drop-null-elements: ${dropped} segments of nulls dropped`);
