import "server-only";
import { and, eq, inArray, sql } from "drizzle-orm";
import { approvalTasks, flowRunNodes, flowRuns, jobFlowVersions } from "@/db/schema";
import { type Tx, withTenant } from "@/db/tenant";
import { cancelPending, expire } from "@/lib/approvals/engine";
import { requestApproval } from "@/lib/approvals/request-approval";
import { closeGateNode, FLOW_GATE, lockGate } from "@/lib/approvals/subjects/flow-gate";
import { audit } from "@/lib/audit";
import { clock } from "@/lib/clock";
import { dispatch, enqueue, type Outbox } from "@/lib/events/publish";
import type { AppEvent } from "@/lib/events/registry";
import type { GateNodeData } from "./catalog";
import type { NodeOutcome } from "./engine";

/**
 * An approval gate of a run (the flow-run function's `gate:<id>:open`, a wait for `flow/gate.decided`
 * matched on the node's row id, then `gate:<id>:close`), decided by the approvals engine with the
 * gate as its subject (lib/approvals/subjects/flow-gate.ts): the same level kinds (single,
 * countersign, or-sign, transfer), the emailed links, four eyes (the run's starter may not approve).
 *
 * Opening a gate marks its node `waiting` and requests the approval in the same transaction (its
 * level's tasks; each approver is emailed through `flow/gate.requested`). A decision closes the
 * node in its own transaction and sends `flow/gate.decided`, on which the run resumes. With no
 * decision within `timeoutHours`, the close expires the subject through the engine (its tasks end,
 * its links die) and the gate's `onTimeout` decides (`approve` → success, `reject` → failed).
 * Rejected, it is a failure of the node, and its policy applies. A cancel of the run closes its
 * gates' tasks (`closeGateTasks`). Whatever decides, the node moves out of `waiting` once.
 *
 * A decision in the instant between the open step and the wait being registered matches no wait,
 * but is not lost: the node is closed already. The run waits `GATE_FIRST_WAIT_MS` first, then
 * reads the node (`gateWaiting`) and waits the rest only while it still waits.
 */

/** The first, short wait of a gate; then its node is read once, and the rest of its timeout waited. */
export const GATE_FIRST_WAIT_MS = 60_000;

type GateInput = { tenantId: string; runId: string; nodeId: string };
export type OpenedGate = { runNodeId: string; timeoutMs: number } | { outcome: NodeOutcome };

export async function openGate(input: GateInput): Promise<OpenedGate> {
  const { opened, outbox } = await withTenant(
    { tenantId: input.tenantId, userId: null },
    async (tx): Promise<{ opened: OpenedGate; outbox: Outbox | null }> => {
      const [row] = await tx
        .select({
          node: flowRunNodes,
          cancelled: sql<boolean>`${flowRuns.cancelRequestedAt} is not null`,
          graph: jobFlowVersions.graph,
        })
        .from(flowRunNodes)
        .innerJoin(flowRuns, eq(flowRuns.id, flowRunNodes.runId))
        .innerJoin(
          jobFlowVersions,
          and(eq(jobFlowVersions.flowId, flowRuns.flowId), eq(jobFlowVersions.version, flowRuns.version)),
        )
        .where(and(eq(flowRunNodes.runId, input.runId), eq(flowRunNodes.nodeId, input.nodeId)));
      if (!row) throw new Error(`flow run ${input.runId} has no node ${input.nodeId}`);
      const data = row.graph.nodes.find((n) => n.id === input.nodeId)?.data as GateNodeData | undefined;
      const timeoutMs = Math.max(60_000, Math.round((data?.timeoutHours ?? 24) * 3_600_000));
      if (row.cancelled) {
        await tx
          .update(flowRunNodes)
          .set({ status: "cancelled", finishedAt: clock.date() })
          .where(and(eq(flowRunNodes.id, row.node.id), eq(flowRunNodes.status, "pending")));
        return { opened: { outcome: { status: "cancelled" } }, outbox: null };
      }
      const [opened] = await tx
        .update(flowRunNodes)
        .set({ status: "waiting", attempt: 1, startedAt: clock.date() })
        .where(and(eq(flowRunNodes.id, row.node.id), eq(flowRunNodes.status, "pending")))
        .returning({ id: flowRunNodes.id });
      // Delivered again after it opened: the same wait goes on (its tasks exist), or it was decided.
      if (!opened) {
        if (row.node.status === "waiting") return { opened: { runNodeId: row.node.id, timeoutMs }, outbox: null };
        return { opened: { outcome: outcomeOf(row.node.status, row.node.output) }, outbox: null };
      }
      await audit(tx, {
        action: "flow_gate.open",
        targetType: "flow_run_node",
        targetId: row.node.id,
        actorLabel: "system",
        before: { status: "pending" },
        after: { status: "waiting" },
      });
      // The approval: its level's tasks (and their emails). A level nobody may approve rejects the
      // gate at once; one that asks no decision (cc only) approves it.
      const subject = await lockGate(tx, row.node.id);
      const { events, settled } = await requestApproval(tx, subject);
      const outbox = await enqueue(tx, input.tenantId, events);
      if (!settled) return { opened: { runNodeId: row.node.id, timeoutMs }, outbox };
      return { opened: { outcome: await currentOutcome(tx, row.node.id) }, outbox };
    },
  );
  if (outbox) dispatch(outbox);
  return opened;
}

/**
 * Ends the gate's wait: `decision` is the `flow/gate.decided` that came (the engine closed the
 * node already; one sent by anything else closes it here and ends its tasks), null when none came
 * in time: the subject expires through the engine (tasks cancelled, links dead) and its `onTimeout`
 * decides. Answers the node's outcome, whoever closed it.
 */
export async function closeGate(
  input: GateInput & { runNodeId: string },
  decision: { outcome: "approved" | "rejected"; timedOut: boolean } | null,
): Promise<NodeOutcome> {
  const { outcome, outbox } = await withTenant({ tenantId: input.tenantId, userId: null }, async (tx) => {
    const subject = await lockGate(tx, input.runNodeId);
    let events: AppEvent[] = [];
    if (subject.nodeStatus === "waiting") {
      if (decision === null) {
        events = (await expire(tx, subject, 0)) ?? [];
      } else {
        await cancelPending(tx, subject);
        if (await closeGateNode(tx, subject, decision.outcome, decision.timedOut))
          await audit(tx, {
            action: "flow_gate.close",
            targetType: "flow_run_node",
            targetId: input.runNodeId,
            actorLabel: "system",
            before: { status: "waiting" },
            after: { status: decision.outcome === "approved" ? "success" : "failed", ...decision },
          });
      }
    }
    const outcome = await currentOutcome(tx, input.runNodeId);
    return { outcome, outbox: await enqueue(tx, input.tenantId, events) };
  });
  dispatch(outbox);
  return outcome;
}

/** Whether the gate's node still waits for its decision. */
export async function gateWaiting(input: { tenantId: string; runNodeId: string }): Promise<boolean> {
  return withTenant({ tenantId: input.tenantId, userId: null }, async (tx) => {
    const [node] = await tx
      .select({ status: flowRunNodes.status })
      .from(flowRunNodes)
      .where(eq(flowRunNodes.id, input.runNodeId));
    return node?.status === "waiting";
  });
}

/**
 * A cancel of the run (inside its transaction): the pending approval tasks of its gates end, so
 * the inbox no longer lists them and their emailed links are dead.
 */
export async function closeGateTasks(tx: Tx, runId: string): Promise<void> {
  await tx
    .update(approvalTasks)
    .set({ status: "cancelled", decidedAt: clock.date() })
    .where(
      and(
        eq(approvalTasks.subjectType, FLOW_GATE),
        eq(approvalTasks.status, "pending"),
        inArray(
          approvalTasks.subjectId,
          tx
            .select({ id: flowRunNodes.id })
            .from(flowRunNodes)
            .where(and(eq(flowRunNodes.runId, runId), eq(flowRunNodes.kind, "gate"))),
        ),
      ),
    );
}

async function currentOutcome(tx: Tx, runNodeId: string): Promise<NodeOutcome> {
  const [current] = await tx
    .select({ status: flowRunNodes.status, output: flowRunNodes.output })
    .from(flowRunNodes)
    .where(eq(flowRunNodes.id, runNodeId));
  return outcomeOf(current?.status ?? "failed", current?.output);
}

function outcomeOf(status: string, output?: unknown): NodeOutcome {
  const out = output === null || output === undefined ? {} : { output };
  if (status === "success" || status === "failed" || status === "timeout" || status === "cancelled")
    return { status, ...out };
  if (status === "skipped" || status === "reused") return { status, ...out };
  return { status: "failed" };
}
