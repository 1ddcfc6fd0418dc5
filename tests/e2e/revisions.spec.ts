// Revisions end to end: a new revision starts from the latest one, saves with Ctrl+S, and
// the revision page shows its code read-only and a line diff against any other revision.
import { editor, expect, moduleRequests, replaceCode, test, uniqueName } from "./support";

test("a new revision starts from the latest, and its page shows the diff", async ({
  page,
  signIn,
  admin,
}) => {
  const name = uniqueName("Revised");
  const id = await admin.createPackage(name);
  await signIn(`/packages/${id}`);
  await page.getByRole("link", { name: "New revision", exact: true }).click();

  await expect(page.getByRole("heading", { level: 1, name: `New revision of ${name}` })).toBeVisible();
  await expect(page.getByLabel("Name", { exact: true }).first()).toHaveValue("v2");
  await expect(page.getByLabel("Start from revision")).toHaveValue(/.+/);
  await expect(page.getByLabel("Name", { exact: true }).nth(1)).toHaveValue("relay");
  await expect(page.getByLabel("Input channel")).toHaveValue("e2e");
  await replaceCode(
    page,
    "Code of relay",
    "export default (request) => {\n  request.message.revised = true;\n  return request.ok();\n};",
  );
  await page.getByLabel("Input channel").fill("e2e.*");
  await (await editor(page, "Code of relay")).press("ControlOrMeta+s");

  await expect(page.getByRole("heading", { level: 1, name: "Revision v2" })).toBeVisible();
  // Read-only code, still reachable by keyboard.
  const code = await editor(page, "Code of relay");
  await expect(code).toHaveAttribute("aria-readonly", "true");
  await expect(code).toContainText("request.message.revised = true;");

  // Saved from v1, the page compares with v1 at once.
  await expect(page.getByLabel("Compare with")).toHaveValue(/.+/);
  await expect(page.getByText("From v1 to v2: 1 changed")).toBeVisible();
  const diff = page.getByRole("article", { name: "Changed relay" });
  await expect(diff.locator("ins")).toContainText(["inputChannel: e2e.*", "  request.message.revised = true;"]);
  await expect(diff.locator("del")).toContainText(["inputChannel: e2e"]);

  // The compare choice is in the URL: a reload keeps it, and "Choose a revision" clears it.
  await page.reload();
  await expect(page.getByText("From v1 to v2: 1 changed")).toBeVisible();
  await page.getByLabel("Compare with").selectOption({ label: "Choose a revision" });
  await expect(page.getByText(/From v1 to v2/)).toHaveCount(0);
});

test("a revision with several functions diffs added and removed ones", async ({
  page,
  signIn,
  admin,
}) => {
  const id = await admin.packageId("Chat Moderation");
  await signIn(`/packages/${id}`);
  const revisions = page.getByRole("table", { name: "Revisions" });
  // The comparison's code is a module of its own, fetched when a revision is first chosen.
  const comparisonCode = moduleRequests(page, "comparison");
  await revisions.getByRole("link", { name: "v1", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Revision v1" })).toBeVisible();
  await expect(page.getByLabel("Compare with")).toBeVisible();
  expect(comparisonCode, "the comparison's code before a revision is chosen").toEqual([]);
  await page.getByLabel("Compare with").selectOption({ label: "v3" });
  await expect(page.getByText("From v3 to v1: 2 removed, 1 changed")).toBeVisible();
  expect(comparisonCode.length, "the comparison's code, once chosen").toBeGreaterThan(0);
  await expect(page.getByRole("article", { name: "Removed Spam Throttle" }).locator("del").first()).toBeVisible();
  await expect(page.getByRole("article", { name: "Removed Spam Throttle" }).locator("ins")).toHaveCount(0);
});

test("the new-revision form restores its draft after a reload and can start from another revision", async ({
  page,
  signIn,
  admin,
}) => {
  const id = await admin.packageId("Chat Moderation");
  await signIn(`/packages/${id}/revisions/new`);
  await expect(page.getByLabel("Name", { exact: true }).first()).toHaveValue("v4");
  await page.getByLabel("Description (optional)").fill("Draft that survives a reload");
  await page.reload();
  await expect(page.getByText("Restored your unsaved draft")).toBeVisible();
  await expect(page.getByLabel("Description (optional)")).toHaveValue("Draft that survives a reload");

  // Another base replaces the edits, after asking; the question's code comes when asked.
  const questionCode = moduleRequests(page, "switch_base");
  await page.waitForLoadState("networkidle");
  expect(questionCode).toEqual([]);
  await page.getByLabel("Start from revision").selectOption({ label: "v1" });
  const dialog = page.getByRole("dialog", { name: "Start from another revision?" });
  await expect(dialog).toBeVisible();
  expect(questionCode).toHaveLength(1);
  await dialog.getByRole("button", { name: "Replace my changes" }).click();
  await expect(page).toHaveURL(/from=/);
  await expect(page.getByLabel("Description (optional)")).toHaveValue("");
  await expect(page.locator("legend")).toHaveText(["Function 1: Profanity Filter"]);
});
