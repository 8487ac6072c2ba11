import "server-only";
import net from "node:net";
import nodemailer, { type Transporter } from "nodemailer";
import { mailOutbox } from "@/db/schema";
import { type Tx, withTenant } from "@/db/tenant";
import { env } from "@/env";

export type Mail = { to: string; subject: string; text: string; html: string };

/** Whether mail stays in the outbox table (no SMTP configured): the dev Mail page shows it. */
export function mailKeptInOutbox(): boolean {
  return !env.SMTP_URL;
}

type SocketCallback = (error: Error | null, socket?: { connection: net.Socket }) => void;

/**
 * nodemailer's own sockets keep Nagle's algorithm on. SMTP is a chat of short commands, so with
 * the peer's delayed ACK every message then stalls ~40 ms (a pooled connection managed ~22 mails
 * a second). Its documented socket hook hands it a connected socket with TCP_NODELAY instead;
 * nodemailer still does STARTTLS / implicit TLS on top of it.
 */
function noDelaySocket(options: { host?: string; port?: number; secure?: boolean }, callback: SocketCallback) {
  const socket = net.connect({
    host: options.host || "localhost",
    port: Number(options.port) || (options.secure ? 465 : 587),
    noDelay: true,
    timeout: 30_000,
  });
  const fail = (error: Error) => {
    socket.destroy();
    callback(error);
  };
  const onTimeout = () => fail(Object.assign(new Error("SMTP connection timed out"), { code: "ETIMEDOUT" }));
  socket.once("error", fail);
  socket.once("timeout", onTimeout);
  socket.once("connect", () => {
    socket.removeListener("error", fail);
    socket.removeListener("timeout", onTimeout);
    socket.setTimeout(0);
    callback(null, { connection: socket });
  });
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
    const transport = nodemailer.createTransport(pooled.toString());
    (transport.transporter as unknown as { getSocket: typeof noDelaySocket }).getSocket = noDelaySocket;
    holder.__opsdeskSmtp = { url, transport };
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
      // The log row first, the caller's bookkeeping right behind it without waiting: on PostgreSQL
      // they leave in one write.
      const log = tx.insert(mailOutbox).values(values).execute();
      await Promise.all([log, values.error ? null : andThen?.(tx)]);
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
