import { describe, expect, test } from "vitest";
import { getExecution, listExecutions } from "@/db/queries/work-orders";
import { withTenant } from "@/db/tenant";
import { mayReadExecution, seesAllExecutions } from "@/lib/work-orders/execution-access";
import { startExecution } from "@/lib/work-orders/start-execution";
import { submitOrder } from "@/lib/work-orders/submit-order";
import { makeMember } from "../../support/factory";
import { makeTemplate, workOrderTenant } from "../../support/work-orders";

describe("who sees which executions", () => {
  test("a member sees the executions they requested or ran; admins and the owner see everyone's", async () => {
    const t = await workOrderTenant(0);
    const other = await makeMember(t.owner.actor, "MEMBER", "other");
    const admin = await makeMember(t.owner.actor, "ADMIN", "admin");
    const tpl = await makeTemplate(t);
    const run = async (requester: typeof other.actor, executor: typeof other.actor) => {
      const o = await submitOrder(requester, { templateId: tpl, title: "", values: { Host: "host1" } });
      return (await startExecution(executor, { orderId: o.id })).executionId;
    };
    const requesterOwn = await run(t.requester.actor, t.requester.actor);
    const otherOwn = await run(other.actor, other.actor);
    const requestedRanByOther = await run(t.requester.actor, other.actor);

    const history = (actor: typeof other.actor) =>
      withTenant(actor, async (tx) =>
        (await listExecutions(tx, { involving: seesAllExecutions(actor) ? undefined : actor.userId }))
          .map((e) => e.id)
          .sort(),
      );
    expect(await history(t.requester.actor)).toEqual([requesterOwn, requestedRanByOther].sort());
    expect(await history(other.actor)).toEqual([otherOwn, requestedRanByOther].sort());
    const everything = [requesterOwn, otherOwn, requestedRanByOther].sort();
    expect(await history(admin.actor)).toEqual(everything);
    expect(await history(t.owner.actor)).toEqual(everything);

    // The same rule for one execution (its page and its output API).
    const executions = await withTenant(t.owner.actor, async (tx) => ({
      requesterOwn: (await getExecution(tx, requesterOwn))!,
      otherOwn: (await getExecution(tx, otherOwn))!,
    }));
    expect(mayReadExecution(other.actor, executions.requesterOwn)).toBe(false);
    expect(mayReadExecution(t.requester.actor, executions.otherOwn)).toBe(false);
    expect(mayReadExecution(t.requester.actor, executions.requesterOwn)).toBe(true);
    expect(mayReadExecution(admin.actor, executions.otherOwn)).toBe(true);
  });
});
