import "server-only";
import { events, inngest } from "@/inngest/client";
import { failedEvent } from "@/inngest/events";
import { type NodeOutcome, policyOf, settle } from "@/lib/flows/engine";
import { evaluateCondition } from "@/lib/flows/evaluate-condition";
import { closeGate, GATE_FIRST_WAIT_MS, gateWaiting, openGate } from "@/lib/flows/gate";
import { runNode } from "@/lib/flows/run-node";
import { endFlowRun, failFlowRun, loadFlowRun, recordOutcomes } from "@/lib/flows/run-state";
import { msg } from "@/lib/i18n/message";

const requested = events["flow/run.requested"];
const RUN_TIMED_OUT = msg("flows.run_timed_out");

/**
 * Runs one flow run: a deterministic loop over the engine (lib/flows/engine.ts), replayed on every
 * call with the nodes' attempts as its memoised steps. Each round settles the graph (skips and passes
 * recorded in one step, condition nodes evaluated in it: pure, over parameters and outputs), then
 * runs the ready executable nodes **in parallel** (`node:<id>:<attempt>` steps under `Promise.all`,
 * at most the version's parallelism), each retried by its policy after a durable sleep; a gate waits
 * for `flow/gate.decided` (`step.waitForEvent`, lib/flows/gate.ts). When the engine says the run is
 * over, `finish` records its end and `flow/run.finished`. Nodes start in waves: a round's nodes all
 * end before the next round starts (a long branch holds back a short one's successors).
 *
 * Never retried by Inngest (an attempt is not idempotent: runNode guards a redelivery itself).
 * Cancelled by `flow/run.cancel` for this run; the cancel itself closes the nodes and the run
 * (lib/flows/cancel-run.ts). A run failing for an infrastructure reason is closed in onFailure.
 */
export const runFlowFn = inngest.createFunction(
  {
    id: "flow-run",
    name: "Run job flow",
    retries: 0,
    triggers: [{ event: requested }],
    cancelOn: [{ event: events["flow/run.cancel"], if: "async.data.runId == event.data.runId" }],
    onFailure: async ({ event, error }) => {
      const { tenantId, runId } = failedEvent(requested, event);
      await failFlowRun({ tenantId, runId }, error);
    },
  },
  async ({ event, step }) => {
    const { tenantId, runId } = event.data;
    const ctx = { tenantId, runId };
    const loaded = await step.run("load", () => loadFlowRun(ctx));
    if (!loaded.live) return { skipped: true };
    const { graph, parallelism } = loaded;
    let outcomes = new Map<string, NodeOutcome>(Object.entries(loaded.outcomes));

    /** A gate: opened (its node `waiting`), then the wait for its decision, or its timeout's action. */
    const gate = async (nodeId: string): Promise<NodeOutcome> => {
      const opened = await step.run(`gate:${nodeId}:open`, () => openGate({ tenantId, runId, nodeId }));
      if ("outcome" in opened) return opened.outcome as NodeOutcome;
      const { runNodeId } = opened;
      const wait = (id: string, ms: number) =>
        step.waitForEvent(id, {
          event: events["flow/gate.decided"],
          // The row id is a uuid the function wrote itself: safe inside the expression.
          if: `async.data.runNodeId == '${runNodeId}'`,
          timeout: `${Math.ceil(ms / 1000)}s`,
        });
      // A decision sent before the wait was registered matches nothing: after a first short wait
      // the node is read once (a step), so such a gate resumes within a minute, not at its timeout.
      const first = Math.min(opened.timeoutMs, GATE_FIRST_WAIT_MS);
      let decided = await wait(`gate:${nodeId}`, first);
      if (
        !decided &&
        opened.timeoutMs > first &&
        (await step.run(`gate:${nodeId}:check`, () => gateWaiting({ tenantId, runNodeId })))
      )
        decided = await wait(`gate:${nodeId}:rest`, opened.timeoutMs - first);
      const decision = decided ? { outcome: decided.data.outcome, timedOut: decided.data.timedOut } : null;
      return (await step.run(`gate:${nodeId}:close`, () =>
        closeGate({ tenantId, runId, nodeId, runNodeId }, decision),
      )) as NodeOutcome;
    };

    /** One node's attempts: its policy's retries, a durable sleep apart. */
    const attempts = async (nodeId: string): Promise<NodeOutcome> => {
      if (graph.nodes.find((n) => n.id === nodeId)?.type === "gate") return gate(nodeId);
      const policy = policyOf(graph, nodeId);
      for (let attempt = 1; ; attempt++) {
        const outcome = (await step.run(`node:${nodeId}:${attempt}`, () =>
          runNode({ tenantId, runId, nodeId, attempt }),
        )) as NodeOutcome;
        const failed = outcome.status === "failed" || outcome.status === "timeout";
        if (!failed || attempt > policy.retries) return outcome;
        await step.sleep(`retry:${nodeId}:${attempt}`, Math.max(1, policy.retryDelayMs));
      }
    };

    for (let round = 0; ; round++) {
      const cancelled = [...outcomes.values()].some((o) => o.status === "cancelled");
      const timedOut = [...outcomes.values()].some((o) => o.flowTimedOut);
      const next = settle(graph, { outcomes, running: new Set(), parallelism, cancelled, timedOut });
      const decided: { nodeId: string; outcome: NodeOutcome; error?: string | null }[] = [];
      for (const [nodeId, outcome] of next.outcomes) if (!outcomes.has(nodeId)) decided.push({ nodeId, outcome });
      outcomes = next.outcomes;
      const kindOf = (id: string) => graph.nodes.find((n) => n.id === id)?.type;
      const conditions = next.start.filter((id) => kindOf(id) === "condition");
      for (const nodeId of conditions) {
        const result = evaluateCondition(graph, nodeId, loaded.params, outcomes);
        outcomes.set(nodeId, result.outcome);
        decided.push({ nodeId, outcome: result.outcome, error: result.error });
      }
      if (decided.length) await step.run(`mark:${round}`, () => recordOutcomes(ctx, decided));
      // A condition decided opens its branches: settle again before starting anything.
      if (conditions.length) continue;
      if (next.status) {
        const status = next.status;
        const error = timedOut && status === "failed" ? RUN_TIMED_OUT : null;
        await step.run("finish", () => endFlowRun(ctx, { status, error }));
        return { status };
      }
      if (next.start.length === 0) throw new Error(`flow run ${runId}: nothing runs and nothing ends`);
      const ended = await Promise.all(next.start.map(attempts));
      next.start.forEach((nodeId, i) => {
        outcomes.set(nodeId, ended[i] as NodeOutcome);
      });
    }
  },
);
