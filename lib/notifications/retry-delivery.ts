import "server-only";
import { and, eq, sql } from "drizzle-orm";
import { notificationDeliveries } from "@/db/schema";
import { withTenant } from "@/db/tenant";
import { audit } from "@/lib/audit";
import { NotFoundError, SafeError } from "@/lib/errors";
import { dispatch, enqueue } from "@/lib/events/publish";
import { type Actor, requirePermission } from "@/lib/tenants/actor";

/** "Retry" on a failed delivery: back to pending, and a fresh delivery run (with its own retries). */
export async function retryDelivery(actor: Actor, input: { id: string }): Promise<void> {
  requirePermission(actor, "channels.manage");
  const outbox = await withTenant(actor, async (tx) => {
    const d = notificationDeliveries;
    const [row] = await tx
      .update(d)
      .set({ status: "pending", updatedAt: sql`now()` })
      .where(and(eq(d.id, input.id), eq(d.status, "failed")))
      .returning({ id: d.id, status: d.status });
    if (!row) {
      const [exists] = await tx.select({ status: d.status }).from(d).where(eq(d.id, input.id));
      if (!exists) throw new NotFoundError("delivery");
      throw new SafeError("notifications.retry_not_failed", { params: { status: exists.status } });
    }
    await audit(tx, { action: "notification_delivery.retry", targetType: "notification_delivery", targetId: row.id });
    return enqueue(tx, actor.tenantId, [
      { name: "notification/deliver", data: { tenantId: actor.tenantId, deliveryId: row.id } },
    ]);
  });
  dispatch(outbox);
}
