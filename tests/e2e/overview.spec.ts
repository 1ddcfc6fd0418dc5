// The Overview: a change made in one browser shows on another's Overview without a reload,
// and a FAILED deployment is listed under "Needs attention" with a link to its code at the
// error.
import type { Browser, Page } from "@playwright/test";
import { expect, test, uniqueName } from "./support";

/** A second browser (its own context) signed in with the same stored connection. */
async function secondBrowser(browser: Browser, signedIn: Page): Promise<Page> {
  const context = await browser.newContext({
    storageState: await signedIn.context().storageState(),
    baseURL: new URL(signedIn.url()).origin,
  });
  return context.newPage();
}

test("a start in one browser shows on another browser's Overview without a reload", async ({
  page,
  browser,
  admin,
  signIn,
}) => {
  const name = uniqueName("Overview live");
  const packageId = await admin.createPackage(name);
  const revisionId = await admin.latestRevisionId(packageId);
  const created = await admin.request.post("/v2/faas/package-deployments", {
    headers: { Authorization: admin.key },
    data: { packageRevisionId: revisionId, keysetId: 31003 },
  });
  expect(created.status(), await created.text()).toBe(200);
  await signIn();

  const other = await secondBrowser(browser, page);
  await other.goto("/");
  const latest = other.getByRole("region", { name: "Latest activity" });
  await expect(latest.getByRole("listitem").filter({ hasText: `deployed ${name} v1` })).toBeVisible();
  await other.evaluate(() => ((window as unknown as { faasMark: number }).faasMark = 1));

  // The first browser starts it, from the package's page.
  await page.goto(`/packages/${packageId}`);
  const row = page
    .getByRole("region", { name: "Deployments of this package" })
    .getByRole("row")
    .filter({ hasText: "Chat Development" });
  await row.getByRole("button", { name: "Start" }).click();
  await expect(row).toContainText("RUNNING");

  const started = latest.getByRole("listitem").filter({ hasText: `started ${name} v1` });
  await expect(started).toContainText(`admin started ${name} v1 on Chat Development`);
  await expect(started.getByRole("link", { name: `${name} v1 on Chat Development` })).toBeVisible();
  await expect(
    latest.getByRole("listitem").filter({ hasText: `The build queue built ${name} v1` }),
  ).toBeVisible();
  expect(await other.evaluate(() => (window as unknown as { faasMark?: number }).faasMark)).toBe(1);
  await other.getByRole("link", { name: "All activity" }).click();
  await expect(other).toHaveURL(/\/activity$/);
  await expect(other.getByRole("table", { name: /activity/i })).toBeVisible();
  await other.context().close();
});

test("a FAILED deployment needs attention, and its link opens the code at the error", async ({
  page,
  signIn,
}) => {
  await signIn();
  const attention = page.getByRole("region", { name: "Needs attention" });
  const failed = attention.getByRole("listitem").filter({ hasText: "FAILED" }).first();
  await expect(failed.locator("code")).toHaveText(/^line \d+:\d+: .+/);
  const counts = page.getByRole("region", { name: "What exists and what runs" });
  await expect(counts.getByRole("link", { name: /Failed deployments/ })).toHaveAttribute(
    "href",
    "/deployments?state=FAILED",
  );
  await expect(counts.getByRole("link", { name: /Running \(of the account's limit\)/ })).toContainText(/\d+ of \d+/);
  await expect(counts.getByRole("link", { name: /Builds in progress, / }).first()).toHaveAttribute(
    "href",
    /^\/builds\?.*state=/,
  );

  await failed.getByRole("link", { name: /^Open .+ at the error$/ }).click();
  await expect(page).toHaveURL(/\/revisions\/.+line=\d+/);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Revision");
  await expect(page.locator('[aria-current="location"]')).toBeVisible();
});

test("the chart says in words and in a table what it draws", async ({ page, signIn }) => {
  await signIn();
  const chart = page.getByRole("img", { name: /Deploys, starts, stops and failures per day/ });
  await expect(chart).toBeVisible();
  const region = page.getByRole("region", { name: "Activity, last 14 days" });
  await expect(region).toContainText(/Last 14 days: \d+ deploys?, \d+ starts?, \d+ stops?, \d+ failures?\./);
  await region.getByText("Show the numbers as a table").click();
  const table = region.getByRole("table", { name: "Changes per day" });
  await expect(table.getByRole("row")).toHaveCount(15);
  await expect(table.getByRole("row").last()).toContainText("Today");
});
