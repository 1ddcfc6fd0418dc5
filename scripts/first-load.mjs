// Bytes on the wire of a cold first load of each page of the console, as Chromium counts
// them (compressed bodies plus response headers), with what they are made of. Run by
// `scripts/bench.sh size`, which starts a release build of the server with the demo data and
// sets FAAS_URL (the printed URL, key in the fragment).
//
// Fails (exit 1) when a page crosses the budget: 250 KB on the wire without the editor's
// chunk (which loads only where code is edited), 15 requests with it; and when the editor's
// chunk crosses its own, 150 KB on the wire.
import { chromium } from "playwright-core";

const url = new URL(process.env.FAAS_URL);
const key = url.hash.replace(/^#key=/, "");
const api = async (path) =>
  (await (await fetch(`${url.origin}${path}`, { headers: { Authorization: key } })).json()).data;

const packages = await api("/v2/faas/packages?sort=name,ASC&size=100");
const chat = packages.find((p) => p.name === "Chat Moderation");
const [revision] = await api(`/v2/faas/packages/${chat.id}/package-revisions?sort=createdDttm,DESC`);
const [failed] = await api("/v2/faas/package-deployments?state=FAILED");
const builds = await (
  await fetch(`${url.origin}/v6/deployments?slug=acme&limit=1`, {
    headers: { Authorization: `Bearer ${key}` },
  })
).json();
const [build] = builds.deployments;
const pages = [
  ["/", "Overview"],
  ["/packages", "Packages"],
  ["/packages/new", "New package"],
  [`/packages/${chat.id}`, "Package"],
  [`/packages/${chat.id}/revisions/new`, "New revision"],
  [`/revisions/${revision.id}`, "Revision"],
  ["/deployments", "Deployments"],
  [`/deployments/${failed.id}`, "Deployment"],
  ["/schedules", "Schedules"],
  ["/builds?team=acme", "Builds"],
  [`/builds/${build.id}?team=acme`, "Build"],
  ["/settings", "Settings"],
  ["/keysets/31001/data", "Keyset data"],
  ["/keysets/31001/data?tab=secrets", "Keyset secrets"],
  ["/activity", "Activity"],
];

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"],
});
const kinds = ["document", "script", "wasm", "css", "api", "editor"];
const kindOf = (u, type) => {
  const path = new URL(u).pathname;
  if (path.startsWith("/v2/")) return "api";
  if (path.startsWith("/editor-")) return "editor";
  // A pack (scripts/pack-wasm.mjs) is a page's wasm modules merged into one.
  if (path.endsWith(".wasm")) return "wasm";
  if (path.endsWith(".css")) return "css";
  if (type === "document") return "document";
  return "script";
};
const CEILING_BYTES = 250_000;
const CEILING_REQUESTS = 15;
const CEILING_EDITOR_BYTES = 150_000;
const over = [];
console.log(["page".padEnd(14), "total", ...kinds, "requests", "(without editor)"].join("\t"));
for (const [path, name] of pages) {
  const context = await browser.newContext();
  const page = await context.newPage();
  // The key first, as the printed URL hands it over; then the page, cold.
  await page.goto(url.href);
  await page.waitForLoadState("networkidle");
  await context.clearCookies();
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
  const types = new Map();
  const sums = Object.fromEntries(kinds.map((k) => [k, 0]));
  let requests = 0;
  cdp.on("Network.responseReceived", (e) => types.set(e.requestId, [e.response.url, e.type.toLowerCase()]));
  cdp.on("Network.loadingFinished", (e) => {
    const [u, type] = types.get(e.requestId) ?? [];
    if (!u || u.startsWith("data:")) return;
    sums[kindOf(u, type)] += e.encodedDataLength;
    requests += 1;
  });
  await page.goto(`${url.origin}${path}`);
  await page.waitForLoadState("networkidle");
  await page.waitForTimeout(500);
  const total = kinds.reduce((n, k) => n + sums[k], 0);
  console.log([name.padEnd(14), total, ...kinds.map((k) => sums[k]), requests, total - sums.editor].join("\t"));
  if (total - sums.editor > CEILING_BYTES) over.push(`${name}: ${total - sums.editor} B without the editor`);
  if (requests > CEILING_REQUESTS) over.push(`${name}: ${requests} requests`);
  if (sums.editor > CEILING_EDITOR_BYTES) over.push(`${name}: the editor's chunk is ${sums.editor} B`);
  await context.close();
}
await browser.close();
if (over.length > 0) {
  console.error(
    `Over the first-load budget (${CEILING_BYTES} B, ${CEILING_REQUESTS} requests, the editor ${CEILING_EDITOR_BYTES} B):\n  ${over.join("\n  ")}`,
  );
  process.exit(1);
}
