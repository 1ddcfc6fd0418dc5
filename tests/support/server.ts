import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import * as path from "node:path";
import * as readline from "node:readline";

/** The repository's root. */
export const ROOT = path.resolve(__dirname, "..", "..");

/** A reference server started for a test run, and how to stop it. */
export interface RunningServer {
  /** What a person would open: `http://127.0.0.1:PORT/#key=KEY`. */
  url: string;
  /** The origin, `http://127.0.0.1:PORT`. */
  base: string;
  /** The admin key (also a Vercel-style bearer token of user `admin`). */
  adminKey: string;
  stop: () => Promise<void>;
}

/**
 * Starts the reference server (`FAAS_SERVER_BIN`, else cargo's debug build) on port 0 with a
 * fresh in-memory database, the demo data and a random admin key, plus `args`; resolves once
 * it printed its URL. Shared by each end-to-end worker's server (tests/e2e/server.ts) and
 * the contract tests' global setup.
 */
export async function startServer(args: string[]): Promise<RunningServer> {
  const bin =
    process.env.FAAS_SERVER_BIN ??
    path.join(process.env.CARGO_TARGET_DIR ?? path.join(ROOT, "target"), "debug", "faas-server");
  const adminKey = `fk_test_${randomUUID().replaceAll("-", "")}`;
  const server = spawn(
    bin,
    [
      "--listen", "127.0.0.1:0",
      "--database", "sqlite::memory:",
      "--admin-key", adminKey,
      "--demo",
      ...args,
    ],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  const log: string[] = [];
  server.stderr!.on("data", (chunk: Buffer) => log.push(chunk.toString()));
  const url = await firstUrl(server, log);
  let stopping = false;
  // A server that dies under the tests fails them with "connection refused": say why.
  server.once("exit", (code, signal) => {
    if (!stopping) {
      console.error(`faas-server exited (${code ?? signal}) during the run\n${log.join("")}`);
    }
  });
  return {
    url,
    base: new URL(url).origin,
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
