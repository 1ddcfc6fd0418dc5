// Testing a function on an event, end to end: a template run in the browser's Worker, errors
// at their line and column that move the editor's cursor, a timeout that stops an endless loop
// while the page answers, the per-run limit of xhr, saved test inputs, and the server's run
// agreeing with the browser's, PubNub's modules included.
import type { Page } from "@playwright/test";
import { expect, replaceCode, test, type SignIn } from "./support";

/** Opens the Test tab of the first function of a new package, with `code` in its editor. */
async function testTab({ page, signIn }: { page: Page; signIn: SignIn }, code: string) {
  await signIn("/packages/new");
  await replaceCode(page, "Code of function-1", code);
  await page.getByRole("tab", { name: "Test" }).click();
  const panel = page.getByRole("tabpanel", { name: "Test" });
  await expect(panel.getByRole("button", { name: "Run in browser" })).toBeVisible();
  return panel;
}

/** The line that says how a run stands (while one runs, the busy sign is a status too). */
const status = (panel: ReturnType<Page["getByRole"]>) =>
  panel.getByRole("region", { name: "Test result" }).getByRole("status").first();

test("a template run in the browser returns ok, with its console line and what it would publish", async ({
  page,
  signIn,
}) => {
  const panel = await testTab(
    { page, signIn },
    [
      "export default (request) => {",
      "  const pubnub = require('pubnub');",
      "  console.log('got', request.message.text);",
      "  return pubnub.publish({ channel: 'audit', message: { seen: true } }).then(() => request.ok());",
      "};",
    ].join("\n"),
  );
  await panel.getByRole("button", { name: "Run in browser" }).click();
  await expect(status(panel)).toContainText(/Finished in the browser, \d+ ms: ok\./);
  await expect(panel.getByRole("list", { name: "Console output" })).toContainText(
    "got Hello from the test console",
  );
  const published = panel.getByRole("table", { name: "Would publish" });
  await expect(published).toContainText("audit");
  await expect(published).toContainText('{"seen":true}');
});

test("a syntax error and a runtime error point at their line and column, and move the cursor there", async ({
  page,
  signIn,
}) => {
  const panel = await testTab(
    { page, signIn },
    "export default (request) => {\n  return request.ok(;\n};",
  );
  await panel.getByRole("button", { name: "Run in browser" }).click();
  const syntax = panel.getByRole("button", { name: /SyntaxError: .* at 2:21$/ });
  await expect(syntax).toBeVisible();
  await syntax.click();
  await expect(page.getByRole("tab", { name: "Code" })).toHaveAttribute("aria-selected", "true");
  await expect(page.getByRole("textbox", { name: "Code of function-1" })).toBeFocused();

  await replaceCode(
    page,
    "Code of function-1",
    "export default (request) => {\n  const profile = null;\n  return profile.name;\n};",
  );
  await page.getByRole("tab", { name: "Test" }).click();
  await panel.getByRole("button", { name: "Run in browser" }).click();
  await expect(panel.getByRole("button", { name: /TypeError: .* at 3:18$/ })).toBeVisible();
  await expect(status(panel)).toContainText("error");
});

test("an endless loop is stopped by the timeout while the page keeps answering", async ({
  page,
  signIn,
}) => {
  const panel = await testTab(
    { page, signIn },
    "export default (request) => {\n  while (true) {}\n};",
  );
  await panel.getByText("KV store, secrets, XHR answers and timeout").click();
  await panel.getByLabel("Timeout (ms)").fill("1500");
  await panel.getByRole("button", { name: "Run in browser" }).click();
  await expect(status(panel)).toContainText("Running in the browser");
  // The page still answers while the worker spins.
  await panel.getByLabel("Test input name").fill("still typing");
  await expect(panel.getByLabel("Test input name")).toHaveValue("still typing");
  await expect(panel.getByRole("button", { name: "Stop" })).toBeEnabled();
  await expect(panel.getByText("Timed out after 1500 ms")).toBeVisible();
  await expect(panel.getByRole("button", { name: "Run in browser" })).toBeEnabled();

  // Stop ends a run at once.
  await panel.getByLabel("Timeout (ms)").fill("20000");
  await panel.getByRole("button", { name: "Run in browser" }).click();
  await panel.getByRole("button", { name: "Stop" }).click();
  await expect(panel.getByText("Stopped")).toBeVisible();
});

const SIX_CALLS = [
  "export default async (request) => {",
  "  const xhr = require('xhr');",
  "  for (let i = 1; i <= 6; i++) {",
  "    try {",
  "      const answer = await xhr.fetch('https://api.example.com/items/' + i);",
  "      console.log('call', i, answer.status);",
  "    } catch (e) {",
  "      console.log('call', i, e.message);",
  "    }",
  "  }",
  "  return request.ok();",
  "};",
].join("\n");

test("the sixth xhr call of a run is refused by the limit", async ({ page, signIn }) => {
  const panel = await testTab({ page, signIn }, SIX_CALLS);
  await panel.getByText("KV store, secrets, XHR answers and timeout").click();
  await panel
    .getByLabel(/XHR answers/)
    .fill('[{"method": "GET", "url": "https://api.example.com/items/*", "status": 200, "body": "{}"}]');
  await panel.getByRole("button", { name: "Run in browser" }).click();
  const lines = panel.getByRole("list", { name: "Console output" });
  await expect(lines).toContainText("call 5 200");
  await expect(lines).toContainText(/call 6 .*Limit reached/);
  const xhr = panel.getByRole("table", { name: "Calls against the limits of one run" }).getByRole("row", {
    name: /xhr/,
  });
  await expect(xhr).toContainText("6 (over)");
  await expect(xhr).toContainText("5");
});

test("a saved test input is listed again after a reload", async ({ page, signIn }) => {
  const panel = await testTab({ page, signIn }, "export default (request) => request.ok();");
  await panel.getByLabel("Event (JSON)").fill('{"message": {"text": "spam spam spam"}}');
  await panel.getByLabel("Test input name").fill("Spam sample");
  await panel.getByRole("button", { name: "Save test input" }).click();
  // A new function has no revision on the server yet: its inputs are kept in this browser.
  await expect(panel.getByText("Saved “Spam sample” in this browser.")).toBeVisible();

  await page.reload();
  await page.getByRole("tab", { name: "Test" }).click();
  const again = page.getByRole("tabpanel", { name: "Test" });
  await again.getByLabel("Start from").selectOption({ label: "This browser: Spam sample" });
  await expect(again.getByLabel("Event (JSON)")).toHaveValue('{"message": {"text": "spam spam spam"}}');
});

test("the browser's run and the server's agree on the same input", async ({ page, signIn }) => {
  const panel = await testTab(
    { page, signIn },
    [
      "console.log('loaded');",
      "export default async (request) => {",
      "  const kv = require('kvstore');",
      "  const pubnub = require('pubnub');",
      "  const visits = await kv.incrCounter('visits', 2);",
      "  console.log('visits', visits);",
      "  request.message.visits = visits;",
      "  await pubnub.publish({ channel: 'audit', message: { visits } });",
      "  return request.ok();",
      "};",
    ].join("\n"),
  );
  const report = async (engine: "browser" | "server") => {
    const button = engine === "browser" ? "Run in browser" : "Run on server";
    await panel.getByRole("button", { name: button }).click();
    const where = engine === "browser" ? "in the browser" : "on the server";
    await expect(status(panel)).toContainText(`Finished ${where}`);
    await expect(status(panel)).toContainText("ok.");
    return {
      console: await panel.getByRole("list", { name: "Console output" }).innerText(),
      published: await panel.getByRole("table", { name: "Would publish" }).innerText(),
      kv: await panel.getByRole("table", { name: "KV store changes" }).innerText(),
      calls: await panel.getByRole("table", { name: "Calls against the limits of one run" }).innerText(),
    };
  };
  const browser = await report("browser");
  const server = await report("server");
  expect(server).toEqual(browser);
  // What the code's top level logged while it loaded is part of the run, before the handler's.
  expect(browser.console).toMatch(/loaded[\s\S]*visits 2/);
});

test("PubNub's modules answer the same in the browser's Worker and on the server", async ({
  page,
  signIn,
}) => {
  // The module-by-module cases run on both engines in tests/runtime_modules.rs (V8 in Node);
  // this one runs in Chromium's Worker itself, under the console's Content-Security-Policy.
  const panel = await testTab(
    { page, signIn },
    [
      "const crypto = require('crypto');",
      "const jwt = require('jwt');",
      "const base64 = require('codec/base64');",
      "const { v3 } = require('uuid');",
      "const { JSONPath } = require('jsonpath');",
      "export default async (request) => {",
      "  console.log(await crypto.sha512('secretPayload'));",
      "  console.log(await crypto.hmac(base64.btoa('sharedSecretKey'), 'secretPayload', crypto.ALGORITHM.HMAC_SHA1));",
      "  const token = jwt.sign({ sub: 'u1', iat: 1616239022 }, 'secret', { expiresIn: '1h' });",
      "  console.log(jwt.verify(token, 'secret', { clockTimestamp: 1616239100 }).exp);",
      "  console.log(v3('Hello World', 'f8435596-ee6a-4a3d-a304-e3f0c7bb5321'));",
      "  console.log(JSONPath({ path: '$..b[?(@.n > 1)].n', json: { a: { b: [{ n: 1 }, { n: 2 }] } } }));",
      "  try { await require('ugc').moderateMessage({}); } catch (e) { console.log(e.message.split(':')[0]); }",
      "  return request.ok();",
      "};",
    ].join("\n"),
  );
  const consoleOf = async (engine: "browser" | "server") => {
    await panel.getByRole("button", { name: engine === "browser" ? "Run in browser" : "Run on server" }).click();
    await expect(status(panel)).toContainText(engine === "browser" ? "in the browser" : "on the server");
    await expect(status(panel)).toContainText("ok.");
    return panel.getByRole("list", { name: "Console output" }).innerText();
  };
  const browser = await consoleOf("browser");
  expect(await consoleOf("server")).toEqual(browser);
  for (const line of [
    "E9+4tYwT1BB75vTUL3nvLRhWB2BJ6HRUm4NYqjJ1A4noGOwluCCqNuHAYHiu9eL8StfiBgLIN15qzr7fodBKlA==",
    "AaHKCrLzoG2UGHCqYAASf71wLoo=",
    "1616242622",
    "51bfe3fe-6be8-3192-8ff2-b86ffd390fcc",
    "[2]",
    "ugc.moderateMessage is not available in the test console",
  ]) {
    expect(browser).toContain(line);
  }
});
