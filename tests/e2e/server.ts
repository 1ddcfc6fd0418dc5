import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import * as path from "node:path";
import * as readline from "node:readline";

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
 * The binary is FAAS_SERVER_BIN, or cargo's debug build.
 */
export async function startServer(): Promise<Server & { stop: () => Promise<void> }> {
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
      // A line per request is noise here; warnings and errors are kept for a failure.
      "--log", "warn",
      "--demo",
    ],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  const log: string[] = [];
  server.stderr!.on("data", (chunk: Buffer) => log.push(chunk.toString()));

  const url = await firstUrl(server, log);
  let stopping = false;
  // A server that dies under the specs fails them with "connection refused": say why.
  server.once("exit", (code, signal) => {
    if (!stopping) {
      console.error(`faas-server exited (${code ?? signal}) during the run\n${log.join("")}`);
    }
  });
  return {
    url,
    origin: new URL(url).origin,
    adminKey,
    stop: async () => {
      stopping = true;
      if (server.exitCode !== null || server.signalCode !== null) return;
      const exited = new Promise((resolve) => server.once("exit", resolve));
      server.kill("SIGTERM");
      await exited;
    },
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
