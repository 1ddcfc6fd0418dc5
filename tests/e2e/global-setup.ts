import * as path from "node:path";

import { ROOT, startServer } from "../support/server";

/**
 * Starts the reference server once for the run: in-memory SQLite with demo data, the release
 * build of the console from dist/, a random admin key, quick transitions, port 0. The URL it
 * prints (with the key in the fragment) is handed to the tests as environment variables:
 *
 * - FAAS_URL: what a person would open, `http://127.0.0.1:PORT/#key=KEY`
 * - FAAS_BASE: the origin, `http://127.0.0.1:PORT`
 * - FAAS_ADMIN_KEY: the key that holds every grant
 */
export default async function globalSetup(): Promise<() => Promise<void>> {
  const server = await startServer([
    "--static-dir", path.join(ROOT, "dist"),
    "--transition-ms", process.env.FAAS_TRANSITION_MS ?? "300",
    // Builds long enough to cancel one while it builds, short enough to watch one finish.
    "--build-initializing-ms", "300",
    "--build-building-ms", process.env.FAAS_BUILD_MS ?? "3000",
  ]);
  process.env.FAAS_URL = server.url;
  process.env.FAAS_BASE = server.base;
  process.env.FAAS_ADMIN_KEY = server.adminKey;
  return server.stop;
}
