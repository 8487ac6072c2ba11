import "server-only";
// The op state machine: what each op of the SDK's answer does to a run (store a result, plan a
// step, sleep, wait, invoke, end), how a sleeping/waiting/invoking step settles, and how a run
// ends (once: its parent resumed, onFailure fired).
import { and, eq } from "drizzle-orm";
import { inngestQueue, inngestRuns } from "@/db/schema/inngest";
import {
  type Ctx,
  type EventPayload,
  errorObject,
  type Op,
  type QueueItem,
  type Run,
  type Tx,
  tenantOf,
} from "./context";
import { ulid } from "./ids";
import {
  createRun,
  enqueueDiscover,
  enqueueRunItem,
  insertEvents,
  liveRun,
  queueKey,
  stepIsFinal,
  storeStep,
} from "./persistence";
import { triggeredBy } from "./registry";
import { resolveWakeTime, retryDelay } from "./time";

const STEP_KINDS: Record<string, string> = {
  StepPlanned: "run",
  StepRun: "run",
  Sleep: "sleep",
  WaitForEvent: "waitForEvent",
  InvokeFunction: "invoke",
};

/** The step kind stored for an op (`run`, `sleep`, `sendEvent`…). */
export function kindOf(op: Op): string {
  return (op.opts?.type === "step.sendEvent" ? "sendEvent" : STEP_KINDS[op.op]) ?? op.op;
}

export function stepName(op: Op): string {
  return op.displayName ?? op.name ?? op.id;
}

/** The op carries a step's successful result. */
export function isStepResult(op: Op | null | undefined): op is Op {
  return !!op && (op.op === "StepRun" || op.op === "Step");
}

/** Applies one op of a discovery response. "progress": a step result was stored, call again. */
export async function applyOp(
  ctx: Ctx,
  tx: Tx,
  run: Run,
  op: Op,
  attempt: number,
  now: number,
): Promise<"progress" | "waiting" | "done"> {
  const name = stepName(op);
  const kind = kindOf(op);
  switch (op.op) {
    case "StepRun":
    case "Step":
      await storeStep(
        tx,
        run,
        op.id,
        { name, op: kind, status: "completed", data: op.data ?? null, attempts: attempt + 1 },
        now,
      );
      return "progress";
    case "StepFailed":
      await storeStep(
        tx,
        run,
        op.id,
        { name, op: kind, status: "failed", error: errorObject(op.error), attempts: attempt + 1 },
        now,
      );
      return "progress";
    case "StepError": {
      // Ran right away in this request and failed, retriably: retry it as its own step request.
      const next = attempt + 1;
      await storeStep(
        tx,
        run,
        op.id,
        { name, op: kind, status: "retrying", error: errorObject(op.error), attempts: next },
        now,
      );
      await enqueueRunItem(ctx, tx, run, op.id, "step", {
        attempt: next,
        fireAt: now + retryDelay(next, null, now),
        data: { name, op: kind },
      });
      return "waiting";
    }
    case "StepPlanned":
      if (await stepIsFinal(tx, run.id, op.id)) return "progress";
      await storeStep(tx, run, op.id, { name, op: kind, status: "running", attempts: 0 }, now, true);
      await enqueueRunItem(ctx, tx, run, op.id, "step", { attempt: 0, fireAt: now, data: { name, op: kind } });
      return "waiting";
    case "Sleep": {
      if (await stepIsFinal(tx, run.id, op.id)) return "progress";
      const wakeAt = resolveWakeTime(op.name ?? "0s", now);
      await storeStep(tx, run, op.id, { name, op: kind, status: "sleeping", attempts: 0 }, now, true);
      await enqueueRunItem(ctx, tx, run, op.id, "sleep", {
        fireAt: Math.max(now, wakeAt),
        data: { name, until: new Date(wakeAt).toISOString() },
      });
      return "waiting";
    }
    case "WaitForEvent": {
      if (await stepIsFinal(tx, run.id, op.id)) return "progress";
      const opts = (op.opts ?? {}) as { timeout?: string; if?: string; event?: string };
      const eventName = op.name ?? opts.event ?? "";
      const timeoutAt = opts.timeout ? resolveWakeTime(opts.timeout, now) : null;
      await storeStep(tx, run, op.id, { name, op: kind, status: "waiting", attempts: 0 }, now, true);
      await enqueueRunItem(ctx, tx, run, op.id, "wait", {
        fireAt: timeoutAt,
        eventName,
        data: { name, event: eventName, if: opts.if ?? null },
      });
      return "waiting";
    }
    case "InvokeFunction":
      return invoke(ctx, tx, run, op, now);
    case "RunComplete":
      await finishRun(ctx, tx, run.id, "completed", { output: op.data ?? null }, now);
      return "done";
    default:
      await finishRun(
        ctx,
        tx,
        run.id,
        "failed",
        {
          error: {
            name: "UnsupportedStep",
            message: `Step "${name}" uses "${op.op}", which the embedded executor does not implement`,
          },
        },
        now,
      );
      return "done";
  }
}

/** `step.invoke`: a child run of the target function; the step waits for it (or its timeout). */
async function invoke(ctx: Ctx, tx: Tx, run: Run, op: Op, now: number): Promise<"progress" | "waiting"> {
  const name = stepName(op);
  const kind = kindOf(op);
  if (await stepIsFinal(tx, run.id, op.id)) return "progress";
  const existing = await tx
    .select({ id: inngestQueue.id })
    .from(inngestQueue)
    .where(and(eq(inngestQueue.appId, ctx.appId), eq(inngestQueue.key, queueKey(run.id, op.id))));
  if (existing.length) return "waiting";
  const opts = (op.opts ?? {}) as {
    function_id?: string;
    payload?: { data?: Record<string, unknown>; v?: string };
    timeout?: string;
  };
  const target = ctx.configs.get(opts.function_id ?? "");
  if (!target) {
    await storeStep(
      tx,
      run,
      op.id,
      {
        name,
        op: kind,
        status: "failed",
        error: { name: "Error", message: `Invoked function "${opts.function_id}" is not in this app` },
      },
      now,
    );
    return "progress";
  }
  const event: EventPayload = {
    id: ulid(now),
    name: "inngest/function.invoked",
    data: { ...(opts.payload?.data ?? {}) },
    ts: now,
    ...(opts.payload?.v ? { v: opts.payload.v } : {}),
  };
  const childId = await createRun(ctx, tx, target, event, now, {
    parentRunId: run.id,
    parentStepId: op.id,
    tenantId: tenantOf(event) ?? run.tenantId,
  });
  await storeStep(
    tx,
    run,
    op.id,
    { name, op: kind, status: "invoking", attempts: 0, data: { runId: childId } },
    now,
    true,
  );
  await enqueueRunItem(ctx, tx, run, op.id, "invoke", {
    fireAt: opts.timeout ? resolveWakeTime(opts.timeout, now) : null,
    data: { name, childRunId: childId },
  });
  return "waiting";
}

/** A sleep is over, a wait or an invoke timed out. */
export async function fireTimer(ctx: Ctx, tx: Tx, item: QueueItem): Promise<void> {
  const now = ctx.clock.now();
  if (item.kind === "invoke") {
    await settleStep(
      ctx,
      tx,
      item,
      { error: { name: "InngestInvokeTimeoutError", message: "Timed out waiting for invoked function to complete" } },
      now,
    );
    return;
  }
  // sleep: null; waitForEvent timeout: null
  await settleStep(ctx, tx, item, { data: null }, now);
}

/** Stores the outcome of a sleeping/waiting/invoking step, removes its item, schedules a call. */
export async function settleStep(
  ctx: Ctx,
  tx: Tx,
  item: QueueItem,
  outcome: { data?: unknown; error?: unknown },
  now: number,
): Promise<void> {
  const deleted = await tx.delete(inngestQueue).where(eq(inngestQueue.id, item.id)).returning({ id: inngestQueue.id });
  if (!deleted.length || !item.runId || !item.stepId) return;
  const meta = (item.data ?? {}) as { name?: string };
  const kind = item.kind === "wait" ? "waitForEvent" : item.kind;
  const run = { id: item.runId, tenantId: item.tenantId };
  await storeStep(
    tx,
    run,
    item.stepId,
    outcome.error !== undefined
      ? { name: meta.name ?? item.stepId, op: kind, status: "failed", error: outcome.error }
      : { name: meta.name ?? item.stepId, op: kind, status: "completed", data: outcome.data ?? null },
    now,
  );
  await enqueueDiscover(ctx, tx, item.runId, item.tenantId, 0, now);
  await tx.update(inngestRuns).set({ status: "running" }).where(liveRun(item.runId));
}

/** Ends a run (once): output or error, drop its queue items, resolve an invoking parent, fire onFailure. */
export async function finishRun(
  ctx: Ctx,
  tx: Tx,
  runId: string,
  status: "completed" | "failed" | "cancelled",
  v: { output?: unknown; error?: unknown },
  now: number,
): Promise<void> {
  const [run] = await tx
    .update(inngestRuns)
    .set({
      status,
      endedAt: new Date(now),
      output: v.output === undefined ? null : v.output,
      ...(v.error !== undefined ? { error: v.error } : status === "completed" ? { error: null } : {}),
    })
    .where(liveRun(runId))
    .returning();
  if (!run) return;
  await tx.delete(inngestQueue).where(eq(inngestQueue.runId, runId));
  if (run.parentRunId && run.parentStepId) {
    const [parentItem] = await tx
      .select()
      .from(inngestQueue)
      .where(and(eq(inngestQueue.appId, ctx.appId), eq(inngestQueue.key, queueKey(run.parentRunId, run.parentStepId))));
    if (parentItem) {
      await settleStep(
        ctx,
        tx,
        parentItem,
        status === "completed"
          ? { data: v.output ?? null }
          : { error: errorObject(v.error, `Invoked run ${run.id} was ${status}`) },
        now,
      );
    }
  }
  if (status === "failed") {
    const event: EventPayload = {
      id: ulid(now),
      name: "inngest/function.failed",
      data: { function_id: run.functionId, run_id: run.id, error: v.error ?? null, event: run.event },
      ts: now,
    };
    await insertEvents(ctx, tx, [event], now, run.tenantId);
    for (const fn of triggeredBy(ctx, event)) await createRun(ctx, tx, fn, event, now, { tenantId: run.tenantId });
  }
}
