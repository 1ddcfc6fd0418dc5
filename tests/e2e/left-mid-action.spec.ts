// A page left while something it started is still on its way: an action's answer, a search
// typed a moment before a link is followed. What comes back late must neither break the
// console (a panic stops the whole app) nor act on the page that came instead. And a form
// that is saving cannot be closed under its answer.
import { expect, pageErrors, test, uniqueName } from "./support";

test("an action answered after its page was left breaks nothing, and still happened", async ({
  page,
  signIn,
  admin,
}) => {
  const errors = pageErrors(page);
  const name = uniqueName("Left");
  const revisionId = await admin.latestRevisionId(await admin.createPackage(name));
  const deploymentId = await admin.deploy(revisionId, 31001);
  await signIn(`/revisions/${revisionId}`);
  const row = page
    .getByRole("region", { name: "Deployments of this revision" })
    .getByRole("row")
    .filter({ hasText: "STOPPED" });
  await expect(row).toBeVisible();

  // The start's answer comes late; the Packages link is followed before it does.
  await page.route(/\/function-deployments$/, async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 800));
    await route.continue();
  });
  const started = page.waitForResponse(
    (r) => r.request().method() === "POST" && /\/function-deployments$/.test(r.url()),
  );
  await row.getByRole("button", { name: "Start" }).click();
  const sections = page.getByRole("navigation", { name: "Sections" });
  await sections.getByRole("link", { name: "Packages" }).click();
  await expect(page.getByRole("table", { name: "Packages" })).toBeVisible();
  await (await started).finished();

  // The console still answers (a panic would have stopped it), on the page the person chose.
  await expect(page).toHaveURL(/\/packages$/);
  await sections.getByRole("link", { name: "Deployments" }).click();
  await expect(page.getByRole("table", { name: "Deployments" })).toBeVisible();
  expect(errors).toEqual([]);
  await expect.poll(() => admin.deploymentState(deploymentId)).not.toBe("STOPPED");
});

test("a search typed just before a link is followed neither breaks nor takes the page back", async ({
  page,
  signIn,
}) => {
  const errors = pageErrors(page);
  await signIn("/packages");
  const table = page.getByRole("table", { name: "Packages" });
  const chat = table.getByRole("link", { name: "Chat Moderation" });
  await expect(chat).toBeVisible();

  // The search goes to the URL once typing pauses (300 ms); the link is followed before. A
  // machine too busy to get from typing to the click within the pause tries again: only a
  // click that comes first tests anything. (Should the search land between this check and
  // the click, the click still opens the package, and the rest holds.)
  const search = page.getByLabel("Search by name");
  for (let attempt = 1; ; attempt += 1) {
    await search.fill("Chat");
    if (!page.url().includes("search=")) break;
    expect(attempt, "typing and the click, within the search's pause").toBeLessThan(5);
    await page.goto("/packages");
    await expect(chat).toBeVisible();
  }
  await chat.click();
  await expect(page.getByRole("heading", { level: 1, name: "Chat Moderation" })).toBeVisible();
  const packageUrl = page.url();
  // Nothing is to happen: only waiting past the pause can show it (no event to wait for).
  await page.waitForTimeout(800);

  expect(page.url()).toBe(packageUrl);
  await page.getByRole("navigation", { name: "Sections" }).getByRole("link", { name: "Deployments" }).click();
  await expect(page.getByRole("table", { name: "Deployments" })).toBeVisible();
  expect(errors).toEqual([]);
});

test("a form cannot be closed while it saves, so its answer is shown", async ({ page, signIn, admin }) => {
  const packageId = await admin.createPackage(uniqueName("Saving"));
  await signIn(`/packages/${packageId}`);
  await page.getByRole("button", { name: "Edit details" }).click();
  const form = page.getByRole("form", { name: "Edit package" });
  await form.getByLabel("Description").fill("Saved while Cancel waited");

  await page.route(/\/v2\/faas\/packages\/[^/?]+$/, async (route) => {
    if (route.request().method() === "PUT") await new Promise((resolve) => setTimeout(resolve, 800));
    await route.continue();
  });
  await form.getByRole("button", { name: "Save details" }).click();
  await expect(form.getByRole("button", { name: "Cancel" })).toBeDisabled();
  // Nor by the button that opened it.
  await expect(page.getByRole("button", { name: "Edit details" })).toBeDisabled();
  await expect(page.getByText("Saved while Cancel waited")).toBeVisible();
  await expect(form).toBeHidden();
});
