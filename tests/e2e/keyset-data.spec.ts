// A keyset's data end to end: browse from Overview, filter by prefix and page by token (both in
// the URL), add a string, edit a JSON document through a parse error, step a counter, delete
// after typing the key (and a key deleted meanwhile explained), set and replace a secret that
// is then nowhere in the page, the browser's storage or the request log, and a keyset's data
// loaded into a function's test run.
import type { Page } from "@playwright/test";
import { editor, expect, replaceCode, test, type Admin } from "./support";

test.use({ permissions: ["clipboard-read", "clipboard-write"] });

/** Chat Production's subscribe key: the demo's keysets have fixed ones. */
const SUB = "sub-c-00000000-0000-4000-8000-000000031001";
const DATA = "/keysets/31001/data";

/** A key prefix no other test of this worker's server uses. */
function unique(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
}

function kvPath(kind: string, key: string): string {
  return `/v2/faas/kv/${kind}/${encodeURIComponent(key)}`;
}

async function put(admin: Admin, kind: "strings" | "jsons", key: string, value: unknown) {
  const response = await admin.request.put(kvPath(kind, key), {
    headers: { Authorization: admin.key },
    params: { subkey: SUB },
    data: { value },
  });
  expect(response.status(), await response.text()).toBe(200);
}

/** The data rows of the table named `name`. */
const rows = (page: Page, name: string) =>
  page.getByRole("table", { name }).getByRole("row").filter({ has: page.getByRole("rowheader") });

test("browse from Overview, filter by prefix and page by token, all in the URL", async ({
  page,
  admin,
  signIn,
}) => {
  const prefix = unique("page");
  for (let i = 0; i < 25; i++) {
    await put(admin, "strings", `${prefix}/${String(i).padStart(2, "0")}`, `value ${i}`);
  }
  await signIn("/");
  await page
    .getByRole("table", { name: "Keysets" })
    .getByRole("link", { name: "Chat Production", exact: true })
    .click();
  await expect(page.getByRole("heading", { level: 1, name: "Data of Chat Production" })).toBeVisible();
  const strings = page.getByRole("table", { name: "Strings" });
  await expect(strings).toContainText("Welcome to the chat! Be kind.");
  // The expiry reads relative, with the exact time on hover.
  const motd = strings.getByRole("row").filter({ hasText: "motd" });
  await expect(motd.locator("time")).toHaveText(/^in \d+ (day|month)s?$/);
  await expect(motd.locator("time")).toHaveAttribute("title", /^\d{4}-\d\d-\d\d \d\d:\d\d UTC$/);

  await page.getByLabel("Keys starting with").fill(`${prefix}/`);
  await expect(page).toHaveURL(new RegExp(`prefix=${prefix}%2F`));
  await expect(rows(page, "Strings")).toHaveCount(20);
  await expect(rows(page, "Strings").first()).toContainText(`${prefix}/00`);

  await page.getByRole("link", { name: "Next page" }).click();
  await expect(page).toHaveURL(/[?&]page=/);
  await expect(rows(page, "Strings")).toHaveCount(5);
  await expect(rows(page, "Strings").first()).toContainText(`${prefix}/20`);
  await expect(page.getByRole("link", { name: "Next page" })).toHaveCount(0);

  // A reload shows the same page; First page goes back to the start.
  await page.reload();
  await expect(rows(page, "Strings")).toHaveCount(5);
  await expect(page.getByLabel("Keys starting with")).toHaveValue(`${prefix}/`);
  await page.getByRole("link", { name: "First page" }).click();
  await expect(rows(page, "Strings")).toHaveCount(20);

  // The other tabs keep the prefix; JSON documents show compact.
  await page.getByLabel("Keys starting with").fill("room:");
  await expect(page).toHaveURL(/prefix=room%3A/);
  await page.getByRole("link", { name: "JSON" }).click();
  await expect(page).toHaveURL(/tab=json/);
  await expect(page.getByRole("link", { name: "JSON" })).toHaveAttribute("aria-current", "page");
  await expect(page.getByRole("table", { name: "JSON documents" })).toContainText('"members":128');
  await page.getByLabel("Keys starting with").fill("nothing-starts-like-this");
  await expect(page.getByText("No JSON documents with a key starting with")).toBeVisible();
});

test("add a string, edit a JSON document through a parse error, delete after typing the key", async ({
  page,
  admin,
  signIn,
}) => {
  const prefix = unique("edit");
  await signIn(`${DATA}?prefix=${prefix}`);
  await expect(page.getByText("This keyset has no strings").or(page.getByText("No strings with"))).toBeVisible();

  // Add a string with a time to live, whose expiry shows before it is saved.
  await page.getByRole("button", { name: "Add a string" }).click();
  const form = page.getByRole("form", { name: "Add a string" });
  await form.getByLabel("Key").fill(`${prefix}/greeting`);
  await form.getByLabel("Value").fill("Hello, keyset");
  await form.getByLabel("Time to live").fill("2h");
  await expect(form.getByText(/^Expires in 2 hours, at .* UTC\.$/)).toBeVisible();
  await form.getByLabel("Time to live").fill("5s");
  await expect(form.getByText("The time to live is from a minute to a year")).toBeVisible();
  await expect(form.getByRole("button", { name: "Save" })).toBeDisabled();
  await form.getByLabel("Time to live").fill("2h");
  await form.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("status").filter({ hasText: `Saved the string “${prefix}/greeting”.` })).toBeVisible();
  await expect(page.getByRole("table", { name: "Strings" })).toContainText("Hello, keyset");
  const saved = await admin.get(kvPath("strings", `${prefix}/greeting`), { subkey: SUB });
  expect((await saved.json()).data).toMatchObject({ value: "Hello, keyset" });
  expect((await saved.json()).data.ttlSeconds).toBeGreaterThan(7000);

  // A JSON document edited in the code editor: nothing is sent while it does not parse.
  const doc = `${prefix}/doc`;
  await put(admin, "jsons", doc, { a: 1 });
  await page.getByRole("link", { name: "JSON" }).click();
  await page.getByRole("button", { name: `Edit ${doc}` }).click();
  const edit = page.getByRole("form", { name: `Edit the JSON document “${doc}”` });
  await editor(page, "Value (JSON)");
  const puts: string[] = [];
  page.on("request", (r) => {
    if (r.method() === "PUT") puts.push(r.url());
  });
  await replaceCode(page, "Value (JSON)", '{"a": 2,}');
  await expect(edit.getByText(/^Not valid JSON: line 1, column 9:/)).toBeVisible();
  await expect(edit.getByRole("button", { name: "Save" })).toBeDisabled();
  await replaceCode(page, "Value (JSON)", '{"a": 2, "b": [true]}');
  await expect(edit.getByText(/^Not valid JSON/)).toHaveCount(0);
  expect(puts).toEqual([]);
  await edit.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("table", { name: "JSON documents" })).toContainText('{"a":2,"b":[true]}');
  const edited = await admin.get(kvPath("jsons", doc), { subkey: SUB });
  expect((await edited.json()).data.value).toEqual({ a: 2, b: [true] });

  // Delete asks for the key to be typed.
  await page.getByRole("button", { name: `Delete ${doc}` }).click();
  const dialog = page.getByRole("dialog", { name: `Delete the JSON document “${doc}”?` });
  const confirm = dialog.getByRole("button", { name: "Delete JSON document" });
  await expect(confirm).toBeDisabled();
  await dialog.getByLabel(`Type the key, ${doc}, to confirm`).fill(doc);
  await confirm.click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole("table", { name: "JSON documents" })).toHaveCount(0);
  expect((await admin.get(kvPath("jsons", doc), { subkey: SUB })).status()).toBe(404);

  // A key deleted elsewhere meanwhile is explained in words, and leaves the table.
  const other = `${prefix}/other`;
  await put(admin, "jsons", other, [1]);
  await page.getByLabel("Keys starting with").fill(`${prefix}/o`);
  await expect(page).toHaveURL(/%2Fo$/);
  await expect(page.getByRole("button", { name: `Delete ${other}` })).toBeVisible();
  await admin.request.delete(kvPath("jsons", other), {
    headers: { Authorization: admin.key },
    params: { subkey: SUB },
  });
  await page.getByRole("button", { name: `Delete ${other}` }).click();
  await page.getByLabel(`Type the key, ${other}, to confirm`).fill(other);
  await page.getByRole("button", { name: "Delete JSON document" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "is no longer" })).toContainText(
    `“${other}” is no longer in this keyset: it was deleted`,
  );
  await expect(page.getByRole("button", { name: `Delete ${other}` })).toHaveCount(0);
});

test("a counter steps by any integer either way, is set and reset", async ({ page, admin, signIn }) => {
  const key = unique("hits");
  const created = await admin.request.post(`${kvPath("counters", key)}/increment`, {
    headers: { Authorization: admin.key },
    params: { subkey: SUB },
    data: { value: 5 },
  });
  expect(created.status(), await created.text()).toBe(200);
  await signIn(`${DATA}?tab=counters&prefix=${key}`);
  const row = rows(page, "Counters").filter({ hasText: key });
  await expect(row.getByRole("cell").first()).toHaveText("5");
  await page.getByRole("button", { name: `Change ${key}` }).click();
  const panel = page.getByRole("region", { name: `Change the counter “${key}”` });
  const said = page.getByRole("status").filter({ hasText: `“${key}” is now` });

  await panel.getByLabel("Step").fill("7");
  await panel.getByRole("button", { name: "Increment" }).click();
  await expect(said).toHaveText(`“${key}” is now 12.`);
  await expect(row.getByRole("cell").first()).toHaveText("12");
  await panel.getByLabel("Step").fill("-20");
  await panel.getByRole("button", { name: "Increment" }).click();
  await expect(said).toHaveText(`“${key}” is now -8.`);
  await panel.getByLabel("Step").fill("3");
  await panel.getByRole("button", { name: "Decrement" }).click();
  await expect(said).toHaveText(`“${key}” is now -11.`);
  await panel.getByLabel("Set to").fill("100");
  await panel.getByRole("button", { name: "Set", exact: true }).click();
  await expect(said).toHaveText(`“${key}” is now 100.`);
  await panel.getByRole("button", { name: "Reset to 0" }).click();
  await expect(said).toHaveText(`“${key}” is now 0.`);
  await panel.getByLabel("Step").fill("1.5");
  await panel.getByRole("button", { name: "Increment" }).click();
  await expect(panel.getByText("“1.5” is not a whole number")).toBeVisible();
  const read = await admin.get(kvPath("counters", key), { subkey: SUB });
  expect((await read.json()).data.value).toBe(0);
});

test("a secret's value is set and replaced, and is then nowhere: page, storage or request log", async ({
  page,
  signIn,
}) => {
  const name = unique("E2E_SECRET").toUpperCase().replace(/-/g, "_");
  const first = `first-${unique("v")}`;
  const second = `second-${unique("v")}`;
  await signIn(`${DATA}?tab=secrets`);
  await expect(rows(page, "Secrets").filter({ hasText: "MODERATION_API_KEY" })).toBeVisible();

  await page.getByRole("button", { name: "Set value" }).click();
  const set = page.getByRole("form", { name: "Set a secret's value" });
  await set.getByLabel("Name").fill(name);
  const value = set.getByLabel("Value", { exact: true });
  await value.fill(first);
  await expect(value).toHaveAttribute("type", "password");
  await set.getByRole("button", { name: "Show value" }).click();
  await expect(set.getByRole("button", { name: "Show value" })).toHaveAttribute("aria-pressed", "true");
  await expect(value).toHaveAttribute("type", "text");
  await set.getByRole("button", { name: "Set value" }).click();
  await expect(page.getByRole("status").filter({ hasText: `The value of the secret “${name}” is set.` })).toBeVisible();
  await expect(set).toBeHidden();

  await page.getByRole("button", { name: `Replace value of ${name}` }).click();
  const replace = page.getByRole("form", { name: `Replace the value of “${name}”` });
  await replace.getByLabel("Value", { exact: true }).fill(second);
  await replace.getByRole("button", { name: "Replace value" }).click();
  await expect(replace).toBeHidden();

  // Open every request of the log, as someone looking for the value would.
  await page.getByRole("button", { name: /^Request log/ }).click();
  const log = page.getByRole("complementary", { name: "Request log" });
  const puts = log.getByRole("listitem").filter({ hasText: "PUT /v2/faas/kv/secrets/" });
  await expect(puts).toHaveCount(2);
  for (const item of await puts.all()) {
    await item.getByRole("button").first().click();
    await expect(item).toContainText('"value": "[redacted]"');
    for (const withKey of [false, true]) {
      if (withKey) {
        await item.getByRole("button", { name: "Copy as curl with key…" }).click();
        const confirm = page.getByRole("dialog", { name: "Copy the command with your API key?" });
        await confirm.getByRole("button", { name: "Copy with key" }).click();
        await expect(confirm).toBeHidden();
      } else {
        await item.getByRole("button", { name: "Copy as curl", exact: true }).click();
      }
      const command = await page.evaluate(() => navigator.clipboard.readText());
      expect(command).toContain(`--data-raw '{"value":"[redacted]"}'`);
      expect(command).not.toContain(first);
      expect(command).not.toContain(second);
    }
  }

  const html = await page.content();
  const storage = await page.evaluate(() =>
    JSON.stringify([{ ...localStorage }, { ...sessionStorage }, location.href]),
  );
  for (const secret of [first, second]) {
    expect(html).not.toContain(secret);
    expect(storage).not.toContain(secret);
  }
});

test("a keyset's data loads into a function's test run", async ({ page, signIn }) => {
  await signIn("/packages/new");
  await replaceCode(
    page,
    "Code of function-1",
    [
      "import kvstore from 'kvstore';",
      "import vault from 'vault';",
      "export default async (request) => {",
      "  const motd = await kvstore.get('motd');",
      "  const blocked = await kvstore.getCounter('messages:blocked');",
      "  const key = await vault.get('MODERATION_API_KEY');",
      "  console.log(motd, blocked, key);",
      "  return request.ok();",
      "};",
    ].join("\n"),
  );
  await page.getByRole("tab", { name: "Test" }).click();
  const panel = page.getByRole("tabpanel", { name: "Test" });
  await panel.getByText("KV store, secrets, XHR answers and timeout").click();
  await panel.getByLabel("Keyset", { exact: true }).selectOption({ label: "Chat Production (31001)" });
  await expect(panel.getByText("Empty: the keys the code names, motd, messages:blocked.")).toBeVisible();
  await panel.getByRole("button", { name: "Use this keyset's data" }).click();
  // The demo's two secrets, and any a test of this worker's server set meanwhile.
  await expect(panel.getByRole("status").filter({ hasText: "Loaded from Chat Production" })).toHaveText(
    /^Loaded from Chat Production: 2 entries the code names into the KV store values; \d+ secret names into the secrets, to fill in\.$/,
  );
  const kv = JSON.parse(await panel.getByLabel("KV store values (JSON object)").inputValue());
  expect(kv).toEqual({ motd: "Welcome to the chat! Be kind.", "messages:blocked": 42 });
  const secrets = panel.getByLabel("Secrets for vault (JSON object)");
  expect(JSON.parse(await secrets.inputValue())).toMatchObject({
    MODERATION_API_KEY: "",
    STRIPE_WEBHOOK_SECRET: "",
  });
  await secrets.fill('{"MODERATION_API_KEY": "typed-for-the-test"}');

  await panel.getByRole("button", { name: "Run in browser" }).click();
  await expect(panel.getByRole("list", { name: "Console output" })).toContainText(
    "Welcome to the chat! Be kind. 42 typed-for-the-test",
  );

  // A prefix loads what is under it instead of what the code names.
  await panel.getByLabel("Keys starting with (optional)").fill("typing:");
  await panel.getByRole("button", { name: "Use this keyset's data" }).click();
  await expect(panel.getByRole("status").filter({ hasText: "Loaded from" })).toContainText(
    "2 entries under the prefix",
  );
  const withTyping = JSON.parse(await panel.getByLabel("KV store values (JSON object)").inputValue());
  expect(Object.keys(withTyping).sort()).toEqual(["messages:blocked", "motd", "typing:alice", "typing:bob"]);
  // A secret's value typed for the test stays.
  expect(JSON.parse(await secrets.inputValue()).MODERATION_API_KEY).toBe("typed-for-the-test");
});
