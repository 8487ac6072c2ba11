import "server-only";
import { and, eq } from "drizzle-orm";
import { flowRunNodes, flowRuns, jobFlowVersions } from "@/db/schema";
import type { Tx } from "@/db/tenant";
import { audit } from "@/lib/audit";
import { clock } from "@/lib/clock";
import { NotFoundError } from "@/lib/errors";
import type { AppEvent } from "@/lib/events/registry";
import type { GateNodeData } from "@/lib/flows/catalog";
import { msg } from "@/lib/i18n/message";
import type { FlowLevel } from "../flow";
import { registerSubject, type Subject } from "../subject";

/**
 * An approval gate of a flow run as an approval subject (issue 18): its id is the gate's
 * `flow_run_nodes` row, its one level the gate's (as the run's pinned version has it, with the
 * gate's timeout), its requester the run's starter, who may not approve it (four eyes). The node's
 * status is the subject's state: `waiting` is "pending"; a decision moves the node itself (approved
 * → `success`, rejected → `failed`, in the decision's transaction) and sends `flow/gate.decided`
 * for the waiting run to resume on; the gate's timeout (lib/flows/gate.ts, through the engine's
 * expire) decides as its `onTimeout` says. A gate decided, timed out or cancelled is never pending
 * again, so its tasks and emailed links are dead.
 */

export const FLOW_GATE = "flow_gate";

export type GateSubject = Subject & {
  runId: string;
  flowId: string;
  nodeId: string;
  /** Who started the run (null: a schedule). */
  startedBy: string | null;
  gate: GateNodeData | null;
  nodeStatus: string;
};

/** The subject's status from its node's: "pending" while waiting; closed, what closed it. */
function statusOf(node: { status: string; output: unknown }): string {
  if (node.status === "waiting") return "pending";
  if ((node.output as { timedOut?: boolean } | null)?.timedOut) return "expired";
  if (node.status === "success") return "approved";
  if (node.status === "failed") return "rejected";
  return node.status;
}

/** The gate's one level: the version's, timing out when the gate does. */
export function gateLevels(gate: GateNodeData | null): FlowLevel[] {
  if (!gate?.level) return [];
  const level = gate.level;
  return [
    {
      name: level.name || gate.name,
      kind: level.kind ?? "single",
      users: level.users ?? [],
      roles: level.roles ?? [],
      timeoutHours: gate.timeoutHours ?? null,
    },
  ];
}

/** Locks the gate's node row (FOR UPDATE) and reads it with its run and the version's gate. */
export async function lockGate(tx: Tx, runNodeId: string): Promise<GateSubject> {
  const [row] = await tx
    .select({
      node: flowRunNodes,
      flowId: flowRuns.flowId,
      startedBy: flowRuns.createdBy,
      graph: jobFlowVersions.graph,
    })
    .from(flowRunNodes)
    .innerJoin(flowRuns, eq(flowRuns.id, flowRunNodes.runId))
    .innerJoin(
      jobFlowVersions,
      and(eq(jobFlowVersions.flowId, flowRuns.flowId), eq(jobFlowVersions.version, flowRuns.version)),
    )
    .where(and(eq(flowRunNodes.id, runNodeId), eq(flowRunNodes.kind, "gate")))
    .for("update", { of: flowRunNodes });
  if (!row) throw new NotFoundError("gate");
  const gate = (row.graph.nodes.find((n) => n.id === row.node.nodeId)?.data as GateNodeData | undefined) ?? null;
  const status = statusOf(row.node);
  return {
    type: FLOW_GATE,
    id: row.node.id,
    tenantId: row.node.tenantId,
    requesterId: row.startedBy,
    status,
    currentLevel: status === "pending" ? 0 : null,
    levels: gateLevels(gate),
    runId: row.node.runId,
    flowId: row.flowId,
    nodeId: row.node.nodeId,
    startedBy: row.startedBy,
    gate,
    nodeStatus: row.node.status,
  };
}

/**
 * Closes the gate's node (still waiting) with its outcome; false when something closed it first.
 * A rejection is a failure of the node (its policy applies), with the reason people read.
 */
export async function closeGateNode(
  tx: Tx,
  s: GateSubject,
  outcome: "approved" | "rejected",
  timedOut: boolean,
): Promise<boolean> {
  const approved = outcome === "approved";
  const closed = await tx
    .update(flowRunNodes)
    .set({
      status: approved ? "success" : "failed",
      finishedAt: clock.date(),
      output: { outcome, timedOut },
      error: approved ? null : msg(timedOut ? "flows.gate_timed_out" : "flows.gate_rejected"),
    })
    .where(and(eq(flowRunNodes.id, s.id), eq(flowRunNodes.status, "waiting")))
    .returning({ id: flowRunNodes.id });
  return closed.length > 0;
}

function decided(s: GateSubject, outcome: "approved" | "rejected", timedOut: boolean): AppEvent[] {
  return [
    {
      name: "flow/gate.decided",
      data: { tenantId: s.tenantId, flowId: s.flowId, runId: s.runId, runNodeId: s.id, outcome, timedOut },
    },
  ];
}

export const flowGateSubject = registerSubject<GateSubject>({
  type: FLOW_GATE,
  noun: "flow_gate",
  lock: lockGate,

  async barred(_tx, s) {
    return {
      userIds: s.startedBy ? [s.startedBy] : [],
      self: "flows.gate_four_eyes_self",
      named: "flows.gate_four_eyes_named",
    };
  },

  // One level, and the node says where it stands.
  async onLevel() {},

  async onApproved(tx, s) {
    if (!(await closeGateNode(tx, s, "approved", false))) return [];
    return decided(s, "approved", false);
  },

  async onRejected(tx, s, { level, reason, by }) {
    if (!(await closeGateNode(tx, s, "rejected", false))) return [];
    // An approver's rejection is audited by the decision itself; the system's here.
    if (by === "system")
      await audit(tx, {
        action: "flow_gate.reject",
        targetType: FLOW_GATE,
        targetId: s.id,
        actorLabel: "system",
        before: { status: "pending" },
        after: { status: "rejected", level, reason },
      });
    return decided(s, "rejected", false);
  },

  async onExpired(tx, s, level) {
    const outcome = s.gate?.onTimeout === "approve" ? "approved" : "rejected";
    if (!(await closeGateNode(tx, s, outcome, true))) return [];
    await audit(tx, {
      action: "flow_gate.expire",
      targetType: FLOW_GATE,
      targetId: s.id,
      actorLabel: "system",
      before: { status: "pending", level },
      after: { status: "expired", outcome },
    });
    return decided(s, outcome, true);
  },

  announce(s, notice): AppEvent[] {
    if (notice.kind !== "requested") return [];
    return [
      {
        name: "flow/gate.requested",
        data: {
          tenantId: s.tenantId,
          flowId: s.flowId,
          runId: s.runId,
          runNodeId: s.id,
          taskId: notice.taskId,
          approverId: notice.approverId,
        },
      },
    ];
  },
});
