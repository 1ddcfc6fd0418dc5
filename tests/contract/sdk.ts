// Vercel's own SDK (`@vercel/sdk`, pinned in package.json) pointed at the reference server,
// and the strict reading of its answers: each body must pass the SDK's schema of the full
// (owner) view exactly, with no field filled by a default because the server left it out and
// no value the SDK takes only as "unrecognized" (an enum value outside Vercel's set).
import { expect } from "@playwright/test";
import { VercelCore } from "@vercel/sdk/core.js";
import { deploymentsCancelDeployment } from "@vercel/sdk/funcs/deploymentsCancelDeployment.js";
import { deploymentsCreateDeployment } from "@vercel/sdk/funcs/deploymentsCreateDeployment.js";
import { deploymentsGetDeployment } from "@vercel/sdk/funcs/deploymentsGetDeployment.js";
import { deploymentsGetDeployments } from "@vercel/sdk/funcs/deploymentsGetDeployments.js";
import { teamsGetTeam } from "@vercel/sdk/funcs/teamsGetTeam.js";
import { teamsGetTeams } from "@vercel/sdk/funcs/teamsGetTeams.js";
import { HTTPClient } from "@vercel/sdk/lib/http.js";
import { startCountingDefaultToZeroValue } from "@vercel/sdk/types/defaultToZeroValue.js";
import { startCountingUnrecognized } from "@vercel/sdk/types/unrecognized.js";
import type { ZodTypeAny } from "zod/v3";

export function env(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the specs through playwright.contract.config.ts`);
  return value;
}

export const BASE = env("FAAS_BASE").replace(/\/$/, "");
export const ADMIN_TOKEN = env("FAAS_ADMIN_KEY");

/** One answer as the server sent it, before the SDK read it. */
export interface Answer {
  method: string;
  path: string;
  status: number;
  body: unknown;
}

/** The SDK's result of a standalone function: its value, or the error the `Vercel` class
 * would throw. */
type Result<T> = Promise<{ ok: true; value: T } | { ok: false; error: unknown }>;

async function unwrap<T>(result: Result<T>): Promise<T> {
  const r = await result;
  if (!r.ok) throw r.error;
  return r.value;
}

/**
 * The SDK's deployments and teams methods that the contract has. They are the SDK's own
 * standalone functions (`@vercel/sdk/funcs/…`, what the `Vercel` class calls), unwrapped as
 * that class does: loading only these takes a tenth of the time of loading the whole SDK.
 */
function methods(core: VercelCore) {
  type Arg<F> = F extends (core: VercelCore, request: infer R, ...rest: never[]) => unknown ? R : never;
  return {
    deployments: {
      getDeployments: (r: Arg<typeof deploymentsGetDeployments>) => unwrap(deploymentsGetDeployments(core, r)),
      getDeployment: (r: Arg<typeof deploymentsGetDeployment>) => unwrap(deploymentsGetDeployment(core, r)),
      createDeployment: (r: Arg<typeof deploymentsCreateDeployment>) => unwrap(deploymentsCreateDeployment(core, r)),
      cancelDeployment: (r: Arg<typeof deploymentsCancelDeployment>) => unwrap(deploymentsCancelDeployment(core, r)),
    },
    teams: {
      getTeams: (r: Arg<typeof teamsGetTeams>) => unwrap(teamsGetTeams(core, r)),
      getTeam: (r: Arg<typeof teamsGetTeam>) => unwrap(teamsGetTeam(core, r)),
    },
  };
}

export type Sdk = ReturnType<typeof methods>;

/** The SDK with `token`, and every answer it received, in order. */
export function sdk(token = ADMIN_TOKEN): { vercel: Sdk; answers: Answer[]; last: () => Answer } {
  const answers: Answer[] = [];
  const httpClient = new HTTPClient();
  httpClient.addHook("response", async (res, req) => {
    const text = await res.clone().text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // Not JSON: kept as text, so the failure shows what came.
    }
    answers.push({ method: req.method, path: new URL(req.url).pathname + new URL(req.url).search, status: res.status, body });
  });
  const vercel = methods(new VercelCore({ bearerToken: token, serverURL: BASE, httpClient }));
  const last = () => {
    const answer = answers.at(-1);
    if (!answer) throw new Error("no answer yet");
    return answer;
  };
  return { vercel, answers, last };
}

/** Unwraps lazy, optional, nullable and transformed schemas down to an object schema. */
function objectSchema(schema: ZodTypeAny, depth = 0): ZodTypeAny | null {
  const def = schema?._def;
  if (!def || depth > 16) return null;
  switch (def.typeName) {
    case "ZodObject":
      return schema;
    case "ZodLazy":
      return objectSchema(def.getter(), depth + 1);
    case "ZodEffects":
      return objectSchema(def.schema, depth + 1);
    case "ZodOptional":
    case "ZodNullable":
      return objectSchema(def.innerType, depth + 1);
    case "ZodUnion":
      for (const option of def.options) {
        const found = objectSchema(option, depth + 1);
        if (found) return found;
      }
      return null;
    default:
      return null;
  }
}

/** Runs `parse` counting the SDK's lax readings (defaults for what is missing, values it did
 * not recognise). */
function counting<T>(parse: () => T): { result: T; defaulted: number; unrecognized: number } {
  const unrecognized = startCountingUnrecognized();
  const defaulted = startCountingDefaultToZeroValue();
  const result = parse();
  return { result, unrecognized: unrecognized.end(), defaulted: defaulted.end() };
}

/** The fields of `body` (by path) that `schema` needs and the body leaves out: required, or
 * filled with a default when absent. To say which, when the counts are not zero. */
export function missingFields(schema: ZodTypeAny, body: unknown, path = ""): string[] {
  const object = objectSchema(schema);
  if (!object || typeof body !== "object" || body === null || Array.isArray(body)) return [];
  const record = body as Record<string, unknown>;
  const missing: string[] = [];
  for (const [key, field] of Object.entries((object as unknown as { shape: Record<string, ZodTypeAny> }).shape)) {
    if (record[key] === undefined) {
      const { result, defaulted } = counting(() => field.safeParse(undefined));
      if (!result.success || defaulted > 0) missing.push(path + key);
    } else {
      missing.push(...missingFields(field, record[key], `${path}${key}.`));
    }
  }
  return missing;
}

/**
 * Reads `body` with `schema` as the SDK does and fails unless it passes exactly: no error, no
 * default filled in, no unrecognised value. Returns what the SDK read.
 */
export function expectStrict<T = unknown>(schema: ZodTypeAny, body: unknown, what: string): T {
  const { result, defaulted, unrecognized } = counting(() => schema.safeParse(body));
  const detail = JSON.stringify(body).slice(0, 2000);
  expect(result.success, `${what}: ${result.success ? "" : result.error.message}\n${detail}`).toBe(true);
  expect(
    { defaulted, unrecognized, missing: missingFields(schema, body) },
    `${what}: the SDK filled in or did not recognise fields\n${detail}`,
  ).toEqual({ defaulted: 0, unrecognized: 0, missing: [] });
  return (result as { data: T }).data;
}

/** Calls `fn` until `done(value)` holds (every 25 ms, at most `timeoutMs`); returns that value. */
export async function until<T>(fn: () => Promise<T>, done: (value: T) => boolean, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(value).slice(0, 500)}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
