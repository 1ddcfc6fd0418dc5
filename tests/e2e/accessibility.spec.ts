import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { expect, test, type Admin } from "./support";

// Every page of the console (16; a keyset's Data page in each tab, its forms open), the update
// dialog, a function's Test tab after a run and on a revision (its inputs on the server), an
// object's History opened, and the request log
// pass an axe audit (WCAG 2.1 A and AA), in light and dark.
type Ready = { role: "table" | "button" | "heading" | "textbox"; name: string | RegExp };
type Target = {
  name: string;
  path: (admin: Admin) => Promise<string>;
  ready: Ready;
  /** What a person does on the page before the audit (open a tab, a drawer). */
  prepare?: (page: Page) => Promise<void>;
};

const fixed = (path: string) => async () => path;
const chatModeration = (admin: Admin) => admin.packageId("Chat Moderation");

const targets: Target[] = [
  {
    name: "Overview, its chart and the chart's table",
    path: fixed("/"),
    ready: { role: "table", name: "Keysets" },
    prepare: async (page) => {
      await expect(page.getByRole("img", { name: /per day/ })).toBeVisible();
      await expect(page.getByRole("region", { name: "Latest activity" }).getByRole("listitem").first()).toBeVisible();
      await page.getByText("Show the numbers as a table").click();
      await expect(page.getByRole("table", { name: "Changes per day" })).toBeVisible();
    },
  },
  { name: "Settings", path: fixed("/settings"), ready: { role: "button", name: "Test connection" } },
  { name: "Packages", path: fixed("/packages"), ready: { role: "table", name: "Packages" } },
  {
    name: "New package",
    path: fixed("/packages/new"),
    ready: { role: "textbox", name: "Code of function-1" },
  },
  {
    name: "Catalog",
    path: fixed("/catalog?tag=chat"),
    ready: { role: "heading", name: "Profanity Filter" },
  },
  {
    name: "Blueprint",
    // The webhook signer: a SECRET param in a password field, a form, code shown read-only.
    path: fixed("/catalog/6c0a7a10-9000-4000-8000-000000000500"),
    ready: { role: "textbox", name: "Code of Sign and forward" },
  },
  {
    name: "Package",
    path: async (admin) => `/packages/${await chatModeration(admin)}`,
    ready: { role: "table", name: "Revisions" },
  },
  {
    name: "New revision",
    path: async (admin) => `/packages/${await chatModeration(admin)}/revisions/new`,
    ready: { role: "textbox", name: "Code of Spam Throttle" },
  },
  {
    name: "Revision",
    path: async (admin) => {
      const id = await chatModeration(admin);
      const revisions = await admin.get(`/v2/faas/packages/${id}/package-revisions`);
      const [newest, previous] = (await revisions.json()).data;
      return `/revisions/${newest.id}?compare=${previous.id}`;
    },
    ready: { role: "heading", name: "Changed Profanity Filter" },
    // The diff arrives after its heading (the diff code loads with the editor's chunk): the
    // audit is of the page as a person reads it.
    prepare: async (page) => {
      await expect(page.getByRole("heading", { name: "Changed Profanity Filter" })).toBeVisible();
      await expect(page.getByText("Comparing…")).toHaveCount(0);
      // The deploy form, which opens on demand, audited with the page.
      await page.getByRole("button", { name: "Deploy this revision…" }).click();
      await expect(page.getByRole("form", { name: "Deploy this revision" }).getByText(/deployments running/)).toBeVisible();
    },
  },
  {
    name: "Deployments",
    path: fixed("/deployments"),
    ready: { role: "table", name: "Deployments" },
  },
  {
    name: "Deployment (failed)",
    path: async (admin) => {
      const failed = await admin.get("/v2/faas/package-deployments", { state: "FAILED" });
      return `/deployments/${(await failed.json()).data[0].id}`;
    },
    ready: { role: "table", name: "Functions of this deployment" },
  },
  {
    name: "Test tab after a run",
    path: fixed("/packages/new"),
    ready: { role: "heading", name: /^Outcome/ },
    prepare: async (page) => {
      await page.getByRole("tab", { name: "Test" }).click();
      await page.getByRole("button", { name: "Run in browser" }).click();
    },
  },
  {
    name: "Test tab on a revision",
    path: async (admin) => {
      const id = await chatModeration(admin);
      const revisions = await admin.get(`/v2/faas/packages/${id}/package-revisions`);
      return `/revisions/${(await revisions.json()).data[0].id}`;
    },
    ready: { role: "button", name: "Save test input" },
    prepare: async (page) => {
      await page.getByRole("tab", { name: "Test" }).first().click();
      await expect(page.getByText(/on the server, shared with everyone on the account\.$/)).toBeVisible();
    },
  },
  {
    name: "Request log",
    path: fixed("/packages"),
    ready: { role: "heading", name: "Response body" },
    prepare: async (page) => {
      await expect(page.getByRole("table", { name: "Packages" })).toBeVisible();
      await page.getByRole("button", { name: /^Request log/ }).click();
      const log = page.getByRole("complementary", { name: "Request log" });
      await log.getByRole("listitem").first().getByRole("button").first().click();
    },
  },
  {
    name: "Schedules",
    path: fixed("/schedules"),
    ready: { role: "heading", name: "The next 14 days" },
  },
  {
    name: "Activity",
    path: fixed("/activity?kind=deployment"),
    ready: { role: "table", name: "Activity entries" },
  },
  {
    name: "Deployment with its History open",
    path: async (admin) => {
      const failed = await admin.get("/v2/faas/package-deployments", { state: "FAILED" });
      return `/deployments/${(await failed.json()).data[0].id}`;
    },
    ready: { role: "table", name: "History of this deployment, newest first" },
    prepare: async (page) => {
      await page.getByRole("region", { name: "History of this deployment" }).getByText("History", { exact: true }).click();
    },
  },
  {
    name: "Update dialog",
    path: async (admin) => {
      const id = await chatModeration(admin);
      const revisions = await admin.get(`/v2/faas/packages/${id}/package-revisions`);
      const running = await admin.get("/v2/faas/package-deployments", {
        package_id: id,
        state: "RUNNING",
      });
      const runs = new Set((await running.json()).data.map((d: { packageRevisionId: string }) => d.packageRevisionId));
      const other = (await revisions.json()).data.find((r: { id: string }) => !runs.has(r.id));
      return `/revisions/${other.id}`;
    },
    ready: { role: "heading", name: /^Update .* to .*\?$/ },
    prepare: async (page) => {
      await page.getByRole("button", { name: /^Update .* to this revision$/ }).first().click();
      await expect(page.getByRole("dialog")).toContainText("→");
    },
  },
  {
    name: "Keyset data (strings)",
    path: fixed("/keysets/31001/data"),
    ready: { role: "table", name: "Strings" },
  },
  {
    name: "Keyset data (a JSON document edited)",
    path: fixed("/keysets/31001/data?tab=json"),
    ready: { role: "textbox", name: "Value (JSON)" },
    prepare: async (page) => {
      await page.getByRole("button", { name: "Edit room:general" }).click();
    },
  },
  {
    name: "Keyset data (a counter changed)",
    path: fixed("/keysets/31001/data?tab=counters"),
    ready: { role: "button", name: "Reset to 0" },
    prepare: async (page) => {
      await page.getByRole("button", { name: "Change messages:blocked" }).click();
    },
  },
  {
    name: "Keyset data (a secret set)",
    path: fixed("/keysets/31001/data?tab=secrets"),
    ready: { role: "button", name: "Show value" },
    prepare: async (page) => {
      await page.getByRole("button", { name: "Set value" }).click();
    },
  },
  {
    name: "Builds",
    path: fixed("/builds?team=acme"),
    ready: { role: "table", name: "Builds" },
  },
  {
    name: "Build (error)",
    path: async (admin) => {
      const [failed] = await admin.builds("acme", "ERROR");
      return `/builds/${failed.id}?team=acme`;
    },
    ready: { role: "heading", name: "Timeline" },
  },
];

// One load per page, audited in light and then in dark: the colours are CSS alone (custom
// properties under `prefers-color-scheme`), so switching the emulated scheme restyles the
// page as a dark load would, at half the loads. The dark audit runs the rules that read
// colours (every other rule sees the same document, and the light audit ran them all): half
// the time of a whole audit, on two dozen pages.
const COLOUR_RULES = ["color-contrast", "link-in-text-block"];
for (const target of targets) {
  test(`${target.name} has no accessibility violations (light and dark)`, async ({
    page,
    signIn,
    admin,
  }) => {
    await page.emulateMedia({ colorScheme: "light" });
    await signIn(await target.path(admin));
    if (target.prepare) await target.prepare(page);
    await expect(page.getByRole(target.ready.role, { name: target.ready.name })).toBeVisible();

    const backgrounds: string[] = [];
    for (const scheme of ["light", "dark"] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      // Any colour transition ends before axe measures contrast. Transitions only: a spinner's
      // animation never ends, and one cancelled by a re-render rejects (it counts as ended).
      await page.evaluate(() =>
        Promise.all(
          document
            .getAnimations()
            .filter((a) => a instanceof CSSTransition)
            .map((a) => a.finished.catch(() => undefined)),
        ),
      );
      backgrounds.push(await page.evaluate(() => getComputedStyle(document.body).backgroundColor));
      const axe = new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]);
      const audit = await (scheme === "light" ? axe : axe.withRules(COLOUR_RULES)).analyze();
      const summary = audit.violations.map(
        (v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`,
      );
      expect(summary, `${scheme}`).toEqual([]);
    }
    // The second audit saw the dark styles.
    expect(backgrounds[1]).not.toEqual(backgrounds[0]);
  });
}
