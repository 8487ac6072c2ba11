import "server-only";
import { aliasedTable, and, asc, count, desc, eq, gt, gte, ilike, inArray, lt, or, sql } from "drizzle-orm";
import {
  users,
  woCategories,
  woExecutionOutput,
  woExecutions,
  workOrders,
  woTemplates,
  woTemplateVersions,
} from "@/db/schema";
import type { Tx } from "@/db/tenant";
import { after, type Cursor, PAGE_SIZE } from "./_keyset";
import { contains } from "./_search";
import { subjectTasks, subjectTimeline } from "./approvals";

export function listCategories(tx: Tx) {
  return tx.select().from(woCategories).orderBy(asc(woCategories.kind), asc(woCategories.sort), asc(woCategories.name));
}

/** Joins a template to its current version: `.innerJoin(woTemplateVersions, isCurrentVersion)`. */
export const isCurrentVersion = and(
  eq(woTemplateVersions.templateId, woTemplates.id),
  eq(woTemplateVersions.version, woTemplates.currentVersion),
);

/** Templates with their current version (internal values never leave: names only). */
export async function listTemplates(tx: Tx, opts: { enabledOnly?: boolean } = {}) {
  const rows = await tx
    .select({ template: woTemplates, version: woTemplateVersions })
    .from(woTemplates)
    .innerJoin(woTemplateVersions, isCurrentVersion)
    .where(opts.enabledOnly ? eq(woTemplates.enabled, true) : undefined)
    .orderBy(asc(woTemplates.name));
  return rows.map(({ template, version }) => ({
    ...template,
    version: { ...version, internalVariables: undefined, hasInternalValues: version.internalVariables !== null },
  }));
}
export type TemplateListItem = Awaited<ReturnType<typeof listTemplates>>[number];

export async function getTemplate(tx: Tx, id: string) {
  const all = await tx
    .select({ template: woTemplates, version: woTemplateVersions })
    .from(woTemplates)
    .innerJoin(woTemplateVersions, isCurrentVersion)
    .where(eq(woTemplates.id, id));
  const row = all[0];
  if (!row) return null;
  return { ...row.template, version: { ...row.version, internalVariables: undefined } };
}

export const requester = aliasedTable(users, "requester");

/** The columns of an order in lists (the work-order lists and the approvals inbox). */
export const orderColumns = {
  id: workOrders.id,
  number: workOrders.number,
  title: workOrders.title,
  status: workOrders.status,
  currentLevel: workOrders.currentLevel,
  lastExecutionStatus: workOrders.lastExecutionStatus,
  createdAt: workOrders.createdAt,
  decidedAt: workOrders.decidedAt,
  templateId: workOrders.templateId,
  templateName: woTemplates.name,
  environmentId: workOrders.environmentId,
  requesterId: workOrders.requesterId,
  requesterName: requester.name,
  /** The current level's name, out of the order's flow snapshot (lists need no more of it). */
  levelName: sql<string | null>`${workOrders.flow} -> ${workOrders.currentLevel} ->> 'name'`,
};

export type OrderFilter = {
  requesterId?: string;
  status?: string;
  templateId?: string;
  environmentId?: string;
  /** Searches the number ("12", "#12"), the title and the requester's name. */
  q?: string;
  before?: Cursor;
  limit?: number;
};

/** Orders, newest first, keyset-paginated (served by work_orders_tenant_created_idx and friends). */
/** An order number typed as "12" or "#12", or null. */
const orderNumberIn = (q: string) => (/^#?\d{1,15}$/.test(q) ? Number(q.replace("#", "")) : null);

function orderWhere(filter: OrderFilter) {
  const n = filter.q ? orderNumberIn(filter.q) : null;
  const q = filter.q ? contains(filter.q) : null;
  return and(
    filter.requesterId ? eq(workOrders.requesterId, filter.requesterId) : undefined,
    filter.status ? eq(workOrders.status, filter.status as "pending") : undefined,
    filter.templateId ? eq(workOrders.templateId, filter.templateId) : undefined,
    filter.environmentId ? eq(workOrders.environmentId, filter.environmentId) : undefined,
    q
      ? or(n !== null ? eq(workOrders.number, n) : undefined, ilike(workOrders.title, q), ilike(requester.name, q))
      : undefined,
  );
}

export async function listOrders(tx: Tx, filter: OrderFilter) {
  const rows = await tx
    // The version's run policy says how an order that ran reads ("Failed — run again" or "Failed").
    .select({ ...orderColumns, runPolicy: woTemplateVersions.runPolicy })
    .from(workOrders)
    .innerJoin(woTemplates, eq(woTemplates.id, workOrders.templateId))
    .innerJoin(woTemplateVersions, eq(woTemplateVersions.id, workOrders.templateVersionId))
    .innerJoin(requester, eq(requester.id, workOrders.requesterId))
    .where(and(orderWhere(filter), after(workOrders.createdAt, workOrders.id, filter.before)))
    .orderBy(desc(workOrders.createdAt), desc(workOrders.id))
    .limit(filter.limit ?? PAGE_SIZE);
  return rows;
}

/** How many orders the filters match (all pages). */
export async function countOrders(tx: Tx, filter: OrderFilter): Promise<number> {
  const [row] = await tx
    .select({ n: count() })
    .from(workOrders)
    .innerJoin(requester, eq(requester.id, workOrders.requesterId))
    .where(orderWhere(filter));
  return Number(row?.n ?? 0);
}
export type OrderListItem = Awaited<ReturnType<typeof listOrders>>[number];

export async function getOrder(tx: Tx, id: string) {
  const [order] = await tx
    .select({
      order: workOrders,
      templateName: woTemplates.name,
      requesterName: requester.name,
      version: woTemplateVersions.version,
      variables: woTemplateVersions.variables,
      fourEyes: woTemplateVersions.fourEyes,
      runPolicy: woTemplateVersions.runPolicy,
      deployWindow: woTemplateVersions.deployWindow,
      submitRoles: woTemplateVersions.submitRoles,
    })
    .from(workOrders)
    .innerJoin(woTemplates, eq(woTemplates.id, workOrders.templateId))
    .innerJoin(woTemplateVersions, eq(woTemplateVersions.id, workOrders.templateVersionId))
    .innerJoin(requester, eq(requester.id, workOrders.requesterId))
    .where(eq(workOrders.id, id));
  if (!order) return null;
  const subject = { type: "work_order", id };
  const tasks = await subjectTasks(tx, subject);
  const timeline = await subjectTimeline(tx, subject);
  const executions = await tx
    .select({ execution: woExecutions, executorName: users.name })
    .from(woExecutions)
    .innerJoin(users, eq(users.id, woExecutions.executorId))
    .where(eq(woExecutions.orderId, id))
    .orderBy(desc(woExecutions.queuedAt));
  return { ...order, tasks, timeline, executions };
}
export type OrderDetail = NonNullable<Awaited<ReturnType<typeof getOrder>>>;

export type HistoryFilter = {
  templateId?: string;
  environmentId?: string;
  status?: string;
  requesterId?: string;
  /** Only executions this user requested or ran (members without the right to see everyone's). */
  involving?: string;
  from?: string;
  to?: string;
  /** Any of these statuses (the Overview's "running now", "failed"). */
  statuses?: readonly string[];
  /** Finished at or after this time. */
  finishedSince?: Date;
  /** Searches the order (number, title) and the template's name. */
  q?: string;
  before?: Cursor;
  limit?: number;
};

function executionWhere(filter: HistoryFilter) {
  const n = filter.q ? orderNumberIn(filter.q) : null;
  const q = filter.q ? contains(filter.q) : null;
  return and(
    filter.templateId ? eq(woExecutions.templateId, filter.templateId) : undefined,
    filter.environmentId ? eq(woExecutions.environmentId, filter.environmentId) : undefined,
    filter.status ? eq(woExecutions.status, filter.status as "queued") : undefined,
    filter.statuses ? inArray(woExecutions.status, filter.statuses as ["queued"]) : undefined,
    filter.finishedSince ? gte(woExecutions.finishedAt, filter.finishedSince) : undefined,
    filter.requesterId ? eq(woExecutions.requesterId, filter.requesterId) : undefined,
    filter.involving
      ? or(eq(woExecutions.requesterId, filter.involving), eq(woExecutions.executorId, filter.involving))
      : undefined,
    filter.from ? gte(woExecutions.queuedAt, new Date(`${filter.from}T00:00:00Z`)) : undefined,
    filter.to ? lt(woExecutions.queuedAt, sql`${`${filter.to}T00:00:00Z`}::timestamptz + interval '1 day'`) : undefined,
    q
      ? or(n !== null ? eq(workOrders.number, n) : undefined, ilike(workOrders.title, q), ilike(woTemplates.name, q))
      : undefined,
  );
}

/** Executions in the tenant, newest first, with the filters of the History page. */
export async function listExecutions(tx: Tx, filter: HistoryFilter) {
  return tx
    .select({
      id: woExecutions.id,
      orderId: woExecutions.orderId,
      orderNumber: workOrders.number,
      orderTitle: workOrders.title,
      /** The order's own status, last run and run policy: how the order reads now ("Executed", "Failed — run again"). */
      orderStatus: workOrders.status,
      orderLastRun: workOrders.lastExecutionStatus,
      runPolicy: woTemplateVersions.runPolicy,
      status: woExecutions.status,
      exitCode: woExecutions.exitCode,
      queuedAt: woExecutions.queuedAt,
      startedAt: woExecutions.startedAt,
      finishedAt: woExecutions.finishedAt,
      templateName: woTemplates.name,
      environmentId: woExecutions.environmentId,
      requesterName: requester.name,
      executorName: users.name,
    })
    .from(woExecutions)
    .innerJoin(workOrders, eq(workOrders.id, woExecutions.orderId))
    .innerJoin(woTemplates, eq(woTemplates.id, woExecutions.templateId))
    .innerJoin(woTemplateVersions, eq(woTemplateVersions.id, workOrders.templateVersionId))
    .innerJoin(requester, eq(requester.id, woExecutions.requesterId))
    .innerJoin(users, eq(users.id, woExecutions.executorId))
    .where(and(executionWhere(filter), after(woExecutions.queuedAt, woExecutions.id, filter.before)))
    .orderBy(desc(woExecutions.queuedAt), desc(woExecutions.id))
    .limit(filter.limit ?? PAGE_SIZE);
}

/** How many executions the filters match (all pages). */
export async function countExecutions(tx: Tx, filter: HistoryFilter): Promise<number> {
  const [row] = await tx
    .select({ n: count() })
    .from(woExecutions)
    .innerJoin(workOrders, eq(workOrders.id, woExecutions.orderId))
    .innerJoin(woTemplates, eq(woTemplates.id, woExecutions.templateId))
    .where(executionWhere(filter));
  return Number(row?.n ?? 0);
}
export type ExecutionListItem = Awaited<ReturnType<typeof listExecutions>>[number];

export async function getExecution(tx: Tx, id: string) {
  const [row] = await tx.select().from(woExecutions).where(eq(woExecutions.id, id));
  return row ?? null;
}

/** Output lines after `afterSeq`, in order (the live view polls with the last seq it has). */
export function executionOutput(tx: Tx, executionId: string, afterSeq: number, limit = 2000) {
  return tx
    .select({ seq: woExecutionOutput.seq, stream: woExecutionOutput.stream, line: woExecutionOutput.line })
    .from(woExecutionOutput)
    .where(and(eq(woExecutionOutput.executionId, executionId), gt(woExecutionOutput.seq, afterSeq)))
    .orderBy(asc(woExecutionOutput.seq))
    .limit(limit);
}
