// Vercel's own TypeScript SDK against the reference server: every deployments and teams call
// of the Vercel-style contract (api.md §4), each answer read strictly with the SDK's schema of
// the full (owner) view (see sdk.ts). Any ResponseValidationError, default or unrecognised
// value fails the test.
import { expect, test } from "@playwright/test";
import { CancelDeploymentResponseBody$inboundSchema } from "@vercel/sdk/models/canceldeploymentresponsebody.js";
import { CreateDeploymentResponseBody2$inboundSchema } from "@vercel/sdk/models/createdeploymentresponsebody.js";
import { GetDeploymentResponseBody2$inboundSchema } from "@vercel/sdk/models/getdeploymentresponsebody1.js";
import {
  Deployments$inboundSchema,
  GetDeploymentsResponseBody$inboundSchema,
  type GetDeploymentsRequest,
} from "@vercel/sdk/models/getdeploymentsop.js";
import { Pagination$inboundSchema } from "@vercel/sdk/models/pagination.js";
import { ResponseValidationError } from "@vercel/sdk/models/responsevalidationerror.js";
import { Team$inboundSchema } from "@vercel/sdk/models/team.js";
import { VercelError } from "@vercel/sdk/models/vercelerror.js";

import { ADMIN_TOKEN, BASE, expectStrict, sdk, until, type Answer, type Sdk } from "./sdk";

const ACME = "team_acme00000000000000000000";
const GLOBEX = "team_globex000000000000000000";
const GLOBEX_ONLY_TOKEN = "demo-vercel-globex-only";
const FINAL = ["READY", "ERROR", "CANCELED"];

/** A deployment as the tests read it (the fields they look at). */
interface Listed {
  uid: string;
  name: string;
  url: string;
  projectId: string;
  created: number;
  readyState: string;
  target?: string | null;
  source?: string;
  creator: { uid: string };
  meta?: Record<string, string>;
  isRollbackCandidate?: boolean | null;
}

/** Checks one list page strictly (the page, and each item as a list item); returns the items. */
function strictPage(answer: Answer, what: string): { deployments: Listed[]; pagination: { count: number; next: number | null; prev: number | null } } {
  expect(answer.status, `${what}: ${JSON.stringify(answer.body)}`).toBe(200);
  expectStrict(GetDeploymentsResponseBody$inboundSchema, answer.body, what);
  const body = answer.body as { deployments: unknown[]; pagination: unknown };
  body.deployments.forEach((d, i) => expectStrict(Deployments$inboundSchema, d, `${what}: deployments[${i}]`));
  expectStrict(Pagination$inboundSchema, body.pagination, `${what}: pagination`);
  return answer.body as ReturnType<typeof strictPage>;
}

/** The whole list for `query`, through the SDK (`/v7`), page after page by `until`; also checks
 * that `/v6` answers each page the same. */
async function listAll(vercel: Sdk, last: () => Answer, query: GetDeploymentsRequest, limit = 3): Promise<Listed[]> {
  const all: Listed[] = [];
  let until = query.until;
  for (let pages = 0; pages < 50; pages++) {
    await vercel.deployments.getDeployments({ ...query, limit, until });
    const answer = last();
    expect(answer.path.startsWith("/v7/deployments?")).toBe(true);
    const page = strictPage(answer, `GET ${answer.path}`);
    const v6 = await fetch(BASE + answer.path.replace("/v7/", "/v6/"), {
      headers: { Authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    const v6Body = (await v6.json()) as { deployments: Listed[] };
    expect(v6Body.deployments.map((d) => d.uid), "v6 and v7 list the same").toEqual(page.deployments.map((d) => d.uid));
    expect(page.pagination.count).toBe(page.deployments.length);
    expect(page.deployments.length).toBeLessThanOrEqual(limit);
    all.push(...page.deployments);
    if (page.pagination.next === null) return all;
    expect(page.pagination.next).toBe(page.deployments.at(-1)!.created);
    until = page.pagination.next;
  }
  throw new Error("more than 50 pages");
}

function ids(list: Listed[]): string[] {
  return list.map((d) => d.uid);
}

test("lists with every filter, paged by until, on /v7 and /v6 alike", async () => {
  const { vercel, last } = sdk();
  // The demo's builds under way first end, so that every filter reads the same rows.
  await until(
    () => vercel.deployments.getDeployments({ teamId: ACME, state: "QUEUED,INITIALIZING,BUILDING" }),
    (page) => page.deployments.length === 0,
    "the demo's builds in acme to end",
  );
  const everything = await listAll(vercel, last, { teamId: ACME }, 100);
  expect(everything.length).toBeGreaterThan(6);
  const created = everything.map((d) => d.created);
  expect(created, "newest first").toEqual([...created].sort((a, b) => b - a));
  // Paging in small pages gives the same rows, none twice.
  expect(ids(await listAll(vercel, last, { teamId: ACME }, 3))).toEqual(ids(everything));
  expect(everything.map((d) => d.source).every((s) => ["cli", "git", "redeploy"].includes(s!))).toBe(true);

  const filtered = async (query: GetDeploymentsRequest, keep: (d: Listed) => boolean, what: string) => {
    const got = await listAll(vercel, last, { teamId: ACME, ...query });
    expect(ids(got), what).toEqual(ids(everything.filter(keep)));
    return got;
  };
  expect((await filtered({ state: "READY,ERROR" }, (d) => ["READY", "ERROR"].includes(d.readyState), "state")).length).toBeGreaterThan(0);
  for (const target of ["production", "staging"]) {
    expect((await filtered({ target }, (d) => d.target === target, `target=${target}`)).length).toBeGreaterThan(0);
  }
  expect((await filtered({ target: "preview" }, (d) => d.target == null, "target=preview")).length).toBeGreaterThan(0);
  const [first, second] = [...new Set(everything.map((d) => d.projectId))];
  await filtered({ projectId: first }, (d) => d.projectId === first, "projectId (an id)");
  const named = everything.find((d) => d.projectId === first)!.name;
  await filtered({ projectId: named }, (d) => d.projectId === first, "projectId (a name)");
  await filtered({ projectIds: [first, second] }, (d) => [first, second].includes(d.projectId), "projectIds");
  await filtered({ app: named }, (d) => d.name === named, "app");
  const someone = everything.find((d) => d.creator.uid !== everything[0].creator.uid)!.creator.uid;
  await filtered({ users: someone }, (d) => d.creator.uid === someone, "users");
  const middle = everything[Math.floor(everything.length / 2)].created;
  await filtered({ since: middle }, (d) => d.created > middle, "since");
  await filtered({ until: middle }, (d) => d.created < middle, "until");
  await filtered({ from: middle }, (d) => d.created > middle, "from");
  await filtered({ to: middle }, (d) => d.created < middle, "to");
  const candidates = await filtered({ rollbackCandidate: true }, (d) => d.isRollbackCandidate === true, "rollbackCandidate");
  expect(candidates.every((d) => d.readyState === "READY" && d.target === "production")).toBe(true);
  await filtered({ rollbackCandidate: false }, (d) => d.isRollbackCandidate !== true, "rollbackCandidate=false");
  const git = everything.find((d) => d.meta?.githubCommitSha)!;
  await filtered({ branch: git.meta!.githubCommitRef }, (d) => d.meta?.githubCommitRef === git.meta!.githubCommitRef, "branch");
  await filtered({ sha: git.meta!.githubCommitSha }, (d) => d.meta?.githubCommitSha === git.meta!.githubCommitSha, "sha");
  // Every filter at once.
  await filtered(
    { state: "READY", target: "production", projectIds: [first], users: git.creator.uid, branch: "main", rollbackCandidate: true },
    (d) => d.readyState === "READY" && d.target === "production" && d.projectId === first && d.creator.uid === git.creator.uid && d.meta?.githubCommitRef === "main",
    "every filter",
  );
  // The personal scope and another team list their own.
  const mine = await listAll(vercel, last, {});
  const globex = await listAll(vercel, last, { slug: "globex" });
  expect(new Set([...ids(mine), ...ids(globex), ...ids(everything)]).size).toBe(mine.length + globex.length + everything.length);
});

test("gets one deployment by id and by URL, in the owner's full view", async () => {
  const { vercel, last } = sdk();
  await vercel.deployments.getDeployments({ slug: "acme", state: "READY", target: "production", limit: 1 });
  const listed = (last().body as { deployments: Listed[] }).deployments[0];
  for (const idOrUrl of [listed.uid, listed.url]) {
    const got = await vercel.deployments.getDeployment({ idOrUrl, teamId: ACME });
    const full = expectStrict<Record<string, unknown>>(GetDeploymentResponseBody2$inboundSchema, last().body, `get ${idOrUrl}`);
    // The SDK's own reading is the full view too: name, url, creator and meta kept.
    expect(got).toMatchObject({ id: listed.uid, name: listed.name, url: listed.url, readyState: "READY", status: "READY" });
    expect(full).toMatchObject({ creator: { uid: listed.creator.uid }, meta: listed.meta ?? {}, ownerId: ACME, plan: "pro" });
    expect(full.readySubstate).toBe("PROMOTED");
  }
});

/** Creates a deployment through the SDK and checks the answer strictly. */
async function create(vercel: Sdk, last: () => Answer, scope: { teamId?: string; slug?: string }, body: { name: string; project?: string; target?: string; meta?: Record<string, string> }) {
  const created = await vercel.deployments.createDeployment({ ...scope, requestBody: body });
  expectStrict(CreateDeploymentResponseBody2$inboundSchema, last().body, `create ${body.name}`);
  expect(created).toMatchObject({ name: body.name, readyState: "QUEUED", status: "QUEUED", meta: body.meta ?? {} });
  return created;
}

/** Reads a deployment until `done`, each answer strictly. */
async function watch(vercel: Sdk, last: () => Answer, id: string, scope: { teamId?: string; slug?: string }, done: (state: string) => boolean) {
  return until(
    async () => {
      const d = await vercel.deployments.getDeployment({ idOrUrl: id, ...scope });
      expectStrict(GetDeploymentResponseBody2$inboundSchema, last().body, `get ${id}`);
      return d;
    },
    (d) => done(d.readyState),
    `${id} to reach the state wanted`,
  );
}

test("creates deployments and watches them build to READY and ERROR", async () => {
  const { vercel, last } = sdk();
  const staged = await create(vercel, last, { teamId: ACME }, { name: "sdk-web", target: "staging", meta: { note: "by the SDK" } });
  expect(staged.target).toBe("staging");
  const failing = await create(vercel, last, { slug: "globex" }, { name: "sdk-fails", meta: { fail: "true" } });
  expect(failing.target ?? null).toBeNull();
  const seen = new Set<string>();
  const [ready, error] = await Promise.all([
    watch(vercel, last, staged.id, { teamId: ACME }, (s) => (seen.add(s), FINAL.includes(s))),
    watch(vercel, last, failing.id, { slug: "globex" }, (s) => FINAL.includes(s)),
  ]);
  expect(ready).toMatchObject({ readyState: "READY", readySubstate: "STAGED", aliasAssigned: true });
  expect(ready.ready).toBeGreaterThanOrEqual(ready.buildingAt);
  expect([...seen]).toEqual(expect.arrayContaining(["BUILDING", "READY"]));
  expect(error).toMatchObject({ readyState: "ERROR", errorCode: "BUILD_FAILED" });
  expect(error.errorMessage).toContain("simulated failure");
});

test("cancels a deployment while QUEUED, INITIALIZING and BUILDING; refuses once it is READY", async () => {
  const { vercel, last } = sdk();
  const scope = { teamId: GLOBEX };
  const cancel = async (id: string, from: string) => {
    const canceled = await vercel.deployments.cancelDeployment({ id, ...scope });
    expectStrict(CancelDeploymentResponseBody$inboundSchema, last().body, `cancel ${from}`);
    expect(canceled).toMatchObject({ id, readyState: "CANCELED", status: "CANCELED" });
    expect(canceled.canceledAt).toBeGreaterThan(0);
    return canceled;
  };
  // The first holds the scope's one build slot; the second waits behind it.
  const first = await create(vercel, last, scope, { name: "sdk-first" });
  await watch(vercel, last, first.id, scope, (s) => s === "INITIALIZING");
  const second = await create(vercel, last, scope, { name: "sdk-second" });
  expect((await cancel(second.id, "QUEUED")).buildingAt, "never built").toBe(second.createdAt);
  await cancel(first.id, "INITIALIZING");
  const third = await create(vercel, last, scope, { name: "sdk-third" });
  await watch(vercel, last, third.id, scope, (s) => s === "BUILDING");
  const canceled = await cancel(third.id, "BUILDING");
  expect(canceled.buildingAt).toBeGreaterThan(canceled.createdAt);

  // A READY one cannot be canceled: the SDK throws its error for the 400, not a validation error.
  await vercel.deployments.getDeployments({ ...scope, state: "READY", limit: 1 });
  const done = (last().body as { deployments: Listed[] }).deployments[0];
  const refusal = await vercel.deployments.cancelDeployment({ id: done.uid, ...scope }).catch((e: unknown) => e);
  expect(refusal).toBeInstanceOf(VercelError);
  expect(refusal).not.toBeInstanceOf(ResponseValidationError);
  expect((refusal as VercelError).statusCode).toBe(400);
  expect(JSON.parse((refusal as VercelError).body)).toEqual({
    error: { code: "bad_request", message: `Deployment ${done.uid} is READY and can no longer be canceled` },
  });
});

test("teams: the token's teams page by page, and one by id", async () => {
  const { vercel, last } = sdk();
  const all = await vercel.teams.getTeams({});
  expectStrict(Pagination$inboundSchema, (last().body as { pagination: unknown }).pagination, "teams pagination");
  const teams = (last().body as { teams: unknown[] }).teams;
  teams.forEach((team, i) => expectStrict(Team$inboundSchema, team, `teams[${i}]`));
  expect(all.teams.map((t) => t.slug)).toEqual(["globex", "acme"]);
  // One at a time, newest first.
  const page = await vercel.teams.getTeams({ limit: 1 });
  expect(page.teams.map((t) => t.slug)).toEqual(["globex"]);
  expect(page.pagination.next).not.toBeNull();
  const next = await vercel.teams.getTeams({ limit: 1, until: page.pagination.next! });
  expect(next.teams.map((t) => t.slug)).toEqual(["acme"]);
  expect(next.pagination.next).toBeNull();

  const acme = await vercel.teams.getTeam({ teamId: ACME });
  expectStrict(Team$inboundSchema, last().body, "GET /v2/teams/{teamId}");
  expect(acme).toMatchObject({ id: ACME, slug: "acme", name: "Acme Corp", stagingPrefix: "acme" });
});

test("refusals come as the SDK's errors, never as validation errors", async () => {
  const refused = async (call: Promise<unknown>) => {
    const e = await call.then(
      (value) => {
        throw new Error(`expected a refusal, got ${JSON.stringify(value).slice(0, 300)}`);
      },
      (e: unknown) => e,
    );
    expect(e).toBeInstanceOf(VercelError);
    expect(e).not.toBeInstanceOf(ResponseValidationError);
    const error = e as VercelError;
    return { status: error.statusCode, code: (JSON.parse(error.body) as { error: { code: string } }).error.code };
  };
  const { vercel } = sdk();
  expect(await refused(vercel.deployments.getDeployment({ idOrUrl: "dpl_000000000000000000000000" }))).toEqual({ status: 404, code: "not_found" });
  expect(await refused(vercel.deployments.getDeployments({ state: "DONE" }))).toEqual({ status: 400, code: "bad_request" });
  expect(await refused(vercel.deployments.createDeployment({ requestBody: { name: "Not A Name" } }))).toEqual({ status: 400, code: "bad_request" });
  const wile = sdk(GLOBEX_ONLY_TOKEN).vercel;
  expect(await refused(wile.deployments.getDeployments({ teamId: ACME }))).toEqual({ status: 403, code: "forbidden" });
  expect(await refused(wile.teams.getTeam({ teamId: ACME }))).toEqual({ status: 403, code: "forbidden" });
  expect(await refused(sdk("no-such-token").vercel.teams.getTeams({}))).toEqual({ status: 403, code: "forbidden" });
});
