import { randomUUID } from "node:crypto";
import { chromium } from "@playwright/test";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { sessionCookie } from "./support/actions";
import { type FaultApp, faultApp, until } from "./support/app";
import { record } from "./support/figures";

/** 40 lines, one every 100 ms. */
const COMMAND = 'for i in $(seq 1 40); do echo "line $i"; sleep 0.1; done';

let app: FaultApp;
beforeAll(async () => {
  app = await faultApp({ name: "db-blip", command: COMMAND });
});
afterAll(() => app?.close());

/** Cuts every connection the app holds to its database, `times` times, `everyMs` apart. */
async function blip(times = 8, everyMs = 250) {
  for (let i = 0; i < times; i++) {
    await app.db`
      select pg_terminate_backend(pid) from pg_stat_activity
      where datname = current_database() and pid <> pg_backend_pid()`;
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

const finished = ["succeeded", "failed", "timed_out", "cancelled"];

async function execute(title: string, templateId = app.templates.direct) {
  const order = await app.submit({ templateId, title });
  const orderId = order?.data?.id as string;
  const started = await app.executeNow(orderId);
  const executionId = started?.data?.executionId as string;
  expect(executionId, JSON.stringify(started)).toBeTruthy();
  return { orderId, executionId };
}

const lineCount = async (executionId: string) =>
  (
    await app.db<{ n: number }[]>`
      select count(*)::int as n from wo_execution_output where execution_id = ${executionId} and stream = 'stdout'`
  )[0]?.n ?? 0;

describe("PostgreSQL cuts the app's connections (pg_terminate_backend)", () => {
  test("mid-execution: it completes with every line or fails with a reason, never stuck; a cancel in the blip ends its run", async () => {
    const run = await execute("blip mid-run");
    await until(
      () => lineCount(run.executionId),
      (n) => n >= 5,
      20_000,
      "the first lines",
    );

    const victim = await execute("cancel in the blip", app.templates.long);
    let answer: unknown = null;
    const cancelling = (async () => {
      await new Promise((r) => setTimeout(r, 500));
      // As a person would: click Cancel, and click again if the first click reported an error.
      for (let i = 0; i < 10; i++) {
        const r = await app.cancel(victim.executionId, victim.orderId);
        answer = r;
        if (r?.data !== undefined) return r;
        // The blip itself ended it first (failed, with its reason): nothing left to cancel.
        if (/already finished/.test(JSON.stringify(r?.serverError ?? ""))) return r;
        await new Promise((res) => setTimeout(res, 300));
      }
      return null;
    })();
    await blip();
    expect(await cancelling, `Cancel was accepted: ${JSON.stringify(answer)}`).not.toBeNull();

    const [row] = await until(
      () =>
        app.db<
          { status: string; error: string | null }[]
        >`select status, error from wo_executions where id = ${run.executionId}`,
      (rows) => finished.includes(rows[0]?.status ?? ""),
      60_000,
      "the execution to end",
    );
    if (row?.status === "succeeded") {
      const lines = await app.db<{ line: string }[]>`
        select line from wo_execution_output where execution_id = ${run.executionId} and stream = 'stdout' order by seq`;
      expect(lines.map((l) => l.line)).toEqual(Array.from({ length: 40 }, (_, i) => `line ${i + 1}`));
    } else {
      expect(row?.status).toBe("failed");
      expect(row?.error).toBeTruthy();
    }
    const [cancelled] = await until(
      () => app.db<{ status: string }[]>`select status from wo_executions where id = ${victim.executionId}`,
      (rows) => finished.includes(rows[0]?.status ?? ""),
      30_000,
      "the cancelled execution to end",
    );
    const [ended] = await app.db<{ status: string; error: string | null }[]>`
      select status, error from wo_executions where id = ${victim.executionId}`;
    if (cancelled?.status !== "cancelled") {
      expect(ended?.status).toBe("failed");
      expect(ended?.error, "a failed run says why").toBeTruthy();
    }
    record({ stuck_executions: 0 });
  });

  test("mid-fan-out: every notification of the order still ends sent", async () => {
    const idempotencyKey = randomUUID();
    const submit = () =>
      app.submit({
        templateId: app.templates.needsApproval,
        title: "blip fan-out",
        values: { Host: "host1" },
        idempotencyKey,
      });
    const submitted = submit();
    await blip(6, 150);
    // A submit cut off by the blip is sent again with the key its form kept.
    let orderId = (await submitted)?.data?.id;
    for (let i = 0; !orderId && i < 5; i++) orderId = (await submit())?.data?.id;
    expect(orderId).toBeTruthy();
    // On a timeout the message tells each delivery's story: its attempts and the runs meant to send it.
    await until(
      async () =>
        app.db<{ status: string }[]>`
          select d.status, d.event, d.channel_kind, d.attempts, d.last_error, d.next_attempt_at, d.attempt_log,
            (select json_agg(json_build_object('status', r.status, 'attempt', r.attempt, 'error', left(r.error::text, 300)))
               from inngest_runs r where r.event_id = 'notification-deliver-' || d.id) as runs,
            (select json_agg(json_build_object('fn', r.function_id, 'status', r.status, 'attempt', r.attempt, 'error', left(r.error::text, 300)))
               from inngest_runs r where r.event_id = d.source_event_id) as fan_out
          from notification_deliveries d where d.order_id = ${orderId as string}`,
      (rows) => rows.length >= 2 && rows.every((r) => r.status === "sent"),
      90_000,
      "every delivery of the order to be sent",
    );
  });

  test("PostgreSQL away for 8 s: the page says the database is unavailable and comes back by itself; a running command keeps every line or fails with a reason", async () => {
    const run = await execute("database away");
    await until(
      () => lineCount(run.executionId),
      (n) => n >= 3,
      20_000,
      "the first lines",
    );
    const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium" });
    try {
      const context = await browser.newContext();
      const [name, value] = (await sessionCookie(app.t.requester)).split("=") as [string, string];
      await context.addCookies([{ name, value, url: app.server.url }]);
      const page = await context.newPage();
      const admin = postgres(process.env.FAULTS_DATABASE_URL as string, { max: 1, onnotice: () => {} });
      const dbName = new URL(process.env.DATABASE_URL as string).pathname.slice(1);
      try {
        await admin.unsafe(`alter database ${dbName} with allow_connections false`);
        await admin`select pg_terminate_backend(pid) from pg_stat_activity where datname = ${dbName}`;
        const asked = Date.now();
        await page.goto(`${app.server.url}/t/${app.slug}/work-orders`);
        await page.getByText("The database is unavailable").waitFor({ timeout: 10_000 });
        record({ db_down_page_answer_ms: Date.now() - asked });
        await new Promise((r) => setTimeout(r, Math.max(0, 8_000 - (Date.now() - asked))));
      } finally {
        await admin.unsafe(`alter database ${dbName} with allow_connections true`);
        await admin.end();
      }
      // No reload: the page retries on its own once the database is back.
      await page.getByRole("heading", { name: "Submit a work order" }).first().waitFor({ timeout: 20_000 });
    } finally {
      await browser.close();
    }
    const [row] = await until(
      () =>
        app.db<
          { status: string; error: string | null }[]
        >`select status, error from wo_executions where id = ${run.executionId}`,
      (rows) => finished.includes(rows[0]?.status ?? ""),
      90_000,
      "the execution to end",
    );
    if (row?.status === "succeeded") expect(await lineCount(run.executionId)).toBe(40);
    else expect(row?.error, `ended ${row?.status}`).toBeTruthy();
  });

  test("the server logged no unhandled rejection through it all, but for the driver's own cut-connection error", () => {
    // Before: 34 in an 8 s restart (statements of jammed executions, the postgres.js timer crash).
    // Left: about one run in four logs a single `write CONNECTION_CLOSED` from postgres.js whose
    // origin is not found yet (no query text, no stack past the driver), rarely PostgreSQL's 57P01
    // instead. They are counted, and the only kinds let through: any other one fails this test.
    const rejections = [...app.server.log().matchAll(/unhandled ?rejection:?\s*(.*)/gi)].map((m) => m[1] ?? "");
    record({ unhandled_rejections: rejections.length });
    // The driver's own ways of saying a connection was cut: CONNECTION_CLOSED, and PostgreSQL's
    // 57P01 on a terminated backend.
    const driver =
      /^(Error: write CONNECTION_CLOSED |Error \[PostgresError\]: terminating connection due to administrator command)/;
    expect(rejections.filter((r) => !driver.test(r))).toEqual([]);
    expect(rejections.length).toBeLessThanOrEqual(2);
  });
});
