// Shared by the end-to-end specs: `test` with each worker's own reference server, a signed-in
// page, and the admin's API calls for arranging data (never for asserting what the console
// shows). Specs import `test` and `expect` from here, not from @playwright/test.
import {
  expect,
  test as base,
  type APIRequestContext,
  type APIResponse,
  type Page,
} from "@playwright/test";
import { startServer, type Server } from "./server";

export { expect };
export type { Server };

export const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

/** Opens the printed URL, as a person would, so the key is stored; then goes to `path`. */
export type SignIn = (path?: string) => Promise<void>;

export const test = base.extend<
  {
    signIn: SignIn;
    /** The admin's API calls, to arrange data. */
    admin: Admin;
  },
  { server: Server }
>({
  // One server per worker, with its own data: workers run side by side without seeing each
  // other's packages, builds in a team's queue or running deployments against the limits. A
  // worker that failed a test is replaced, and its successor starts a fresh server.
  server: [
    async ({}, use) => {
      const server = await startServer();
      await use(server);
      await server.stop();
    },
    { scope: "worker" },
  ],
  baseURL: async ({ server }, use) => use(server.origin),
  signIn: async ({ page, server }, use) =>
    use(async (path = "/") => {
      await page.goto(server.url);
      await expect(page.getByRole("status").filter({ hasText: "API connection" })).toContainText(
        "Connected",
      );
      if (path !== "/") await page.goto(path);
    }),
  admin: async ({ request, server }, use) => use(new Admin(request, server.adminKey)),
});

/** A name no other test (or earlier run against the same server) has used. */
export function uniqueName(prefix: string): string {
  return `${prefix} ${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
}

/**
 * The errors `page` throws from now on and nobody catches: a panic of the console's wasm shows
 * here as "unreachable" (it stops the whole console).
 */
export function pageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  return errors;
}

/**
 * The requests `page` makes from now on for the wasm module of the split point `name`
 * (src/pages: `on_demand!` and the pages), whether alone or in its page's pack: code that
 * comes on first use must not come before.
 */
export function moduleRequests(page: Page, name: string): string[] {
  const urls: string[] = [];
  const file = new RegExp(`/(split|pack)[_-]${name}\\.wasm$`);
  page.on("request", (r) => {
    if (file.test(new URL(r.url()).pathname)) urls.push(r.url());
  });
  return urls;
}

export const BEFORE_PUBLISH_CODE = "export default (request) => {\n  return request.ok();\n};\n";

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

type Build = { id: string; url: string; name: string; readyState: string };

/** The name a build shows by: the first label of its URL. */
export function shownName(build: Build): string {
  return build.url.split(".")[0];
}

/** The one function of a test package: `relay`, before publish on `channel`. */
function relay(code: string, channel: string) {
  return [{ name: "relay", type: "BEFORE_PUBLISH", code, config: { type: "BEFORE_PUBLISH", inputChannel: channel } }];
}

/**
 * API calls as the worker server's admin (paths relative to its origin): the Functions routes
 * take the key raw, the Vercel-style ones (builds) as a Bearer token of a team.
 */
export class Admin {
  constructor(
    readonly request: APIRequestContext,
    readonly key: string,
  ) {}

  /** A Functions-contract read, `path` relative to the server's origin. */
  get(path: string, params?: Record<string, string | number>): Promise<APIResponse> {
    return this.request.get(path, { headers: { Authorization: this.key }, params });
  }

  /** A Vercel-contract call's options in `team`. */
  private vercel(team: string) {
    return { headers: { Authorization: `Bearer ${this.key}` }, params: { slug: team } };
  }

  /** A Functions-contract write that must succeed; its `data`. */
  async write<T>(method: "post" | "put", path: string, data?: unknown): Promise<T> {
    const response = await this.request[method](path, { headers: { Authorization: this.key }, data });
    expect(response.status(), await response.text()).toBe(200);
    return (await response.json()).data as T;
  }

  /** Creates a package whose one function, `relay`, runs before publish on `channel`; its id. */
  async createPackage(name: string, code = BEFORE_PUBLISH_CODE, channel = "e2e"): Promise<string> {
    const created = await this.write<{ id: string }>("post", "/v2/faas/packages", {
      name,
      description: "Made by an end-to-end test",
      tags: ["e2e"],
      functions: relay(code, channel),
    });
    return created.id;
  }

  /** A new revision of the package with `relay`'s code on `channel`; its id. */
  async newRevision(packageId: string, code: string, channel = "e2e"): Promise<string> {
    const created = await this.write<{ id: string }>("post", "/v2/faas/package-revisions", {
      packageId,
      functions: relay(code, channel),
    });
    return created.id;
  }

  /** The id of the demo package called `name`. */
  async packageId(name: string): Promise<string> {
    const response = await this.get("/v2/faas/packages", { search: name, size: 100 });
    const found = (await response.json()).data.find((p: { name: string }) => p.name === name);
    if (!found) throw new Error(`no package named ${name}`);
    return found.id;
  }

  /** The id of the newest revision of a package. */
  async latestRevisionId(packageId: string): Promise<string> {
    const response = await this.get(`/v2/faas/packages/${packageId}/package-revisions`, {
      sort: "createdDttm,DESC",
    });
    expect(response.status()).toBe(200);
    return (await response.json()).data[0].id as string;
  }

  /** Deploys a revision to a keyset, STOPPED; returns the deployment id. */
  async deploy(revisionId: string, keysetId: number): Promise<string> {
    const created = await this.write<{ id: string }>("post", "/v2/faas/package-deployments", {
      packageRevisionId: revisionId,
      keysetId,
    });
    return created.id;
  }

  /** Deploys a revision to a keyset and starts it; returns the deployment id. */
  async deployAndStart(revisionId: string, keysetId: number): Promise<string> {
    const id = await this.deploy(revisionId, keysetId);
    await this.startDeployment(id);
    return id;
  }

  /** The state of a deployment, as the API says it now. */
  async deploymentState(id: string): Promise<string> {
    return (await (await this.get(`/v2/faas/package-deployments/${id}`)).json()).data.state;
  }

  /** The deployments of a revision. */
  async deploymentsOf(revisionId: string): Promise<{ id: string; state: string; keysetId: number }[]> {
    const response = await this.get(`/v2/faas/package-revisions/${revisionId}/package-deployments`);
    expect(response.status()).toBe(200);
    return (await response.json()).data;
  }

  /** Starts a deployment and waits until it runs. */
  async startDeployment(id: string) {
    const started = await this.request.post(
      `/v2/faas/package-deployments/${id}/function-deployments`,
      { headers: { Authorization: this.key } },
    );
    expect(started.status(), await started.text()).toBe(200);
    await expect.poll(() => this.deploymentState(id)).toBe("RUNNING");
  }

  /**
   * Creates a deployment of `team` through the API. `holdMs` keeps it BUILDING that long
   * (`meta.buildMs`) instead of the test server's few seconds, so that a test can act on a
   * building one however slow the machine is.
   */
  async createBuild(team: string, name: string, holdMs?: number): Promise<Build> {
    const meta = holdMs === undefined ? undefined : { buildMs: String(holdMs) };
    const response = await this.request.post("/v13/deployments", {
      ...this.vercel(team),
      data: { name, meta },
    });
    expect(response.status(), await response.text()).toBe(200);
    return response.json();
  }

  /** The builds of `team` in the given states (comma-separated), newest first. */
  async builds(team: string, states: string): Promise<Build[]> {
    const { headers } = this.vercel(team);
    const response = await this.request.get("/v6/deployments", {
      headers,
      params: { slug: team, state: states, limit: "100" },
    });
    expect(response.status(), await response.text()).toBe(200);
    return (await response.json()).deployments;
  }

  /** Where a build stands now. */
  async buildState(team: string, id: string): Promise<string> {
    const response = await this.request.get(`/v13/deployments/${id}`, this.vercel(team));
    return (await response.json()).readyState;
  }

  /** Cancels a build (to arrange a race, or to free the team's queue). */
  cancelBuild(team: string, id: string): Promise<APIResponse> {
    return this.request.patch(`/v12/deployments/${id}/cancel`, this.vercel(team));
  }

  /** Waits until nothing of `team` is queued or building, so a test starts from a quiet queue. */
  async quietQueue(team: string) {
    await expect
      .poll(async () => (await this.builds(team, "QUEUED,INITIALIZING,BUILDING")).length, {
        timeout: 20_000,
      })
      .toBe(0);
  }
}
