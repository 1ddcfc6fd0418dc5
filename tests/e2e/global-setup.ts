import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import * as path from "node:path";
import * as readline from "node:readline";

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
  const root = path.resolve(__dirname, "..", "..");
  const bin =
    process.env.FAAS_SERVER_BIN ??
    path.join(process.env.CARGO_TARGET_DIR ?? path.join(root, "target"), "debug", "faas-server");
  const adminKey = `fk_e2e_${randomUUID().replaceAll("-", "")}`;
  const server = spawn(
    bin,
    [
      "--listen", "127.0.0.1:0",
      "--database", "sqlite::memory:",
      "--static-dir", path.join(root, "dist"),
      "--admin-key", adminKey,
      "--transition-ms", process.env.FAAS_TRANSITION_MS ?? "300",
      // Builds long enough to cancel one while it builds, short enough to watch one finish.
      "--build-initializing-ms", "300",
      "--build-building-ms", process.env.FAAS_BUILD_MS ?? "3000",
      "--demo",
    ],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  const log: string[] = [];
  server.stderr!.on("data", (chunk: Buffer) => log.push(chunk.toString()));

  const url = await firstUrl(server, log);
  process.env.FAAS_URL = url;
  process.env.FAAS_BASE = new URL(url).origin;
  process.env.FAAS_ADMIN_KEY = adminKey;

  return async () => {
    server.kill("SIGTERM");
    await new Promise((resolve) => server.once("exit", resolve));
  };
}

function firstUrl(server: ChildProcess, log: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => fail("did not print its URL within 20 s"), 20_000);
    const fail = (why: string) => {
      clearTimeout(timer);
      server.kill("SIGKILL");
      reject(new Error(`faas-server ${why}\n${log.join("")}`));
    };
    server.once("error", (e) => fail(`could not start: ${e.message}`));
    server.once("exit", (code) => fail(`exited with ${code}`));
    readline.createInterface({ input: server.stdout! }).on("line", (line) => {
      const match = line.match(/https?:\/\/\S+#key=\S+/);
      if (match) {
        clearTimeout(timer);
        server.removeAllListeners("exit");
        resolve(match[0]);
      }
    });
  });
}
