import "server-only";
/**
 * Timeouts of every SMTP send, in milliseconds: connecting, the server's greeting, inactivity on
 * an open connection (nodemailer's own options), and `sendTimeout`, the whole send from queueing
 * to the server's answer, after which the transport is closed and a fresh one serves the next
 * send. Each can be set in SMTP_URL's query (`?greetingTimeout=5000&sendTimeout=20000`).
 */
export const SMTP_TIMEOUTS = {
  connectionTimeout: 10_000,
  greetingTimeout: 10_000,
  socketTimeout: 20_000,
  sendTimeout: 30_000,
} as const;

/**
 * SMTP_URL as nodemailer gets it: pooled (up to 4 connections) unless the URL says `?pool=false`,
 * with the default timeouts filled in, TCP_NODELAY asked for on implicit TLS, and `sendTimeout`
 * taken out (it is ours, not nodemailer's).
 */
export function smtpTransportUrl(url: string): { url: string; sendTimeout: number } {
  const u = new URL(url);
  const q = u.searchParams;
  if (!q.has("pool")) q.set("pool", "true");
  if (!q.has("maxConnections")) q.set("maxConnections", "4");
  for (const key of ["connectionTimeout", "greetingTimeout", "socketTimeout"] as const) {
    if (!q.has(key)) q.set(key, String(SMTP_TIMEOUTS[key]));
  }
  // smtps:// connects with tls.connect, which takes socket.connect()'s noDelay.
  if (u.protocol === "smtps:" && !q.has("tls.noDelay")) q.set("tls.noDelay", "true");
  const sendTimeout = Number(q.get("sendTimeout")) || SMTP_TIMEOUTS.sendTimeout;
  q.delete("sendTimeout");
  return { url: u.toString(), sendTimeout };
}
