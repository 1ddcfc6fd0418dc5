// The request log end to end: every call listed with the correlation id of its answer,
// filters and search, "View request" from an error, "Copy as curl" giving a command that bash
// runs to the same answer, and the API key in neither the page nor a plain copy.
import { execFileSync } from "node:child_process";
import type { Page } from "@playwright/test";
import { editor, expect, replaceCode, test } from "./support";

test.use({ permissions: ["clipboard-read", "clipboard-write"] });

const drawer = (page: Page) => page.getByRole("complementary", { name: "Request log" });
const clipboard = (page: Page) => page.evaluate(() => navigator.clipboard.readText());

test("every call is listed, newest first, with the correlation id of its answer", async ({
  page,
  signIn,
}) => {
  const answered: string[] = [];
  page.on("response", (response) => {
    const id = response.headers()["x-correlation-id"];
    if (id && new URL(response.url()).pathname.startsWith("/v2/")) answered.push(id);
  });
  await signIn("/packages");
  await expect(page.getByRole("table", { name: "Packages" })).toBeVisible();

  await page.getByRole("button", { name: /Request log \(\d+\)/ }).click();
  const log = drawer(page);
  await expect(log).toBeVisible();
  await expect(page.getByRole("button", { name: /Request log/ })).toHaveAttribute(
    "aria-expanded",
    "true",
  );
  const items = log.getByRole("listitem");
  await expect(items.filter({ hasText: "GET /v2/faas/packages" }).first()).toBeVisible();
  const listed = await items.evaluateAll((nodes) =>
    nodes.map((n) => (n as HTMLElement).dataset.correlationId),
  );
  expect(listed.length).toBeGreaterThan(1);
  for (const id of listed) expect(answered).toContain(id);

  // A new call goes on top.
  await page.getByRole("searchbox", { name: "Search by name" }).fill("presence");
  await expect(items.first()).toContainText(/GET \/v2\/faas\/packages\?\S*search=presence/);

  // Filters and search narrow the list.
  await log.getByLabel("Search requests").fill("keysets");
  await expect(items.first()).toContainText("/v2/keysets");
  await log.getByRole("radio", { name: "4xx" }).check();
  await expect(log.getByText(/^0 of \d+ requests$/)).toBeVisible();
  await log.getByRole("radio", { name: "All" }).check();
  await log.getByLabel("Search requests").fill("");

  // A row opens to its headers and bodies; Escape closes the drawer.
  await items.first().getByRole("button").click();
  await expect(log.getByText("Response body")).toBeVisible();
  await expect(log.getByText('"totalElements"')).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(log).toBeHidden();
});

test("Copy as curl reproduces a failed call in bash, and the key is never in the page or a plain copy", async ({
  page,
  signIn,
  server,
}) => {
  await signIn("/packages/new");
  // A name that exists (409), and code holding a quote, a bang and newlines.
  await page.getByLabel("Name", { exact: true }).first().fill("Chat Moderation");
  const code = "export default (request) => {\n  // it's a 'test'! $HOME `x`\n  return request.ok();\n};";
  await replaceCode(page, "Code of function-1", code);
  const answer = page.waitForResponse(
    (r) => r.url().endsWith("/v2/faas/packages") && r.request().method() === "POST",
  );
  await (await editor(page, "Code of function-1")).press("ControlOrMeta+s");
  const response = await answer;
  expect(response.status()).toBe(409);
  const consoleBody = await response.json();

  const alert = page.getByRole("alert").filter({ hasText: "FAAS-409" });
  await alert.getByRole("button", { name: "View request" }).click();
  const log = drawer(page);
  await expect(log.getByLabel("Search requests")).toHaveValue(consoleBody.meta.correlationId);
  const item = log.getByRole("listitem").filter({ hasText: "POST /v2/faas/packages" });
  await expect(item).toHaveCount(1);
  await expect(item.getByRole("button").first()).toHaveAttribute("aria-expanded", "true");

  await item.getByRole("button", { name: "Copy as curl", exact: true }).click();
  const command = await clipboard(page);
  expect(command).toContain('"Authorization: ${PUBNUB_API_KEY}"');
  expect(command).not.toContain(server.adminKey);
  expect(await page.content()).not.toContain(server.adminKey);

  const output = execFileSync("bash", ["-c", `${command} -w '\\n%{http_code}'`], {
    env: { ...process.env, PUBNUB_API_KEY: server.adminKey },
    encoding: "utf8",
  });
  const status = output.slice(output.lastIndexOf("\n") + 1);
  const body = JSON.parse(output.slice(0, output.lastIndexOf("\n")));
  expect(status).toBe("409");
  expect(body.errors).toEqual(consoleBody.errors);
  expect(body.meta.correlationId).toBe(consoleBody.meta.correlationId);

  // The key goes into a copy only when asked for, after a confirmation.
  await item.getByRole("button", { name: "Copy as curl with key…" }).click();
  const confirm = page.getByRole("dialog", { name: "Copy the command with your API key?" });
  await confirm.getByRole("button", { name: "Copy with key" }).click();
  await expect(confirm).toBeHidden();
  expect(await clipboard(page)).toContain(`'Authorization: ${server.adminKey}'`);
  expect(await page.content()).not.toContain(server.adminKey);
});
