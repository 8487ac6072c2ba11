import "server-only";
import { aliasedTable, and, asc, desc, eq, getTableColumns, ilike, lt, max, or, sql } from "drizzle-orm";
import {
  flowRunNodes,
  flowRunOutput,
  flowRuns,
  jobFlows,
  jobFlowVersions,
  jobs,
  jobVersions,
  users,
} from "@/db/schema";
import type { Tx } from "@/db/tenant";
import { after, type Cursor, PAGE_SIZE } from "./_keyset";
import { contains } from "./_search";

/**
 * Reads of job flows (issue 18): the flows with their drafts, their immutable versions, their runs
 * and a run with its nodes. Another tenant's ids find nothing (RLS).
 */

/** The version a flow last published (joined as `published`). */
const published = aliasedTable(jobFlowVersions, "published");
const latestPublished = and(eq(published.flowId, jobFlows.id), eq(published.version, jobFlows.publishedVersion));

/** A flow with whether its draft (graph or settings) differs from its latest published version (never published: it does). */
const flowColumns = {
  ...getTableColumns(jobFlows),
  hasUnpublishedChanges: sql<boolean>`(${published.id} is null
    or ${published.graph} <> ${jobFlows.graph}
    or ${published.parameters} <> ${jobFlows.parameters}
    or ${published.parallelism} <> ${jobFlows.parallelism}
    or ${published.timeoutMs} is distinct from ${jobFlows.timeoutMs})`,
};

/** The tenant's flows that are not archived, by name; `q` matches the name or description anywhere. */
export function listFlows(tx: Tx, opts: { q?: string } = {}) {
  const q = opts.q ? contains(opts.q) : null;
  return tx
    .select({
      ...flowColumns,
      /** Its latest run's status and when it was created; null: never run. */
      lastRunStatus: sql<string | null>`(select r.status from flow_runs r where r.flow_id = ${jobFlows.id}
        order by r.created_at desc, r.id desc limit 1)`,
      lastRunAt: sql<Date | null>`(select max(r.created_at) from flow_runs r where r.flow_id = ${jobFlows.id})`.mapWith(
        flowRuns.createdAt,
      ),
    })
    .from(jobFlows)
    .leftJoin(published, latestPublished)
    .where(
      and(eq(jobFlows.archived, false), q ? or(ilike(jobFlows.name, q), ilike(jobFlows.description, q)) : undefined),
    )
    .orderBy(asc(jobFlows.name), asc(jobFlows.id));
}
export type FlowListItem = Awaited<ReturnType<typeof listFlows>>[number];

/** A flow: its draft (`graph` and settings), `publishedVersion` (null = never published) and `hasUnpublishedChanges`. */
export async function getFlow(tx: Tx, id: string) {
  const [row] = await tx
    .select(flowColumns)
    .from(jobFlows)
    .leftJoin(published, latestPublished)
    .where(eq(jobFlows.id, id));
  return row ?? null;
}
export type FlowDetail = NonNullable<Awaited<ReturnType<typeof getFlow>>>;

/** A flow's published versions, newest first, with who published each (no graphs). */
export function listFlowVersions(tx: Tx, flowId: string) {
  return tx
    .select({
      id: jobFlowVersions.id,
      version: jobFlowVersions.version,
      publishedAt: jobFlowVersions.publishedAt,
      publishedBy: jobFlowVersions.publishedBy,
      publishedByName: users.name,
    })
    .from(jobFlowVersions)
    .leftJoin(users, eq(users.id, jobFlowVersions.publishedBy))
    .where(eq(jobFlowVersions.flowId, flowId))
    .orderBy(desc(jobFlowVersions.version));
}

/** One published version of a flow, as it was (graph and settings); null when there is none. */
export async function getFlowVersion(tx: Tx, flowId: string, version: number) {
  const [row] = await tx
    .select()
    .from(jobFlowVersions)
    .where(and(eq(jobFlowVersions.flowId, flowId), eq(jobFlowVersions.version, version)));
  return row ?? null;
}

/** A flow's runs, newest first, one page (keyset on created_at, id). */
export function listFlowRuns(tx: Tx, flowId: string, opts: { before?: Cursor } = {}) {
  return tx
    .select({
      id: flowRuns.id,
      version: flowRuns.version,
      status: flowRuns.status,
      triggerType: flowRuns.triggerType,
      params: flowRuns.params,
      rerunOf: flowRuns.rerunOf,
      rerunMode: flowRuns.rerunMode,
      startedAt: flowRuns.startedAt,
      finishedAt: flowRuns.finishedAt,
      createdAt: flowRuns.createdAt,
      createdBy: flowRuns.createdBy,
      createdByName: users.name,
    })
    .from(flowRuns)
    .leftJoin(users, eq(users.id, flowRuns.createdBy))
    .where(and(eq(flowRuns.flowId, flowId), after(flowRuns.createdAt, flowRuns.id, opts.before)))
    .orderBy(desc(flowRuns.createdAt), desc(flowRuns.id))
    .limit(PAGE_SIZE);
}
export type FlowRunItem = Awaited<ReturnType<typeof listFlowRuns>>[number];

/** A run with its nodes (in node id order) and who started it; null when it is not the tenant's. */
export async function getFlowRun(tx: Tx, runId: string) {
  const [runRows, nodes] = await Promise.all([
    tx
      .select({ ...getTableColumns(flowRuns), createdByName: users.name })
      .from(flowRuns)
      .leftJoin(users, eq(users.id, flowRuns.createdBy))
      .where(eq(flowRuns.id, runId))
      .execute(),
    tx
      .select({
        id: flowRunNodes.id,
        nodeId: flowRunNodes.nodeId,
        kind: flowRunNodes.kind,
        status: flowRunNodes.status,
        attempt: flowRunNodes.attempt,
        startedAt: flowRunNodes.startedAt,
        finishedAt: flowRunNodes.finishedAt,
        warned: flowRunNodes.warned,
        output: flowRunNodes.output,
        error: flowRunNodes.error,
        jobRunId: flowRunNodes.jobRunId,
        reusedFrom: flowRunNodes.reusedFrom,
      })
      .from(flowRunNodes)
      .where(eq(flowRunNodes.runId, runId))
      .orderBy(asc(flowRunNodes.nodeId))
      .execute(),
  ]);
  const [run] = runRows;
  if (!run) return null;
  return { run, nodes };
}
export type FlowRunDetail = NonNullable<Awaited<ReturnType<typeof getFlowRun>>>;

/** The tenant's jobs a job node may run, by name, with their current version's parameters. */
export function listJobChoices(tx: Tx) {
  return tx
    .select({ id: jobs.id, name: jobs.name, enabled: jobs.enabled, parameters: jobVersions.parameters })
    .from(jobs)
    .leftJoin(jobVersions, and(eq(jobVersions.jobId, jobs.id), eq(jobVersions.version, jobs.currentVersion)))
    .orderBy(asc(jobs.name), asc(jobs.id));
}

/** A log page: at most this many lines (the page holds a few pages at most, about 1 MB). */
export const LOG_PAGE = 1000;

/**
 * One page of an inline node's log for one attempt (the latest when absent), oldest first: the
 * last `LOG_PAGE` lines, or those before `before` (a seq). `earlier`: there are lines before the page.
 */
export async function nodeLog(tx: Tx, runNodeId: string, opts: { attempt?: number; before?: number } = {}) {
  const attempt =
    opts.attempt ??
    (
      await tx
        .select({ n: max(flowRunOutput.attempt) })
        .from(flowRunOutput)
        .where(eq(flowRunOutput.runNodeId, runNodeId))
    )[0]?.n ??
    1;
  const rows = await tx
    .select({ seq: flowRunOutput.seq, stream: flowRunOutput.stream, line: flowRunOutput.line })
    .from(flowRunOutput)
    .where(
      and(
        eq(flowRunOutput.runNodeId, runNodeId),
        eq(flowRunOutput.attempt, attempt),
        opts.before === undefined ? undefined : lt(flowRunOutput.seq, opts.before),
      ),
    )
    .orderBy(desc(flowRunOutput.seq))
    .limit(LOG_PAGE + 1);
  const earlier = rows.length > LOG_PAGE;
  return { attempt, earlier, lines: rows.slice(0, LOG_PAGE).reverse() };
}

/** A node's whole log, every attempt in order (the download); null when the node is not the tenant's. */
export async function nodeLogAll(tx: Tx, runNodeId: string) {
  const [node] = await tx
    .select({ id: flowRunNodes.id, nodeId: flowRunNodes.nodeId, runId: flowRunNodes.runId })
    .from(flowRunNodes)
    .where(eq(flowRunNodes.id, runNodeId));
  if (!node) return null;
  const lines = await tx
    .select({
      attempt: flowRunOutput.attempt,
      seq: flowRunOutput.seq,
      stream: flowRunOutput.stream,
      line: flowRunOutput.line,
    })
    .from(flowRunOutput)
    .where(eq(flowRunOutput.runNodeId, runNodeId))
    .orderBy(asc(flowRunOutput.attempt), asc(flowRunOutput.seq));
  return { node, lines };
}
