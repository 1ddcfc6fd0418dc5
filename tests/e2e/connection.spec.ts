// The walking skeleton end to end: the console served by the reference server, opened the way
// the server prints it, connects with the handed-over key. Elements are found by role and
// label only, as a person would find them.
//
// The harness (playwright.config.ts) starts faas-server with --demo and exposes:
//   FAAS_URL        the printed URL, with #key=<admin key>
//   FAAS_BASE       its origin (also Playwright's baseURL)
//   FAAS_ADMIN_KEY  the admin key
import { expect, test, type Page } from "@playwright/test";

const FAAS_URL = env("FAAS_URL");
const FAAS_BASE = env("FAAS_BASE").replace(/\/$/, "");
const FAAS_ADMIN_KEY = env("FAAS_ADMIN_KEY");
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
/** The demo data has at least this many keysets. */
const DEMO_KEYSETS = 8;

function env(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the specs through playwright.config.ts`);
  return value;
}

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
}) => {
  await page.goto(FAAS_URL);

  await expect(page.getByRole("heading", { level: 1, name: "Overview" })).toBeVisible();
  await expect(page.getByRole("status").filter({ hasText: "Connected to" })).toHaveText(
    `Connected to ${FAAS_BASE}`,
  );
  await expectKeysetRows(page, DEMO_KEYSETS);
  await expect(page.getByRole("status").filter({ hasText: "API connection" })).toContainText(
    "Connected",
  );

  const url = new URL(page.url());
  expect(url.hash).toBe("");
  expect(page.url()).not.toContain(FAAS_ADMIN_KEY);
  await expect(page).toHaveTitle(/Overview/);
});

test("Test connection on Settings lists the keysets", async ({ page }) => {
  await page.goto(FAAS_URL);
  await openSettings(page);

  await expect(page.getByLabel("API base URL")).toHaveValue(FAAS_BASE);
  await expect(page.getByLabel("API key", { exact: true })).toHaveValue(FAAS_ADMIN_KEY);
  await expect(page.getByLabel("API key", { exact: true })).toHaveAttribute("type", "password");

  await page.getByRole("button", { name: "Test connection" }).click();

  await expect(page.getByRole("heading", { name: "Connection works" })).toBeVisible();
  await expectKeysetRows(page, DEMO_KEYSETS);
  await expect(page.getByRole("alert")).toHaveCount(0);
});

test("a wrong key fails with FAAS-1002 and a correlation id, and is not saved", async ({
  page,
}) => {
  await page.goto(FAAS_URL);
  await openSettings(page);

  await page.getByLabel("API key", { exact: true }).fill("fk_not_a_real_key");
  await page.getByRole("button", { name: "Test connection" }).click();

  const alert = page.getByRole("alert");
  await expect(alert).toContainText("FAAS-1002");
  await expect(alert).toContainText(new RegExp(`Correlation ID: ${UUID.source}`, "i"));
  await expect(alert.getByRole("button", { name: "Copy correlation ID" })).toBeVisible();

  // Testing never saves: the saved (right) key still works after a reload.
  await page.reload();
  await expect(page.getByLabel("API key", { exact: true })).toHaveValue(FAAS_ADMIN_KEY);
});

test("a deep link to /settings works and a reload keeps the saved settings", async ({ page }) => {
  // A fresh browser context has nothing stored: the deep link alone must load the console.
  await page.goto("/settings");
  await expect(page.getByRole("heading", { level: 1, name: "Settings" })).toBeVisible();
  await expect(
    page.getByRole("navigation", { name: "Sections" }).getByRole("link", { name: "Settings" }),
  ).toHaveAttribute("aria-current", "page");
  await expect(page.getByLabel("API base URL")).toHaveValue(FAAS_BASE);

  // An invalid version is refused under its field.
  const version = page.getByLabel("PubNub-Version");
  await version.fill("2024-13-01");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(version).toHaveAttribute("aria-invalid", "true");
  await expect(version).toHaveAccessibleDescription(/YYYY-MM-DD/);

  await page.getByLabel("API key", { exact: true }).fill(FAAS_ADMIN_KEY);
  await version.fill("2024-01-15");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Settings saved" })).toBeVisible();
  await expect(version).not.toHaveAttribute("aria-invalid", "true");

  await page.reload();
  await expect(page.getByRole("heading", { level: 1, name: "Settings" })).toBeVisible();
  await expect(page.getByLabel("API key", { exact: true })).toHaveValue(FAAS_ADMIN_KEY);
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
}) => {
  await page.goto("/settings");
  await page.getByLabel("API base URL").fill("http://127.0.0.1:9");
  await page.getByLabel("API key", { exact: true }).fill("fk_for_another_server");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Settings saved" })).toBeVisible();

  await page.goto(FAAS_URL);
  await expect(page.getByRole("status").filter({ hasText: "Connected to" })).toHaveText(
    `Connected to ${FAAS_BASE}`,
  );
  await openSettings(page);
  await expect(page.getByLabel("API base URL")).toHaveValue(FAAS_BASE);
  await expect(page.getByLabel("API key", { exact: true })).toHaveValue(FAAS_ADMIN_KEY);
});
