import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import { getExecution, getOrder } from "@/db/queries/work-orders";
import { woExecutions } from "@/db/schema";
import { withTenant } from "@/db/tenant";
import { functions } from "@/inngest/functions";
import { renderMessage } from "@/lib/i18n/translate";
import { startExecution } from "@/lib/work-orders/start-execution";
import { submitOrder } from "@/lib/work-orders/submit-order";
import { makeTemplate, workOrderTenant } from "../../support/work-orders";
import { appExecutor } from "../inngest/app-executor";

// The step of these executions dies for an infrastructure reason after claiming its execution:
// the database connection is cut under it.
const doomed = vi.hoisted(() => new Set<string>());
vi.mock("@/lib/work-orders/run-execution", async (importOriginal) => {
  const real = await importOriginal<typeof import("@/lib/work-orders/run-execution")>();
  return {
    ...real,
    runExecution: async (input: { tenantId: string; executionId: string }) => {
      if (!doomed.has(input.executionId)) return real.runExecution(input);
      await withTenant({ tenantId: input.tenantId, userId: null }, (tx) =>
        tx
          .update(woExecutions)
          .set({ status: "running", startedAt: sql`now()`, heartbeatAt: sql`now()` })
          .where(eq(woExecutions.id, input.executionId)),
      );
      throw Object.assign(new Error("write CONNECTION_CLOSED 127.0.0.1:5432"), { code: "CONNECTION_CLOSED" });
    },
  };
});

const app = appExecutor();
beforeAll(app.start);
afterAll(app.stop);

describe("the execution function", () => {
  test("a step that dies for an infrastructure reason ends its execution failed, plainly, and notified", async () => {
    const t = await workOrderTenant(0);
    const tpl = await makeTemplate(t, { template: { command: "echo {Host}" } });
    const o = await submitOrder(t.requester.actor, { templateId: tpl, title: "", values: { Host: "host1" } });
    const started = startExecution(t.requester.actor, { orderId: o.id });
    const { executionId } = await started;
    doomed.add(executionId);
    await app.settle();
    const execution = await withTenant(t.owner.actor, (tx) => getExecution(tx, executionId));
    expect(execution?.status).toBe("failed");
    expect(renderMessage("en", execution?.error ?? "")).toBe(
      "Stopped: the database could not be reached while this ran; its processes were stopped.",
    );
    expect(renderMessage("zh-CN", execution?.error ?? "")).toBe("已停止：执行期间无法连接数据库，相关进程已被终止。");
    const detail = await withTenant(t.owner.actor, (tx) => getOrder(tx, o.id));
    expect(detail?.order.lastExecutionStatus).toBe("failed");
    expect(detail?.timeline.at(-1)?.record.action).toBe("execution.failed");
  });

  test("the reconciler is served as a cron function", () => {
    const ids = functions.map((f) => (f as unknown as { id: (prefix?: string) => string }).id());
    expect(ids).toContain("work-order-reconcile-executions");
  });
});
