import "server-only";
// The wire protocol: one call of a function through the SDK's serve handler (the payload a real
// Inngest server would POST, under a deadline), and what its answer means: a result, ops to
// apply (ops.ts), or a failure to retry. `discover` is a run's next call, `runStep` one step's.
import { eq } from "drizzle-orm";
import { inngestQueue, inngestRuns } from "@/db/schema/inngest";
import { type CommResponse, header } from "./comm";
import type { FunctionConfig } from "./config";
import { type Ctx, type EventPayload, errorObject, type Op, type QueueItem, type Run, type State } from "./context";
import { applyOp, finishRun, isStepResult, kindOf } from "./ops";
import {
  completeRun,
  dropItem,
  enqueueDiscover,
  isLive,
  liveRun,
  loadState,
  markWaiting,
  scheduleRetry,
  storeResultAndContinue,
  storeStep,
} from "./persistence";
import { parseDuration } from "./time";
import { TIMED_OUT } from "./watchdog";

type CallResult = { status: number; noRetry: boolean; retryAfter: string | null; body: unknown };

/** A function's `timeouts.finish` in ms (the longest a run may take once started), or null. */
function finishTimeout(fn: FunctionConfig): number | null {
  const finish = (fn.timeouts as { finish?: string } | undefined)?.finish;
  return finish ? (parseDuration(finish) ?? null) : null;
}

/** The ops of a 206 answer, or none. */
function opsOf(res: CallResult): Op[] | null {
  return res.status === 206 && Array.isArray(res.body) ? (res.body as Op[]) : null;
}

/** The answer is exactly one op (a sequential step that ran in this request, or a plan), or null. */
function onlyOp(res: CallResult): Op | null {
  const ops = opsOf(res);
  return ops?.length === 1 ? (ops[0] as Op) : null;
}

async function call(
  ctx: Ctx,
  run: Run,
  fn: FunctionConfig,
  state: State,
  args: { stepId: string; attempt: number; disableImmediateExecution: boolean },
): Promise<CallResult> {
  const { steps, stack } = state;
  const url = new URL(Object.values(fn.steps)[0]?.runtime.url ?? ctx.serveUrl);
  url.searchParams.set("fnId", fn.id);
  url.searchParams.set("stepId", args.stepId);
  const event = run.event as EventPayload;
  // Deliberately no `ctx.fn_id`: with it the v4 SDK switches to checkpointing (/v1/checkpoint).
  const payload = {
    event,
    events: [event],
    steps,
    ctx: {
      run_id: run.id,
      attempt: args.attempt,
      max_attempts: run.maxAttempts,
      disable_immediate_execution: args.disableImmediateExecution,
      stack: { stack, current: stack.length },
    },
  };
  let res: CommResponse | typeof TIMED_OUT;
  const finish = finishTimeout(fn);
  const timeoutMs =
    finish === null
      ? ctx.stepTimeoutMs
      : Math.max(0, (run.startedAt?.getTime() ?? ctx.clock.now()) + finish - ctx.clock.now());
  try {
    // A copy, as the wire would give: the SDK gets plain JSON and nothing of the executor's own.
    res = await ctx.watchdog.within(
      { functionId: fn.id, runId: run.id, stepId: args.stepId, timeoutMs },
      ctx.handler({ method: "POST", url, body: JSON.parse(JSON.stringify(payload)) }),
    );
  } catch (error) {
    return { status: 500, noRetry: false, retryAfter: null, body: errorObject(error) };
  }
  if (res === TIMED_OUT) {
    if (finish === null) {
      const message = `No answer within ${timeoutMs / 1000} s: this attempt was failed`;
      return { status: 500, noRetry: false, retryAfter: null, body: { name: "StepTimeoutError", message } };
    }
    // As Inngest does with `timeouts.finish`: the run is cancelled (the caller then sees it ended).
    const body = { name: "FunctionTimeoutError", message: `The run took longer than its ${finish / 1000} s limit` };
    await ctx.db.transaction((tx) => finishRun(ctx, tx, run.id, "cancelled", { error: body }, ctx.clock.now()));
    return { status: 500, noRetry: true, retryAfter: null, body };
  }
  let parsed: unknown = null;
  try {
    parsed = res.body ? JSON.parse(res.body) : null;
  } catch {
    parsed = { name: "Error", message: res.body };
  }
  return {
    status: res.status,
    noRetry: header(res, "x-inngest-no-retry") === "true",
    retryAfter: header(res, "retry-after"),
    body: parsed,
  };
}

/** One call of the function. `created`: its first call, right after this executor created it. */
export async function discover(
  ctx: Ctx,
  run: Run,
  fn: FunctionConfig,
  item: QueueItem,
  created = false,
): Promise<QueueItem | null> {
  const now = ctx.clock.now();
  if (run.status === "queued" || run.attempt !== item.attempt) {
    const live = await ctx.db
      .update(inngestRuns)
      .set({ status: "running", attempt: item.attempt, ...(run.startedAt ? {} : { startedAt: new Date(now) }) })
      .where(liveRun(run.id))
      .returning({ id: inngestRuns.id });
    if (live.length === 0) {
      // Ended meanwhile (cancelled before its first call): nothing to run.
      await ctx.db.delete(inngestQueue).where(eq(inngestQueue.runId, run.id));
      return null;
    }
  }
  // A run just created has no steps and no other queue items: its state is known without a read.
  const state = created ? { steps: {}, stack: [], pending: 0 } : await loadState(ctx, run.id, item.id);
  const res = await call(ctx, run, fn, state, {
    stepId: "step",
    attempt: item.attempt,
    disableImmediateExecution: state.pending > 0 || item.attempt > 0,
  });
  const only = onlyOp(res);
  if (isStepResult(only)) {
    // Hot path (a sequential step ran in this request): one atomic statement stores the result
    // and turns this item into the next call.
    const next = await storeResultAndContinue(ctx, run, item, only, kindOf(only), item.attempt + 1, "discover");
    if (next) {
      ctx.carried.set(next.id, {
        ...run,
        status: "running",
        attempt: item.attempt,
        startedAt: run.startedAt ?? new Date(now),
      });
    }
    return next;
  }
  if (res.status === 200 && !run.parentRunId) {
    await completeRun(ctx, run.id, res.body);
    return null;
  }
  return ctx.db.transaction(async (tx) => {
    if (!(await isLive(tx, run.id))) {
      await dropItem(tx, item.id);
      return null;
    }
    const at = ctx.clock.now();
    if (res.status === 200) {
      await finishRun(ctx, tx, run.id, "completed", { output: res.body }, at);
      return null;
    }
    const ops = opsOf(res);
    if (ops) {
      await dropItem(tx, item.id);
      let again = false;
      for (const op of ops) {
        const r = await applyOp(ctx, tx, run, op, item.attempt, at);
        if (r === "done") return null;
        if (r === "progress") again = true;
      }
      if (again) return enqueueDiscover(ctx, tx, run.id, run.tenantId);
      await markWaiting(tx, run.id);
      return null;
    }
    // The function itself threw (or the call failed): retry the whole request, or fail.
    const error = errorObject(res.body, `Function call failed with status ${res.status}`);
    const attempt = item.attempt + 1;
    if (res.noRetry || attempt >= run.maxAttempts) {
      await finishRun(ctx, tx, run.id, "failed", { error }, at);
      return null;
    }
    await scheduleRetry(tx, item.id, attempt, res.retryAfter, at);
    await tx.update(inngestRuns).set({ error, attempt }).where(eq(inngestRuns.id, run.id));
    return null;
  });
}

/** Runs one planned step as its own request (parallel branches, retries). */
export async function runStep(ctx: Ctx, run: Run, fn: FunctionConfig, item: QueueItem, state: State): Promise<void> {
  if (item.stepId && item.stepId in state.steps) {
    await dropItem(ctx.db, item.id);
    return;
  }
  const stepId = item.stepId as string;
  const res = await call(ctx, run, fn, state, { stepId, attempt: item.attempt, disableImmediateExecution: true });
  const meta = (item.data ?? {}) as { name?: string; op?: string };
  const kind = meta.op ?? "run";
  const only = onlyOp(res);
  if (isStepResult(only) && only.id === item.stepId) {
    const op = { ...only, displayName: only.displayName ?? meta.name };
    await storeResultAndContinue(ctx, run, item, op, kind, item.attempt + 1, "step");
    return;
  }
  await ctx.db.transaction(async (tx) => {
    if (!(await isLive(tx, run.id))) {
      await dropItem(tx, item.id);
      return;
    }
    const now = ctx.clock.now();
    const op = opsOf(res)?.[0];
    const name = op?.displayName ?? op?.name ?? meta.name ?? stepId;
    if (isStepResult(op) && op.id === item.stepId) {
      const v = { name, op: kind, status: "completed", data: op.data ?? null, attempts: item.attempt + 1 };
      await storeStep(tx, run, op.id, v, now);
      await dropItem(tx, item.id);
      return;
    }
    const error = errorObject(op ? op.error : res.body, `Step request failed with status ${res.status}`);
    const next = item.attempt + 1;
    const final = op?.op === "StepFailed" || (op?.op !== "StepError" && res.noRetry) || next >= run.maxAttempts;
    if (final) {
      await storeStep(tx, run, stepId, { name, op: kind, status: "failed", error, attempts: next }, now);
      await dropItem(tx, item.id);
      return;
    }
    await storeStep(tx, run, stepId, { name, op: kind, status: "retrying", error, attempts: next }, now);
    await scheduleRetry(tx, item.id, next, res.retryAfter, now);
  });
}
