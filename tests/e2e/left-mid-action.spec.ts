// A page left while something it started is still on its way: an action's answer, a search
// typed a moment before a link is followed. What comes back late must neither break the
// console (a panic stops the whole app) nor act on the page that came instead.
import { expect, test, uniqueName } from "./support";

test("an action answered after its page was left breaks nothing, and still happened", async ({
  page,
  signIn,
  admin,
}) => {
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
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
  let answered!: () => void;
  const answeredLate = new Promise<void>((resolve) => (answered = resolve));
  await page.route(/\/function-deployments$/, async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 800));
    await route.continue();
    answered();
  });
  await row.getByRole("button", { name: "Start" }).click();
  await page.getByRole("navigation", { name: "Sections" }).getByRole("link", { name: "Packages" }).click();
  await expect(page.getByRole("table", { name: "Packages" })).toBeVisible();
  await answeredLate;
  await page.waitForLoadState("networkidle");

  expect(errors).toEqual([]);
  await expect(page).toHaveURL(/\/packages$/);
  await expect(page.getByRole("table", { name: "Packages" })).toBeVisible();
  await expect.poll(() => admin.deploymentState(deploymentId)).not.toBe("STOPPED");
});

test("a search typed just before a link is followed neither breaks nor takes the page back", async ({
  page,
  signIn,
}) => {
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  await signIn("/packages");
  const table = page.getByRole("table", { name: "Packages" });
  const chat = table.getByRole("link", { name: "Chat Moderation" });
  await expect(chat).toBeVisible();

  // The search goes to the URL once typing pauses; the link is followed before that.
  await page.getByLabel("Search by name").pressSequentially("Chat");
  await chat.click();
  await expect(page.getByRole("heading", { level: 1, name: "Chat Moderation" })).toBeVisible();
  const packageUrl = page.url();
  // Longer than the pause after which the search would have been applied.
  await page.waitForTimeout(800);

  expect(errors).toEqual([]);
  expect(page.url()).toBe(packageUrl);
  await expect(page.getByRole("heading", { level: 1, name: "Chat Moderation" })).toBeVisible();
});
