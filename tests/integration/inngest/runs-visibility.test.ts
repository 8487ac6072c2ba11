import { randomUUID } from "node:crypto";
import { afterEach, expect, test } from "vitest";
import { getRun, listRuns } from "@/db/queries/runs";
import { inngestQueue } from "@/db/schema/inngest";
import { withTenant, withUser } from "@/db/tenant";
import { embeddedApp } from "./harness";

const stops: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (stops.length) await stops.pop()?.();
});

test("the Runs page queries see only the tenant's runs (RLS); a failed run can be re-run", async () => {
  const a = embeddedApp("runs");
  const fn = a.inngest.createFunction(
    { id: "job", retries: 0, triggers: [{ event: "t/job" }] },
    async ({ event, step }) => {
      await step.run("work", () => {
        if (event.data.fail) throw new Error("asked to fail");
        return "fine";
      });
      return "done";
    },
  );
  const ex = await a.start([fn]);
  stops.push(() => ex.stop());
  const tenantA = randomUUID();
  const tenantB = randomUUID();
  await a.inngest.send([
    { name: "t/job", data: { tenantId: tenantA, fail: true } },
    { name: "t/job", data: { tenantId: tenantB, fail: false } },
  ]);
  await a.settle();

  const seenA = await withTenant({ tenantId: tenantA, userId: null }, (tx) => listRuns(tx));
  expect(seenA.runs.map((r) => [r.functionName, r.status])).toEqual([["job", "failed"]]);
  const failed = seenA.runs[0]!;
  const detail = await withTenant({ tenantId: tenantA, userId: null }, (tx) => getRun(tx, { runId: failed.id }));
  expect(detail?.steps.map((s) => [s.name, s.status, (s.error as { message: string }).message])).toEqual([
    ["work", "failed", "asked to fail"],
  ]);
  // Another tenant cannot open it; no tenant context sees nothing; the queue is invisible to the app role.
  expect(await withTenant({ tenantId: tenantB, userId: null }, (tx) => getRun(tx, { runId: failed.id }))).toBeNull();
  expect((await withUser({ userId: null }, (tx) => listRuns(tx))).runs).toEqual([]);
  expect(await withTenant({ tenantId: tenantA, userId: null }, (tx) => tx.select().from(inngestQueue))).toEqual([]);

  const rerunId = await ex.rerun(failed.id);
  await a.settle();
  const after = await withTenant({ tenantId: tenantA, userId: null }, (tx) => listRuns(tx));
  expect(after.runs.map((r) => [r.id === rerunId, r.status, r.rerunOf])).toEqual([
    [true, "failed", failed.id],
    [false, "failed", null],
  ]);
  // Run ids are ULIDs minted in sequence: a neighbour of rerunId may well exist, so use a far one.
  const unknownId = "0".repeat(26);
  await expect(ex.rerun(unknownId)).rejects.toThrow(/not found/);
});
