import "server-only";
import nodemailer, { type Transporter } from "nodemailer";
import { mailOutbox } from "@/db/schema";
import { type Tx, withTenant } from "@/db/tenant";
import { env } from "@/env";

export type Mail = { to: string; subject: string; text: string; html: string };

/** Whether mail stays in the outbox table (no SMTP configured): the dev Mail page shows it. */
export function mailKeptInOutbox(): boolean {
  return !env.SMTP_URL;
}

const holder = globalThis as unknown as { __opsdeskSmtp?: { url: string; transport: Transporter } };

/**
 * One SMTP transport per URL. Plain smtp:// upgrades with STARTTLS when the server offers it;
 * smtps:// is TLS from the start. Connections are pooled (notification bursts reuse a few
 * connections instead of one handshake per message) unless the URL says `?pool=false`.
 */
function smtp(url: string): Transporter {
  if (holder.__opsdeskSmtp?.url !== url) {
    const pooled = new URL(url);
    if (!pooled.searchParams.has("pool")) pooled.searchParams.set("pool", "true");
    if (!pooled.searchParams.has("maxConnections")) pooled.searchParams.set("maxConnections", "4");
    holder.__opsdeskSmtp = { url, transport: nodemailer.createTransport(pooled.toString()) };
  }
  return holder.__opsdeskSmtp.transport;
}

/**
 * Sends one email of a tenant. With SMTP_URL: through nodemailer, logged in the outbox table
 * (`transport = 'smtp'`) without its bodies (they carry live approval links); a failure is logged
 * too and rethrown so the calling job retries. Without: stored whole in the outbox table
 * (`transport = 'outbox'`), which is then the mailbox. `andThen` runs in the transaction that
 * logs a successful send (a caller's own bookkeeping, e.g. marking a delivery sent, in one trip).
 */
export async function sendMail(
  tenantId: string,
  mail: Mail,
  andThen?: (tx: Tx) => Promise<unknown>,
): Promise<{ transport: "smtp" | "outbox" }> {
  const ctx = { tenantId, userId: null };
  const logged = (values: typeof mailOutbox.$inferInsert) =>
    withTenant(ctx, async (tx) => {
      await tx.insert(mailOutbox).values(values);
      if (!values.error) await andThen?.(tx);
    });
  if (!env.SMTP_URL) {
    await logged({ ...mail, transport: "outbox", sentAt: new Date() });
    return { transport: "outbox" };
  }
  const log = { to: mail.to, subject: mail.subject, text: "", html: "", transport: "smtp" as const };
  try {
    await smtp(env.SMTP_URL).sendMail({ from: env.MAIL_FROM, ...mail });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await logged({ ...log, error: message.slice(0, 1000) });
    throw error;
  }
  await logged({ ...log, sentAt: new Date() });
  return { transport: "smtp" };
}
