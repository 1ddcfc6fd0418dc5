// Scheduled events end to end: a start scheduled 3 s ahead that starts the deployment with no
// reload; edit and delete, each confirmed; the Schedules page's timeline with its filters in
// the URL.
import type { Page } from "@playwright/test";
import { Admin, expect, moduleRequests, test, uniqueName } from "./support";

/** A STOPPED deployment of a new package called `name`; its id. */
async function stoppedDeployment(admin: Admin, name: string, keysetId = 31003) {
  const packageId = await admin.createPackage(name);
  return admin.deploy(await admin.latestRevisionId(packageId), keysetId);
}

/** `ms` from now as a `datetime-local` value in the browser's own time zone. */
async function localIn(page: Page, ms: number): Promise<string> {
  return page.evaluate((ahead) => {
    const d = new Date(Date.now() + ahead);
    const two = (n: number) => String(n).padStart(2, "0");
    return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}T${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
  }, ms);
}

test("a start scheduled 3 s ahead starts the deployment with no reload", async ({ page, admin, signIn }) => {
  const name = uniqueName("Scheduled");
  const id = await stoppedDeployment(admin, name);
  // The form's code is a module of its own, fetched when the form is first asked for.
  const formCode = moduleRequests(page, "schedule_edits");
  await signIn(`/deployments/${id}`);
  await page.evaluate(() => ((window as unknown as { faasMark: number }).faasMark = 1));
  await expect(page.getByText("Nothing is scheduled for this deployment.")).toBeVisible();
  await page.waitForLoadState("networkidle");
  expect(formCode, "the form's code before it is asked for").toEqual([]);

  await page.getByRole("button", { name: "Schedule", exact: true }).click();
  const form = page.getByRole("form", { name: "Schedule a start" });
  await expect(form).toContainText("Times are in your time zone,");
  expect(formCode.length, "the form's code, once asked for").toBeGreaterThan(0);
  await form.getByLabel("Start at").fill(await localIn(page, 3_000));
  await expect(form.getByText(/^UTC: \d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.000Z$/).first()).toBeVisible();
  await form.getByRole("button", { name: "Schedule it" }).click();
  await expect(form).toBeHidden();

  const events = page.getByRole("region", { name: "Scheduled events of this deployment" });
  await expect(events).toContainText("PENDING");
  await expect(events).toContainText(/in \d s|due now/);
  // The scheduler starts it; the page follows without a reload.
  await expect(page.getByRole("region", { name: "Functions table" })).toContainText("RUNNING", { timeout: 20_000 });
  await expect(events).toContainText("DONE", { timeout: 20_000 });
  expect(await page.evaluate(() => (window as unknown as { faasMark?: number }).faasMark)).toBe(1);
});

test("an event is edited and deleted, each confirmed, and shows on the Schedules timeline", async ({
  page,
  admin,
  signIn,
}) => {
  const name = uniqueName("Planned");
  const id = await stoppedDeployment(admin, name);
  const inAnHour = new Date(Date.now() + 3_600_000).toISOString();
  const inTwoHours = new Date(Date.now() + 7_200_000).toISOString();
  await admin.write("post", "/v2/faas/scheduled/events", {
    packageDeploymentId: id,
    dttmBegin: inAnHour,
    dttmEnd: inTwoHours,
    description: `Window ${name}`,
  });

  // The Schedules page: the event on today's or tomorrow's row, filters kept in the URL.
  await signIn(`/schedules?deployment=${id}`);
  const timeline = page.getByRole("list", { name: "Actions of the next 14 days by day" });
  const action = (kind: string) =>
    timeline.getByRole("listitem").filter({ hasText: new RegExp(`^\\d\\d:\\d\\d:\\d\\d ${kind} of v1 of ${name} on Chat Development`) });
  await expect(action("Start")).toHaveCount(1);
  await expect(action("Stop")).toHaveCount(1);
  await page.getByLabel("Action", { exact: true }).selectOption({ label: "Stop" });
  await expect(page).toHaveURL(new RegExp(`/schedules\\?deployment=${id}&action=STOP$`));
  await expect(action("Start")).toHaveCount(0);
  await expect(page.getByRole("region", { name: "Scheduled events" })).toContainText(`Window ${name}`);
  await page.goBack();
  await expect(action("Start")).toHaveCount(1);

  // Edit on the deployment's page: the description changes, the times stay.
  await page.goto(`/deployments/${id}`);
  const events = page.getByRole("region", { name: "Scheduled events of this deployment" });
  await events.getByRole("button", { name: "Edit" }).click();
  const form = page.getByRole("form", { name: "Edit the event" });
  await form.getByLabel("Description (optional)").fill(`Moved ${name}`);
  await form.getByRole("button", { name: "Save the event" }).click();
  await expect(events).toContainText(`Moved ${name}`);

  await events.getByRole("button", { name: "Delete" }).click();
  const dialog = page.getByRole("dialog", { name: `Delete the event “Moved ${name}”?` });
  await dialog.getByRole("button", { name: "Delete event" }).click();
  await expect(page.locator(".live-status")).toContainText(`Deleted the event “Moved ${name}”.`);
  await expect(page.getByText("Nothing is scheduled for this deployment.")).toBeVisible();
});
