import "server-only";
import { aliasedTable, and, asc, desc, eq, getTableColumns, ilike, or, sql } from "drizzle-orm";
import {
  approvalFlows,
  approvalFlowVersions,
  approvalRecords,
  approvalTasks,
  flowRunNodes,
  flowRuns,
  jobFlows,
  jobFlowVersions,
  users,
  workOrders,
  woTemplates,
} from "@/db/schema";
import type { Tx } from "@/db/tenant";
import { contains } from "./_search";
import { orderColumns, requester } from "./work-orders";

/** The version a flow last published (joined as `published`). */
const published = aliasedTable(approvalFlowVersions, "published");
const latestPublished = and(
  eq(published.flowId, approvalFlows.id),
  eq(published.version, approvalFlows.publishedVersion),
);
/** A flow with whether its draft differs from its latest published version (never published: it does). */
const flowColumns = {
  ...getTableColumns(approvalFlows),
  hasUnpublishedChanges: sql<boolean>`(${published.graph} is null or ${published.graph} <> ${approvalFlows.graph})`,
};

/**
 * The tenant's approval flows that are not archived, by name, each with its published version;
 * with `q`, those whose name or description contains it.
 */
export function listFlows(tx: Tx, filter: { q?: string } = {}) {
  const q = filter.q ? contains(filter.q) : null;
  return tx
    .select(flowColumns)
    .from(approvalFlows)
    .leftJoin(published, latestPublished)
    .where(
      and(
        eq(approvalFlows.archived, false),
        q ? or(ilike(approvalFlows.name, q), ilike(approvalFlows.description, q)) : undefined,
      ),
    )
    .orderBy(asc(approvalFlows.name));
}

/**
 * A flow: its draft (`graph`), `publishedVersion` (null = never published) and
 * `hasUnpublishedChanges`. Another tenant's id finds nothing (RLS).
 */
export async function getFlow(tx: Tx, id: string) {
  const [row] = await tx
    .select(flowColumns)
    .from(approvalFlows)
    .leftJoin(published, latestPublished)
    .where(eq(approvalFlows.id, id));
  return row ?? null;
}

/** A flow's published versions, newest first, with who published each (no graphs). */
export function listFlowVersions(tx: Tx, flowId: string) {
  return tx
    .select({
      id: approvalFlowVersions.id,
      version: approvalFlowVersions.version,
      publishedAt: approvalFlowVersions.publishedAt,
      publishedBy: approvalFlowVersions.publishedBy,
      publishedByName: users.name,
    })
    .from(approvalFlowVersions)
    .leftJoin(users, eq(users.id, approvalFlowVersions.publishedBy))
    .where(eq(approvalFlowVersions.flowId, flowId))
    .orderBy(desc(approvalFlowVersions.version));
}

/** Version `version` of a flow, with its graph, or null. */
export async function getFlowVersion(tx: Tx, flowId: string, version: number) {
  const [row] = await tx
    .select()
    .from(approvalFlowVersions)
    .where(and(eq(approvalFlowVersions.flowId, flowId), eq(approvalFlowVersions.version, version)));
  return row ?? null;
}

/** The most of the "To approve" queue shown at once (oldest first: the rest come as these are decided). */
export const TO_APPROVE_LIMIT = 200;

/** Orders waiting on this user's decision at their current level. */
export async function listToApprove(tx: Tx, userId: string) {
  return tx
    .select({
      ...orderColumns,
      taskId: approvalTasks.id,
      taskKind: approvalTasks.kind,
      taskCreatedAt: approvalTasks.createdAt,
      dueAt: approvalTasks.dueAt,
    })
    .from(approvalTasks)
    .innerJoin(
      workOrders,
      and(eq(workOrders.id, approvalTasks.orderId), eq(workOrders.currentLevel, approvalTasks.level)),
    )
    .innerJoin(woTemplates, eq(woTemplates.id, workOrders.templateId))
    .innerJoin(requester, eq(requester.id, workOrders.requesterId))
    .where(
      and(eq(approvalTasks.approverId, userId), eq(approvalTasks.status, "pending"), eq(workOrders.status, "pending")),
    )
    .orderBy(asc(approvalTasks.createdAt))
    .limit(TO_APPROVE_LIMIT);
}

const starter = aliasedTable(users, "starter");

/**
 * Flow runs' approval gates waiting on this user's decision (subject `flow_gate`, the node still
 * waiting), oldest first: the gate's name from the run's version, its flow and who started the run.
 */
export async function listGatesToApprove(tx: Tx, userId: string) {
  return tx
    .select({
      taskId: approvalTasks.id,
      taskKind: approvalTasks.kind,
      taskCreatedAt: approvalTasks.createdAt,
      dueAt: approvalTasks.dueAt,
      runNodeId: flowRunNodes.id,
      runId: flowRuns.id,
      flowId: flowRuns.flowId,
      flowName: jobFlows.name,
      gateName: sql<
        string | null
      >`(select n -> 'data' ->> 'name' from jsonb_array_elements(${jobFlowVersions.graph} -> 'nodes') n where n ->> 'id' = ${flowRunNodes.nodeId} limit 1)`,
      starterName: starter.name,
    })
    .from(approvalTasks)
    .innerJoin(flowRunNodes, eq(flowRunNodes.id, approvalTasks.subjectId))
    .innerJoin(flowRuns, eq(flowRuns.id, flowRunNodes.runId))
    .innerJoin(jobFlows, eq(jobFlows.id, flowRuns.flowId))
    .innerJoin(
      jobFlowVersions,
      and(eq(jobFlowVersions.flowId, flowRuns.flowId), eq(jobFlowVersions.version, flowRuns.version)),
    )
    .leftJoin(starter, eq(starter.id, flowRuns.createdBy))
    .where(
      and(
        eq(approvalTasks.subjectType, "flow_gate"),
        eq(approvalTasks.approverId, userId),
        eq(approvalTasks.status, "pending"),
        eq(flowRunNodes.status, "waiting"),
      ),
    )
    .orderBy(asc(approvalTasks.createdAt))
    .limit(TO_APPROVE_LIMIT);
}

/** A subject's tasks, by level then age, with each approver's name and email. */
export function subjectTasks(tx: Tx, subject: { type: string; id: string }) {
  return tx
    .select({ task: approvalTasks, name: users.name, email: users.email })
    .from(approvalTasks)
    .innerJoin(users, eq(users.id, approvalTasks.approverId))
    .where(and(eq(approvalTasks.subjectType, subject.type), eq(approvalTasks.subjectId, subject.id)))
    .orderBy(asc(approvalTasks.level), asc(approvalTasks.createdAt));
}

/** A subject's timeline, oldest first, with the names of who acted and whom it named. */
export function subjectTimeline(tx: Tx, subject: { type: string; id: string }) {
  const target = aliasedTable(users, "target");
  return tx
    .select({ record: approvalRecords, actorName: users.name, targetName: target.name })
    .from(approvalRecords)
    .leftJoin(users, eq(users.id, approvalRecords.actorId))
    .leftJoin(target, eq(target.id, approvalRecords.targetUserId))
    .where(and(eq(approvalRecords.subjectType, subject.type), eq(approvalRecords.subjectId, subject.id)))
    .orderBy(asc(approvalRecords.createdAt), asc(approvalRecords.id));
}
