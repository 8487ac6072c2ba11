import { count } from "drizzle-orm";
import { expect, test, vi } from "vitest";
import { jobs } from "@/db/schema";
import { withTenant } from "@/db/tenant";
import { saveJob } from "@/lib/jobs/save-job";
import { makeOwner } from "../../support/factory";
import { httpJob, jobInput } from "./support";

// As a multi-tenant install runs: private networks not allowed (the test setup allows them for
// every other file, whose servers listen on 127.0.0.1).
vi.mock("@/env", async (importOriginal) => {
  const { env } = await importOriginal<typeof import("@/env")>();
  return { env: { ...env, OUTBOUND_ALLOW_PRIVATE: false } };
});

test("an HTTP job to a private address written as an IP (the cloud metadata service) is refused on save, on its URL field, and nothing is written", async () => {
  const { actor } = await makeOwner();
  for (const url of ["http://169.254.169.254/latest/meta-data", "http://127.0.0.1:8080/", "http://[::1]/"]) {
    await expect(
      saveJob(actor, jobInput({ name: "Meta", config: { type: "http", method: "GET", url } })),
    ).rejects.toMatchObject({ field: "config.url", message: expect.stringMatching(/private/i) });
  }
  expect(await withTenant(actor, async (tx) => (await tx.select({ n: count() }).from(jobs))[0]?.n)).toBe(0);
  // A public address is saved.
  expect((await saveJob(actor, httpJob("Public"))).version).toBe(1);
});
