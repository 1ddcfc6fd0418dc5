// Test inputs kept on the server: saved from a revision's Test tab, found again in another
// browser (another context: nothing of the first browser's storage), and a browser's own
// saved inputs moved to the server in one action. Templates start from the function's trigger.
import type { Browser, Page } from "@playwright/test";
import { expect, test, uniqueName, type Admin, type Server } from "./support";

const CODE = "export default (request) => {\n  return request.ok();\n};\n";

/** A package whose one function, "Relay", listens on `orders.*`; returns its revision's id. */
async function revision(admin: Admin, name: string): Promise<string> {
  const created = await admin.request.post("/v2/faas/packages", {
    headers: { Authorization: admin.key },
    data: {
      name,
      functions: [{ name: "Relay", type: "BEFORE_PUBLISH", code: CODE, config: { inputChannel: "orders.*" } }],
    },
  });
  expect(created.status(), await created.text()).toBe(200);
  const id = (await created.json()).data.id;
  const revisions = await admin.get(`/v2/faas/packages/${id}/package-revisions`);
  return (await revisions.json()).data[0].id;
}

/** The Test tab of the revision's function, opened. */
async function testTab(page: Page, revisionId: string) {
  await page.goto(`/revisions/${revisionId}`);
  await page.getByRole("tab", { name: "Test" }).click();
  const panel = page.getByRole("tabpanel", { name: "Test" });
  await expect(panel.getByRole("button", { name: "Run in browser" })).toBeVisible();
  return panel;
}

/** A page in a browser context of its own, signed in as the first page was. */
async function otherBrowser(browser: Browser, server: Server): Promise<Page> {
  const context = await browser.newContext({ baseURL: server.origin });
  const page = await context.newPage();
  await page.goto(server.url);
  await expect(page.getByRole("status").filter({ hasText: "API connection" })).toContainText("Connected");
  return page;
}

test("an input saved on a revision's Test tab is found in another browser", async ({
  page,
  signIn,
  admin,
  browser,
  server,
}) => {
  const id = await revision(admin, uniqueName("Shared inputs"));
  await signIn();
  const panel = await testTab(page, id);
  // The template is a message on the function's own channel.
  await expect(panel.getByLabel("Event (JSON)")).toHaveValue(/"orders\.test"/);
  await expect(panel.getByText("0 inputs are on the server, shared with everyone on the account.")).toBeVisible();
  await panel.getByLabel("Event (JSON)").fill('{"message": {"total": 1999}, "channels": ["orders.eu"]}');
  await panel.getByLabel("Test input name").fill("Big order");
  await panel.getByRole("button", { name: "Save test input" }).click();
  await expect(panel.getByText("Saved “Big order” on the server, for everyone on the account.")).toBeVisible();

  const elsewhere = await otherBrowser(browser, server);
  const there = await testTab(elsewhere, id);
  await there.getByLabel("Start from").selectOption({ label: "Shared: Big order" });
  await expect(there.getByLabel("Event (JSON)")).toHaveValue(/"total": 1999/);
  await there.getByRole("button", { name: "Run in browser" }).click();
  await expect(there.getByRole("region", { name: "Test result" }).getByRole("status").first()).toContainText(
    "ok",
  );
  await elsewhere.context().close();
});

test("inputs saved in the browser move to the server in one action", async ({ page, signIn, admin }) => {
  const name = uniqueName("Moved inputs");
  const id = await revision(admin, name);
  await signIn();
  // Two inputs this browser kept for the function before it had a revision on the server.
  const setup = (text: string) => ({
    event: JSON.stringify({ message: { text }, channels: ["orders.us"] }),
    kv: "",
    secrets: "",
    xhrMocks: "",
    timeoutMs: "10000",
  });
  await page.evaluate(
    ([key, list]) => localStorage.setItem(key, list),
    [
      `faas-console.test-inputs.${name}.Relay.v1`,
      JSON.stringify({
        savedAt: Date.now(),
        draft: [
          { name: "Old sample", setup: setup("old") },
          { name: "Older sample", setup: setup("older") },
        ],
      }),
    ],
  );
  const panel = await testTab(page, id);
  await panel.getByRole("button", { name: "Move 2 inputs saved in this browser to the server" }).click();
  await expect(panel.getByText("Moved 2 inputs to the server.")).toBeVisible();
  await expect(panel.getByText("2 inputs are on the server, shared with everyone on the account.")).toBeVisible();
  await expect(panel.getByRole("button", { name: /^Move .* to the server$/ })).toHaveCount(0);

  const inputs = await admin.get(
    `/v2/faas/function-revisions/${await functionRevision(admin, id)}/test-inputs`,
  );
  const descriptions = (await inputs.json()).data.map((i: { description: string }) => i.description);
  expect(descriptions.sort()).toEqual(["Old sample", "Older sample"]);
  await panel.getByLabel("Start from").selectOption({ label: "Shared: Older sample" });
  await expect(panel.getByLabel("Event (JSON)")).toHaveValue(/"older"/);
});

async function functionRevision(admin: Admin, revisionId: string): Promise<string> {
  const revision = await admin.get(`/v2/faas/package-revisions/${revisionId}`);
  return (await revision.json()).data.functions[0].functionRevisionId;
}
