// The activity log in the console: the Activity page (every entry, filters in the URL, live,
// each entry linked to its target and to its request in this tab's request log) and an
// object's own History, loaded only when it is opened.
import type { Page } from "@playwright/test";
import { expect, test, uniqueName } from "./support";

const entries = (page: Page) => page.getByRole("table", { name: "Activity entries" });
const drawer = (page: Page) => page.getByRole("complementary", { name: "Request log" });

test("a stop made here is on the Activity page, linked to its deployment and to its request", async ({
  page,
  admin,
  signIn,
}) => {
  const name = uniqueName("Activity stop");
  const revisionId = await admin.latestRevisionId(await admin.createPackage(name));
  const id = await admin.deployAndStart(revisionId, 31001);
  await signIn(`/deployments/${id}`);
  await page.getByRole("button", { name: "Stop", exact: true }).click();
  await expect(page.getByRole("button", { name: "Start", exact: true })).toBeVisible();

  // In the same tab (the request log lives as long as the tab).
  await page.getByRole("navigation", { name: "Sections" }).getByRole("link", { name: "Activity" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Activity" })).toBeVisible();
  const row = entries(page).getByRole("row").filter({ hasText: `stopped ${name} v1` });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText("admin");
  await expect(row).toContainText("deployment.stop");
  await expect(row).toContainText("succeeded");
  // Made by an earlier request of the admin, outside this tab: its id to copy, no link.
  const started = entries(page).getByRole("row").filter({ hasText: `started ${name} v1` });
  await expect(started.getByRole("button", { name: "Copy correlation ID" })).toBeVisible();
  await expect(started.getByRole("button", { name: "View request" })).toHaveCount(0);

  // The stop's own request, opened in the request log.
  await row.getByRole("button", { name: "View request" }).click();
  const log = drawer(page);
  await expect(log).toBeVisible();
  const correlationId = (await row.locator("code.activity-table__correlation").textContent())!;
  await expect(log.getByLabel("Search requests")).toHaveValue(correlationId);
  const item = log.getByRole("listitem");
  await expect(item).toHaveCount(1);
  await expect(item).toContainText(`DELETE /v2/faas/package-deployments/${id}/function-deployments`);
  await expect(log.getByText("Response body")).toBeVisible();
  await page.keyboard.press("Escape");

  // The target's name links to its page.
  await row.getByRole("link", { name: new RegExp(`^${name} v1 on `) }).click();
  await expect(page).toHaveURL(new RegExp(`/deployments/${id}$`));
  await expect(page.getByRole("heading", { level: 1 })).toContainText(name);
});

test("filters are in the URL: they survive a reload and Back", async ({ page, signIn }) => {
  await signIn("/activity");
  await expect(entries(page).getByRole("row").nth(1)).toBeVisible();

  await page.getByLabel("Kind").selectOption({ label: "Any deployment change" });
  await expect(page).toHaveURL(/\/activity\?kind=deployment$/);
  // The URL changes at once, the rows when the filtered read answers: wait for them.
  const kinds = entries(page).locator("code.activity-table__kind");
  await expect(kinds.filter({ hasNotText: /^deployment\./ })).toHaveCount(0);
  await expect(kinds.first()).toHaveText(/^deployment\./);

  await page.getByLabel("Actor").fill("scheduler");
  await page.getByLabel("Actor").press("Enter");
  await expect(page).toHaveURL(/\/activity\?kind=deployment&actor=scheduler$/);
  await expect(entries(page).getByRole("row").nth(1)).toContainText("The scheduler");
  const who = entries(page).locator("tbody tr td:nth-child(2)");
  await expect(who.filter({ hasNotText: /^The scheduler$/ })).toHaveCount(0);

  await page.reload();
  await expect(page.getByLabel("Kind")).toHaveValue("deployment");
  await expect(page.getByLabel("Actor")).toHaveValue("scheduler");
  await expect(entries(page).getByRole("row").nth(1)).toContainText("The scheduler");

  // A time range in the future has no entry yet.
  await page.getByLabel("From").fill("2999-01-01T00:00:00");
  await expect(page).toHaveURL(/since=2999-01-01T/);
  await expect(page.getByText("No entry matches these filters.")).toBeVisible();

  await page.goBack();
  await expect(page).toHaveURL(/\/activity\?kind=deployment&actor=scheduler$/);
  await expect(page.getByLabel("From")).toHaveValue("");
  await expect(entries(page).getByRole("row").nth(1)).toContainText("The scheduler");
  await page.goBack();
  await expect(page).toHaveURL(/\/activity\?kind=deployment$/);
  await expect(page.getByLabel("Actor")).toHaveValue("");
  await page.goBack();
  await expect(page).toHaveURL(/\/activity$/);
  await expect(page.getByLabel("Kind")).toHaveValue("");
});

test("a new entry appears on the first page without a reload, and is said", async ({
  page,
  admin,
  signIn,
}) => {
  await signIn("/activity");
  await expect(entries(page).getByRole("row").nth(1)).toBeVisible();
  const name = uniqueName("Activity live");
  await admin.createPackage(name);
  // Near the top, not necessarily first: the build queue and the scheduler write entries of
  // their own meanwhile, and those are announced with it.
  const created = entries(page).getByRole("row").filter({ hasText: `created ${name}` });
  await expect(created).toHaveCount(1);
  const said = page.getByRole("status").filter({ hasText: /^\d+ new entr(y|ies) at the top\.$/ });
  await expect(said).toBeVisible();
});

test("a package's History shows its own entries, loaded only when opened", async ({
  page,
  admin,
  signIn,
}) => {
  const name = uniqueName("Activity history");
  const id = await admin.createPackage(name);
  await admin.write("put", `/v2/faas/packages/${id}`, { name, description: "Changed", tags: ["e2e"] });
  const reads: string[] = [];
  page.on("request", (r) => {
    const url = new URL(r.url());
    if (url.pathname === "/v2/faas/activity") reads.push(url.search);
  });
  await signIn(`/packages/${id}`);
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  await page.waitForLoadState("networkidle");
  expect(reads, "nothing of the history before it is opened").toEqual([]);

  const history = page.getByRole("region", { name: "History of this package" });
  await history.getByText("History", { exact: true }).click();
  const table = history.getByRole("table", { name: "History of this package, newest first" });
  await expect(table.getByRole("row")).toHaveCount(3);
  await expect(table.getByRole("row").nth(1)).toContainText(`changed ${name}`);
  await expect(table.getByRole("row").nth(2)).toContainText(`created ${name}`);
  expect(reads[0]).toContain(`target_id=${id}`);

  await history.getByRole("link", { name: "All activity of this package" }).click();
  await expect(page).toHaveURL(new RegExp(`/activity\\?target=${id}$`));
  await expect(page.getByLabel("Target ID")).toHaveValue(id);
  await expect(entries(page).getByRole("row")).toHaveCount(3);
});
