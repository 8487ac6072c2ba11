import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";

export type ReceivedHook = {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** The body parsed as JSON (null when it is not JSON). */
  json: Record<string, unknown> | null;
};

export type WebhookServer = {
  /** Base URL, e.g. http://127.0.0.1:43121 (any path under it is accepted). */
  url: string;
  /** Every request received, in arrival order. */
  received: ReceivedHook[];
  /** The status it answers from now on (200 by default; e.g. 503 for a receiver that is down). */
  answerWith(status: number): void;
  close(): Promise<void>;
};

/**
 * A webhook receiver for a spec: an HTTP server on 127.0.0.1 (a free port) that answers 200 (or
 * what `answerWith` set) to everything and records each request, for the app to post its
 * notifications to.
 */
export async function startWebhookServer(): Promise<WebhookServer> {
  const received: ReceivedHook[] = [];
  let status = 200;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      let json: Record<string, unknown> | null = null;
      try {
        json = JSON.parse(body);
      } catch {
        json = null;
      }
      received.push({ method: req.method ?? "", path: req.url ?? "", headers: req.headers, body, json });
      res.writeHead(status, { "content-type": "application/json" });
      res.end(status < 300 ? '{"ok":true}' : '{"error":"down"}');
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    answerWith: (next) => {
      status = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * Checks an Opsdesk webhook signature as a receiver would: `x-opsdesk-signature` must be
 * `sha256=<hex HMAC-SHA256(secret, "<x-opsdesk-timestamp>.<raw body>")>`.
 */
export function signatureVerifies(hook: ReceivedHook, secret: string): boolean {
  const ts = hook.headers["x-opsdesk-timestamp"];
  const signature = hook.headers["x-opsdesk-signature"];
  if (typeof ts !== "string" || typeof signature !== "string") return false;
  const expected = `sha256=${createHmac("sha256", secret).update(`${ts}.${hook.body}`).digest("hex")}`;
  return expected.length === signature.length && timingSafeEqual(Buffer.from(expected), Buffer.from(signature));
}
