// Screenshots of the console for the README, in light and dark: the Overview, the packages list, the
// create form, the deployments list, a failed deployment explained, a team's builds, a
// function's Test tab after a run, the request log, the update dialog, the Schedules page, a
// keyset's data and the Activity page. Run by scripts/screenshots.sh, which starts the server
// and sets FAAS_URL; ONLY=name,name takes only those shots.
import { chromium } from "playwright-core";

const url = new URL(process.env.FAAS_URL);
const out = process.env.OUT;
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"],
});

const shots = [
  {
    name: "overview",
    path: "/",
    ready: (page) => page.getByRole("img", { name: /per day/ }),
    // Down to the latest activity, below the chart.
    height: 1500,
    prepare: async (page) => {
      await page.getByRole("region", { name: "Latest activity" }).getByRole("listitem").first().waitFor();
      await page.getByRole("region", { name: "Needs attention" }).getByRole("listitem").first().waitFor();
    },
  },
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
  {
    name: "update-dialog",
    path: "/packages",
    ready: (page) => page.getByRole("link", { name: "Chat Moderation" }),
    prepare: async (page) => {
      await page.getByRole("link", { name: "Chat Moderation" }).click();
      await page.getByRole("table", { name: "Revisions" }).getByRole("link", { name: "v1", exact: true }).click();
      await page.getByRole("button", { name: /^Update .* to this revision$/ }).first().click();
      await page.getByRole("dialog").getByText("Changed").first().waitFor();
    },
  },
  {
    name: "schedules",
    path: "/deployments?state=STOPPED",
    ready: (page) => page.getByRole("link", { name: /^Deployment / }).first(),
    prepare: async (page) => {
      await page.getByRole("link", { name: /^Deployment / }).first().click();
      await page.getByRole("heading", { name: "Schedule", exact: true }).waitFor();
      // Scheduled once: the dark pass finds the light pass's event.
      const events = page.getByRole("region", { name: "Scheduled events of this deployment" });
      const none = page.getByText("Nothing is scheduled for this deployment.");
      await events.or(none).waitFor();
      if (await events.isVisible()) {
        await page.getByRole("link", { name: "Schedules" }).click();
        await page.getByText("Load test window").first().waitFor();
        return;
      }
      await page.getByRole("button", { name: "Schedule", exact: true }).click();
      const local = (ahead) =>
        page.evaluate((ms) => {
          const d = new Date(Date.now() + ms);
          const two = (n) => String(n).padStart(2, "0");
          return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}T${two(d.getHours())}:${two(d.getMinutes())}:00`;
        }, ahead);
      await page.getByLabel("Start at").fill(await local(26 * 3_600_000));
      await page.getByLabel("Stop at (optional)").fill(await local(30 * 3_600_000));
      await page.getByLabel("Description (optional)").fill("Load test window");
      await page.getByRole("button", { name: "Schedule it" }).click();
      await page.getByRole("region", { name: "Scheduled events of this deployment" }).waitFor();
      await page.getByRole("link", { name: "Schedules" }).click();
      await page.getByRole("heading", { name: "The next 14 days" }).waitFor();
      await page.getByText("Load test window").first().waitFor();
    },
  },
  {
    name: "keyset-data",
    path: "/keysets/31001/data?tab=json",
    ready: (page) => page.getByRole("table", { name: "JSON documents" }),
    height: 1100,
    prepare: async (page) => {
      await page.getByRole("button", { name: "Edit room:general" }).click();
      await page.getByRole("textbox", { name: "Value (JSON)" }).waitFor();
    },
  },
  {
    name: "activity",
    path: "/activity",
    ready: (page) => page.getByRole("table", { name: "Activity entries" }).getByText("failed").first(),
    height: 1000,
  },
];

const only = process.env.ONLY?.split(",");

for (const scheme of ["light", "dark"]) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, colorScheme: scheme });
  const page = await context.newPage();
  await page.goto(url.href);
  await page.getByRole("status").filter({ hasText: "Connected" }).first().waitFor();
  for (const shot of shots.filter((s) => !only || only.includes(s.name))) {
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
