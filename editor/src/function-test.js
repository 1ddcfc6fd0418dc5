// Runs a function's code on a test event in a dedicated Web Worker: the browser's own engine,
// no DOM, an opaque origin (a data: URL), no network, and terminate() for Stop and the timeout.
// The mocks of PubNub's modules and the per-run limits are runtime/prelude.js, the same file the
// reference server runs in QuickJS, so both engines return the same result document.
import preludeSource from "../../runtime/prelude.js" with { type: "text" };

// Line 1 of the worker's script is the prelude, then the user's first line. The prelude is
// written to mean the same on one line (its rule is at its top), so every line:column of the
// user's code stays exact, but for the columns of line 1, which the prelude shifts back by its
// length. compose() rewrites the code exactly as the server's compose_script does
// (crates/faas-server/src/function_test), so both engines run the same script.
const PRELUDE = preludeSource.replace(/\r?\n/g, " ");

const EXPORT_DEFAULT = "export default";
const HANDLER = "self.__fn__ = ";
const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

// `import X from 'm'`, `import * as X from 'm'` or `import { a, b as c } from 'm'` at the start
// of `s`: [the same-length `var X=__r('m')` padded with spaces, the length replaced], or null.
function rewriteImport(s) {
  const m = s.match(/^import(?=[ \t{*])[ \t]*(\{([^}]*)\}|\*[ \t]*as[ \t]+([A-Za-z0-9_$]+)|([A-Za-z0-9_$]+))[ \t]*from[ \t]*(['"])([^'"\\\n]*)\5/);
  if (!m) return null;
  let binding;
  if (m[2] !== undefined) {
    const names = [];
    for (const part of m[2].split(",")) {
      const words = part.split(/\s+/).filter(Boolean);
      if (words.length === 0) continue;
      if (words.length === 1 && IDENT.test(words[0])) names.push(words[0]);
      else if (words.length === 3 && words[1] === "as" && IDENT.test(words[0]) && IDENT.test(words[2]))
        names.push(`${words[0]}: ${words[2]}`);
      else return null;
    }
    binding = `{ ${names.join(", ")} }`;
  } else {
    binding = m[3] ?? m[4];
    if (!IDENT.test(binding) || binding === "from") return null;
  }
  const out = `var ${binding}=__r(${m[5]}${m[6]}${m[5]})`;
  return out.length > m[0].length ? null : [out.padEnd(m[0].length), m[0].length];
}

export function compose(code) {
  let script = PRELUDE;
  let exported = false;
  for (const line of code.split(/(?<=\n)/)) {
    const rest = line.replace(/^[ \t]*/, "");
    script += line.slice(0, line.length - rest.length);
    const imported = rewriteImport(rest);
    if (!exported && rest.startsWith(EXPORT_DEFAULT)) {
      exported = true;
      script += HANDLER + rest.slice(EXPORT_DEFAULT.length);
    } else if (imported) {
      script += imported[0] + rest.slice(imported[1]);
    } else {
      script += rest;
    }
  }
  return (
    script +
    `\n;self.__faasPreludeLength=${PRELUDE.length};` +
    "self.onmessage=async(e)=>self.postMessage(await self.__faasRun(e.data));" +
    "\n//# sourceURL=function.js"
  );
}

// "Uncaught SyntaxError: Unexpected token ';'" → ["SyntaxError", "Unexpected token ';'"].
function splitMessage(message) {
  const text = String(message ?? "Error").replace(/^Uncaught\s+/, "");
  const match = text.match(/^([A-Za-z]*Error):\s*(.*)$/s);
  return match ? [match[1], match[2]] : ["Error", text];
}

// A result document for a run that ended before the prelude could write one.
function ended(input, message, name = "", line, column) {
  return {
    outcome: { kind: "error" },
    published: [],
    console: [],
    calls: {},
    kvBefore: input.kv ?? {},
    kvAfter: input.kv ?? {},
    errors: [{ name, message, line, column }],
  };
}

// Runs `input` (the console's input document, as JSON) and calls `onDone` once with the result
// document (as JSON); returns a function that stops the run.
export function runTest(inputJson, onDone) {
  const input = JSON.parse(inputJson);
  const started = performance.now();
  let worker;
  let timer;
  let done = false;
  const finish = (result) => {
    if (done) return;
    done = true;
    clearTimeout(timer);
    worker?.terminate();
    result.engine = "browser";
    result.durationMs = Math.round(performance.now() - started);
    onDone(JSON.stringify(result));
  };
  try {
    const script = compose(input.code);
    worker = new Worker("data:text/javascript;charset=utf-8," + encodeURIComponent(script));
  } catch (err) {
    finish(ended(input, `The browser could not start the test: ${err?.message ?? err}`));
    return () => {};
  }
  worker.onmessage = (event) => finish(event.data);
  // A syntax error, or an error thrown while the script itself runs (before the handler).
  worker.onerror = (event) => {
    event.preventDefault();
    const [name, message] = splitMessage(event.message);
    let line = event.lineno || undefined;
    let column = event.colno || undefined;
    if (line === 1 && column !== undefined) column = Math.max(1, column - PRELUDE.length);
    finish(ended(input, message, name, line, column));
  };
  timer = setTimeout(
    () => finish(ended(input, `Timed out after ${input.timeoutMs} ms`)),
    input.timeoutMs,
  );
  worker.postMessage(input);
  return () => finish(ended(input, "Stopped"));
}
