// Builds end to end (the Vercel contract): create a deployment and watch it go through the
// queue without a reload, cancel a building one and a queued one and see the queue move,
// bulk cancel with its report, the refusal to cancel a READY one, a failed build's timeline,
// and filters restored from a URL.
import type { Page } from "@playwright/test";
import { expect, moduleRequests, shownName, test } from "./support";

/** Build names are DNS-like: lowercase letters, digits and dashes. */
function buildName(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
}

const said = (page: Page) => page.locator(".live-status");
/** A build held BUILDING far longer than any test, so that a test acts on it as it builds. */
const HOLD = 120_000;
const table = (page: Page) => page.getByRole("table", { name: "Builds" });
const row = (page: Page, name: string) => table(page).getByRole("row").filter({ hasText: name });

async function markDocument(page: Page) {
  await page.evaluate(() => ((window as unknown as { faasMark: number }).faasMark = 1));
}
async function expectSameDocument(page: Page) {
  expect(await page.evaluate(() => (window as unknown as { faasMark?: number }).faasMark)).toBe(1);
}

test("a new deployment waits in the queue, builds, and becomes READY with no reload", async ({
  page,
  signIn,
  admin,
}) => {
  await admin.quietQueue("acme");
  // The form's code is a module of its own, fetched when the button is first pressed.
  const formCode = moduleRequests(page, "new_build");
  await signIn("/builds?team=acme");
  await markDocument(page);
  await expect(page.getByLabel("Team", { exact: true })).toHaveValue("acme");
  await page.waitForLoadState("networkidle");
  expect(formCode, "the form's code before the button is pressed").toEqual([]);

  await page.getByRole("button", { name: "New deployment" }).click();
  const dialog = page.getByRole("dialog", { name: "New deployment in team Acme Corp" });
  await expect(dialog).toBeVisible();
  expect(formCode.length, "the form's code, once pressed").toBeGreaterThan(0);
  // Without a name the form says so and sends nothing.
  await dialog.getByRole("button", { name: "Create deployment" }).click();
  await expect(dialog.getByText("A name is needed.")).toBeVisible();
  const name = buildName("watched");
  await dialog.getByLabel("Name").fill(name);
  // Something building, so that the new one really waits: started only now, as a build lasts
  // a few seconds and a busy machine takes about as long to open the page.
  const ahead = await admin.createBuild("acme", buildName("ahead"), 6_000);
  await dialog.getByRole("button", { name: "Create deployment" }).click();
  await expect(dialog).toBeHidden();

  const created = row(page, name);
  await expect(created).toContainText("QUEUED");
  await expect(said(page)).toContainText("is QUEUED.");
  await expect(row(page, shownName(ahead))).toContainText("BUILDING");
  await expect(created).toContainText("BUILDING", { timeout: 15_000 });
  await expect(created).toContainText("READY", { timeout: 15_000 });
  await expect(said(page)).toContainText("is now READY.");
  await expectSameDocument(page);
});

test("canceling a building deployment lets the next queued one start", async ({
  page,
  signIn,
  admin,
}) => {
  await admin.quietQueue("acme");
  const building = await admin.createBuild("acme", buildName("first"), HOLD);
  const queued = await admin.createBuild("acme", buildName("second"));
  await signIn("/builds?team=acme");

  const first = row(page, shownName(building));
  const second = row(page, shownName(queued));
  await expect(first).toContainText("BUILDING");
  await expect(second).toContainText("QUEUED");

  await first.getByRole("button", { name: `Cancel ${shownName(building)}` }).click();
  const dialog = page.getByRole("dialog", {
    name: `Cancel deployment “${shownName(building)}”?`,
  });
  await expect(dialog).toContainText("is BUILDING in team Acme Corp");
  // Keep it leaves it alone.
  await dialog.getByRole("button", { name: "Keep it" }).click();
  await expect(dialog).toBeHidden();
  await first.getByRole("button", { name: `Cancel ${shownName(building)}` }).click();
  await dialog.getByRole("button", { name: "Cancel deployment" }).click();

  await expect(first).toContainText("CANCELED");
  await expect(first.getByRole("button", { name: /Cancel/ })).toHaveCount(0);
  await expect(second).toContainText(/INITIALIZING|BUILDING/);
  await admin.cancelBuild("acme", queued.id);
});

test("a canceled queued deployment is skipped and the one behind it starts", async ({
  page,
  signIn,
  admin,
}) => {
  await admin.quietQueue("acme");
  const building = await admin.createBuild("acme", buildName("running"), HOLD);
  const skipped = await admin.createBuild("acme", buildName("skipped"));
  const behind = await admin.createBuild("acme", buildName("behind"));
  await signIn("/builds?team=acme");

  await row(page, shownName(skipped))
    .getByRole("button", { name: `Cancel ${shownName(skipped)}` })
    .click();
  const dialog = page.getByRole("dialog", { name: `Cancel deployment “${shownName(skipped)}”?` });
  await expect(dialog).toContainText("is QUEUED");
  await dialog.getByRole("button", { name: "Cancel deployment" }).click();
  await expect(row(page, shownName(skipped))).toContainText("CANCELED");

  // The running one ends (canceled here, as it is held BUILDING): the one behind starts.
  await expect(row(page, shownName(building))).toContainText("BUILDING");
  expect((await admin.cancelBuild("acme", building.id)).status()).toBe(200);
  await expect(row(page, shownName(building))).toContainText("CANCELED");
  await expect(row(page, shownName(behind))).toContainText(/INITIALIZING|BUILDING|READY/);
  await expect(row(page, shownName(skipped))).toContainText("CANCELED");
  await admin.cancelBuild("acme", behind.id);
});

test("bulk cancel reports what was canceled and what could not be", async ({
  page,
  signIn,
  admin,
}) => {
  await admin.quietQueue("globex");
  const builds = [
    await admin.createBuild("globex", buildName("bulk-a"), HOLD),
    await admin.createBuild("globex", buildName("bulk-b"), HOLD),
    await admin.createBuild("globex", buildName("bulk-c"), HOLD),
  ];
  await signIn("/builds?team=globex");
  for (const build of builds) {
    await row(page, shownName(build)).getByRole("checkbox", { name: `Select ${shownName(build)}` }).check();
  }
  await page.getByRole("button", { name: "Cancel selected (3)" }).click();
  const dialog = page.getByRole("dialog", { name: "Cancel 3 deployments?" });
  for (const build of builds) await expect(dialog).toContainText(shownName(build));

  // Meanwhile someone else cancels the last one: that one is refused.
  expect((await admin.cancelBuild("globex", builds[2].id)).status()).toBe(200);
  await dialog.getByRole("button", { name: "Cancel 3 deployments" }).click();

  const report = page.getByRole("region", { name: /Canceled 2 of 3 deployments/ });
  await expect(report).toContainText("1 could not be canceled");
  await expect(report).toContainText(shownName(builds[0]));
  await expect(report).toContainText(`Could not cancel ${shownName(builds[2])}`);
  await expect(report).toContainText("bad_request");
  await expect(report).toContainText("CANCELED");
  await expect(said(page)).toContainText("Canceled 2 of 3 deployments; 1 could not be canceled.");
  for (const build of builds) await expect(row(page, shownName(build))).toContainText("CANCELED");
  await expect(page.getByRole("button", { name: "Cancel selected (0)" })).toBeDisabled();
});

test("canceling a deployment that became READY meanwhile shows the server's refusal", async ({
  page,
  signIn,
  admin,
}) => {
  await admin.quietQueue("acme");
  // Long enough to open the page and the dialog on a busy machine, short enough to wait for.
  const build = await admin.createBuild("acme", buildName("finishes"), 10_000);
  await signIn("/builds?team=acme");
  const shown = row(page, shownName(build));
  await expect(shown).toContainText("BUILDING");
  await shown.getByRole("button", { name: `Cancel ${shownName(build)}` }).click();
  const dialog = page.getByRole("dialog", { name: `Cancel deployment “${shownName(build)}”?` });
  await expect(dialog).toBeVisible();

  await expect.poll(() => admin.buildState("acme", build.id), { timeout: 15_000 }).toBe("READY");
  await dialog.getByRole("button", { name: "Cancel deployment" }).click();
  const refusal = dialog.getByRole("alert");
  await expect(refusal).toContainText("bad_request");
  await expect(refusal).toContainText("READY");
  await expect(refusal).toContainText(/Correlation id/i);
  await dialog.getByRole("button", { name: "Keep it" }).click();
  await expect(shown).toContainText("READY");
});

test("a build made to fail ends ERROR, with its reason and its timeline", async ({
  page,
  signIn,
  admin,
}) => {
  await admin.quietQueue("acme");
  await signIn("/builds?team=acme");
  await page.getByRole("button", { name: "New deployment" }).click();
  const dialog = page.getByRole("dialog", { name: "New deployment in team Acme Corp" });
  const name = buildName("doomed");
  await dialog.getByLabel("Name").fill(name);
  await dialog.getByLabel("Target").selectOption("production");
  await dialog.getByLabel("Make the build fail (to show an ERROR)").check();
  await dialog.getByRole("button", { name: "Create deployment" }).click();

  const created = row(page, name);
  await expect(created).toContainText("ERROR", { timeout: 15_000 });
  await expect(created).toContainText("Production");
  await created.getByRole("link").first().click();

  await expect(page.getByRole("heading", { level: 1 })).toContainText(name);
  await expect(page.getByText("The build failed:")).toBeVisible();
  const steps = page.getByRole("region", { name: "Timeline" }).getByRole("listitem");
  await expect(steps).toHaveCount(4);
  await expect(steps.nth(0)).toContainText("QUEUED");
  await expect(steps.nth(1)).toContainText(/INITIALIZING.*took/);
  await expect(steps.nth(2)).toContainText(/BUILDING.*took \d/);
  await expect(steps.nth(3)).toContainText("ERROR");
  await expect(page.getByRole("button", { name: "Cancel deployment" })).toHaveCount(0);
  await expect(page.getByText("fail=true")).toBeVisible();
});

test("the team and filters come from the URL and survive reload and Back", async ({
  page,
  signIn,
}) => {
  await signIn("/builds?team=globex&state=ERROR");
  await expect(page.getByLabel("Team", { exact: true })).toHaveValue("globex");
  await expect(page.getByLabel("State", { exact: true })).toHaveValue("ERROR");
  const rows = table(page).getByRole("row");
  await expect(rows.nth(1)).toContainText("ERROR");
  for (const text of await table(page).locator("tbody tr").allInnerTexts()) {
    expect(text).toContain("ERROR");
  }

  await page.reload();
  await expect(page.getByLabel("State", { exact: true })).toHaveValue("ERROR");
  await expect(rows.nth(1)).toContainText("ERROR");

  await page.getByLabel("State", { exact: true }).selectOption({ label: "READY" });
  await expect(page).toHaveURL(/state=READY/);
  await expect(rows.nth(1)).toContainText("READY");
  await page.getByLabel("Target", { exact: true }).selectOption({ label: "Production" });
  await expect(page).toHaveURL(/state=READY&target=production/);

  await page.goBack();
  await page.goBack();
  await expect(page).toHaveURL(/team=globex&state=ERROR$/);
  await expect(page.getByLabel("State", { exact: true })).toHaveValue("ERROR");
  await expect(page.getByLabel("Team", { exact: true })).toHaveValue("globex");

  await page.getByLabel("Team", { exact: true }).selectOption({ label: "Acme Corp" });
  await expect(page).toHaveURL(/\/builds\?team=acme$/);
  await expect(page.getByLabel("State", { exact: true })).toHaveValue("");
});
