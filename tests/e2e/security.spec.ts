// The console's page is served with a Content-Security-Policy: the console itself (its wasm
// modules, the editor chunk and its styles) runs without a single violation, and a script
// injected into the page does not run.
import type { Page } from "@playwright/test";
import { expect, test } from "./support";

/** Collects what the browser reports as blocked by the policy. */
function violations(page: Page): string[] {
  const found: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error" && /Content Security Policy/i.test(m.text())) found.push(m.text());
  });
  return found;
}

test("the console runs under its policy, and an injected inline script does not", async ({
  page,
  signIn,
}) => {
  const blocked = violations(page);
  const response = await page.request.get("/deployments");
  const policy = response.headers()["content-security-policy"];
  expect(policy).toContain("'wasm-unsafe-eval'");
  expect(policy).toContain("frame-ancestors 'none'");
  // Each inline script of the page (the start script, the early fetch of the page's code) by
  // its hash.
  expect(policy).toMatch(/script-src 'self' 'wasm-unsafe-eval'( 'sha256-[^']+'){2};/);
  expect(response.headers()["x-content-type-options"]).toBe("nosniff");
  expect(response.headers()["referrer-policy"]).toBe("no-referrer");

  // Every kind of page, the code editor (a separate chunk with its own stylesheet) included.
  await signIn("/packages/new");
  await expect(page.getByRole("textbox", { name: "Code of function-1" })).toBeVisible();
  await expect(page.locator(".cm-gutters")).toBeVisible();
  await page.getByRole("link", { name: "Deployments" }).click();
  await expect(page.getByRole("table", { name: "Deployments" })).toBeVisible();
  expect(blocked).toEqual([]);

  await page.evaluate(() => {
    const script = document.createElement("script");
    script.textContent = "window.injected = 'script'";
    document.body.append(script);
    document.body.insertAdjacentHTML(
      "beforeend",
      `<img src="data:," onload="window.injected = 'handler'" alt="">`,
    );
  });
  await expect.poll(() => blocked.length).toBeGreaterThanOrEqual(2);
  expect(await page.evaluate(() => (window as unknown as { injected?: string }).injected)).toBeUndefined();
});
