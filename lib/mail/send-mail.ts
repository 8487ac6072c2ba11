import "server-only";
import nodemailer, { type Transporter } from "nodemailer";
import { mailOutbox } from "@/db/schema";
import { withTenant } from "@/db/tenant";
import { env } from "@/env";

export type Mail = { to: string; subject: string; text: string; html: string };

/** Whether mail stays in the outbox table (no SMTP configured): the dev Mail page shows it. */
export function mailKeptInOutbox(): boolean {
  return !env.SMTP_URL;
}

const holder = globalThis as unknown as { __opsdeskSmtp?: { url: string; transport: Transporter } };

function smtp(url: string): Transporter {
  // Plain smtp:// upgrades with STARTTLS when the server offers it; smtps:// is TLS from the start.
  if (holder.__opsdeskSmtp?.url !== url) holder.__opsdeskSmtp = { url, transport: nodemailer.createTransport(url) };
  return holder.__opsdeskSmtp.transport;
}

/**
 * Sends one email of a tenant. With SMTP_URL: through nodemailer, logged in the outbox table
 * (`transport = 'smtp'`) without its bodies (they carry live approval links); a failure is logged
 * too and rethrown so the calling job retries. Without: stored whole in the outbox table
 * (`transport = 'outbox'`), which is then the mailbox.
 */
export async function sendMail(tenantId: string, mail: Mail): Promise<{ transport: "smtp" | "outbox" }> {
  const ctx = { tenantId, userId: null };
  if (!env.SMTP_URL) {
    await withTenant(ctx, (tx) => tx.insert(mailOutbox).values({ ...mail, transport: "outbox", sentAt: new Date() }));
    return { transport: "outbox" };
  }
  const log = { to: mail.to, subject: mail.subject, text: "", html: "", transport: "smtp" as const };
  try {
    await smtp(env.SMTP_URL).sendMail({ from: env.MAIL_FROM, ...mail });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await withTenant(ctx, (tx) => tx.insert(mailOutbox).values({ ...log, error: message.slice(0, 1000) }));
    throw error;
  }
  await withTenant(ctx, (tx) => tx.insert(mailOutbox).values({ ...log, sentAt: new Date() }));
  return { transport: "smtp" };
}
