// Screenshots of the console for the README, in light and dark: the packages list, the
// create form, the deployments list, a failed deployment explained, a team's builds, a
// function's Test tab after a run, and the request log. Run by scripts/screenshots.sh, which starts the server and sets FAAS_URL.
import { chromium } from "playwright-core";

const url = new URL(process.env.FAAS_URL);
const out = process.env.OUT;
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"],
});

const shots = [
  { name: "packages", path: "/packages", ready: (page) => page.getByRole("table", { name: "Packages" }) },
  {
    name: "new-package",
    path: "/packages/new",
    ready: (page) => page.getByRole("textbox", { name: "Code of function-1" }),
    // Tall enough for the whole form, down to the code editor and the sticky submit bar.
    height: 1300,
    prepare: async (page) => {
      await page.getByLabel("Name", { exact: true }).first().fill("Order Webhooks");
      await page.getByLabel("Tags (optional)").fill("orders, webhooks");
    },
  },
  {
    name: "deployments",
    path: "/deployments",
    ready: (page) => page.getByRole("table", { name: "Deployments" }).getByText("FAILED").first(),
  },
  {
    name: "failed-deployment",
    path: "/deployments?state=FAILED",
    ready: (page) => page.getByRole("link", { name: /^Deployment / }).first(),
    prepare: async (page) => {
      await page.getByRole("link", { name: /^Deployment / }).first().click();
      await page.getByRole("link", { name: /at line \d+$/ }).first().waitFor();
    },
  },
  {
    name: "builds",
    path: "/builds?team=acme",
    ready: (page) => page.getByRole("table", { name: "Builds" }).getByText("ERROR").first(),
  },
  {
    name: "function-test",
    path: "/packages/new",
    ready: (page) => page.getByRole("textbox", { name: "Code of function-1" }),
    height: 1500,
    prepare: async (page) => {
      await page.getByLabel("Name", { exact: true }).first().fill("Order Webhooks");
      await page.getByRole("tab", { name: "Test" }).click();
      await page.getByRole("button", { name: "Run in browser" }).click();
      await page.getByRole("heading", { name: /^Outcome/ }).waitFor();
      await page.getByRole("tab", { name: "Test" }).scrollIntoViewIfNeeded();
    },
  },
  {
    name: "request-log",
    path: "/packages",
    ready: (page) => page.getByRole("table", { name: "Packages" }),
    prepare: async (page) => {
      await page.getByRole("button", { name: /^Request log/ }).click();
      const log = page.getByRole("complementary", { name: "Request log" });
      await log.getByRole("listitem").first().getByRole("button").first().click();
      await log.getByText("Response body").waitFor();
    },
  },
];

for (const scheme of ["light", "dark"]) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, colorScheme: scheme });
  const page = await context.newPage();
  await page.goto(url.href);
  await page.getByRole("status").filter({ hasText: "Connected" }).first().waitFor();
  for (const shot of shots) {
    await page.goto(`${url.origin}${shot.path}`);
    await shot.ready(page).waitFor();
    if (shot.prepare) await shot.prepare(page);
    const file = `${out}/${shot.name}-${scheme}.png`;
    await page.setViewportSize({ width: 1280, height: shot.height ?? 800 });
    await page.screenshot({ path: file });
    console.log(file);
  }
  await context.close();
}
await browser.close();
