import "server-only";
import { eq } from "drizzle-orm";
import type { LinkAction } from "@/db/schema";
import { approvalTasks, flowRuns, jobFlows, tenants, users } from "@/db/schema";
import type { Tx } from "@/db/tenant";
import { appUrl } from "@/lib/app-url";
import { isLocale, type Locale } from "@/lib/i18n/locales";
import { lockGate } from "./subjects/flow-gate";

/** A flow gate as its approver's email and the emailed link's page present it. */
export type LinkGateView = {
  action: LinkAction;
  tenantName: string;
  approverName: string;
  flowName: string;
  gateName: string;
  /** The run's starter; null when a schedule started it. */
  starterName: string | null;
  startedAt: Date;
  /** The level's kind (single, countersign, or): the page says whether others must approve too. */
  kind: string;
  /** The run's page (for a member who signs in). */
  runUrl: string;
  expiresAt: Date;
  timeZone: string;
  locale: Locale | null;
};

/** The gate of a link (or of a task about to be emailed), read inside the tenant's transaction. */
export async function gateView(
  tx: Tx,
  link: { taskId: string; approverId: string; action: LinkAction; expiresAt: Date },
): Promise<LinkGateView | null> {
  const [task] = await tx
    .select({ subjectType: approvalTasks.subjectType, subjectId: approvalTasks.subjectId })
    .from(approvalTasks)
    .where(eq(approvalTasks.id, link.taskId));
  if (!task) return null;
  const gate = await lockGate(tx, task.subjectId);
  const [row] = await tx
    .select({
      flowName: jobFlows.name,
      startedAt: flowRuns.createdAt,
      tenantName: tenants.name,
      slug: tenants.slug,
      timeZone: tenants.timeZone,
    })
    .from(flowRuns)
    .innerJoin(jobFlows, eq(jobFlows.id, flowRuns.flowId))
    .innerJoin(tenants, eq(tenants.id, flowRuns.tenantId))
    .where(eq(flowRuns.id, gate.runId));
  if (!row) return null;
  const [approver] = await tx
    .select({ name: users.name, locale: users.locale })
    .from(users)
    .where(eq(users.id, link.approverId));
  const [starter] = gate.startedBy
    ? await tx.select({ name: users.name }).from(users).where(eq(users.id, gate.startedBy))
    : [];
  const level = gate.levels[0];
  return {
    action: link.action,
    tenantName: row.tenantName,
    approverName: approver?.name ?? "",
    flowName: row.flowName,
    gateName: gate.gate?.name || level?.name || gate.nodeId,
    starterName: starter?.name ?? null,
    startedAt: row.startedAt,
    kind: level?.kind ?? "single",
    runUrl: appUrl(`/t/${row.slug}/flows/${gate.flowId}/runs/${gate.runId}`),
    expiresAt: link.expiresAt,
    timeZone: row.timeZone,
    locale: isLocale(approver?.locale) ? approver.locale : null,
  };
}
