import "server-only";
import { and, desc, eq } from "drizzle-orm";
import { mailOutbox } from "@/db/schema";
import type { Tx } from "@/db/tenant";

/** The newest mail of the tenant addressed to `to` (the dev Mail page), without bodies. */
export function listMailTo(tx: Tx, to: string) {
  return tx
    .select({
      id: mailOutbox.id,
      subject: mailOutbox.subject,
      transport: mailOutbox.transport,
      error: mailOutbox.error,
      createdAt: mailOutbox.createdAt,
    })
    .from(mailOutbox)
    .where(eq(mailOutbox.to, to))
    .orderBy(desc(mailOutbox.createdAt))
    .limit(100);
}

export async function getMailTo(tx: Tx, params: { id: string; to: string }) {
  const [mail] = await tx
    .select()
    .from(mailOutbox)
    .where(and(eq(mailOutbox.id, params.id), eq(mailOutbox.to, params.to)));
  return mail ?? null;
}
