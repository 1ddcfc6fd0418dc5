// Deployments end to end: deploy a revision and watch it start without a reload, act on it,
// cancel a start, a failed build explained down to the line, stop all by package and by
// revision, filters in the URL, and no polling when nothing can change.
import type { Page } from "@playwright/test";
import { expect, moduleRequests, test, uniqueName } from "./support";

/** The live region that says what became of this tab's actions. */
const said = (page: Page) => page.locator(".live-status");

/** Marks the document, so that a test can tell that the page was never reloaded. */
async function markDocument(page: Page) {
  await page.evaluate(() => ((window as unknown as { faasMark: number }).faasMark = 1));
}
async function expectSameDocument(page: Page) {
  expect(await page.evaluate(() => (window as unknown as { faasMark?: number }).faasMark)).toBe(1);
}

test("deploy a revision, then start, stop and restart it while the row updates in place", async ({
  page,
  signIn,
  admin,
}) => {
  const name = uniqueName("Deployed");
  const packageId = await admin.createPackage(name);
  const revisionId = await admin.latestRevisionId(packageId);
  // The form's code is a module of its own, fetched when the form first opens.
  const formCode = moduleRequests(page, "deploy");
  // Nothing of the package runs: there is nothing to offer to update, nor its code to fetch.
  const offersCode = moduleRequests(page, "update_offers");
  await signIn(`/revisions/${revisionId}`);
  await markDocument(page);

  const form = page.getByRole("form", { name: "Deploy this revision" });
  const open = page.getByRole("button", { name: "Deploy this revision…" });
  await expect(open).toHaveAttribute("aria-expanded", "false");
  await expect(form).toHaveCount(0);
  expect(formCode, "the form's code before it is opened").toEqual([]);
  await open.click();
  await expect(open).toHaveAttribute("aria-expanded", "true");
  await expect(form.getByLabel("Keyset")).toBeFocused();
  await expect(form.getByText(/\d+ of \d+ deployments running/)).toBeVisible();
  expect(formCode.length, "the form's code, once opened").toBeGreaterThan(0);
  // Closed and opened again, it keeps what was chosen.
  await form.getByLabel("Start it now").uncheck();
  await open.click();
  await expect(form).toBeHidden();
  await open.click();
  await expect(form.getByLabel("Start it now")).not.toBeChecked();
  await form.getByLabel("Start it now").check();
  expect(offersCode, "the update offers' code, with nothing else running").toEqual([]);
  // Without a keyset the form says so under the field and sends nothing.
  await form.getByRole("button", { name: "Deploy" }).click();
  await expect(form.getByText("Choose the keyset to deploy to.")).toBeVisible();
  await expect(form.getByLabel("Keyset")).toBeFocused();

  await form.getByLabel("Keyset").selectOption({ label: "Chat Development (Chat App)" });
  await form.getByLabel("Start it now").uncheck();
  await form.getByRole("button", { name: "Deploy" }).click();

  const table = page.getByRole("region", { name: "Deployments of this revision" });
  const row = table.getByRole("row").filter({ hasText: "Chat Development" });
  await expect(row).toContainText("STOPPED");
  await expect(row).toContainText(name);
  await expect(row).toContainText("relay: STOPPED");

  await row.getByRole("button", { name: "Start" }).click();
  await expect(row).toContainText("STARTING");
  await expect(said(page)).toContainText("is STARTING");
  await expect(row).toContainText("RUNNING");
  await expect(row).toContainText("relay: RUNNING");
  await expect(said(page)).toContainText(`v1 of ${name} on Chat Development is now RUNNING.`);

  // Only what the state allows is offered.
  await expect(row.getByRole("button", { name: "Delete" })).toHaveCount(0);
  await row.getByRole("button", { name: "Stop" }).click();
  await expect(row).toContainText("STOPPED");
  await expect(row.getByRole("button", { name: "Delete" })).toBeVisible();

  await row.getByRole("button", { name: "Start" }).click();
  await expect(row).toContainText("RUNNING");
  await row.getByRole("button", { name: "Restart" }).click();
  await expect(row).toContainText("STARTING");
  await expect(row).toContainText("RUNNING");
  await expectSameDocument(page);

  // Delete asks first, naming the deployment; Cancel gives focus back.
  await row.getByRole("button", { name: "Stop" }).click();
  await expect(row).toContainText("STOPPED");
  await row.getByRole("button", { name: "Delete" }).click();
  const dialog = page.getByRole("dialog", { name: `Delete the deployment of v1 of ${name} on Chat Development?` });
  await expect(dialog).toBeVisible();
  await dialog.getByRole("button", { name: "Delete deployment" }).click();
  await expect(dialog).toBeHidden();
  await expect(table).toBeHidden();
  await expect(page.getByText("This revision is not deployed yet.")).toBeVisible();
});

test("a deployment that is starting can be canceled", async ({ page, signIn }) => {
  // The demo holds Chat Moderation v3 on Chat Staging in STARTING for minutes.
  await signIn("/deployments?state=STARTING");
  const row = page
    .getByRole("region", { name: "Deployments" })
    .getByRole("row")
    .filter({ hasText: "Chat Staging" })
    .filter({ hasText: "Chat Moderation" });
  await expect(row).toContainText("STARTING");
  await expect(row.getByRole("button", { name: "Stop" })).toHaveCount(0);
  await row.getByRole("button", { name: "Cancel start" }).click();
  await expect(row).toContainText("STOPPED");
  await expect(said(page)).toContainText("on Chat Staging is STOPPED.");
});

test("a failed build shows each function's error and opens the code at its line", async ({
  page,
  signIn,
  admin,
}) => {
  const name = uniqueName("Broken");
  const packageId = await admin.createPackage(
    name,
    "export default (request) => {\n  return request.ok(;\n};\n",
  );
  const revisionId = await admin.latestRevisionId(packageId);
  await signIn(`/revisions/${revisionId}`);
  await page.getByRole("button", { name: "Deploy this revision…" }).click();
  const form = page.getByRole("form", { name: "Deploy this revision" });
  await form.getByLabel("Keyset").selectOption({ label: "Chat Load Test (Chat App)" });
  await expect(form.getByLabel("Start it now")).toBeChecked();
  await form.getByRole("button", { name: "Deploy" }).click();

  const row = page
    .getByRole("region", { name: "Deployments of this revision" })
    .getByRole("row")
    .filter({ hasText: "Chat Load Test" });
  await expect(row).toContainText("FAILED");
  await expect(said(page)).toContainText("is now FAILED: 1 function did not build.");
  await row.getByRole("link", { name: /^Deployment / }).click();

  await expect(page.getByRole("heading", { level: 1 })).toContainText(`Deployment of v1 of ${name}`);
  const functions = page.getByRole("region", { name: "Functions table" });
  const fn = functions.getByRole("row").filter({ hasText: "relay" });
  await expect(fn).toContainText("FAILED");
  await expect(fn.locator("code")).toHaveText(/^line 2:\d+: .+/);
  // A failed deployment can be started again or deleted, nothing else.
  const actions = page.getByRole("group", { name: /^Actions on / });
  await expect(actions.getByRole("button")).toHaveText(["Start", "Delete"]);

  await fn.getByRole("link", { name: "Open relay at line 2" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Revision v1" })).toBeVisible();
  const code = page.getByRole("textbox", { name: "Code of relay", exact: true });
  await expect(code).toBeFocused();
  await expect(code.locator('[aria-current="location"]')).toHaveText("  return request.ok(;");
  // Code that is only shown never loads the editor's chunk.
  const loaded = await page.evaluate(() =>
    performance.getEntriesByType("resource").map((entry) => new URL(entry.name).pathname),
  );
  expect(loaded.filter((path) => path.startsWith("/editor-"))).toEqual([]);
});

test("stop every deployment of a package (typed name) and of a revision", async ({
  page,
  signIn,
  admin,
}) => {
  const name = uniqueName("Stoppable");
  const packageId = await admin.createPackage(name);
  const revisionId = await admin.latestRevisionId(packageId);
  const first = await admin.deployAndStart(revisionId, 31001);
  const second = await admin.deployAndStart(revisionId, 32001);

  await signIn(`/packages/${packageId}`);
  const table = page.getByRole("region", { name: "Deployments of this package" });
  await expect(table.getByRole("row").filter({ hasText: "RUNNING" })).toHaveCount(2);
  await page.getByRole("button", { name: "Stop all deployments of this package" }).click();
  const dialog = page.getByRole("dialog", { name: `Stop every deployment of package “${name}”?` });
  await expect(dialog).toContainText("This stops 2 running deployments of this package now");
  const confirm = dialog.getByRole("button", { name: "Stop all deployments" });
  await expect(confirm).toBeDisabled();
  await dialog.getByLabel(`Type the package name, ${name}, to confirm`).fill(name.slice(0, -1));
  await expect(confirm).toBeDisabled();
  await dialog.getByLabel(`Type the package name, ${name}, to confirm`).fill(name);
  await confirm.click();
  await expect(dialog).toBeHidden();
  await expect(said(page)).toContainText(`Stopped 2 deployments of package ${name}.`);
  await expect(table.getByRole("row").filter({ hasText: "STOPPED" })).toHaveCount(2);

  await admin.startDeployment(first);
  await admin.startDeployment(second);
  await page.goto(`/revisions/${revisionId}`);
  const revisionTable = page.getByRole("region", { name: "Deployments of this revision" });
  await expect(revisionTable.getByRole("row").filter({ hasText: "RUNNING" })).toHaveCount(2);
  await page.getByRole("button", { name: "Stop all deployments of this revision" }).click();
  const revisionDialog = page.getByRole("dialog", { name: "Stop every deployment of revision “v1”?" });
  await expect(revisionDialog).toContainText("This stops 2 running deployments of this revision now");
  await revisionDialog.getByRole("button", { name: "Stop all deployments" }).click();
  await expect(said(page)).toContainText("Stopped 2 deployments of revision v1.");
  await expect(revisionTable.getByRole("row").filter({ hasText: "STOPPED" })).toHaveCount(2);
});

test("filters live in the URL, survive a reload and go back with Back", async ({
  page,
  signIn,
}) => {
  await signIn("/deployments?state=RUNNING&keyset=31001");
  await expect(page.getByLabel("State")).toHaveValue("RUNNING");
  await expect(page.getByLabel("Keyset")).toHaveValue("31001");
  const rows = page.getByRole("region", { name: "Deployments" }).getByRole("row");
  await expect(rows.nth(1)).toBeVisible();
  for (const text of (await rows.allInnerTexts()).slice(1)) {
    expect(text).toContain("RUNNING");
    expect(text).toContain("Chat Production");
  }
  await page.reload();
  await expect(page.getByLabel("State")).toHaveValue("RUNNING");
  await expect(page.getByLabel("Keyset")).toHaveValue("31001");

  await page.getByLabel("State").selectOption("FAILED");
  await expect(page).toHaveURL(/state=FAILED&keyset=31001/);
  await page.getByLabel("Keyset").selectOption("");
  await expect(page).toHaveURL(/\/deployments\?state=FAILED$/);
  await expect(rows.filter({ hasText: "Device Telemetry" }).first()).toContainText("FAILED");
  await page.goBack();
  await expect(page.getByLabel("Keyset")).toHaveValue("31001");
  await page.getByRole("link", { name: "Clear filters" }).click();
  await expect(page).toHaveURL(/\/deployments$/);
  await expect(page.getByLabel("State")).toHaveValue("");
});

test("a page where nothing is in transition makes no request for 10 s", async ({
  page,
  signIn,
  server,
}) => {
  test.setTimeout(40_000);
  await signIn("/deployments?state=RUNNING");
  await expect(page.getByRole("region", { name: "Deployments" }).getByText("RUNNING").first()).toBeVisible();
  // Let the page's own loads (names of packages and revisions) finish.
  await page.waitForLoadState("networkidle");
  const calls: string[] = [];
  page.on("request", (r) => {
    if (r.url().startsWith(`${server.origin}/v2/`)) calls.push(r.url());
  });
  await page.waitForTimeout(10_000);
  expect(calls).toEqual([]);
});

test("a key without the write grant is told which grant it lacks", async ({ page, signIn }) => {
  await signIn("/");
  // The explanation's code is a module of its own, fetched at the first refusal.
  const explanationCode = moduleRequests(page, "refusal");
  await page.goto(`/deployments?state=RUNNING#key=demo-read-only`);
  const row = page.getByRole("region", { name: "Deployments" }).getByRole("row").nth(1);
  await expect(row.getByRole("button", { name: "Stop" })).toBeVisible();
  expect(explanationCode, "the explanation's code before a refusal").toEqual([]);
  await row.getByRole("button", { name: "Stop" }).click();
  const alert = page.getByRole("alert").filter({ hasText: "lacks the grant" });
  await expect(alert).toContainText("functions.package-deployment:write");
  expect(explanationCode.length, "the explanation's code, once refused").toBeGreaterThan(0);
  await expect(alert).toContainText("FAAS-403");
  await expect(alert).toContainText(/Correlation ID/i);
  await expect(row).toContainText("RUNNING");
});

test("a deployment in transition is polled about every 3 s, and not while the tab is hidden", async ({
  page,
  signIn,
}) => {
  test.setTimeout(40_000);
  // The demo holds Chat Moderation v3 on Chat Load Test in STOPPING for minutes.
  await signIn("/deployments?state=STOPPING");
  await expect(page.getByRole("region", { name: "Deployments" })).toContainText("STOPPING");
  const polls: number[] = [];
  page.on("request", (r) => {
    if (r.url().includes("/v2/faas/package-deployments?")) polls.push(Date.now());
  });
  await expect.poll(() => polls.length, { timeout: 8_000 }).toBeGreaterThanOrEqual(2);
  const [first, second] = polls;
  expect(second - first).toBeGreaterThan(2_000);
  expect(second - first).toBeLessThan(4_500);

  const setHidden = (hidden: boolean) =>
    page.evaluate((hidden) => {
      Object.defineProperty(document, "hidden", { value: hidden, configurable: true });
      document.dispatchEvent(new Event("visibilitychange", { bubbles: true }));
    }, hidden);
  await setHidden(true);
  const whileHidden = polls.length;
  await page.waitForTimeout(7_000);
  expect(polls.length).toBe(whileHidden);

  // Back in view, the page reads at once, then at its pace again.
  const shownAt = Date.now();
  await setHidden(false);
  await expect.poll(() => polls.length).toBeGreaterThan(whileHidden);
  expect(polls[whileHidden] - shownAt).toBeLessThan(1_000);
});
