import "server-only";
import { and, eq, inArray } from "drizzle-orm";
import { database } from "@/db/client";
import { flowRunNodes } from "@/db/schema";
import { withTenant } from "@/db/tenant";
import { clock } from "@/lib/clock";
import { stopExecutionProcesses } from "@/lib/work-orders/execution-processes";
import { hasLiveRunner } from "@/lib/work-orders/run-execution";
import { NODE_INTERRUPTED } from "./run-node";

/**
 * The flow nodes' heartbeat watchdog, in the scheduler's minute tick (DolphinScheduler #2356: tasks
 * stuck "running" after a worker crash). On the owner connection it finds, across tenants, running
 * nodes whose runner is gone (its process stopped beating), stops what they left on this host, and
 * closes each through its tenant's door as failed, interrupted. The flow run sees that end when the
 * node's step is delivered again (lib/flows/run-node.ts returns a node's recorded end, never calls
 * twice), and the node's policy applies: retried, continued, or the flow fails.
 */
export async function reconcileFlowNodes(opts: { tenantIds?: string[] } = {}): Promise<{ closed: number }> {
  const { db } = await database();
  const running = await db
    .select({
      id: flowRunNodes.id,
      tenantId: flowRunNodes.tenantId,
      runner: flowRunNodes.runner,
      heartbeatAt: flowRunNodes.heartbeatAt,
      pgid: flowRunNodes.pgid,
    })
    .from(flowRunNodes)
    .where(
      and(
        eq(flowRunNodes.status, "running"),
        opts.tenantIds ? inArray(flowRunNodes.tenantId, opts.tenantIds) : undefined,
      ),
    )
    .limit(1000);
  let closed = 0;
  for (const node of running) {
    if (hasLiveRunner(node)) continue;
    try {
      await stopExecutionProcesses(node.id, node);
      const rows = await withTenant({ tenantId: node.tenantId, userId: null }, (tx) =>
        tx
          .update(flowRunNodes)
          .set({ status: "failed", error: NODE_INTERRUPTED, finishedAt: clock.date() })
          .where(and(eq(flowRunNodes.id, node.id), eq(flowRunNodes.status, "running")))
          .returning({ id: flowRunNodes.id }),
      );
      closed += rows.length;
    } catch (error) {
      // The next tick tries again (the database may be away for a moment).
      console.error(`[flows] could not close node ${node.id}`, (error as Error).message);
    }
  }
  return { closed };
}
