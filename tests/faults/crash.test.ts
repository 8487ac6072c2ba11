import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { renderMessage } from "@/lib/i18n/translate";
import { makeMember } from "@/tests/support/factory";
import { type FaultApp, faultApp, until } from "./support/app";
import { record } from "./support/figures";
import { processesWith } from "./support/processes";

/** A sleep no other process of this machine runs: how the test finds the command's processes. */
const SLEEP = `sleep 97.${Math.floor(Math.random() * 1e6)}`;

let app: FaultApp;
beforeAll(async () => {
  app = await faultApp({ name: "crash", command: `echo begin; ${SLEEP}; echo end` });
});
afterAll(() => app?.close());

describe("kill -9 of the server", () => {
  test("mid-execution: no process of it survives, and it is recorded as interrupted (timeline, audit, notification)", async () => {
    const order = await app.submit({ templateId: app.templates.direct, title: "crash mid-run" });
    const orderId = order?.data?.id as string;
    const started = await app.executeNow(orderId);
    const executionId = started?.data?.executionId as string;
    expect(executionId, JSON.stringify(started)).toBeTruthy();
    await until(
      () => app.db`select 1 from wo_execution_output where execution_id = ${executionId} and line = 'begin'`,
      (rows) => rows.length > 0,
      20_000,
      "the command's first line",
    );
    expect(processesWith(SLEEP).length).toBeGreaterThan(0);

    await app.server.crash();
    await app.server.restart();

    const [execution] = await until(
      () =>
        app.db<{ status: string; error: string | null; output_lines: number }[]>`
          select status, error, output_lines from wo_executions where id = ${executionId}`,
      (rows) => rows[0]?.status !== "running" && rows[0]?.status !== "queued",
      60_000,
      "the interrupted execution to be closed",
    );
    const orphans = processesWith(SLEEP);
    record({ orphan_processes: orphans.length, stuck_executions: execution?.status === "running" ? 1 : 0 });
    expect(orphans).toEqual([]);
    expect(execution?.status).toBe("failed");
    expect(renderMessage("en", execution?.error ?? "")).toMatch(/server stopped/i);
    const [{ n: lines } = { n: 0 }] = await app.db<{ n: number }[]>`
      select count(*)::int as n from wo_execution_output where execution_id = ${executionId}`;
    expect(execution?.output_lines).toBe(lines);

    const timeline = await app.db`select action from approval_records where order_id = ${orderId} order by created_at`;
    expect(timeline.map((r) => r.action)).toContain("execution.failed");
    const audits = await app.db`select action from audit_log where target_id = ${executionId}`;
    expect(audits.map((r) => r.action)).toContain("execution.finish");
    await until(
      () =>
        app.db`select status from notification_deliveries
               where order_id = ${orderId} and event = 'work-order/execution.finished' and recipient_id = ${app.t.requester.userId}`,
      (rows) => rows.length > 0,
      60_000,
      "the execution-finished notification",
    );
  });

  test("during a 20 × 5 submit burst: orders = confirmed + stored-unanswered, a keyed retry duplicates none, one approval email per task", async () => {
    const people = await Promise.all(
      Array.from({ length: 20 }, (_, i) => makeMember(app.t.owner.actor, "MEMBER", `burst${i}`)),
    );
    const tries = people.flatMap((who, u) =>
      Array.from({ length: 5 }, (_, n) => ({
        who,
        title: `burst ${u}.${n} ${randomUUID().slice(0, 6)}`,
        key: randomUUID(),
      })),
    );
    const answers = new Map<string, string | null>();
    let killed = false;
    const kill = async () => {
      killed = true;
      await app.server.crash();
    };
    await Promise.all(
      people.map(async (who) => {
        for (const t of tries.filter((x) => x.who === who)) {
          const r = killed
            ? null
            : await app.submit(
                {
                  templateId: app.templates.needsApproval,
                  title: t.title,
                  values: { Host: "host1" },
                  idempotencyKey: t.key,
                },
                who,
              );
          answers.set(t.key, r?.data?.id ?? null);
          const confirmed = [...answers.values()].filter(Boolean).length;
          if (!killed && confirmed >= 40) await kill();
        }
      }),
    );
    expect(killed).toBe(true);
    const confirmed = tries.filter((t) => answers.get(t.key));
    await app.server.restart();

    const titles = tries.map((t) => t.title);
    const stored = await app.db<
      { id: string; title: string }[]
    >`select id, title from work_orders where title = any(${titles})`;
    // Nothing confirmed is lost; what is stored beyond it was sent but never answered.
    for (const t of confirmed) expect(stored.map((o) => o.id)).toContain(answers.get(t.key));
    const unanswered = tries.filter((t) => !answers.get(t.key));
    const storedUnanswered = stored.filter((o) => unanswered.some((t) => t.title === o.title)).length;
    expect(stored.length).toBe(confirmed.length + storedUnanswered);

    // The people whose submit went unanswered try again, with the key their form kept.
    for (const t of unanswered) {
      const r = await app.submit(
        { templateId: app.templates.needsApproval, title: t.title, values: { Host: "host1" }, idempotencyKey: t.key },
        t.who,
      );
      expect(r?.data?.id, JSON.stringify(r)).toBeTruthy();
    }
    const after = await app.db<{ title: string; n: number }[]>`
      select title, count(*)::int as n from work_orders where title = any(${titles}) group by title`;
    const duplicates = after.reduce((sum, r) => sum + (r.n - 1), 0);
    record({ duplicate_orders: duplicates });
    expect(duplicates).toBe(0);
    expect(after.length).toBe(tries.length);

    const [{ tasks } = { tasks: 0 }] = await app.db<{ tasks: number }[]>`
      select count(*)::int as tasks from approval_tasks t join work_orders o on o.id = t.order_id where o.title = any(${titles})`;
    expect(tasks).toBe(tries.length);
    const approvalMails = () =>
      app.peer.received.filter((m) => m.to === app.approver.email && titles.some((title) => m.subject.endsWith(title)));
    // Counted by order (subject): a copy resent after the restart must not stand in for a missing one.
    await until(
      async () => new Set(approvalMails().map((m) => m.subject)).size,
      (n) => n >= tries.length,
      90_000,
      "one approval email per task",
    );
    // Delivery is at-least-once: a mail SMTP took just before the kill may go out again after the
    // restart, under the same Message-ID (receivers drop the copy). One message per task, then.
    const perOrder = new Map<string, Set<string>>();
    for (const m of approvalMails()) perOrder.set(m.subject, (perOrder.get(m.subject) ?? new Set()).add(m.messageId));
    expect([...perOrder.values()].filter((ids) => ids.size !== 1).length).toBe(0);
    expect(perOrder.size).toBe(tries.length);
    record({ approval_mails_resent: approvalMails().length - tries.length });
  });
});
