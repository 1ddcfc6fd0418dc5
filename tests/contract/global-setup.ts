import { startServer } from "../support/server";

/**
 * Starts the reference server for the contract tests, with build steps short enough to watch
 * a build end and long enough to cancel one in each step (INITIALIZING 1 s, BUILDING 2 s):
 * FAAS_BASE and FAAS_ADMIN_KEY tell the tests where and how.
 */
export default async function globalSetup(): Promise<() => Promise<void>> {
  const server = await startServer([
    "--build-initializing-ms", "1000",
    "--build-building-ms", "2000",
  ]);
  process.env.FAAS_BASE = server.base;
  process.env.FAAS_ADMIN_KEY = server.adminKey;
  return server.stop;
}
