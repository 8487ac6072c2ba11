import "server-only";
import net from "node:net";
import nodemailer, { type Transporter } from "nodemailer";
import { mailOutbox } from "@/db/schema";
import { type Tx, withTenant } from "@/db/tenant";
import { env } from "@/env";
import { SmtpCircuit, unreachableError } from "./smtp-circuit";
import { SMTP_TIMEOUTS, smtpTransportUrl } from "./smtp-options";

/** One email. `messageId` (`<id@host>`) is its Message-ID header; without one nodemailer makes a random one. */
export type Mail = { to: string; subject: string; text: string; html: string; messageId?: string };

/** Whether mail stays in the outbox table (no SMTP configured): the dev Mail page shows it. */
export function mailKeptInOutbox(): boolean {
  return !env.SMTP_URL;
}

type SocketCallback = (error: Error | null, socket?: { connection: net.Socket } | false) => void;

/**
 * nodemailer's own sockets keep Nagle's algorithm on. SMTP is a chat of short commands, so with
 * the peer's delayed ACK every message then stalls ~40 ms (a pooled connection managed ~22 mails
 * a second). Its socket hook hands it our socket with TCP_NODELAY instead; nodemailer still does
 * STARTTLS on top of it.
 *
 * The hook never fails, and never waits: when `getSocket` calls back with an error, nodemailer's
 * pool (8.x, smtp-pool/pool-resource.js `connect`) hands the error to that one message but never
 * emits the resource's `error` or `close`, so the resource stays in the pool, busy, for good. The
 * old hook connected first and called back with the connect error: four refused connects filled
 * the 4-connection pool with dead slots and every later sendMail waited forever. So the socket is
 * handed over at once, still connecting, and the connection's own handlers (attached in this same
 * tick, before any I/O) see a refused or failed connect like any socket error: the resource ends
 * and leaves the pool.
 * Implicit TLS (smtps://) is nodemailer's own tls.connect, with `tls.noDelay` (smtpTransportUrl).
 */
function noDelaySocket(
  options: { host?: string; port?: number; secure?: boolean; connectionTimeout?: number },
  callback: SocketCallback,
) {
  if (options.secure) return callback(null, false);
  const connection = net.connect({
    host: options.host || "localhost",
    port: Number(options.port) || 587,
    noDelay: true,
  });
  // nodemailer clears its connection timer for a handed-over socket: this one stands in for it.
  const timer = setTimeout(() => {
    connection.destroy(Object.assign(new Error("SMTP connection timed out"), { code: "ETIMEDOUT" }));
  }, Number(options.connectionTimeout) || SMTP_TIMEOUTS.connectionTimeout);
  connection.once("connect", () => clearTimeout(timer));
  connection.once("close", () => clearTimeout(timer));
  callback(null, { connection });
}

/** `cutShort`: why the breaker closed this transport under the sends still queued on it. */
type Smtp = { url: string; transport: Transporter; sendTimeout: number; cutShort?: string };
const holder = globalThis as unknown as { __opsdeskSmtp?: Smtp; __opsdeskSmtpCircuit?: SmtpCircuit };
holder.__opsdeskSmtpCircuit ??= new SmtpCircuit();
const circuit = holder.__opsdeskSmtpCircuit;

/**
 * One SMTP transport per URL. Plain smtp:// upgrades with STARTTLS when the server offers it;
 * smtps:// is TLS from the start. Connections are pooled (notification bursts reuse a few
 * connections instead of one handshake per message) unless the URL says `?pool=false`.
 */
function smtp(url: string): Smtp {
  if (holder.__opsdeskSmtp?.url !== url) {
    const options = smtpTransportUrl(url);
    const transport = nodemailer.createTransport(options.url);
    (transport.transporter as unknown as { getSocket: typeof noDelaySocket }).getSocket = noDelaySocket;
    holder.__opsdeskSmtp = { url, transport, sendTimeout: options.sendTimeout };
  }
  return holder.__opsdeskSmtp;
}

/**
 * A send that outlived its deadline: whatever holds it (a server that stalls within every
 * per-call timeout, a pool in a state nodemailer does not recover from) must not hold the next
 * send too. The transport is closed, its connections torn down (a message on one of them fails
 * and is retried: delivery is at-least-once), and the next send builds a fresh one.
 */
function discard(smtp: Smtp) {
  if (holder.__opsdeskSmtp === smtp) holder.__opsdeskSmtp = undefined;
  smtp.transport.close();
  // The pool's close() leaves busy connections be; end them too (nodemailer 8 keeps them here).
  const pool = smtp.transport.transporter as unknown as { _connections?: { close(): void }[] };
  for (const connection of [...(pool._connections ?? [])]) {
    try {
      connection.close();
    } catch {
      // already closing
    }
  }
}

/** Sends through the transport, settled by the send's deadline at the latest; the Message-ID it went out with. */
async function sendWithDeadline(
  smtp: Smtp,
  message: Parameters<Transporter["sendMail"]>[0],
): Promise<string | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      discard(smtp);
      const seconds = smtp.sendTimeout / 1000;
      reject(Object.assign(new Error(`The SMTP send did not finish within ${seconds} s.`), { code: "ETIMEDOUT" }));
    }, smtp.sendTimeout);
  });
  const sending = smtp.transport.sendMail(message);
  sending.catch(() => {}); // after the deadline, its late failure is nobody's business
  try {
    const info = await Promise.race([sending, deadline]);
    return (info as { messageId?: string }).messageId;
  } finally {
    clearTimeout(timer);
  }
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
  let messageId: string | undefined;
  try {
    const refused = await circuit.admit();
    if (refused) throw unreachableError(refused);
    const transport = smtp(env.SMTP_URL);
    try {
      messageId = await sendWithDeadline(transport, { from: env.MAIL_FROM, ...mail });
      circuit.settle(null);
    } catch (error) {
      // The server is away: sends queued on this transport would each wait out their timeouts.
      // Fail them now (they are retried), saying why.
      if (transport.cutShort) throw unreachableError(transport.cutShort);
      if (circuit.settle(error)) {
        transport.cutShort = error instanceof Error ? error.message.slice(0, 200) : String(error);
        discard(transport);
      }
      throw error;
    }
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await logged({ ...log, messageId: mail.messageId, error: message.slice(0, 1000) });
    throw error;
  }
  await logged({ ...log, messageId: messageId ?? mail.messageId, sentAt: new Date() });
  return { transport: "smtp" };
}
