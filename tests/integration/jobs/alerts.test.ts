// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${var} is the notification templates' placeholder syntax.
import { randomUUID } from "node:crypto";
import { eq, inArray } from "drizzle-orm";
import { describe, expect, test } from "vitest";
import { database } from "@/db/client";
import { getJob } from "@/db/queries/jobs";
import { jobRuns, jobs, notificationChannels, notificationDeliveries, users } from "@/db/schema";
import { withTenant } from "@/db/tenant";
import { enqueue } from "@/lib/events/publish";
import { msg } from "@/lib/i18n/message";
import { alertEventsAfter } from "@/lib/jobs/alerts";
import { DEFAULT_JOB_ALERTS, type RunStatus } from "@/lib/jobs/catalog";
import { saveJob } from "@/lib/jobs/save-job";
import type { NotifyEvent } from "@/lib/notifications/catalog";
import { planDeliveries } from "@/lib/notifications/plan-deliveries";
import { saveChannel } from "@/lib/notifications/save-channel";
import { savePreferences } from "@/lib/notifications/save-preferences";
import { saveNotificationTemplate } from "@/lib/notifications/save-template";
import type { Actor } from "@/lib/tenants/actor";
import { removeMember } from "@/lib/tenants/remove-member";
import { ZSaveJob } from "@/lib/validation/jobs";
import { readableErrors } from "@/lib/validation/readable-errors";
import { makeMember, makeOwner } from "../../support/factory";
import { httpJob, jobInput } from "./support";

// A job's alerts go through the notification fan-out: its run's end raises events
// (alertEventsAfter, in the run's transaction), and each plans deliveries to the channels the job
// names, in each reader's language, with the tenant's wording where it has its own.

const system = (actor: Actor) => ({ tenantId: actor.tenantId, userId: null });

async function setLocale(userId: string, locale: string | null) {
  const { db } = await database();
  await db.update(users).set({ locale }).where(eq(users.id, userId));
}

async function channelId(actor: Actor, name: string) {
  const [c] = await withTenant(actor, (tx) =>
    tx.select({ id: notificationChannels.id }).from(notificationChannels).where(eq(notificationChannels.name, name)),
  );
  if (!c) throw new Error(`no channel ${name}`);
  return c.id;
}

async function webhook(actor: Actor, name: string) {
  await saveChannel(actor, {
    name,
    kind: "webhook",
    enabled: true,
    events: [],
    url: "https://hooks.example.com/opsdesk",
    signingSecret: "",
    clearSigningSecret: false,
  });
  return channelId(actor, name);
}

/** A tenant: the owner (English) creates the job, an admin (简体中文) last edits it. */
async function alertingTenant(alerts: Record<string, unknown> = {}) {
  const owner = await makeOwner("owner");
  const admin = await makeMember(owner.actor, "ADMIN", "admin");
  await setLocale(owner.userId, "en");
  await setLocale(admin.userId, "zh-CN");
  const email = await channelId(owner.actor, "Email");
  const hook = await webhook(owner.actor, "Ops hook");
  await webhook(owner.actor, "Other hook"); // enabled, for every event, but not the job's
  const created = await saveJob(owner.actor, httpJob("Nightly backup", { alerts: { channelIds: [email, hook] } }));
  await saveJob(
    admin.actor,
    httpJob("Nightly backup", { id: created.id, alerts: { channelIds: [email, hook], ...alerts } }),
  );
  return { owner, admin, jobId: created.id, email, hook };
}

let clock = Date.now() - 3_600_000;
/**
 * A run of the job that has just ended as `status` (written one second after the previous one),
 * and the alert events its end raises, enqueued in the same transaction as the lead's run end does.
 */
async function endRun(
  actor: Actor,
  jobId: string,
  status: RunStatus,
  opts: { retryOf?: string; retryPending?: boolean; error?: string } = {},
) {
  clock += 1000;
  return withTenant(system(actor), async (tx) => {
    const [run] = await tx
      .insert(jobRuns)
      .values({
        jobId,
        version: 1,
        triggerType: opts.retryOf ? "retry" : "manual",
        retryOf: opts.retryOf ?? null,
        status,
        error: status === "success" ? null : (opts.error ?? msg("jobs.run_interrupted")),
        createdAt: new Date(clock),
        finishedAt: new Date(clock + 500),
      })
      .returning({ id: jobRuns.id });
    const runId = run?.id as string;
    const [job] = await tx.select({ alerts: jobs.alerts }).from(jobs).where(eq(jobs.id, jobId));
    const events = await alertEventsAfter(
      tx,
      { id: runId, tenantId: actor.tenantId, jobId, status, retryPending: opts.retryPending ?? false },
      job?.alerts ?? DEFAULT_JOB_ALERTS,
    );
    const outbox = await enqueue(tx, actor.tenantId, events);
    return { runId, events: outbox.rows };
  });
}

/** Each outbox row through the fan-out's planning, as the fan-out builds its source event. */
async function fanOut(actor: Actor, rows: { id: string; name: string; data: unknown }[]) {
  for (const row of rows)
    await planDeliveries({
      id: row.id,
      name: row.name as NotifyEvent,
      data: row.data as { tenantId: string } & Record<string, unknown>,
    });
  const ids = rows.map((r) => r.id);
  if (ids.length === 0) return [];
  return withTenant(actor, (tx) =>
    tx.select().from(notificationDeliveries).where(inArray(notificationDeliveries.sourceEventId, ids)),
  );
}

const named = (rows: { name: string; data: unknown }[]) =>
  rows.map((r) => {
    const failures = (r.data as { failures?: number }).failures;
    return failures ? `${r.name}:${failures}` : r.name;
  });

describe("job alerts through the notification fan-out", () => {
  test("a failed run is told over the job's channels only: email to its creator and last editor in their own language, the webhook once", async () => {
    const t = await alertingTenant();
    const { runId, events } = await endRun(t.owner.actor, t.jobId, "failed");
    expect(named(events)).toEqual(["job/run.failed"]);

    const rows = await fanOut(t.owner.actor, events);
    // Not the in-app channel nor the other hook: the job named Email and "Ops hook".
    expect(rows.map((r) => `${r.channelName} → ${r.recipientId}`).sort()).toEqual(
      [`Email → ${t.admin.userId}`, `Email → ${t.owner.userId}`, `Ops hook → ${t.owner.userId}`].sort(),
    );
    expect(rows.every((r) => r.status === "pending" && r.orderId === null)).toBe(true);
    const link = `/t/${t.owner.tenant.slug}/jobs/${t.jobId}/runs/${runId}`;
    for (const r of rows) expect(r.link).toContain(link);

    const toOwner = rows.find((r) => r.recipient === t.owner.email);
    const toAdmin = rows.find((r) => r.recipient === t.admin.email);
    const hook = rows.find((r) => r.channelName === "Ops hook");
    expect(toOwner).toMatchObject({ locale: "en", subject: expect.stringContaining("Job failed: Nightly backup") });
    expect(toOwner?.body).toContain("failed (attempt 1): The run was interrupted");
    expect(toAdmin).toMatchObject({ locale: "zh-CN", subject: expect.stringContaining("任务失败：Nightly backup") });
    expect(toAdmin?.body).toContain("运行被中断");
    expect(toAdmin?.body).not.toMatch(/interrupted/);
    // The webhook is the team's: once, in the tenant's default language, addressed to the creator.
    expect(hook).toMatchObject({ locale: "en", recipientId: t.owner.userId, channelId: t.hook });
    expect(hook?.subject).toContain("Job failed: Nightly backup");

    // Planned again (a replayed fan-out), nothing is added.
    expect((await fanOut(t.owner.actor, events)).length).toBe(3);
  });

  test("the tenant's own wording of a job alert is used, in the language it was written for", async () => {
    const t = await alertingTenant();
    await saveNotificationTemplate(t.owner.actor, {
      event: "job/run.failed",
      format: "im",
      subject: "ALERT ${jobName} (attempt ${attempt})",
      body: "${jobName} ${status}: ${error} ${link}",
    });
    await saveNotificationTemplate(t.owner.actor, {
      event: "job/run.failed",
      format: "email",
      locale: "zh-CN",
      subject: "告警：${jobName}",
      body: "${userName}，${jobName} ${status}。",
    });
    const { events, runId } = await endRun(t.owner.actor, t.jobId, "failed");
    const rows = await fanOut(t.owner.actor, events);
    const hook = rows.find((r) => r.channelId === t.hook);
    expect(hook?.subject).toBe("ALERT Nightly backup (attempt 1)");
    expect(hook?.body).toMatch(/^Nightly backup failed: The run was interrupted.* http\S+\/runs\//);
    expect(hook?.body).toContain(runId);
    const toAdmin = rows.find((r) => r.recipient === t.admin.email);
    expect(toAdmin?.subject).toBe("告警：Nightly backup");
    expect(toAdmin?.body).toMatch(/^admin \w+，Nightly backup 失败。$/);
    // The English reader has no version of their own: the built-in wording.
    expect(rows.find((r) => r.recipient === t.owner.email)?.subject).toContain("Job failed: Nightly backup");
  });

  test("N failures in a row are said once, the success after them as a recovery; a failed attempt with a retry coming says nothing", async () => {
    const t = await alertingTenant({ onFailure: false, consecutive: 2 });
    const a = t.owner.actor;
    expect(named((await endRun(a, t.jobId, "failed")).events)).toEqual([]);
    // An attempt with its retry still coming is not final; its retry's end speaks for it.
    const first = await endRun(a, t.jobId, "failed", { retryPending: true });
    expect(first.events).toEqual([]);
    const retried = await endRun(a, t.jobId, "timeout", { retryOf: first.runId });
    expect(named(retried.events)).toEqual(["job/run.timed-out", "job/run.failing:2"]);
    expect(named((await endRun(a, t.jobId, "failed")).events)).toEqual([]); // 3 in a row: said already
    // Cancelled and skipped runs neither end nor extend the streak.
    expect((await endRun(a, t.jobId, "cancelled")).events).toEqual([]);
    const recovered = await endRun(a, t.jobId, "success");
    expect(named(recovered.events)).toEqual(["job/run.recovered"]);
    expect(named((await endRun(a, t.jobId, "success")).events)).toEqual([]);

    const failing = await fanOut(
      a,
      retried.events.filter((e) => e.name === "job/run.failing"),
    );
    const zh = failing.find((r) => r.recipient === t.admin.email);
    expect(zh?.subject).toContain("连续 2 次失败：Nightly backup");
    expect(failing.find((r) => r.recipient === t.owner.email)?.subject).toContain("Still failing, 2 in a row");
    const back = await fanOut(a, recovered.events);
    expect(back.map((r) => r.channelId).sort()).toEqual([t.email, t.email, t.hook].sort());
    expect(back.find((r) => r.recipient === t.owner.email)?.subject).toContain("Recovered: Nightly backup");
  });

  test("a person's preference silences their email of the event; the job's webhook still hears it", async () => {
    const t = await alertingTenant();
    await savePreferences(t.admin.actor, { preferences: { "job/run.failed": ["in_app"] } });
    const rows = await fanOut(t.owner.actor, (await endRun(t.owner.actor, t.jobId, "failed")).events);
    expect(rows.map((r) => r.recipient)).not.toContain(t.admin.email);
    expect(rows.map((r) => r.channelId).sort()).toEqual([t.email, t.hook].sort());
  });

  test("a disabled channel, or a job with no channels, gets nothing", async () => {
    const t = await alertingTenant();
    await saveChannel(t.owner.actor, {
      id: t.hook,
      name: "Ops hook",
      kind: "webhook",
      enabled: false,
      events: [],
      url: "",
      signingSecret: "",
      clearSigningSecret: false,
    });
    const rows = await fanOut(t.owner.actor, (await endRun(t.owner.actor, t.jobId, "failed")).events);
    expect(rows.map((r) => r.channelId)).toEqual([t.email, t.email]);

    await saveJob(t.owner.actor, httpJob("Nightly backup", { id: t.jobId, alerts: { channelIds: [] } }));
    const none = await endRun(t.owner.actor, t.jobId, "failed");
    expect(named(none.events)).toEqual(["job/run.failed"]);
    expect(await fanOut(t.owner.actor, none.events)).toEqual([]);
  });
});

describe("job alerts: who, when the people are gone, and the re-armed schedule", () => {
  test("a job whose creator and editor left still reaches its webhook, addressed to the owner; the email reaches no one", async () => {
    const owner = await makeOwner("owner");
    const admin = await makeMember(owner.actor, "ADMIN", "admin");
    const email = await channelId(owner.actor, "Email");
    const hook = await webhook(owner.actor, "Ops hook");
    const job = await saveJob(admin.actor, httpJob("Left behind", { alerts: { channelIds: [email, hook] } }));
    await removeMember(owner.actor, { userId: admin.userId });
    const rows = await fanOut(owner.actor, (await endRun(owner.actor, job.id, "failed")).events);
    expect(rows.map((r) => [r.channelId, r.recipientId])).toEqual([[hook, owner.userId]]);
  });

  test("a re-armed schedule is told over the job's channels, linking to the job", async () => {
    const t = await alertingTenant();
    const rows = await fanOut(t.owner.actor, [
      {
        id: randomUUID(),
        name: "job/schedule.rearmed",
        data: { tenantId: t.owner.actor.tenantId, jobId: t.jobId, scheduleId: randomUUID() },
      },
    ]);
    expect(rows.map((r) => r.channelId).sort()).toEqual([t.email, t.email, t.hook].sort());
    for (const r of rows) expect(r.link).toMatch(new RegExp(`/t/${t.owner.tenant.slug}/jobs/${t.jobId}$`));
    expect(rows.find((r) => r.recipient === t.admin.email)?.subject).toContain("调度已重新设置：Nightly backup");
    expect(rows.find((r) => r.recipient === t.owner.email)?.body).toContain("had no next fire and was armed again");
  });
});

describe("saving a job's alerts and parameters", () => {
  test("alerts live on the job (a change keeps the version), parameters on the version (a change makes one)", async () => {
    const { actor } = await makeOwner();
    const email = await channelId(actor, "Email");
    const created = await saveJob(
      actor,
      httpJob("Report", { parameters: [{ name: "REGION", default: "eu-west" }, { name: "DAYS" }] }),
    );
    let detail = await withTenant(actor, (tx) => getJob(tx, created.id));
    expect(detail?.alerts).toEqual({
      channelIds: [],
      onFailure: true,
      onTimeout: true,
      consecutive: 0,
      onRecovery: true,
    });
    expect(detail?.parameters).toEqual([
      { name: "REGION", default: "eu-west" },
      { name: "DAYS", default: "" },
    ]);

    const parameters = detail?.parameters;
    const alerted = await saveJob(
      actor,
      httpJob("Report", {
        id: created.id,
        parameters,
        alerts: { channelIds: [email], consecutive: 3, onRecovery: false },
      }),
    );
    expect(alerted.version).toBe(1);
    detail = await withTenant(actor, (tx) => getJob(tx, created.id));
    expect(detail?.job.alerts).toEqual({
      channelIds: [email],
      onFailure: true,
      onTimeout: true,
      consecutive: 3,
      onRecovery: false,
    });

    const renamed = await saveJob(
      actor,
      httpJob("Report", { id: created.id, parameters: [{ name: "REGION", default: "us-east" }] }),
    );
    expect(renamed.version).toBe(2);
    detail = await withTenant(actor, (tx) => getJob(tx, created.id));
    expect(detail?.parameters).toEqual([{ name: "REGION", default: "us-east" }]);
    expect(detail?.versions.map((v) => v.parameters.map((p) => `${p.name}=${p.default}`))).toEqual([
      ["REGION=us-east"],
      ["REGION=eu-west", "DAYS="],
    ]);
    // This save sent no alerts: the form always sends them, and absent means the defaults.
    expect(detail?.alerts.channelIds).toEqual([]);
  });

  test("another tenant's channel is refused by field, and nothing is written", async () => {
    const mine = await makeOwner();
    const theirs = await makeOwner();
    const foreign = await channelId(theirs.actor, "Email");
    const input = httpJob("Sneaky", { alerts: { channelIds: [await channelId(mine.actor, "Email"), foreign] } });
    await expect(saveJob(mine.actor, input)).rejects.toMatchObject({
      code: "jobs.alert_channel_not_found",
      field: "alerts.channelIds.1",
    });
    const unknown = httpJob("Sneaky", { alerts: { channelIds: [randomUUID()] } });
    await expect(saveJob(mine.actor, unknown)).rejects.toMatchObject({ field: "alerts.channelIds.0" });
    expect(await withTenant(mine.actor, (tx) => tx.select().from(jobs))).toEqual([]);

    const job = await saveJob(mine.actor, httpJob("Plain"));
    await expect(
      saveJob(mine.actor, httpJob("Plain renamed", { id: job.id, alerts: { channelIds: [foreign] } })),
    ).rejects.toMatchObject({ code: "jobs.alert_channel_not_found" });
    const [row] = await withTenant(mine.actor, (tx) => tx.select().from(jobs));
    expect(row).toMatchObject({ name: "Plain", alerts: { channelIds: [] } });
  });

  test("a repeated parameter name, a parameter named like a secret, a bad streak are refused at their row", () => {
    const refused = (extra: Record<string, unknown>) => {
      try {
        jobInput({ name: "x", config: { type: "http", method: "GET", url: "https://a.example.com" }, ...extra });
      } catch (error) {
        return (error as { issues: { path: PropertyKey[] }[] }).issues.map((i) => i.path.join("."));
      }
      return [];
    };
    expect(refused({ parameters: [{ name: "A" }, { name: "B" }, { name: "A" }] })).toEqual(["parameters.2.name"]);
    expect(refused({ parameters: [{ name: "TOKEN" }], secrets: { TOKEN: "t" } })).toEqual(["parameters.0.name"]);
    expect(refused({ parameters: [{ name: "1bad" }] })).toEqual(["parameters.0.name"]);
    expect(refused({ alerts: { consecutive: 101 } })).toEqual(["alerts.consecutive"]);
    expect(refused({ alerts: { channelIds: Array.from({ length: 21 }, () => randomUUID()) } })).toEqual([
      "alerts.channelIds",
    ]);
    const id = randomUUID();
    expect(refused({ alerts: { channelIds: [id, id] } })).toEqual(["alerts.channelIds.1"]);
  });

  test("the refusals read as sentences, naming the row, in both languages", () => {
    const input = {
      tenant: "acme",
      name: "x",
      config: { type: "http", method: "GET", url: "https://a.example.com" },
      parameters: [{ name: "REGION" }, { name: "REGION" }],
      alerts: { consecutive: 101 },
    };
    const text = (locale: "en" | "zh-CN") => {
      const r = ZSaveJob.safeParse(input);
      const a = readableErrors(r.error?.issues ?? [], input, locale);
      return Object.entries(a.fieldErrors)
        .map(([field, messages]) => `${field}: ${messages.join(" ")}`)
        .sort();
    };
    expect(text("en")).toEqual([
      "alerts.consecutive: At most 100.",
      "alerts: Failures in a row of Alerts: at most 100.",
      'parameters.1.name: There is already a parameter named "REGION".',
      'parameters: Name of REGION: there is already a parameter named "REGION".',
    ]);
    expect(text("zh-CN").join("\n")).toContain("已有名为“REGION”的参数。");
  });
});
