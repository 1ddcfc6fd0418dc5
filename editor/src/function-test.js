// Runs a function's code on a test event in a dedicated Web Worker: the browser's own engine,
// no DOM, an opaque origin (a data: URL), no network, and terminate() for Stop and the timeout.
// The mocks of PubNub's modules and the per-run limits are runtime/prelude.js, the same file the
// reference server runs in QuickJS, so both engines return the same result document.
import preludeSource from "../../runtime/prelude.js" with { type: "text" };

// Line 1 of the worker's script is this prefix, then the user's first line: every line:column
// of the user's code stays exact but the columns of line 1, which the prelude shifts back by
// the prefix's length. The prelude is written to survive being joined into one line (its rule
// is at the top of the file); the server joins it the same way.
const HARDENING =
  "self.fetch=undefined;self.XMLHttpRequest=undefined;self.WebSocket=undefined;" +
  "self.EventSource=undefined;";
const PREFIX = HARDENING + preludeSource.replace(/\r?\n/g, " ");

// `export default` and its replacement are both 14 characters.
const EXPORT_DEFAULT = /\bexport\s+default\b/;
const rewrite = (code) => code.replace(EXPORT_DEFAULT, (m) => "self.__fn__ =".padEnd(m.length));

export function compose(code) {
  return (
    PREFIX +
    rewrite(code) +
    `\n;self.__faasPreludeLength=${PREFIX.length};` +
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
    if (line === 1 && column !== undefined) column = Math.max(1, column - PREFIX.length);
    finish(ended(input, message, name, line, column));
  };
  timer = setTimeout(
    () => finish(ended(input, `Timed out after ${input.timeoutMs} ms`)),
    input.timeoutMs,
  );
  worker.postMessage(input);
  return () => finish(ended(input, "Stopped"));
}
