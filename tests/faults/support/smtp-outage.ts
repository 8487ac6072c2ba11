import { expect } from "vitest";
import { type FaultApp, until } from "./app";
import { record } from "./figures";
import type { PeerMode } from "./smtp-peer";

/** How long each SMTP outage lasts (s): 60 as the issue states it; FAULT_OUTAGE_S shortens it locally. */
export const OUTAGE_S = Number(process.env.FAULT_OUTAGE_S ?? 60);

/**
 * SMTP goes `mode` for OUTAGE_S seconds. Meanwhile three orders ask for approval (their approver's
 * email cannot go out) and, every few seconds, someone clicks Execute now on an order that needs no
 * approval. Then SMTP comes back. What must hold: each execution started within a second of its
 * click, every approval email arrives soon after SMTP returns, and none ended `failed` meanwhile.
 */
export async function smtpOutage(app: FaultApp, mode: Exclude<PeerMode, "up">) {
  await app.peer.mode(mode);
  const began = Date.now();
  const orders: string[] = [];
  for (let i = 0; i < 3; i++) {
    const r = await app.submit({
      templateId: app.templates.needsApproval,
      title: `${mode} ${i}`,
      values: { Host: "host1" },
    });
    orders.push(r?.data?.id as string);
  }
  expect(orders.every(Boolean)).toBe(true);

  const delays: number[] = [];
  const every = Math.max(1_000, (OUTAGE_S * 1000) / 8);
  for (let i = 0; Date.now() - began < OUTAGE_S * 1000 - 1_000; i++) {
    const next = began + 2_000 + i * every;
    if (next > Date.now()) await new Promise((r) => setTimeout(r, next - Date.now()));
    if (Date.now() - began >= OUTAGE_S * 1000) break;
    const order = await app.submit({
      templateId: app.templates.direct,
      title: `${mode} run ${i}`,
      values: { Host: "host2" },
    });
    const clicked = Date.now();
    const started = await app.executeNow(order?.data?.id as string);
    const executionId = started?.data?.executionId as string;
    expect(executionId, JSON.stringify(started)).toBeTruthy();
    const [row] = await until(
      () => app.db<{ started_at: Date | null }[]>`select started_at from wo_executions where id = ${executionId}`,
      (rows) => Boolean(rows[0]?.started_at),
      15_000,
      `execution ${i} to start during the ${mode} outage`,
    );
    delays.push(new Date(row?.started_at ?? 0).getTime() - clicked);
  }
  const remaining = began + OUTAGE_S * 1000 - Date.now();
  if (remaining > 0) await new Promise((r) => setTimeout(r, remaining));

  // Nothing of the approvals may have given up during the outage.
  const failedMeanwhile = await app.db`
    select id from notification_deliveries where event = 'approval/requested' and status = 'failed'`;
  expect(failedMeanwhile).toEqual([]);

  await app.peer.mode("up");
  const back = Date.now();
  const approvalMails = () =>
    app.peer.received.filter((m) => m.to === app.approver.email && /Approval needed/.test(m.subject));
  await until(
    async () => approvalMails().length,
    (n) => n >= orders.length,
    60_000,
    "every approval email",
  );
  const recovered = (Math.max(...approvalMails().map((m) => m.at)) - back) / 1000;
  const figures = { mode, mail_recovered_s: recovered, exec_start_delays_ms: delays };
  record({ [`smtp_${mode}_mail_recovered_s`]: recovered, exec_start_delays_ms: delays });
  return figures;
}
