// Rolling out end to end: update a running deployment to a new revision and see the old one
// stop, roll it back, an update whose build fails while the old one keeps running, and the
// channel conflicts warned before Deploy. Every package listens on channels of its own, so
// other specs' deployments never meet them.
import type { APIRequestContext, Page } from "@playwright/test";
import { Admin, BEFORE_PUBLISH_CODE, expect, test, uniqueName } from "./support";

// The worker's own server (support.ts), for the arranging calls below.
let FAAS_BASE = "";
const admin = { Authorization: "" };
test.beforeEach(({ server }) => {
  FAAS_BASE = server.origin;
  admin.Authorization = server.adminKey;
});

/** The live region that says what became of this tab's actions. */
const said = (page: Page) => page.locator(".live-status");

function relay(channel: string, code = BEFORE_PUBLISH_CODE) {
  return [{ name: "relay", type: "BEFORE_PUBLISH", code, config: { type: "BEFORE_PUBLISH", inputChannel: channel } }];
}

/** A package with one function on `channel`; its id and its first revision's. */
async function packageOn(request: APIRequestContext, name: string, channel: string) {
  const created = await request.post(`${FAAS_BASE}/v2/faas/packages`, {
    headers: admin,
    data: { name, description: "Made by an end-to-end test", tags: ["e2e"], functions: relay(channel) },
  });
  expect(created.status(), await created.text()).toBe(200);
  const packageId = (await created.json()).data.id as string;
  const revisions = await request.get(`${FAAS_BASE}/v2/faas/packages/${packageId}/package-revisions`, {
    headers: admin,
  });
  return { packageId, revisionId: (await revisions.json()).data[0].id as string };
}

/** A new revision of the package with `code`; its id. */
async function newRevision(request: APIRequestContext, packageId: string, channel: string, code: string) {
  const created = await request.post(`${FAAS_BASE}/v2/faas/package-revisions`, {
    headers: admin,
    data: { packageId, functions: relay(channel, code) },
  });
  expect(created.status(), await created.text()).toBe(200);
  return (await created.json()).data.id as string;
}

async function deploy(request: APIRequestContext, revisionId: string, keysetId: number, start: boolean) {
  const created = await request.post(`${FAAS_BASE}/v2/faas/package-deployments`, {
    headers: admin,
    data: { packageRevisionId: revisionId, keysetId },
  });
  expect(created.status(), await created.text()).toBe(200);
  const id = (await created.json()).data.id as string;
  if (start) await new Admin(request, admin.Authorization).startDeployment(id);
  return id;
}

async function stateOf(request: APIRequestContext, id: string) {
  const answer = await request.get(`${FAAS_BASE}/v2/faas/package-deployments/${id}`, { headers: admin });
  return (await answer.json()).data.state as string;
}

/** The deployments of a revision, through the API. */
async function deploymentsOf(request: APIRequestContext, revisionId: string) {
  const answer = await request.get(`${FAAS_BASE}/v2/faas/package-revisions/${revisionId}/package-deployments`, {
    headers: admin,
  });
  return (await answer.json()).data as { id: string; state: string; keysetId: number }[];
}

const KEYSET = { id: 31004, name: "Chat Load Test" };

test("update a running deployment to a new revision, see the old one stop, then roll back", async ({
  page,
  request,
  signIn,
}) => {
  const name = uniqueName("Rolled");
  const channel = `${name.replace(/\W/g, "")}.updates`;
  const { packageId, revisionId: v1 } = await packageOn(request, name, channel);
  const oldId = await deploy(request, v1, KEYSET.id, true);
  const v2 = await newRevision(request, packageId, channel, "export default (request) => {\n  // v2\n  return request.ok();\n};\n");

  await signIn(`/revisions/${v2}`);
  await page.getByRole("button", { name: `Update ${KEYSET.name} to this revision` }).click();
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
  expect(await stateOf(request, oldId)).toBe("STOPPED");
  const [newOne] = await deploymentsOf(request, v2);
  expect(newOne.state).toBe("RUNNING");

  // Roll back on the new deployment's page: the same update towards v1, which ran before.
  await page.goto(`/deployments/${newOne.id}`);
  await page.getByRole("button", { name: "Roll back to v1" }).click();
  const back = page.getByRole("dialog", { name: `Roll back ${name} on ${KEYSET.name} to v1?` });
  await expect(back).toContainText(`v2 → v1 on ${KEYSET.name}`);
  await back.getByRole("button", { name: "Roll back", exact: true }).click();
  await expect(said(page)).toContainText(
    `Updated: v1 on ${KEYSET.name} is RUNNING and v2 on ${KEYSET.name} is STOPPED.`,
    { timeout: 20_000 },
  );
  expect(await stateOf(request, oldId)).toBe("RUNNING");
  expect(await stateOf(request, newOne.id)).toBe("STOPPED");
  // The page's own deployment shows it stopped, without a reload.
  await expect(page.getByRole("heading", { level: 1 }).locator("..")).toContainText("STOPPED");
});

test("an update whose build fails leaves the old one running, said in words", async ({ page, request, signIn }) => {
  const name = uniqueName("Unbuilt");
  const channel = `${name.replace(/\W/g, "")}.updates`;
  const { packageId, revisionId: v1 } = await packageOn(request, name, channel);
  const oldId = await deploy(request, v1, KEYSET.id, true);
  const v2 = await newRevision(request, packageId, channel, "export default (request) => {\n  return request.ok(;\n};\n");

  await signIn(`/revisions/${v2}`);
  await page.getByRole("button", { name: `Update ${KEYSET.name} to this revision` }).click();
  const dialog = page.getByRole("dialog", { name: `Update ${KEYSET.name} to v2 of ${name}?` });
  await dialog.getByRole("button", { name: "Update", exact: true }).click();
  await expect(said(page)).toContainText(
    `The update failed: v2 on ${KEYSET.name} is FAILED (1 function did not build); v1 on ${KEYSET.name} is still RUNNING.`,
    { timeout: 20_000 },
  );
  expect(await stateOf(request, oldId)).toBe("RUNNING");
  const [failed] = await deploymentsOf(request, v2);
  expect(failed.state).toBe("FAILED");
});

test("a channel conflict is warned before Deploy, with links, and does not block it", async ({
  page,
  request,
  signIn,
}) => {
  const tag = uniqueName("c").replace(/\W/g, "");
  const running = uniqueName("Listener");
  const { revisionId: theirs } = await packageOn(request, running, `${tag}.room1`);
  await deploy(request, theirs, 31002, true);
  const mine = uniqueName("Newcomer");
  const { revisionId } = await packageOn(request, mine, `${tag}.*`);

  await signIn(`/revisions/${revisionId}`);
  const form = page.getByRole("form", { name: "Deploy this revision" });
  await form.getByLabel("Keyset").selectOption({ label: "Chat Staging (Chat App)" });
  const warning = form.getByRole("group", { name: "Channel conflicts" });
  await expect(warning).toContainText(`relay of ${running} (v1) listens on ${tag}.room1, which meets ${tag}.*.`);
  await expect(warning.getByRole("link", { name: "relay" })).toHaveAttribute("href", `/revisions/${theirs}`);
  await expect(warning.getByRole("link", { name: running })).toBeVisible();

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
  const [created] = await deploymentsOf(request, revisionId);
  await page.goto(`/deployments/${created.id}`);
  await expect(page.getByRole("group", { name: "Channel conflicts" })).toContainText(
    `Starting it on Chat Staging shares channels`,
  );
});
