import http from "node:http";
import type { AddressInfo } from "node:net";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { database } from "@/db/client";
import { listInbox } from "@/db/queries/notifications";
import { jobRuns, jobs, mailOutbox, notificationChannels, notificationDeliveries, users } from "@/db/schema";
import { withTenant } from "@/db/tenant";
import { dispatch, enqueue } from "@/lib/events/publish";
import { msg } from "@/lib/i18n/message";
import { alertEventsAfter } from "@/lib/jobs/alerts";
import { DEFAULT_JOB_ALERTS } from "@/lib/jobs/catalog";
import { saveJob } from "@/lib/jobs/save-job";
import { saveChannel } from "@/lib/notifications/save-channel";
import { makeMember, makeOwner } from "../../support/factory";
import { appExecutor } from "../inngest/app-executor";
import { httpJob } from "./support";

// A job's alert end to end on the app's own functions: the run's end enqueues the event, the
// fan-out plans it to the job's channels, and each delivery is sent (mail to the outbox table, the
// in-app inbox, a webhook on 127.0.0.1).
const app = appExecutor({ withoutCron: true });
beforeAll(app.start);
afterAll(app.stop);

async function receiver() {
  const bodies: Record<string, unknown>[] = [];
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c) => {
      body += c;
    });
    req.on("end", () => {
      bodies.push(JSON.parse(body));
      res.writeHead(200, { "content-type": "application/json" }).end('{"ok":true}');
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    bodies,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

describe("a job's alert through the running fan-out", () => {
  test("a timed-out run reaches the job's webhook once and its people by email and in-app, each in their language", async () => {
    const owner = await makeOwner("owner");
    const admin = await makeMember(owner.actor, "ADMIN", "admin");
    const { db } = await database();
    await db.update(users).set({ locale: "zh-CN" }).where(eq(users.id, admin.userId));
    const hook = await receiver();
    try {
      await saveChannel(owner.actor, {
        name: "Ops hook",
        kind: "webhook",
        enabled: true,
        events: [],
        url: hook.url,
        signingSecret: "",
        clearSigningSecret: false,
      });
      const channels = await withTenant(owner.actor, (tx) =>
        tx.select({ id: notificationChannels.id, name: notificationChannels.name }).from(notificationChannels),
      );
      const channelIds = channels.map((c) => c.id); // Email, In-app, Ops hook
      const job = await saveJob(owner.actor, httpJob("Nightly backup", { alerts: { channelIds } }));
      await saveJob(admin.actor, httpJob("Nightly backup", { id: job.id, alerts: { channelIds } }));

      const { runId, outbox } = await withTenant({ tenantId: owner.actor.tenantId, userId: null }, async (tx) => {
        const [run] = await tx
          .insert(jobRuns)
          .values({
            jobId: job.id,
            version: 1,
            triggerType: "manual",
            status: "timeout",
            error: msg("jobs.run_interrupted"),
          })
          .returning({ id: jobRuns.id });
        const id = run?.id as string;
        const [row] = await tx.select({ alerts: jobs.alerts }).from(jobs).where(eq(jobs.id, job.id));
        const events = await alertEventsAfter(
          tx,
          { id, tenantId: owner.actor.tenantId, jobId: job.id, status: "timeout", retryPending: false },
          row?.alerts ?? DEFAULT_JOB_ALERTS,
        );
        return { runId: id, outbox: await enqueue(tx, owner.actor.tenantId, events) };
      });
      dispatch(outbox);
      await app.settle(60_000);

      const rows = await withTenant(owner.actor, (tx) =>
        tx.select().from(notificationDeliveries).where(eq(notificationDeliveries.event, "job/run.timed-out")),
      );
      expect(rows.map((r) => `${r.channelKind} ${r.status}`).sort()).toEqual([
        "email sent",
        "email sent",
        "in_app sent",
        "in_app sent",
        "webhook sent",
      ]);

      expect(hook.bodies).toHaveLength(1);
      expect(hook.bodies[0]).toMatchObject({
        event: "job/run.timed-out",
        subject: expect.stringContaining("Job timed out: Nightly backup"),
        link: expect.stringContaining(`/jobs/${job.id}/runs/${runId}`),
        locale: "en",
      });

      const mails = await withTenant(owner.actor, (tx) => tx.select().from(mailOutbox));
      const zhMail = mails.find((m) => m.to === admin.email);
      expect(zhMail?.subject).toContain("任务超时：Nightly backup");
      expect(zhMail?.text).toContain("运行被中断");
      expect(mails.find((m) => m.to === owner.email)?.subject).toContain("Job timed out: Nightly backup");

      const [zhInbox] = await withTenant(admin.actor, (tx) => listInbox(tx, admin.userId));
      expect(zhInbox?.title).toContain("任务超时");
      expect(zhInbox?.link).toContain(`/jobs/${job.id}/runs/${runId}`);
    } finally {
      await hook.close();
    }
  });
});
