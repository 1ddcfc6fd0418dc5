// The browser runner's engine (V8) for tests, without a browser: runs composed test scripts
// in Node's `vm`, each in a fresh context as each browser run gets a fresh Worker, and prints
// their result documents. The server's tests compare these with QuickJS's, so that both runners
// of runtime/prelude.js are held to the same answers (crates/faas-server/tests/runtime_modules.rs).
//
// stdin: a JSON array of jobs {script, preludeLength, input}, where `script` is the prelude on
// line 1 followed by the rewritten code (the server's compose_script, identical to the console's
// compose() in editor/src/function-test.js). stdout: a JSON array of result documents.
import vm from "node:vm";

const RUN_TIMEOUT_MS = 5000;

async function runOne({ script, preludeLength, input }) {
  const context = vm.createContext({});
  context.__faasPreludeLength = preludeLength;
  let loadFailed = false;
  let loadError;
  try {
    // The Worker loads the script with `//# sourceURL=function.js`: the same name in stacks.
    new vm.Script(script, { filename: "function.js" }).runInContext(context, { timeout: RUN_TIMEOUT_MS });
  } catch (error) {
    if (typeof context.__faasRun !== "function") {
      return { outcome: { kind: "error" }, errors: [{ name: error?.name ?? "Error", message: String(error?.message ?? error) }] };
    }
    loadFailed = true;
    loadError = error;
  }
  let timer;
  const timeout = new Promise((resolve) => {
    timer = setTimeout(() => resolve(context.__faasAbortRun(`Timed out after ${RUN_TIMEOUT_MS} ms`)), RUN_TIMEOUT_MS);
  });
  const result = await Promise.race([context.__faasRun(input, loadFailed, loadError), timeout]);
  clearTimeout(timer);
  // Out of the context: a plain JSON value.
  return JSON.parse(JSON.stringify(result));
}

let stdin = "";
for await (const chunk of process.stdin) stdin += chunk;
const results = [];
for (const job of JSON.parse(stdin)) results.push(await runOne(job));
process.stdout.write(JSON.stringify(results));
