import path from "node:path";
import { defineConfig } from "vitest/config";
import FaultSequencer from "./tests/faults/support/sequencer";

const root = import.meta.dirname;
const alias = {
  "@": root,
  // `server-only` throws outside the react-server condition; tests are server code.
  "server-only": path.join(root, "tests/support/empty.ts"),
};

export default defineConfig({
  test: {
    projects: [
      {
        resolve: { alias },
        test: {
          name: "unit",
          include: ["tests/unit/**/*.test.ts", "lib/**/*.test.ts"],
          environment: "node",
        },
      },
      {
        resolve: { alias },
        test: {
          name: "integration",
          include: ["tests/integration/**/*.test.ts"],
          exclude: ["tests/integration/**/*.executor.test.ts"],
          environment: "node",
          globalSetup: ["tests/support/global-setup.ts"],
          setupFiles: ["tests/support/setup.ts"],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        // Files that run the app's own Inngest functions on an embedded executor for the app id
        // "opsdesk": one executor per app and database holds the lease, so these run one at a time.
        resolve: { alias },
        test: {
          name: "integration-executor",
          include: ["tests/integration/**/*.executor.test.ts"],
          environment: "node",
          fileParallelism: false,
          globalSetup: ["tests/support/global-setup.ts"],
          setupFiles: ["tests/support/setup.ts"],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        // Faults (tests/faults): the production build started as a child process on a database of
        // each file's own, then killed, cut off from SMTP or from PostgreSQL. Needs `npm run build`
        // and a PostgreSQL server (DATABASE_URL, or 127.0.0.1:5432). Files wait more than they
        // compute: three at a time, the timed SMTP outages first (support/sequencer.ts).
        resolve: { alias },
        test: {
          name: "faults",
          include: ["tests/faults/**/*.test.ts"],
          environment: "node",
          globalSetup: ["tests/faults/support/global-setup.ts"],
          setupFiles: ["tests/faults/support/setup.ts"],
          sequence: { sequencer: FaultSequencer },
          maxWorkers: 3,
          testTimeout: 300_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
