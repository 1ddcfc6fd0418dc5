// The catalog: from New package to a blueprint found by its tag, imported with its params,
// and the new package with its (stopped) deployment.
import { expect, test, uniqueName } from "./support";

test("a blueprint found by tag is imported with its params and opens as a package", async ({
  page,
  signIn,
  admin,
}) => {
  await signIn("/packages/new");
  await page.getByRole("link", { name: "Start from a blueprint" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Start from a blueprint" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Health Check" })).toBeVisible();

  // The tag filter is in the URL: a reload shows the same cards.
  await page.getByLabel("Tag", { exact: true }).selectOption("security");
  await expect(page).toHaveURL(/\/catalog\?tag=security$/);
  await expect(page.getByRole("heading", { name: "Health Check" })).toHaveCount(0);
  await page.reload();
  const card = page.getByRole("listitem").filter({ has: page.getByRole("heading", { name: "Webhook Signer" }) });
  await expect(card).toContainText("After Publish or Fire");
  await expect(card.getByRole("list", { name: "Tags" })).toContainText("security");
  await expect(page.getByRole("status").filter({ hasText: "1 blueprint match" })).toBeVisible();

  await card.getByRole("link", { name: "Webhook Signer" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Webhook Signer" })).toBeVisible();
  await expect(page.getByRole("textbox", { name: "Code of Sign and forward" })).toContainText(
    'vault.get("webhookSigningKey")',
  );
  await expect(page.getByRole("table", { name: "Params" })).toContainText("webhookSigningKey");

  // The secret is required: the form says so before anything is sent.
  const form = page.getByRole("form", { name: "Use this blueprint" });
  const name = uniqueName("Payments webhook");
  await form.getByLabel("Keyset").selectOption({ label: "Chat Staging (Chat App)" });
  await form.getByLabel("Package name").fill(name);
  await form.getByLabel("channel").fill("payments.eu");
  await form.getByRole("button", { name: "Create the package" }).click();
  const secret = form.getByLabel("webhookSigningKey (secret)");
  await expect(secret).toBeFocused();
  await expect(form).toContainText("webhookSigningKey is required.");
  await expect(secret).toHaveAttribute("type", "password");
  // Each param's description is its field's accessible description.
  await expect(secret).toHaveAccessibleDescription(/The key the signature is made with/);
  await expect(form.getByLabel("channel")).toHaveAccessibleDescription(
    "The channel (or wildcard) whose messages are forwarded.",
  );
  const value = "e2e-signing-key-never-shown";
  await secret.fill(value);
  await form.getByRole("button", { name: "Create the package" }).click();

  // The new package, made from the blueprint, with its first revision deployed, stopped.
  await expect(page).toHaveURL(/\/packages\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  const deployments = page.getByRole("table", { name: /Deployments/ });
  await expect(deployments).toContainText("Chat Staging");
  await expect(deployments).toContainText("STOPPED");

  // The secret went to the keyset, and the request log never kept it.
  const keysets = await (await admin.get("/v2/keysets")).json();
  const staging = keysets.data.find((k: { id: number }) => k.id === 31002);
  const secrets = await admin.get("/v2/faas/kv/secrets", { subkey: staging.subscribeKey });
  expect((await secrets.json()).data.map((s: { key: string }) => s.key)).toContain("webhookSigningKey");
  await page.getByRole("button", { name: /^Request log/ }).click();
  const log = page.getByRole("complementary", { name: "Request log" });
  await expect(log).toContainText("/packages");
  expect(await page.content()).not.toContain(value);
  const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }));
  expect(stored).not.toContain(value);
});

test("the search is in the URL and an empty result says how to get back", async ({ page, signIn }) => {
  await signIn("/catalog?search=counter");
  await expect(page.getByRole("heading", { name: "KV Counter" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "REST Handler" })).toHaveCount(0);
  await page.getByLabel("Search by name").fill("nothing like this");
  await expect(page).toHaveURL(/search=nothing%20like%20this/);
  await expect(page.getByRole("heading", { name: "No blueprint matches" })).toBeVisible();
  await page.getByRole("link", { name: "Show every blueprint" }).click();
  await expect(page.getByRole("heading", { name: "REST Handler" })).toBeVisible();
});
