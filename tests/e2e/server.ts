import * as path from "node:path";

import { ROOT, startServer as start } from "../support/server";

/** A reference server of one Playwright worker, as the specs see it. */
export type Server = {
  /** What a person would open: `http://127.0.0.1:PORT/#key=KEY`. */
  url: string;
  /** The origin, `http://127.0.0.1:PORT` (also Playwright's baseURL). */
  origin: string;
  /** The key that holds every grant. */
  adminKey: string;
};

/**
 * Starts a reference server of its own: in-memory SQLite with the demo data, the release build
 * of the console from dist/, a random admin key, quick transitions, port 0. Each worker has
 * one (support.ts), so that no spec sees another's builds in the queue, packages or limits.
 */
export async function startServer(): Promise<Server & { stop: () => Promise<void> }> {
  const server = await start([
    "--static-dir", path.join(ROOT, "dist"),
    "--transition-ms", process.env.FAAS_TRANSITION_MS ?? "300",
    // Builds long enough to cancel one while it builds, short enough to watch one finish.
    "--build-initializing-ms", "300",
    "--build-building-ms", process.env.FAAS_BUILD_MS ?? "3000",
    // A line per request is noise here; warnings and errors are kept for a failure.
    "--log", "warn",
  ]);
  return { url: server.url, origin: server.base, adminKey: server.adminKey, stop: server.stop };
}
