// Shared by the end-to-end specs: the server the global setup started, a signed-in page, and
// a few API calls for arranging data (never for asserting what the console shows).
import { expect, type APIRequestContext, type Page } from "@playwright/test";

export function env(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the specs through playwright.config.ts`);
  return value;
}

export const FAAS_URL = env("FAAS_URL");
export const FAAS_BASE = env("FAAS_BASE").replace(/\/$/, "");
export const FAAS_ADMIN_KEY = env("FAAS_ADMIN_KEY");
export const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

/** Opens the printed URL, as a person would, so the key is stored; then goes to `path`. */
export async function signIn(page: Page, path = "/") {
  await page.goto(FAAS_URL);
  await expect(page.getByRole("status").filter({ hasText: "API connection" })).toContainText(
    "Connected",
  );
  if (path !== "/") await page.goto(path);
}

/** A name no other test (or earlier run against the same server) has used. */
export function uniqueName(prefix: string): string {
  return `${prefix} ${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
}

export const BEFORE_PUBLISH_CODE = "export default (request) => {\n  return request.ok();\n};\n";

/** Creates a package with one function through the API; returns its id. */
export async function createPackage(
  request: APIRequestContext,
  name: string,
  code = BEFORE_PUBLISH_CODE,
): Promise<string> {
  const response = await request.post(`${FAAS_BASE}/v2/faas/packages`, {
    headers: { Authorization: FAAS_ADMIN_KEY },
    data: {
      name,
      description: "Made by an end-to-end test",
      tags: ["e2e"],
      functions: [
        {
          name: "relay",
          type: "BEFORE_PUBLISH",
          code,
          config: { type: "BEFORE_PUBLISH", inputChannel: "e2e" },
        },
      ],
    },
  });
  expect(response.status(), await response.text()).toBe(200);
  return (await response.json()).data.id;
}

/** The id of the demo package called `name`. */
export async function packageId(request: APIRequestContext, name: string): Promise<string> {
  const response = await request.get(`${FAAS_BASE}/v2/faas/packages`, {
    headers: { Authorization: FAAS_ADMIN_KEY },
    params: { search: name, size: 100 },
  });
  const found = (await response.json()).data.find((p: { name: string }) => p.name === name);
  if (!found) throw new Error(`no package named ${name}`);
  return found.id;
}

/** The CodeMirror editor labelled `name`, once it has loaded. */
export async function editor(page: Page, name: string) {
  const box = page.getByRole("textbox", { name, exact: true });
  await expect(box).toBeVisible();
  return box;
}

/** Replaces the whole text of an editor, as a person would with select-all and typing. */
export async function replaceCode(page: Page, name: string, code: string) {
  const box = await editor(page, name);
  await box.click();
  await page.keyboard.press("ControlOrMeta+a");
  await page.keyboard.press("Delete");
  // insertText, not type(): auto-closed brackets would double what a person pastes.
  await page.keyboard.insertText(code);
  await expect(box).toContainText(code.split("\n")[0]);
}

const admin = { Authorization: FAAS_ADMIN_KEY };

/** The id of the newest revision of a package. */
export async function latestRevisionId(request: APIRequestContext, packageId: string) {
  const response = await request.get(`${FAAS_BASE}/v2/faas/packages/${packageId}/package-revisions`, {
    headers: admin,
    params: { sort: "createdDttm,DESC" },
  });
  expect(response.status()).toBe(200);
  return (await response.json()).data[0].id as string;
}

/** Deploys a revision to a keyset and starts it through the API; returns the deployment id. */
export async function deployAndStart(
  request: APIRequestContext,
  revisionId: string,
  keysetId: number,
): Promise<string> {
  const created = await request.post(`${FAAS_BASE}/v2/faas/package-deployments`, {
    headers: admin,
    data: { packageRevisionId: revisionId, keysetId },
  });
  expect(created.status(), await created.text()).toBe(200);
  const id = (await created.json()).data.id as string;
  await startDeployment(request, id);
  return id;
}

/** Starts a deployment through the API and waits until it runs. */
export async function startDeployment(request: APIRequestContext, id: string) {
  const started = await request.post(
    `${FAAS_BASE}/v2/faas/package-deployments/${id}/function-deployments`,
    { headers: admin },
  );
  expect(started.status(), await started.text()).toBe(200);
  await expect
    .poll(async () => {
      const r = await request.get(`${FAAS_BASE}/v2/faas/package-deployments/${id}`, { headers: admin });
      return (await r.json()).data.state;
    })
    .toBe("RUNNING");
}

/** A Vercel-contract call (the deployments that build) with the admin key as a Bearer token. */
function vercel(team?: string) {
  return {
    headers: { Authorization: `Bearer ${FAAS_ADMIN_KEY}` },
    params: team ? { slug: team } : undefined,
  };
}

type Build = { id: string; url: string; name: string; readyState: string };

/** Starts a build of `name` in `team` through the API; it queues behind the team's others. */
export async function createBuild(
  request: APIRequestContext,
  team: string,
  name: string,
): Promise<Build> {
  const response = await request.post(`${FAAS_BASE}/v13/deployments`, {
    ...vercel(team),
    data: { name },
  });
  expect(response.status(), await response.text()).toBe(200);
  return response.json();
}

/** Where a build stands now, read through the API. */
export async function buildState(
  request: APIRequestContext,
  team: string,
  id: string,
): Promise<string> {
  const response = await request.get(`${FAAS_BASE}/v13/deployments/${id}`, vercel(team));
  return (await response.json()).readyState;
}

/** Cancels a build through the API (to arrange a race, or to free the team's queue). */
export async function cancelBuild(request: APIRequestContext, team: string, id: string) {
  return request.patch(`${FAAS_BASE}/v12/deployments/${id}/cancel`, vercel(team));
}

/** Waits until nothing of `team` is queued or building, so a test starts from a quiet queue. */
export async function quietQueue(request: APIRequestContext, team: string) {
  await expect
    .poll(
      async () => {
        const response = await request.get(`${FAAS_BASE}/v6/deployments`, {
          ...vercel(team),
          params: { slug: team, state: "QUEUED,INITIALIZING,BUILDING", limit: "100" },
        });
        return (await response.json()).deployments.length;
      },
      { timeout: 20_000 },
    )
    .toBe(0);
}

/** The name a build shows by: the first label of its URL. */
export function shownName(build: Build): string {
  return build.url.split(".")[0];
}
