// The Packages section end to end: the list and its URL, the create form with its editor,
// drafts, the unsaved-changes prompt, edit and delete. Found by role and label only.
import type { Page } from "@playwright/test";
import { editor, expect, moduleRequests, replaceCode, test, uniqueName, UUID } from "./support";

const packagesTable = (page: Page) => page.getByRole("table", { name: "Packages" });
const nav = (page: Page) => page.getByRole("navigation", { name: "Sections" });

test("the list shows the demo packages with their counters, and a search lives in the URL", async ({
  page,
  signIn,
}) => {
  await signIn();
  await nav(page).getByRole("link", { name: "Packages" }).click();
  await expect(page).toHaveURL(/\/packages$/);
  await expect(page.getByRole("heading", { level: 1, name: "Packages" })).toBeVisible();

  const table = packagesTable(page);
  await expect(table.getByRole("columnheader")).toHaveText([
    "Name",
    "Tags",
    "Revisions",
    "Deployments",
    "Kind",
    "Updated",
  ]);
  const chat = table.getByRole("row").filter({ hasText: "Chat Moderation" });
  await expect(chat).toContainText("running of 4");
  await expect(chat.getByRole("listitem")).toHaveText(["chat", "moderation"]);
  await expect(chat).toContainText("Custom");

  await page.getByRole("searchbox", { name: "Search by name" }).fill("presence");
  await expect(page).toHaveURL(/\/packages\?search=presence$/);
  await expect(table.getByRole("row")).toHaveCount(2);
  await expect(table.getByRole("link", { name: "Presence Tracker" })).toBeVisible();

  await page.getByLabel("Sort by").selectOption({ label: "Name, Z to A" });
  await expect(page).toHaveURL(/search=presence&sort=name%2CDESC/);

  // The URL alone brings the same list back: reload, and a deep link in a new page.
  await page.reload();
  await expect(page.getByRole("searchbox", { name: "Search by name" })).toHaveValue("presence");
  await expect(page.getByLabel("Sort by")).toHaveValue("name,DESC");
  await expect(packagesTable(page).getByRole("row")).toHaveCount(2);

  // Back returns to the list before the sort.
  await page.goBack();
  await expect(page).toHaveURL(/\/packages\?search=presence$/);

  await page.getByRole("searchbox", { name: "Search by name" }).fill("no such package at all");
  await expect(page.getByRole("heading", { name: /No packages match/ })).toBeVisible();
  await page.getByRole("link", { name: "Clear the search" }).click();
  await expect(packagesTable(page).getByRole("link", { name: "Chat Moderation" })).toBeVisible();
  // The Packages link stays current on the list's sub-pages.
  await packagesTable(page).getByRole("link", { name: "Chat Moderation" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Chat Moderation" })).toBeVisible();
  await expect(nav(page).getByRole("link", { name: "Packages" })).toHaveAttribute(
    "aria-current",
    "page",
  );
});

test("pages of the list are links that keep the search, and the old rows stay while loading", async ({
  page,
  signIn,
  admin,
}) => {
  const prefix = uniqueName("paging");
  for (let i = 0; i < 23; i++) {
    await admin.createPackage(`${prefix} ${String(i).padStart(2, "0")}`);
  }
  await signIn(`/packages?search=${encodeURIComponent(prefix)}&sort=name,ASC`);
  const table = packagesTable(page);
  await expect(table.getByRole("row")).toHaveCount(21);
  await expect(page.getByText("1–20 of 23 packages")).toBeVisible();
  const pages = page.getByRole("navigation", { name: "Pages of packages" });
  await expect(pages).toContainText("Page 1 of 2");

  // While the next page loads, the first page's rows stay on screen.
  await page.route("**/v2/faas/packages?*page=1*", async (route) => {
    await new Promise((r) => setTimeout(r, 600));
    await route.continue();
  });
  await pages.getByRole("link", { name: "Next page" }).click();
  await expect(page).toHaveURL(/page=2/);
  await expect(table.getByRole("cell", { name: `${prefix} 00` })).toBeVisible();
  await expect(table.getByRole("row")).toHaveCount(4);
  await expect(table.getByRole("cell", { name: `${prefix} 22` })).toBeVisible();
  await expect(pages).toContainText("Page 2 of 2");

  await page.reload();
  await expect(packagesTable(page).getByRole("row")).toHaveCount(4);
  await page.getByRole("link", { name: "Previous page" }).click();
  await expect(packagesTable(page).getByRole("row")).toHaveCount(21);
});

test("create: every problem under its field before any request, then one request for a double click", async ({
  page,
  signIn,
}) => {
  await signIn("/packages");
  await page.getByRole("link", { name: "New package" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "New package" })).toBeVisible();

  const posts: string[] = [];
  page.on("request", (r) => {
    if (r.method() === "POST" && r.url().endsWith("/v2/faas/packages")) posts.push(r.url());
  });

  // Nothing typed: the name is required; a bad channel and tag are refused too.
  await page.getByLabel("Tags (optional)").fill("Bad Tag!");
  await page.getByLabel("Input channel").fill("a b");
  await page.getByRole("button", { name: "Create package" }).click();
  const name = page.getByLabel("Name", { exact: true }).first();
  await expect(name).toHaveAttribute("aria-invalid", "true");
  await expect(name).toBeFocused();
  await expect(name).toHaveAccessibleDescription(/Unique in the account.*empty/i);
  await expect(page.getByLabel("Tags (optional)")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByLabel("Input channel")).toHaveAccessibleDescription(/must not contain ' '/i);
  expect(posts).toHaveLength(0);

  // Every function type offers the settings it needs.
  const type = page.getByLabel("Type");
  await type.selectOption({ label: "On Request" });
  await expect(page.getByLabel("Path")).toHaveValue("function-1");
  await expect(page.getByLabel("Input channel")).toHaveCount(0);
  await type.selectOption({ label: "On Interval" });
  await expect(page.getByLabel("Interval in seconds")).toHaveValue("60");
  await type.selectOption({ label: "Before Publish or Fire" });
  await expect(page.getByLabel("Output channel (optional)")).toBeVisible();

  const packageName = uniqueName("Created in the browser");
  await name.fill(packageName);
  await page.getByLabel("Tags (optional)").fill("e2e, browser");
  await page.getByLabel("Input channel").fill("orders.*");
  await replaceCode(
    page,
    "Code of function-1",
    "export default (request) => {\n  request.message.seen = true;\n  return request.ok();\n};",
  );

  await page.getByRole("button", { name: "Create package" }).dblclick();
  await expect(page.getByRole("heading", { level: 1, name: packageName })).toBeVisible();
  expect(posts).toHaveLength(1);
  await expect(page).toHaveURL(new RegExp(`/packages/${UUID.source}$`));
  await expect(page.getByRole("table", { name: "Revisions" }).getByRole("row")).toHaveCount(2);

  // The draft is gone once saved: the form starts blank again.
  await page.goto("/packages/new");
  await expect(page.getByLabel("Name", { exact: true }).first()).toHaveValue("");
  await expect(page.getByText("Restored your unsaved draft")).toHaveCount(0);
});

test("functions are added, reordered and removed, and a syntax error is marked as you type", async ({
  page,
  signIn,
}) => {
  const syntaxCheck: string[] = [];
  page.on("request", (r) => {
    if (/\/syntax-check-\w+\.js$/.test(new URL(r.url()).pathname)) syntaxCheck.push(r.url());
  });
  await signIn("/packages/new");
  // The template parses: the editor's own parse says so, and the syntax check (acorn) is not
  // fetched for it. Its first run is 300 ms after the editor shows.
  await editor(page, "Code of function-1");
  await page.waitForTimeout(1000);
  expect(syntaxCheck).toEqual([]);
  await page.getByRole("button", { name: "Add function" }).click();
  await expect(page.getByLabel("Name", { exact: true }).nth(2)).toBeFocused();
  await page.getByLabel("Name", { exact: true }).nth(2).fill("second");
  await page.getByRole("button", { name: "Move up second" }).click();
  const legends = page.locator("legend");
  await expect(legends).toHaveText(["Function 1: second", "Function 2: function-1"]);
  await page.getByRole("button", { name: "Remove function-1" }).click();
  await expect(legends).toHaveText(["Function 1: second"]);
  await expect(page.getByRole("button", { name: "Remove second" })).toBeDisabled();

  await replaceCode(page, "Code of second", "export default (request) => {\n  return request.ok(;\n};");
  await expect(page.getByText("1 problem is marked in the code")).toBeVisible();
  expect(syntaxCheck).toHaveLength(1);
  // acorn's message, with its position, in the editor's list of problems (Ctrl-Shift-M).
  await (await editor(page, "Code of second")).focus();
  await page.keyboard.press("Control+Shift+M");
  const problems = page.getByRole("listbox", { name: "Diagnostics" });
  await expect(problems.getByRole("option")).toHaveText([/Unexpected token \(2:\d+\)/]);
  await page.keyboard.press("Escape");
  await replaceCode(page, "Code of second", "export default (request) => request.ok();");
  await expect(page.getByText(/marked in the code/)).toHaveCount(0);

  // Tab leaves the editor: keyboard users are never trapped in it.
  const code = await editor(page, "Code of second");
  await code.focus();
  await page.keyboard.press("Tab");
  await expect(code).not.toBeFocused();
});

test("a failed save keeps the code, the server's error goes under its field, and Ctrl+S saves", async ({
  page,
  signIn,
}) => {
  await signIn("/packages/new");
  await page.getByLabel("Name", { exact: true }).first().fill("Chat Moderation");
  const code = "export default (request) => {\n  // kept after a failed save\n  return request.ok();\n};";
  await replaceCode(page, "Code of function-1", code);
  await (await editor(page, "Code of function-1")).press("ControlOrMeta+s");

  const name = page.getByLabel("Name", { exact: true }).first();
  await expect(name).toHaveAttribute("aria-invalid", "true");
  await expect(name).toHaveAccessibleDescription(/already/i);
  const alert = page.getByRole("alert");
  await expect(alert).toContainText("FAAS-409");
  await expect(alert).toContainText(UUID);
  await expect(await editor(page, "Code of function-1")).toContainText("kept after a failed save");

  // A reload after the failure still has everything.
  await page.reload();
  await expect(page.getByText("Restored your unsaved draft")).toBeVisible();
  await expect(page.getByLabel("Name", { exact: true }).first()).toHaveValue("Chat Moderation");
  await expect(await editor(page, "Code of function-1")).toContainText("kept after a failed save");

  await page.getByRole("button", { name: "Discard draft" }).click();
  await expect(page.getByLabel("Name", { exact: true }).first()).toHaveValue("");
});

test("leaving a form with unsaved changes asks first, in the console and for the tab", async ({
  page,
  signIn,
}) => {
  // The question's code is a module of its own, fetched the first time it is asked.
  const questionCode = moduleRequests(page, "leave_question");
  await signIn("/packages/new");
  await page.getByLabel("Name", { exact: true }).first().fill("Not saved yet");
  expect(questionCode, "the question's code before a link is held back").toEqual([]);

  await nav(page).getByRole("link", { name: "Overview" }).click();
  const dialog = page.getByRole("dialog", { name: "Leave this page?" });
  await expect(dialog).toBeVisible();
  expect(questionCode.length, "the question's code, once asked").toBeGreaterThan(0);
  await expect(dialog.getByRole("button", { name: "Cancel" })).toBeFocused();
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toBeHidden();
  await expect(page).toHaveURL(/\/packages\/new$/);
  await expect(page.getByLabel("Name", { exact: true }).first()).toHaveValue("Not saved yet");

  await nav(page).getByRole("link", { name: "Overview" }).click();
  await dialog.getByRole("button", { name: "Leave page" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Overview" })).toBeVisible();

  // Coming back restores the draft; closing the tab now asks the browser's question.
  await nav(page).getByRole("link", { name: "Packages" }).click();
  await page.getByRole("link", { name: "New package" }).click();
  await expect(page.getByLabel("Name", { exact: true }).first()).toHaveValue("Not saved yet");
  const asked = new Promise<string>((resolve) =>
    page.once("dialog", async (d) => {
      resolve(d.type());
      await d.dismiss();
    }),
  );
  await page.getByLabel("Name", { exact: true }).first().fill("Not saved yet, still");
  await page.close({ runBeforeUnload: true });
  expect(await asked).toBe("beforeunload");
});

test("edit a package's details, and delete it after a confirmation that names it", async ({
  page,
  signIn,
  admin,
}) => {
  const name = uniqueName("To be edited");
  const id = await admin.createPackage(name);
  await signIn(`/packages/${id}`);
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();

  await page.getByRole("button", { name: "Edit details" }).click();
  await page.getByLabel("Description").fill("Edited in the browser");
  await page.getByLabel("Tags").fill("edited, e2e");
  await page.getByRole("button", { name: "Save details" }).click();
  await expect(page.getByText("Edited in the browser")).toBeVisible();
  await expect(page.getByRole("list", { name: "Tags" }).getByRole("listitem")).toHaveText([
    "edited",
    "e2e",
  ]);

  await page.getByRole("button", { name: "Delete package" }).click();
  const dialog = page.getByRole("dialog", { name: `Delete package “${name}”?` });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText("1 revision");
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole("button", { name: "Delete package" })).toBeFocused();

  await page.getByRole("button", { name: "Delete package" }).click();
  await dialog.getByRole("button", { name: "Delete package" }).click();
  await expect(page).toHaveURL(/\/packages$/);
  const response = await admin.get(`/v2/faas/packages/${id}`);
  expect(response.status()).toBe(404);
});

test("deleting a package with a running deployment is explained before and after the attempt", async ({
  page,
  signIn,
  admin,
}) => {
  const id = await admin.packageId("Presence Tracker");
  await signIn(`/packages/${id}`);
  await page.getByRole("button", { name: "Delete package" }).click();
  const dialog = page.getByRole("dialog", { name: "Delete package “Presence Tracker”?" });
  await expect(dialog).toContainText("1 deployment of this package is running");
  await dialog.getByRole("button", { name: "Delete package" }).click();
  await expect(dialog.getByRole("alert")).toContainText("FAAS-1016");
  await expect(dialog).toContainText("Not deleted: a deployment of this package is still");
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Presence Tracker" })).toBeVisible();
});
