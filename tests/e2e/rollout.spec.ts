// Rolling out end to end: update a running deployment to a new revision and see the old one
// stop, roll it back, an update whose build fails while the old one keeps running, and the
// channel conflicts warned before Deploy. Every package listens on channels of its own, so
// other specs' deployments never meet them.
import type { Page } from "@playwright/test";
import { Admin, BEFORE_PUBLISH_CODE, expect, moduleRequests, test, uniqueName } from "./support";

/** The live region that says what became of this tab's actions. */
const said = (page: Page) => page.locator(".live-status");

/** A package with one function on `channel`; its id and its first revision's. */
async function packageOn(admin: Admin, name: string, channel: string) {
  const packageId = await admin.createPackage(name, BEFORE_PUBLISH_CODE, channel);
  return { packageId, revisionId: await admin.latestRevisionId(packageId) };
}

const KEYSET = { id: 31004, name: "Chat Load Test" };

test("update a running deployment to a new revision, see the old one stop, then roll back", async ({
  page,
  admin,
  signIn,
}) => {
  const name = uniqueName("Rolled");
  const channel = `${name.replace(/\W/g, "")}.updates`;
  const { packageId, revisionId: v1 } = await packageOn(admin, name, channel);
  const oldId = await admin.deployAndStart(v1, KEYSET.id);
  const v2 = await admin.newRevision(packageId, "export default (request) => {\n  // v2\n  return request.ok();\n};\n", channel);

  // v1 runs: the offers' code comes with the page.
  const offersCode = moduleRequests(page, "update_offers");
  await signIn(`/revisions/${v2}`);
  await page.getByRole("button", { name: `Update ${KEYSET.name} to this revision` }).click();
  expect(offersCode.length, "the update offers' code").toBeGreaterThan(0);
  const dialog = page.getByRole("dialog", { name: `Update ${KEYSET.name} to v2 of ${name}?` });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText(`v1 → v2 on ${KEYSET.name}`);
  await expect(dialog.getByRole("listitem").filter({ hasText: "relay" })).toContainText("Changed");
  await expect(dialog).toContainText("It adds no channel conflict.");
  await dialog.getByRole("button", { name: "Update", exact: true }).click();
  await expect(dialog).toBeHidden();

  await expect(said(page)).toContainText(
    `Updated: v2 on ${KEYSET.name} is RUNNING and v1 on ${KEYSET.name} is STOPPED.`,
    { timeout: 20_000 },
  );
  expect(await admin.deploymentState(oldId)).toBe("STOPPED");
  const [newOne] = await admin.deploymentsOf(v2);
  expect(newOne.state).toBe("RUNNING");

  // A stopped deployment offers no roll back, and its page does not fetch that code.
  const rollBackCode = moduleRequests(page, "roll_back");
  await page.goto(`/deployments/${oldId}`);
  await expect(page.getByRole("heading", { level: 1 }).locator("..")).toContainText("STOPPED");
  await page.waitForLoadState("networkidle");
  await expect(page.getByRole("button", { name: /^Roll back/ })).toHaveCount(0);
  expect(rollBackCode).toEqual([]);

  // Roll back on the new deployment's page: the same update towards v1, which ran before.
  await page.goto(`/deployments/${newOne.id}`);
  await page.getByRole("button", { name: "Roll back to v1" }).click();
  expect(rollBackCode).toHaveLength(1);
  const back = page.getByRole("dialog", { name: `Roll back ${name} on ${KEYSET.name} to v1?` });
  await expect(back).toContainText(`v2 → v1 on ${KEYSET.name}`);
  await back.getByRole("button", { name: "Roll back", exact: true }).click();
  await expect(said(page)).toContainText(
    `Updated: v1 on ${KEYSET.name} is RUNNING and v2 on ${KEYSET.name} is STOPPED.`,
    { timeout: 20_000 },
  );
  expect(await admin.deploymentState(oldId)).toBe("RUNNING");
  expect(await admin.deploymentState(newOne.id)).toBe("STOPPED");
  // The page's own deployment shows it stopped, without a reload.
  await expect(page.getByRole("heading", { level: 1 }).locator("..")).toContainText("STOPPED");
});

test("an update whose build fails leaves the old one running, said in words", async ({ page, admin, signIn }) => {
  const name = uniqueName("Unbuilt");
  const channel = `${name.replace(/\W/g, "")}.updates`;
  const { packageId, revisionId: v1 } = await packageOn(admin, name, channel);
  const oldId = await admin.deployAndStart(v1, KEYSET.id);
  const v2 = await admin.newRevision(packageId, "export default (request) => {\n  return request.ok(;\n};\n", channel);

  // v1 runs: the offers' code comes with the page.
  const offersCode = moduleRequests(page, "update_offers");
  await signIn(`/revisions/${v2}`);
  await page.getByRole("button", { name: `Update ${KEYSET.name} to this revision` }).click();
  expect(offersCode.length, "the update offers' code").toBeGreaterThan(0);
  const dialog = page.getByRole("dialog", { name: `Update ${KEYSET.name} to v2 of ${name}?` });
  await dialog.getByRole("button", { name: "Update", exact: true }).click();
  await expect(said(page)).toContainText(
    `The update failed: v2 on ${KEYSET.name} is FAILED (1 function did not build); v1 on ${KEYSET.name} is still RUNNING.`,
    { timeout: 20_000 },
  );
  expect(await admin.deploymentState(oldId)).toBe("RUNNING");
  const [failed] = await admin.deploymentsOf(v2);
  expect(failed.state).toBe("FAILED");
});

test("a channel conflict is warned before Deploy, with links, and does not block it", async ({
  page,
  admin,
  signIn,
}) => {
  const tag = uniqueName("c").replace(/\W/g, "");
  const running = uniqueName("Listener");
  const { revisionId: theirs } = await packageOn(admin, running, `${tag}.room1`);
  await admin.deployAndStart(theirs, 31002);
  const mine = uniqueName("Newcomer");
  const { revisionId } = await packageOn(admin, mine, `${tag}.*`);

  // The check's code is a module of its own, fetched when a keyset is first chosen.
  const checkCode = moduleRequests(page, "channel_conflicts");
  await signIn(`/revisions/${revisionId}`);
  await page.getByRole("button", { name: "Deploy this revision…" }).click();
  const form = page.getByRole("form", { name: "Deploy this revision" });
  await expect(form.getByText(/deployments running \(the account's limit\)/)).toBeVisible();
  expect(checkCode, "the check's code before a keyset is chosen").toEqual([]);
  await form.getByLabel("Keyset").selectOption({ label: "Chat Staging (Chat App)" });
  const warning = form.getByRole("group", { name: "Channel conflicts" });
  await expect(warning).toContainText(`relay of ${running} (v1) listens on ${tag}.room1, which meets ${tag}.*.`);
  await expect(warning.getByRole("link", { name: "relay" })).toHaveAttribute("href", `/revisions/${theirs}`);
  await expect(warning.getByRole("link", { name: running })).toBeVisible();
  expect(checkCode.length, "the check's code, once a keyset is chosen").toBeGreaterThan(0);

  // Another keyset: nothing of theirs runs there.
  await form.getByLabel("Keyset").selectOption({ label: "Chat Development (Chat App)" });
  await expect(form).toContainText("No other package listens on these channels on Chat Development.");

  // A warning, not a block: Deploy goes ahead on the keyset with the conflict.
  await form.getByLabel("Keyset").selectOption({ label: "Chat Staging (Chat App)" });
  await expect(warning).toBeVisible();
  await form.getByLabel("Start it now").uncheck();
  await form.getByRole("button", { name: "Deploy" }).click();
  const table = page.getByRole("region", { name: "Deployments of this revision" });
  await expect(table.getByRole("row").filter({ hasText: "Chat Staging" })).toContainText("STOPPED");

  // Before Start, on the deployment's page, the same check.
  const [created] = await admin.deploymentsOf(revisionId);
  await page.goto(`/deployments/${created.id}`);
  await expect(page.getByRole("group", { name: "Channel conflicts" })).toContainText(
    `Starting it on Chat Staging shares channels`,
  );
});
