import { sql } from "drizzle-orm";
import { withUser } from "@/db/tenant";

export const dynamic = "force-dynamic";

/** Liveness + database check, for load balancers and the e2e web server wait. */
export async function GET() {
  try {
    await withUser({ userId: null }, (tx) => tx.execute(sql`select 1`));
    return Response.json({ ok: true });
  } catch {
    return Response.json({ ok: false }, { status: 503 });
  }
}
