import { defineConfig } from "@playwright/test";

const PORT = Number(process.env.E2E_PORT ?? 3100);
const baseURL = `http://127.0.0.1:${PORT}`;

// A real SMTP peer (tests/e2e/support/smtp-server.ts) the app delivers its emails to.
const SMTP_PORT = Number(process.env.E2E_SMTP_PORT ?? 2526);

/** Everything the e2e server prints (tests/e2e/log-secrets.spec.ts scans it). */
export const SERVER_LOG = process.env.E2E_SERVER_LOG ?? ".data/e2e-server.log";

// Browsers cannot be downloaded here: drive the system Chromium.
const executablePath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export default defineConfig({
  testDir: "tests/e2e",
  globalSetup: "./tests/e2e/support/smtp-server.ts",
  fullyParallel: true,
  workers: process.env.CI ? 2 : undefined,
  retries: process.env.CI ? 1 : 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [["list"], ["html", { open: "never" }]] : "list",
  use: {
    baseURL,
    trace: "retain-on-failure",
    launchOptions: {
      executablePath,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
      ],
    },
  },
  projects: [{ name: "chromium", use: { browserName: "chromium" } }],
  webServer: {
    // A production build on a fresh embedded database (or the DATABASE_URL the caller set).
    // Its output is also kept in SERVER_LOG, which the log-scan spec reads for secrets.
    command: `rm -rf .data/e2e && mkdir -p .data && npm run build && npx next start -H 127.0.0.1 -p ${PORT} 2>&1 | tee ${SERVER_LOG}`,
    url: `${baseURL}/api/health`,
    timeout: 240_000,
    reuseExistingServer: !process.env.CI,
    stdout: "pipe",
    env: {
      OPSDESK_DATA_DIR: ".data/e2e",
      OPSDESK_SEED_DEMO: "0",
      NEXT_TELEMETRY_DISABLED: "1",
      APP_URL: baseURL,
      SMTP_URL: `smtp://127.0.0.1:${SMTP_PORT}`,
      MAIL_FROM: "Opsdesk E2E <opsdesk@e2e.opsdesk.dev>",
      // The specs' webhook receivers listen on 127.0.0.1.
      OUTBOUND_ALLOW_PRIVATE: "true",
      // Seconds, not the default 1m,5m,15m,1h: the notifications spec waits for a failing webhook to end failed.
      NOTIFY_RETRY_BACKOFF: "1s,2s,4s,8s",
    },
  },
});
