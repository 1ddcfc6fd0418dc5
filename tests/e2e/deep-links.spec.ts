// A link someone pastes, opened cold: the page's code arrives in one pack, asked for beside
// the main module, its API reads start as soon as the main module runs, and code that is only
// shown never loads the editor.
import type { Browser, Page } from "@playwright/test";
import { expect, pageErrors, test, uniqueName } from "./support";

/** Which script asked for each pack a page fetched: the URL of the script at the top of the
 * request's initiator stack (the page itself for the start script, inline in it). */
const packAskers = new WeakMap<Page, Map<string, string>>();

/** A new browser context that holds only the stored connection, with the cache off. */
async function coldPage(browser: Browser, signedIn: Page): Promise<Page> {
  const storage = await signedIn.context().storageState();
  const context = await browser.newContext({
    storageState: storage,
    baseURL: new URL(signedIn.url()).origin,
  });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
  const askers = new Map<string, string>();
  packAskers.set(page, askers);
  cdp.on("Network.requestWillBeSent", (sent) => {
    const path = new URL(sent.request.url).pathname;
    if (/\/pack-[a-z_]+\.wasm$/.test(path)) {
      askers.set(path.replace(/^.*\//, ""), sent.initiator.stack?.callFrames[0]?.url ?? sent.initiator.type);
    }
  });
  return page;
}

/** What `page` asks for from now on: each request's path (and query, `withQuery`). */
function requestsOf(page: Page, { withQuery = false } = {}): string[] {
  const requests: string[] = [];
  page.on("request", (r) => {
    const url = new URL(r.url());
    requests.push(withQuery ? url.pathname + url.search : url.pathname);
  });
  return requests;
}

/** The wasm modules fetched on their own: the main module only, when the page's are packed. */
function modulesAlone(requests: string[]): string[] {
  return requests.filter((p) => p.endsWith(".wasm") && !/\/pack-[a-z_]+\.wasm$/.test(p));
}

/** The page's pack (`pack-<name>.wasm`) was asked for by the start script in the page, beside
 * the main module, not by the console's code once the main module had arrived and run. */
function expectPackBesideMainModule(page: Page, name: string) {
  const asker = packAskers.get(page)?.get(`pack-${name}.wasm`) ?? "nobody";
  expect(asker, `who asked for pack-${name}.wasm`).toMatch(/^http/);
  expect(new URL(asker).pathname, `who asked for pack-${name}.wasm`).toBe(new URL(page.url()).pathname);
}

test("a revision opened from a link: one pack of code, reads beside it, no editor", async ({
  page,
  browser,
  admin,
  signIn,
}) => {
  const name = uniqueName("Deep link");
  const packageId = await admin.createPackage(name);
  const revisionId = await admin.latestRevisionId(packageId);
  await signIn();

  const cold = await coldPage(browser, page);
  const requests = requestsOf(cold);
  await cold.goto(`/revisions/${revisionId}`);
  await expect(cold.getByRole("heading", { level: 1, name: "Revision v1" })).toBeVisible();
  await expect(cold.getByRole("textbox", { name: "Code of relay", exact: true })).toContainText(
    "return request.ok();",
  );
  await expect(
    cold.getByRole("region", { name: "Deployments of this revision" }).or(
      cold.getByText("This revision is not deployed yet."),
    ),
  ).toBeVisible();
  await cold.waitForLoadState("networkidle");

  // The page's modules in one response; nothing of the editor's.
  expect(modulesAlone(requests), "only the main module is fetched alone").toHaveLength(1);
  expect(requests.filter((p) => /\/pack-revision\.wasm$/.test(p))).toHaveLength(1);
  expect(requests.filter((p) => p.startsWith("/editor-"))).toEqual([]);
  expect(requests.length, requests.join("\n")).toBeLessThanOrEqual(15);

  // Its code set off beside the main module; each read was sent once, the package's too
  // (read ahead as soon as the revision named it, and taken by the page).
  expectPackBesideMainModule(cold, "revision");
  expect(requests.filter((p) => p === `/v2/faas/package-revisions/${revisionId}`)).toHaveLength(1);
  expect(requests.filter((p) => p === `/v2/faas/packages/${packageId}`)).toHaveLength(1);
  await cold.context().close();
});

test("each page opened from a link loads in at most 15 requests", async ({
  page,
  browser,
  admin,
  signIn,
}) => {
  // Six cold loads, each with a fresh context.
  test.slow();
  const packageId = await admin.createPackage(uniqueName("Cold pages"));
  const revisionId = await admin.latestRevisionId(packageId);
  await signIn();
  for (const [path, heading] of [
    ["/", "Overview"],
    [`/packages/${packageId}`, /Cold pages/],
    [`/packages/${packageId}/revisions/new`, /New revision of/],
    ["/packages/new", "New package"],
    ["/builds", "Builds"],
    [`/revisions/${revisionId}`, "Revision v1"],
  ] as const) {
    const cold = await coldPage(browser, page);
    const requests = requestsOf(cold);
    await cold.goto(path);
    await expect(cold.getByRole("heading", { level: 1, name: heading })).toBeVisible();
    await cold.waitForLoadState("networkidle");
    expect(modulesAlone(requests), path).toHaveLength(1);
    expect(requests.length, `${path}:\n${requests.join("\n")}`).toBeLessThanOrEqual(15);
    await cold.context().close();
  }
});

test("the packages list opened from a link: its read set off by the shell, and sent once", async ({
  page,
  browser,
  signIn,
}) => {
  await signIn();
  const cold = await coldPage(browser, page);
  const requests = requestsOf(cold, { withQuery: true });
  await cold.goto("/packages?sort=name");
  await expect(cold.getByRole("heading", { level: 1, name: "Packages" })).toBeVisible();
  await expect(cold.getByRole("table").getByRole("row").nth(1)).toBeVisible();
  await cold.waitForLoadState("networkidle");
  // The shell starts the first page's reads before it builds itself, and the page (and the
  // shell's own second look at the page) take that answer instead of asking again.
  const reads = requests.filter((p) => p.startsWith("/v2/faas/packages?"));
  expect(reads, requests.join("\n")).toHaveLength(1);
  expect(reads[0]).toContain("sort=name");
  expect(modulesAlone(requests)).toHaveLength(1);
  expect(requests.filter((p) => /\/pack-/.test(p))).toEqual([]);
  await cold.context().close();
});

test("the catalog's pages opened from a link load in at most 15 requests, their reads beside their code", async ({
  page,
  browser,
  signIn,
}) => {
  await signIn();
  for (const [path, heading, read] of [
    ["/catalog?tag=xhr", "Start from a blueprint", "/v2/faas/package-blueprints"],
    [
      "/catalog/6c0a7a10-9000-4000-8000-000000000500",
      "Webhook Signer",
      "/v2/faas/package-blueprints/6c0a7a10-9000-4000-8000-000000000500",
    ],
  ] as const) {
    const cold = await coldPage(browser, page);
    const requests = requestsOf(cold);
    await cold.goto(path);
    await expect(cold.getByRole("heading", { level: 1, name: heading })).toBeVisible();
    await cold.waitForLoadState("networkidle");
    expect(modulesAlone(requests), path).toHaveLength(1);
    expect(requests.filter((p) => /\/pack-[a-z_]+\.wasm$/.test(p)), path).toHaveLength(1);
    expect(requests.length, `${path}:\n${requests.join("\n")}`).toBeLessThanOrEqual(15);
    // The page's code set off beside the main module.
    expectPackBesideMainModule(cold, path.startsWith("/catalog?") ? "catalog" : "blueprint");
    expect(requests, path).toContain(read);
    await cold.context().close();
  }
});

test("a link with a query: its route, reads and pack come from the whole URL", async ({
  page,
  browser,
  signIn,
}) => {
  await signIn();
  const cold = await coldPage(browser, page);
  const requests = requestsOf(cold, { withQuery: true });
  await cold.goto("/deployments?state=RUNNING");
  await expect(cold.getByRole("heading", { level: 1, name: "Deployments" })).toBeVisible();
  await cold.waitForLoadState("networkidle");
  // The page's modules in one pack, not one by one (a query once hid the route from the
  // read-ahead); its list read with the URL's filter.
  expect(modulesAlone(requests)).toHaveLength(1);
  expect(requests.filter((p) => p.endsWith("/pack-deployments.wasm"))).toHaveLength(1);
  const lists = requests.filter((p) => p.startsWith("/v2/faas/package-deployments?"));
  expect(lists[0], requests.join("\n")).toContain("state=RUNNING");
  await cold.context().close();
});

test("a keyset's Data page opened from a link: the code of its tab in one pack, its list read once", async ({
  page,
  browser,
  signIn,
}) => {
  await signIn();
  const cold = await coldPage(browser, page);
  const requests = requestsOf(cold);
  await cold.goto("/keysets/31001/data");
  await expect(cold.getByRole("heading", { level: 1, name: "Data of Chat Production" })).toBeVisible();
  await expect(cold.getByRole("table", { name: "Strings" })).toContainText("motd");
  await cold.waitForLoadState("networkidle");
  const code = requests.filter((p) => !p.startsWith("/v2/"));
  expect(modulesAlone(code)).toHaveLength(1);
  // The strings' and JSON tabs' code, not the counters' or the secrets'.
  expect(code.filter((p) => /\/pack-keyset_[a-z]+\.wasm$/.test(p))).toEqual([
    expect.stringMatching(/\/pack-keyset_entries\.wasm$/),
  ]);
  expect(requests.filter((p) => p.startsWith("/editor-"))).toEqual([]);
  expect(requests.filter((p) => p === "/v2/faas/kv/strings")).toHaveLength(1);
  expect(requests.length, requests.join("\n")).toBeLessThanOrEqual(15);

  // Another tab's code comes when it is first shown, without its page's again: in its own
  // pack, or the few modules it lacks alone.
  requests.length = 0;
  await cold.getByRole("link", { name: "Secrets" }).click();
  await expect(cold.getByRole("table", { name: "Secrets" })).toContainText("MODERATION_API_KEY");
  await cold.waitForLoadState("networkidle");
  const tabCode = requests.filter((p) => p.endsWith(".wasm"));
  expect(tabCode.some((p) => /\/(pack-|split_)keyset_secrets\.wasm$/.test(p)), tabCode.join("\n")).toBe(true);
  expect(tabCode.filter((p) => !/keyset_secrets\.wasm$/.test(p) && /\/pack-/.test(p))).toEqual([]);
  expect(modulesAlone(tabCode).length).toBeLessThanOrEqual(6);
  await cold.context().close();

  // A link to that tab brings its own pack.
  const secrets = await coldPage(browser, page);
  const secretRequests = requestsOf(secrets);
  await secrets.goto("/keysets/31001/data?tab=secrets");
  await expect(secrets.getByRole("table", { name: "Secrets" })).toContainText("MODERATION_API_KEY");
  await secrets.waitForLoadState("networkidle");
  expect(secretRequests.filter((p) => /\/pack-[a-z_]+\.wasm$/.test(p))).toEqual([
    expect.stringMatching(/\/pack-keyset_secrets\.wasm$/),
  ]);
  expect(secretRequests.length, secretRequests.join("\n")).toBeLessThanOrEqual(15);
  await secrets.context().close();
});

/** The Deployments page's rows name their package and their functions, and nothing more is
 * on its way. */
async function expectRowsNamed(page: Page) {
  const rows = page.getByRole("table", { name: "Deployments" }).getByRole("row");
  await expect(rows.getByRole("link", { name: "Chat Moderation", exact: true }).first()).toBeVisible();
  await expect(rows.filter({ hasText: "Profanity Filter: " }).first()).toBeVisible();
  await page.waitForLoadState("networkidle");
}

test("the deployments list opened from a link: its code in one pack, each name looked up once", async ({
  page,
  browser,
  signIn,
}) => {
  await signIn();
  const cold = await coldPage(browser, page);
  const requests = requestsOf(cold);
  // The package list answers last, as on a busy machine: the rows wait for its names rather
  // than read each package.
  await cold.route(/\/v2\/faas\/packages\?/, async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 500));
    await route.continue();
  });
  await cold.goto("/deployments");
  await expectRowsNamed(cold);
  const code = requests.filter((p) => !p.startsWith("/v2/"));
  expect(modulesAlone(code)).toHaveLength(1);
  expect(code.filter((p) => p.endsWith("/pack-deployments.wasm"))).toHaveLength(1);
  expect(code.length, code.join("\n")).toBeLessThanOrEqual(6);
  // A deployment names only its revision: the rows' revisions (with their functions'
  // names) come in one read of them all, package names from the package picker's list,
  // never one by one. Every request of the first load: at most 15.
  expect(requests.filter((p) => p === "/v2/faas/package-revisions")).toHaveLength(1);
  expect(requests.filter((p) => p.startsWith("/v2/faas/package-revisions/"))).toEqual([]);
  expect(requests.filter((p) => /^\/v2\/faas\/packages\/[^/]+$/.test(p))).toEqual([]);
  expect(requests.length, requests.join("\n")).toBeLessThanOrEqual(15);
  await cold.context().close();
});

test("the deployments list on a server without the read of several revisions reads each alone", async ({
  page,
  browser,
  signIn,
}) => {
  await signIn();
  const cold = await coldPage(browser, page);
  const requests = requestsOf(cold);
  // The public API: no GET on the revisions collection.
  await cold.route(/\/v2\/faas\/package-revisions\?/, (route) =>
    route.fulfill({
      status: 405,
      contentType: "application/json",
      body: JSON.stringify({ status: 405, errors: [{ code: "FAAS-405", message: "Method not allowed" }] }),
    }),
  );
  await cold.goto("/deployments");
  await expectRowsNamed(cold);
  const alone = requests.filter((p) => p.startsWith("/v2/faas/package-revisions/"));
  expect(alone.length).toBeGreaterThan(1);
  expect(new Set(alone).size).toBe(alone.length);
  await cold.context().close();
});

test("the Activity page opened from a link with a filter: its code in one pack, its read filtered", async ({
  page,
  browser,
  signIn,
}) => {
  await signIn();
  const cold = await coldPage(browser, page);
  const requests = requestsOf(cold, { withQuery: true });
  await cold.goto("/activity?kind=deployment");
  await expect(cold.getByRole("heading", { level: 1, name: "Activity" })).toBeVisible();
  const kinds = cold.getByRole("table", { name: "Activity entries" }).locator("code.activity-table__kind");
  await expect(kinds.first()).toHaveText(/^deployment\./);
  await cold.waitForLoadState("networkidle");
  const code = requests.filter((p) => !p.startsWith("/v2/"));
  expect(modulesAlone(code)).toHaveLength(1);
  expect(code.filter((p) => p.endsWith("/pack-activity.wasm"))).toHaveLength(1);
  // Its code set off beside the main module, and its read (the page's own took that answer)
  // with the URL's filter; later ones are the page's polls, every few seconds.
  expectPackBesideMainModule(cold, "activity");
  const reads = requests.filter((p) => p.startsWith("/v2/faas/activity?"));
  expect(reads[0], requests.join("\n")).toContain("kind=deployment");
  expect(code.length, code.join("\n")).toBeLessThanOrEqual(8);
  await cold.context().close();
});

test("pages reached inside the console get their code in one pack too, and keep working", async ({
  page,
  signIn,
}) => {
  const errors = pageErrors(page);
  await signIn("/packages");
  await expect(page.getByRole("table", { name: "Packages" }).getByRole("row").nth(1)).toBeVisible();
  await page.waitForLoadState("networkidle");

  // A package, one of its revisions, a function's Test tab, a deployment: each one's code is
  // one pack (it repeats what an earlier page loaded) or the few modules it lacks, never dozens.
  const steps: [string, () => Promise<void>][] = [
    [
      "package",
      async () => {
        await page.getByRole("table", { name: "Packages" }).getByRole("link", { name: "Chat Moderation" }).click();
        await expect(page.getByRole("heading", { level: 1, name: "Chat Moderation" })).toBeVisible();
      },
    ],
    [
      "revision",
      async () => {
        await page.getByRole("table", { name: "Revisions" }).getByRole("link", { name: "v3", exact: true }).click();
        await expect(page.getByText("Code of Profanity Filter")).toBeVisible();
      },
    ],
    [
      "the Test tab",
      async () => {
        await page.getByRole("tab", { name: "Test" }).first().click();
        await expect(page.getByRole("button", { name: /^Run/ }).first()).toBeVisible();
      },
    ],
    [
      "deployment",
      async () => {
        await page.getByRole("table", { name: "Deployments of this revision" }).getByRole("link", { name: /^Deployment / }).first().click();
        await expect(page.getByRole("heading", { level: 2, name: "Functions" })).toBeVisible();
      },
    ],
  ];
  for (const [name, go] of steps) {
    const requests = requestsOf(page);
    await go();
    await page.waitForLoadState("networkidle");
    const wasm = requests.filter((p) => p.endsWith(".wasm"));
    expect(modulesAlone(wasm).length, `${name}: modules alone`).toBeLessThanOrEqual(6);
    expect(wasm.filter((p) => /\/pack-[a-z_]+\.wasm$/.test(p)).length, name).toBeLessThanOrEqual(1);
  }
  // The package's and the revision's packs repeat modules the pages before them run: the
  // console still works on each, and back again.
  await page.goBack();
  await expect(page.getByText("Code of Profanity Filter")).toBeVisible();
  await page.goBack();
  await expect(page.getByRole("heading", { level: 1, name: "Chat Moderation" })).toBeVisible();
  // An action's code (the edit form, on first use) still comes and works after the packs.
  await page.getByRole("button", { name: "Edit details" }).click();
  await expect(page.getByRole("form", { name: "Edit package" }).getByLabel("Name")).toHaveValue("Chat Moderation");
  expect(errors).toEqual([]);
});

test("a page left while its deployments' names are on their way breaks nothing", async ({ page, signIn }) => {
  const errors = pageErrors(page);
  await signIn("/packages");
  const chat = page.getByRole("table", { name: "Packages" }).getByRole("link", { name: "Chat Moderation" });
  await expect(chat).toBeVisible();
  // The package page's deployments name their revisions from reads that answer late: the
  // revision link is followed before they do.
  await page.route(/\/v2\/faas\/package-revisions(\?|\/)/, async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 800));
    await route.continue();
  });
  await chat.click();
  await page.getByRole("table", { name: "Revisions" }).getByRole("link", { name: "v3", exact: true }).click();
  await expect(page.getByText("Code of Profanity Filter")).toBeVisible();
  await page.waitForLoadState("networkidle");
  expect(errors).toEqual([]);
});
