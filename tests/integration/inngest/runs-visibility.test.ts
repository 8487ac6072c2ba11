import { randomUUID } from "node:crypto";
import { afterEach, expect, test } from "vitest";
import { countRuns, getRun, listRuns } from "@/db/queries/runs";
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

test("the Runs page searches by function, event and run id, and counts what matches, only within the tenant", async () => {
  const a = embeddedApp("runs-search");
  const deploy = a.inngest.createFunction(
    { id: "deploy-app", name: "Deploy the app", retries: 0, triggers: [{ event: "apps/deploy.requested" }] },
    async () => "deployed",
  );
  const report = a.inngest.createFunction(
    { id: "weekly-report", name: "Weekly report", retries: 0, triggers: [{ event: "reports/weekly" }] },
    async () => "sent",
  );
  const ex = await a.start([deploy, report]);
  stops.push(() => ex.stop());
  const mine = randomUUID();
  const theirs = randomUUID();
  await a.inngest.send([
    { name: "apps/deploy.requested", data: { tenantId: mine } },
    { name: "apps/deploy.requested", data: { tenantId: mine } },
    { name: "reports/weekly", data: { tenantId: mine } },
    { name: "apps/deploy.requested", data: { tenantId: theirs } },
  ]);
  await a.settle();
  const as = (tenantId: string) => ({ tenantId, userId: null });
  const found = (q: string) =>
    withTenant(as(mine), async (tx) => ({
      names: (await listRuns(tx, { q })).runs.map((r) => r.functionName),
      total: await countRuns(tx, { q }),
    }));

  expect(await found("deploy")).toEqual({ names: ["Deploy the app", "Deploy the app"], total: 2 });
  expect(await found("REPORTS/week")).toEqual({ names: ["Weekly report"], total: 1 });
  expect(await found("100%_")).toEqual({ names: [], total: 0 });
  const one = (await withTenant(as(mine), (tx) => listRuns(tx, { q: "weekly" }))).runs[0]!;
  expect(await found(one.id)).toEqual({ names: ["Weekly report"], total: 1 });
  expect(await withTenant(as(mine), (tx) => countRuns(tx))).toBe(3);
  expect(await withTenant(as(mine), (tx) => countRuns(tx, { status: "completed", q: "deploy" }))).toBe(2);
  // The other tenant's deploy run is neither listed nor counted here.
  expect(await withTenant(as(theirs), (tx) => countRuns(tx, { q: "deploy" }))).toBe(1);
});
