import { sql } from "drizzle-orm";
import { expect, test } from "vitest";
import { withUser } from "@/db/tenant";

test("door acts as app role", async () => {
  const r = await withUser({ userId: null }, (tx) => tx.execute(sql`select current_user as u, current_setting('app.tenant_id', true) as t`));
  expect((r as any).rows?.[0] ?? (r as any)[0]).toMatchObject({ u: "opsdesk_app" });
});
