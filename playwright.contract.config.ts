import { defineConfig } from "@playwright/test";

// The contract tests: real clients that nobody here wrote (Vercel's own SDK, `@vercel/sdk`)
// against a reference server that tests/contract/global-setup.ts starts on a free port. No
// browser: Playwright is only the TypeScript test runner here (Node 20 cannot strip types
// for `node --test`), with the same reporters `make test` counts.
export default defineConfig({
  testDir: "tests/contract",
  globalSetup: "./tests/contract/global-setup.ts",
  fullyParallel: false,
  workers: 1,
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 30_000,
  expect: { timeout: 10_000 },
  // Apart from the end-to-end tests' folder, which their run empties: the two run at once.
  outputDir: "target/contract-results",
});
