import "server-only";
import { and, eq, inArray, sql } from "drizzle-orm";
import { flowRunNodes, flowRuns, jobFlowVersions } from "@/db/schema";
import { withTenant } from "@/db/tenant";
import { audit } from "@/lib/audit";
import { clock } from "@/lib/clock";
import { msg } from "@/lib/i18n/message";
import type { GateNodeData } from "./catalog";
import type { NodeOutcome } from "./engine";

/**
 * An approval gate of a run (the flow-run function's `gate:<id>:open`, a wait for `flow/gate.decided`
 * matched on the node's row id, then `gate:<id>:close`).
 *
 * Not wired to the approvals engine yet: opening a gate marks its node `waiting` and names the wait;
 * whoever decides it (the approvals subject adapter to come: countersign, or-sign, four-eyes, the
 * emailed link) sends `flow/gate.decided` for its row. With no decision within `timeoutHours`, the
 * gate's `onTimeout` decides (`approve` → success, `reject` → failed). Rejected, it is a failure of
 * the node, and its policy applies.
 */

type GateInput = { tenantId: string; runId: string; nodeId: string };
export type OpenedGate = { runNodeId: string; timeoutMs: number } | { outcome: NodeOutcome };

export async function openGate(input: GateInput): Promise<OpenedGate> {
  return withTenant({ tenantId: input.tenantId, userId: null }, async (tx) => {
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
      return { outcome: { status: "cancelled" } };
    }
    const [opened] = await tx
      .update(flowRunNodes)
      .set({ status: "waiting", attempt: 1, startedAt: clock.date() })
      .where(and(eq(flowRunNodes.id, row.node.id), eq(flowRunNodes.status, "pending")))
      .returning({ id: flowRunNodes.id });
    // Delivered again after it opened: the same wait goes on.
    if (!opened && row.node.status !== "waiting") return { outcome: outcomeOf(row.node.status) };
    if (opened)
      await audit(tx, {
        action: "flow_gate.open",
        targetType: "flow_run_node",
        targetId: row.node.id,
        actorLabel: "system",
        before: { status: "pending" },
        after: { status: "waiting" },
      });
    return { runNodeId: row.node.id, timeoutMs };
  });
}

/** Records the gate's decision (null: none came in time, its `onTimeout` decides), once. */
export async function closeGate(
  input: GateInput & { runNodeId: string },
  decision: { outcome: "approved" | "rejected"; timedOut: boolean } | null,
): Promise<NodeOutcome> {
  return withTenant({ tenantId: input.tenantId, userId: null }, async (tx) => {
    const [row] = await tx
      .select({ graph: jobFlowVersions.graph })
      .from(flowRuns)
      .innerJoin(
        jobFlowVersions,
        and(eq(jobFlowVersions.flowId, flowRuns.flowId), eq(jobFlowVersions.version, flowRuns.version)),
      )
      .where(eq(flowRuns.id, input.runId));
    const data = row?.graph.nodes.find((n) => n.id === input.nodeId)?.data as GateNodeData | undefined;
    const timedOut = decision === null || decision.timedOut;
    const approved = decision ? decision.outcome === "approved" : data?.onTimeout === "approve";
    const output = { outcome: approved ? "approved" : "rejected", timedOut };
    const [closed] = await tx
      .update(flowRunNodes)
      .set({
        status: approved ? "success" : "failed",
        finishedAt: clock.date(),
        output,
        error: approved ? null : msg(timedOut ? "flows.gate_timed_out" : "flows.gate_rejected"),
      })
      .where(and(eq(flowRunNodes.id, input.runNodeId), inArray(flowRunNodes.status, ["waiting"])))
      .returning({ status: flowRunNodes.status });
    if (!closed) {
      const [current] = await tx
        .select({ status: flowRunNodes.status })
        .from(flowRunNodes)
        .where(eq(flowRunNodes.id, input.runNodeId));
      return { status: outcomeOf(current?.status ?? "failed").status };
    }
    await audit(tx, {
      action: "flow_gate.close",
      targetType: "flow_run_node",
      targetId: input.runNodeId,
      actorLabel: "system",
      before: { status: "waiting" },
      after: { status: closed.status, ...output },
    });
    return { status: approved ? "success" : "failed", output };
  });
}

function outcomeOf(status: string): NodeOutcome {
  if (status === "success" || status === "failed" || status === "timeout" || status === "cancelled") return { status };
  if (status === "skipped" || status === "reused") return { status };
  return { status: "failed" };
}
