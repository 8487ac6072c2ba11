/**
 * Notification fan-out to email: 1,000 email notifications (10 "approval/urged" events × 100
 * recipients) through the app's own Inngest functions on the embedded executor — fan-out run →
 * one delivery run per recipient → SMTP (pooled nodemailer) to a real SMTP server (`smtp-server`)
 * on 127.0.0.1, in a process of its own as a mail server would be. Times from the first event
 * sent to the last delivery logged as sent, and counts what the SMTP server received; then a second
 * round in the same process (warm, as a server that has been up) for comparison, and the CPU each
 * process spent in each round. PGlite in memory by default, DATABASE_URL when set.
 * Target: all 1,000 delivered and logged in ≤ 5 s, none lost.
 */
import { fork } from "node:child_process";
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import type { SinkCount } from "./support/smtp-sink";

const EVENTS = Number(process.env.BENCH_EVENTS ?? 10);
const RECIPIENTS = Number(process.env.BENCH_RECIPIENTS ?? 100);
const quiet = { info() {}, warn() {}, error() {}, debug() {} };

async function main() {
  // A real SMTP peer first: the app reads SMTP_URL once, when env.ts is first imported.
  const sink = fork(new URL("./support/smtp-sink.ts", import.meta.url).pathname, { stdio: "inherit" });
  const port = await new Promise<number>((resolve, reject) => {
    sink.once("message", (m) => resolve((m as { port: number }).port));
    sink.once("exit", (code) => reject(new Error(`SMTP sink exited (${code}) before listening`)));
  });
  const smtpCount = () =>
    new Promise<SinkCount>((resolve) => {
      sink.once("message", (m) => resolve(m as SinkCount));
      sink.send("count");
    });
  process.env.SMTP_URL = `smtp://127.0.0.1:${port}`;

  const { and, count, eq, inArray, sql } = await import("drizzle-orm");
  const { closeDatabase, database } = await import("@/db/client");
  const { memberships, notificationChannels, notificationDeliveries, users } = await import("@/db/schema");
  const { withTenant } = await import("@/db/tenant");
  const { embeddedWiring, inngest } = await import("@/inngest/client");
  const { createExecutor } = await import("@/inngest/embedded/executor");
  const { allEvents } = await import("@/inngest/events");
  const { functions } = await import("@/inngest/functions");
  const { saveFlow } = await import("@/lib/approvals/save-flow");
  const { publishFlow } = await import("@/lib/approvals/publish-flow");
  const { levelsToGraph } = await import("@/lib/approvals/flow");
  const { dispatched } = await import("@/lib/events/publish");
  const { signUp } = await import("@/lib/auth/sign-up");
  const { createCategory } = await import("@/lib/work-orders/save-category");
  const { saveTemplate } = await import("@/lib/work-orders/save-template");
  const { submitOrder } = await import("@/lib/work-orders/submit-order");

  const t0 = performance.now();
  const { db, kind } = await database();
  console.log(`database: ${kind} (opened + migrated in ${Math.round(performance.now() - t0)} ms)`);
  const { transport, keys } = embeddedWiring();
  // Real time; the benchmark drives the executor itself (no background polling in the figures).
  const executor = createExecutor({
    db,
    client: inngest,
    functions,
    transport,
    keys,
    logger: quiet,
    events: allEvents,
    clock: { now: () => Date.now(), manual: true },
    concurrency: Number(process.env.BENCH_CONCURRENCY ?? 8),
  });
  await executor.start();

  // A tenant with RECIPIENTS members (set-based, as the owner) and only the email channel on.
  const tag = randomUUID().slice(0, 8);
  const { userId: ownerId, tenant } = await signUp({
    name: `Bench owner ${tag}`,
    email: `bench-${tag}@bench.opsdesk.dev`,
    password: "correct horse battery",
    tenantName: `Fan-out ${tag}`,
  });
  const owner = { tenantId: tenant.id, userId: ownerId, role: "OWNER" as const };
  const people = await db
    .insert(users)
    .values(
      Array.from({ length: RECIPIENTS }, (_, i) => ({
        email: `r${i}-${tag}@bench.opsdesk.dev`,
        name: `Recipient ${i}`,
      })),
    )
    .returning({ id: users.id });
  await withTenant(owner, async (tx) => {
    await tx
      .insert(memberships)
      .values(people.map((p) => ({ tenantId: tenant.id, userId: p.id, role: "MEMBER" as const })));
    // BENCH_CHANNEL=in_app measures the pipeline without SMTP (in-app inbox rows instead).
    const off = process.env.BENCH_CHANNEL === "in_app" ? "email" : "in_app";
    await tx.update(notificationChannels).set({ enabled: false }).where(eq(notificationChannels.kind, off));
  });
  const recipientIds = people.map((p) => p.id);

  // One pending order for the events to be about (its own approval email is sent before timing).
  const env = await createCategory(owner, { kind: "environment", name: "PROD" });
  const purpose = await createCategory(owner, { kind: "purpose", name: "Deploy" });
  const flow = await saveFlow(owner, {
    name: "One approver",
    description: "",
    graph: levelsToGraph([
      { name: "Lead", kind: "single", users: [recipientIds[0] as string], roles: [], timeoutHours: null },
    ]),
  });
  await publishFlow(owner, { flowId: flow.id });
  const tpl = await saveTemplate(owner, {
    name: "Deploy",
    description: "",
    environmentId: env.id,
    purposeId: purpose.id,
    command: "echo deploy",
    workdir: "",
    timeoutSeconds: 30,
    submitRoles: ["OWNER", "ADMIN", "MEMBER"],
    requiresApproval: true,
    approvalFlowId: flow.id,
    fourEyes: false,
    deployWindow: null,
    variables: [],
    internalVariables: {},
    enabled: true,
  });
  const order = await submitOrder(owner, { templateId: tpl.id, title: "Bench order", values: {} });
  await dispatched();
  await executor.drain();

  const total = EVENTS * RECIPIENTS;

  // CPU seconds spent in a round by this process (app + executor), the SMTP server and, when
  // PostgreSQL runs on this machine, its processes: on 2 cores, what the figure is made of.
  const postgresCpuMs = async () => {
    if (kind !== "postgres") return 0;
    const pids = (await db.execute(sql`select pid from pg_stat_activity`)) as unknown as { pid: number }[];
    const tick = 10; // ms per clock tick (USER_HZ = 100 on Linux)
    let ms = 0;
    for (const { pid } of pids) {
      try {
        const fields = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
        ms += (Number(fields[11]) + Number(fields[12])) * tick; // utime, stime
      } catch {
        return 0; // not on this machine
      }
    }
    return ms;
  };

  /** EVENTS × RECIPIENTS notifications, from the first event sent to the last delivery logged as sent. */
  async function round(label: string) {
    const events = Array.from({ length: EVENTS }, () => ({
      id: randomUUID(),
      name: "approval/urged" as const,
      data: { tenantId: tenant.id, orderId: order.id, approverIds: recipientIds },
    }));
    const ofRound = inArray(
      notificationDeliveries.sourceEventId,
      events.map((e) => e.id),
    );
    const sent = () =>
      withTenant(owner, async (tx) => {
        const [row] = await tx
          .select({ n: count() })
          .from(notificationDeliveries)
          .where(and(ofRound, eq(notificationDeliveries.status, "sent")));
        return row?.n ?? 0;
      });
    const before = await smtpCount();
    const cpuBefore = { app: process.cpuUsage(), postgres: await postgresCpuMs() };

    const start = performance.now();
    await inngest.send(events);
    await executor.drain();
    let delivered = await sent();
    // Anything retrying (none expected) gets up to 30 s more.
    const deadline = Date.now() + 30_000;
    while (delivered < total && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 200));
      await executor.drain();
      delivered = await sent();
    }
    const seconds = (performance.now() - start) / 1000;
    const appCpu = process.cpuUsage(cpuBefore.app);
    const pgCpuMs = (await postgresCpuMs()) - cpuBefore.postgres;
    const after = await smtpCount();
    const cpu = {
      app: (appCpu.user + appCpu.system) / 1e6,
      smtp: (after.cpuMs - before.cpuMs) / 1000,
      postgres: pgCpuMs / 1000,
    };
    const smtpGot = after.messages - before.messages;
    const earlier = new Map(before.received);
    const received = new Map(after.received.map(([to, n]) => [to, n - (earlier.get(to) ?? 0)]));
    for (const [to, n] of received) if (n === 0) received.delete(to);
    const [byStatus] = await withTenant(owner, (tx) =>
      tx
        .select({
          logged: count(),
          failed: sql<number>`count(*) filter (where ${notificationDeliveries.status} = 'failed')`.mapWith(Number),
          attempts: sql<number>`sum(${notificationDeliveries.attempts})`.mapWith(Number),
        })
        .from(notificationDeliveries)
        .where(ofRound),
    );
    const everyoneOnce = recipientIds.length === RECIPIENTS && [...received.values()].every((n) => n === EVENTS);
    console.log(
      `${label}: delivered ${delivered}/${total} (logged ${byStatus?.logged}, failed ${byStatus?.failed}, attempts ${byStatus?.attempts}); ` +
        `SMTP server received ${smtpGot} messages for ${received.size} recipients${everyoneOnce ? `, each exactly ${EVENTS}` : ""}`,
    );
    console.log(`  ${seconds.toFixed(2)} s → ${Math.round(total / seconds)} notifications/s`);
    console.log(
      `  CPU in that time: app ${cpu.app.toFixed(2)} s, SMTP server ${cpu.smtp.toFixed(2)} s` +
        (cpu.postgres ? `, PostgreSQL ${cpu.postgres.toFixed(2)} s` : "") +
        ` (${((cpu.app + cpu.smtp + cpu.postgres) / seconds).toFixed(2)} cores busy on average)`,
    );
    return { seconds, delivered, lost: total - Math.min(delivered, smtpGot), smtpGot, cpu };
  }

  console.log(`${EVENTS} events × ${RECIPIENTS} recipients = ${total} email notifications a round`);
  // The first round runs in a process that has only just started (V8 still compiling the hot
  // paths on its background threads); the second is the steady state of a server that has been up.
  const cold = await round("cold (first round after start)");
  const warm = await round("warm (second round)");
  await executor.stop();
  await closeDatabase();
  sink.disconnect();
  // The figure is the first round, as the target reads: 1,000 notifications from a standing start.
  const result = {
    sent: total,
    delivered: cold.delivered,
    lost: cold.lost,
    seconds: Number(cold.seconds.toFixed(3)),
    per_second: Math.round(total / cold.seconds),
    smtp_received: cold.smtpGot,
    warm: { seconds: Number(warm.seconds.toFixed(3)), delivered: warm.delivered, lost: warm.lost },
    database: kind,
    cpu_seconds: Object.fromEntries(Object.entries(cold.cpu).map(([k, v]) => [k, Number(v.toFixed(2))])),
  };
  console.log(`RESULT ${JSON.stringify(result)}`);
  process.exit(0);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
