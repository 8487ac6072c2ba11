import "server-only";
import { eq, inArray } from "drizzle-orm";
import { unknownRoles } from "@/db/queries/tenancy";
import { approvalFlows, memberships } from "@/db/schema";
import { withTenant } from "@/db/tenant";
import { audit } from "@/lib/audit";
import { NotFoundError, pgConstraint, SafeError } from "@/lib/errors";
import { once } from "@/lib/idempotency";
import { type Actor, requirePermission } from "@/lib/tenants/actor";
import type { TSaveFlow } from "@/lib/validation/approvals";
import { approversIssue, FlowError, graphToLevels, levelsToGraph } from "./flow";

/**
 * Creates or updates an approval flow from its levels (stored as a nodes/edges graph). A repeat of
 * the form's idempotency key returns the first save.
 */
export async function saveFlow(actor: Actor, input: Omit<TSaveFlow, "tenant">): Promise<{ id: string }> {
  requirePermission(actor, "flows.manage");
  input.levels.forEach((level, i) => {
    const issue = approversIssue(level);
    if (issue)
      throw new SafeError("approvals.level_issue", {
        params: { n: i + 1, name: level.name, problem: issue },
        field: "levels",
      });
  });
  const graph = levelsToGraph(input.levels);
  try {
    graphToLevels(graph);
  } catch (error) {
    if (error instanceof FlowError) throw new SafeError(error.code, { params: error.params, field: "levels" });
    throw error;
  }
  try {
    return await withTenant(
      actor,
      async (tx) =>
        (
          await once(tx, "approval_flow.save", input, async () => {
            const unknown = await unknownRoles(
              tx,
              input.levels.flatMap((l) => l.roles),
            );
            if (unknown.length)
              throw new SafeError("approvals.unknown_roles", {
                params: { roles: unknown.join(", ") },
                field: "levels",
              });
            const named = [...new Set(input.levels.flatMap((l) => l.users))];
            if (named.length) {
              const found = await tx
                .select({ id: memberships.userId })
                .from(memberships)
                .where(inArray(memberships.userId, named));
              if (found.length !== named.length)
                throw new SafeError("approvals.approvers_not_members", { field: "levels" });
            }
            const values = {
              name: input.name,
              description: input.description,
              graph,
              updatedBy: actor.userId,
              updatedAt: new Date(),
            };
            if (input.id) {
              const [before] = await tx
                .select()
                .from(approvalFlows)
                .where(eq(approvalFlows.id, input.id))
                .for("update");
              if (!before) throw new NotFoundError("flow");
              await tx.update(approvalFlows).set(values).where(eq(approvalFlows.id, input.id));
              await audit(tx, {
                action: "approval_flow.update",
                targetType: "approval_flow",
                targetId: input.id,
                before: { name: before.name, description: before.description, levels: graphToLevels(before.graph) },
                after: { name: input.name, description: input.description, levels: input.levels },
              });
              return { id: input.id };
            }
            const [row] = await tx
              .insert(approvalFlows)
              .values({ ...values, createdBy: actor.userId })
              .returning({ id: approvalFlows.id });
            if (!row) throw new Error("insert returned nothing");
            await audit(tx, {
              action: "approval_flow.create",
              targetType: "approval_flow",
              targetId: row.id,
              after: { name: input.name, levels: input.levels },
            });
            return row;
          })
        ).result,
    );
  } catch (error) {
    if (pgConstraint(error) === "approval_flows_name_key") {
      throw new SafeError("approvals.flow_name_taken", { params: { name: input.name }, field: "name" });
    }
    throw error;
  }
}
