// The walking skeleton end to end: the console served by the reference server, opened the way
// the server prints it, connects with the handed-over key. Elements are found by role and
// label only, as a person would find them.
//
// Each worker's server (support.ts: faas-server with --demo) is the `server` fixture: `url`,
// the printed URL with #key=<admin key>; `origin` (also Playwright's baseURL); `adminKey`.
import type { Page } from "@playwright/test";
import { expect, test, UUID } from "./support";

/** The demo data has at least this many keysets. */
const DEMO_KEYSETS = 8;

/** Rows of the "Keysets" table, header row excluded. */
async function expectKeysetRows(page: Page, atLeast: number) {
  const table = page.getByRole("table", { name: "Keysets" });
  await expect(table).toBeVisible();
  await expect(table.getByRole("columnheader")).toHaveText(["ID", "Name", "App", "Subscribe key"]);
  await expect
    .poll(async () => (await table.getByRole("row").count()) - 1)
    .toBeGreaterThanOrEqual(atLeast);
}

async function openSettings(page: Page) {
  await page
    .getByRole("navigation", { name: "Sections" })
    .getByRole("link", { name: "Settings", exact: true })
    .click();
  await expect(page).toHaveURL(/\/settings$/);
  await expect(page.getByRole("heading", { level: 1, name: "Settings" })).toBeVisible();
}

test("opening the printed URL gives a connected console without the key in the URL", async ({
  page,
  server,
}) => {
  await page.goto(server.url);

  await expect(page.getByRole("heading", { level: 1, name: "Overview" })).toBeVisible();
  await expect(page.getByRole("status").filter({ hasText: "Connected to" })).toHaveText(
    `Connected to ${server.origin}`,
  );
  await expectKeysetRows(page, DEMO_KEYSETS);
  await expect(page.getByRole("status").filter({ hasText: "API connection" })).toContainText(
    "Connected",
  );

  const url = new URL(page.url());
  expect(url.hash).toBe("");
  expect(page.url()).not.toContain(server.adminKey);
  await expect(page).toHaveTitle(/Overview/);
});

test("Test connection on Settings lists the keysets", async ({ page, server }) => {
  await page.goto(server.url);
  await openSettings(page);

  await expect(page.getByLabel("API base URL")).toHaveValue(server.origin);
  await expect(page.getByLabel("API key", { exact: true })).toHaveValue(server.adminKey);
  await expect(page.getByLabel("API key", { exact: true })).toHaveAttribute("type", "password");

  await page.getByRole("button", { name: "Test connection" }).click();

  await expect(page.getByRole("heading", { name: "Connection works" })).toBeVisible();
  await expectKeysetRows(page, DEMO_KEYSETS);
  await expect(page.getByRole("alert")).toHaveCount(0);
});

test("a wrong key fails with FAAS-1002 and a correlation id, and is not saved", async ({
  page,
  server,
}) => {
  await page.goto(server.url);
  await openSettings(page);

  await page.getByLabel("API key", { exact: true }).fill("fk_not_a_real_key");
  await page.getByRole("button", { name: "Test connection" }).click();

  const alert = page.getByRole("alert");
  await expect(alert).toContainText("FAAS-1002");
  await expect(alert).toContainText(new RegExp(`Correlation ID: ${UUID.source}`, "i"));
  await expect(alert.getByRole("button", { name: "Copy correlation ID" })).toBeVisible();

  // Testing never saves: the saved (right) key still works after a reload.
  await page.reload();
  await expect(page.getByLabel("API key", { exact: true })).toHaveValue(server.adminKey);
});

test("a deep link to /settings works and a reload keeps the saved settings", async ({
  page,
  server,
}) => {
  // A fresh browser context has nothing stored: the deep link alone must load the console.
  await page.goto("/settings");
  await expect(page.getByRole("heading", { level: 1, name: "Settings" })).toBeVisible();
  await expect(
    page.getByRole("navigation", { name: "Sections" }).getByRole("link", { name: "Settings" }),
  ).toHaveAttribute("aria-current", "page");
  await expect(page.getByLabel("API base URL")).toHaveValue(server.origin);

  // An invalid version is refused under its field.
  const version = page.getByLabel("PubNub-Version");
  await version.fill("2024-13-01");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(version).toHaveAttribute("aria-invalid", "true");
  await expect(version).toHaveAccessibleDescription(/YYYY-MM-DD/);

  await page.getByLabel("API key", { exact: true }).fill(server.adminKey);
  await version.fill("2024-01-15");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Settings saved" })).toBeVisible();
  await expect(version).not.toHaveAttribute("aria-invalid", "true");

  await page.reload();
  await expect(page.getByRole("heading", { level: 1, name: "Settings" })).toBeVisible();
  await expect(page.getByLabel("API key", { exact: true })).toHaveValue(server.adminKey);
  await expect(page.getByLabel("PubNub-Version")).toHaveValue("2024-01-15");

  // The saved key is the one the console now uses.
  await page
    .getByRole("navigation", { name: "Sections" })
    .getByRole("link", { name: "Overview" })
    .click();
  await expect(page.getByRole("status").filter({ hasText: "Connected to" })).toBeVisible();
  await expectKeysetRows(page, DEMO_KEYSETS);
});

test("the Show button reveals the key and a missing key points to Settings", async ({ page }) => {
  await page.goto("/");
  const alert = page.getByRole("alert");
  await expect(alert).toContainText("FAAS-1001");
  await alert.getByRole("link", { name: /Settings/ }).click();
  await expect(page).toHaveURL(/\/settings$/);

  const key = page.getByLabel("API key", { exact: true });
  await key.fill("fk_visible");
  const show = page.getByRole("button", { name: "Show API key" });
  await expect(show).toHaveAttribute("aria-pressed", "false");
  await show.click();
  await expect(show).toHaveAttribute("aria-pressed", "true");
  await expect(key).toHaveAttribute("type", "text");
});

test("a handed-over key is for the server that printed it, whatever base URL was saved", async ({
  page,
  server,
}) => {
  await page.goto("/settings");
  await page.getByLabel("API base URL").fill("http://127.0.0.1:9");
  await page.getByLabel("API key", { exact: true }).fill("fk_for_another_server");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Settings saved" })).toBeVisible();

  await page.goto(server.url);
  await expect(page.getByRole("status").filter({ hasText: "Connected to" })).toHaveText(
    `Connected to ${server.origin}`,
  );
  await openSettings(page);
  await expect(page.getByLabel("API base URL")).toHaveValue(server.origin);
  await expect(page.getByLabel("API key", { exact: true })).toHaveValue(server.adminKey);
});
