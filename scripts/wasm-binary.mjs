// The parts of the wasm binary format that the release build's rewrites of the main module
// read and write (scripts/short-imports.mjs, drop-null-elements.mjs, drop-dead-classes.mjs):
// numbers, names, sections, imports and exports
// (https://webassembly.github.io/spec/core/binary/modules.html). Each function that reads
// throws, naming `what` (the file), on a module it cannot read, so that a script fails before
// it writes anything.

// An unsigned LEB128 number at `at`: [value, where it ends].
export function readLeb(buf, at) {
  let value = 0;
  let shift = 0;
  let byte;
  do {
    byte = buf[at++];
    value += (byte & 0x7f) * 2 ** shift;
    shift += 7;
  } while (byte & 0x80);
  return [value, at];
}

// `n` (under 2^32) as an unsigned LEB128 number.
export function leb(n) {
  const out = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return Buffer.from(out);
}

// A name at `at`: [text, where it ends].
export function readName(buf, at) {
  const [length, start] = readLeb(buf, at);
  return [buf.toString("utf8", start, start + length), start + length];
}

// `text` as a name: its length in bytes, then its UTF-8.
export function name(text) {
  const bytes = Buffer.from(text, "utf8");
  return Buffer.concat([leb(bytes.length), bytes]);
}

// The module's sections in order, each its id, its content and its whole bytes (views into
// `wasm`).
export function sections(wasm, what) {
  if (wasm.length < 8 || wasm.readUInt32LE(0) !== 0x6d736100) {
    throw new Error(`${what}: not a wasm module`);
  }
  const found = [];
  let at = 8;
  while (at < wasm.length) {
    const [size, contentStart] = readLeb(wasm, at + 1);
    const end = contentStart + size;
    found.push({ id: wasm[at], content: wasm.subarray(contentStart, end), bytes: wasm.subarray(at, end) });
    at = end;
  }
  if (at !== wasm.length) throw new Error(`${what}: the last section ends past the module`);
  return found;
}

// The module `wasm` with each section for which `replace(id, content)` returns new content
// rewritten with it, the others as they were.
export function rewrite(wasm, what, replace) {
  const parts = [wasm.subarray(0, 8)];
  for (const { id, content, bytes } of sections(wasm, what)) {
    const replaced = replace(id, content);
    if (replaced) parts.push(Buffer.from([id]), leb(replaced.length), replaced);
    else parts.push(bytes);
  }
  return Buffer.concat(parts);
}

// The entries of a vector section (`count`, then the entries), each read by `readEntry(content,
// at)`, which returns [entry, where it ends].
function readVector(content, what, section, readEntry) {
  let [count, at] = readLeb(content, 0);
  const entries = [];
  for (let i = 0; i < count; i++) {
    let entry;
    [entry, at] = readEntry(content, at);
    entries.push(entry);
  }
  if (at !== content.length) throw new Error(`${what}: the ${section} section does not end where it says`);
  return entries;
}

function skipLimits(buf, at) {
  const flags = buf[at++];
  [, at] = readLeb(buf, at);
  if (flags & 1) [, at] = readLeb(buf, at);
  return at;
}

// Where an import's description (its kind, then what it is) ends.
function skipImportDescription(buf, at, what) {
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
      throw new Error(`${what}: import of unknown kind ${kind}`);
  }
}

// An import section's entries: { module, field, kind, description } (the description's bytes,
// its kind first, as they are).
export function readImports(content, what) {
  return readVector(content, what, "import", (buf, at) => {
    const [module, afterModule] = readName(buf, at);
    const [field, afterField] = readName(buf, afterModule);
    const end = skipImportDescription(buf, afterField, what);
    const description = buf.subarray(afterField, end);
    return [{ module, field, kind: description[0], description }, end];
  });
}

export function writeImports(imports) {
  return Buffer.concat([
    leb(imports.length),
    ...imports.flatMap((i) => [name(i.module), name(i.field), i.description]),
  ]);
}

// An export section's entries: { field, description } (its kind and index's bytes).
export function readExports(content, what) {
  return readVector(content, what, "export", (buf, at) => {
    const [field, afterField] = readName(buf, at);
    // Kind (one byte), then the index.
    const end = readLeb(buf, afterField + 1)[1];
    return [{ field, description: buf.subarray(afterField, end) }, end];
  });
}

export function writeExports(exports) {
  return Buffer.concat([
    leb(exports.length),
    ...exports.flatMap((e) => [name(e.field), e.description]),
  ]);
}
