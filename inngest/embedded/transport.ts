import "server-only";
import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

/**
 * The in-process wire between the SDK and the embedded executor. The SDK client is given a custom
 * `fetch` that answers `POST {base}/e/{key}` (send) and `POST {base}/fn/register` (sync) by calling
 * the executor directly — no sockets. The executor calls the functions through an in-process
 * comm handler (comm.ts). The `/api/inngest` route's `serve()` handler has the client in "cloud"
 * mode with a local signing key, so it rejects anything unsigned: no way in for strangers.
 */
export const EMBEDDED_BASE_URL = "http://inngest.embedded.invalid/";

export type EmbeddedServer = {
  /** `POST /e/:key`: events from `inngest.send()` / `step.sendEvent()`. */
  receiveEvents(key: string, body: unknown): Promise<{ status: number; body: unknown }>;
  /** `POST /fn/register`: a sync from the serve handler. */
  register(authorization: string | null, body: unknown): Promise<{ status: number; body: unknown }>;
};

/** Routes a client's fetch calls to whichever executor is attached (it can be swapped: restarts, tests). */
export type Transport = {
  server: EmbeddedServer | null;
  fetch: typeof fetch;
};

export function createTransport(): Transport {
  const transport: Transport = {
    server: null,
    fetch: (async (input: RequestInfo | URL, init?: RequestInit) => {
      const url = new URL(typeof input === "string" ? input : input instanceof URL ? input.href : input.url);
      if (url.origin !== new URL(EMBEDDED_BASE_URL).origin) {
        return globalThis.fetch(input, init);
      }
      const server = transport.server;
      if (!server) return json(503, { error: "The embedded Inngest executor is not running", status: 503 });
      const raw = typeof init?.body === "string" ? init.body : init?.body ? await new Response(init.body).text() : "";
      let body: unknown;
      try {
        body = raw ? JSON.parse(raw) : null;
      } catch {
        return json(400, { error: "Body is not JSON", status: 400 });
      }
      const headers = new Headers(init?.headers);
      const eventMatch = url.pathname.match(/^\/e\/([^/]+)$/);
      if (init?.method === "POST" && eventMatch) {
        const res = await server.receiveEvents(decodeURIComponent(eventMatch[1] as string), body);
        return json(res.status, res.body);
      }
      if (init?.method === "POST" && url.pathname === "/fn/register") {
        const res = await server.register(headers.get("authorization"), body);
        return json(res.status, res.body);
      }
      return json(404, {
        error: `The embedded executor does not implement ${init?.method ?? "GET"} ${url.pathname}`,
        status: 404,
      });
    }) as typeof fetch,
  };
  return transport;
}

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });
}

export type LocalKeys = { signingKey: string; eventKey: string };

/** Random local keys (tests, in-memory data dirs). */
export function randomKeys(): LocalKeys {
  return {
    signingKey: `signkey-local-${randomBytes(32).toString("hex")}`,
    eventKey: `local-${randomBytes(16).toString("hex")}`,
  };
}

/** Keys kept in the data dir (generated on first start), so they survive restarts. */
export function dataDirKeys(dataDir: string): LocalKeys {
  if (dataDir === "memory://") return randomKeys();
  const file = path.resolve(dataDir, "inngest-embedded-keys.json");
  try {
    const parsed = JSON.parse(fs.readFileSync(file, "utf8")) as LocalKeys;
    if (parsed.signingKey && parsed.eventKey) return parsed;
  } catch {}
  const keys = randomKeys();
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(keys), { mode: 0o600 });
  return keys;
}

/** Client options that point an `Inngest` client at an embedded executor through `transport`. */
export function embeddedClientOptions(transport: Transport, keys: LocalKeys) {
  return {
    isDev: false,
    baseUrl: EMBEDDED_BASE_URL,
    eventKey: keys.eventKey,
    signingKey: keys.signingKey,
    fetch: transport.fetch,
  } as const;
}

/** The bearer token the serve handler sends on sync: sha256 of the key's hex bytes, prefix kept. */
export function hashedSigningKey(signingKey: string): string {
  const prefix = signingKey.match(/^signkey-[\w]+-/)?.[0] ?? "";
  const key = signingKey.replace(/^signkey-[\w]+-/, "");
  return `${prefix}${createHash("sha256").update(Buffer.from(key, "hex")).digest("hex")}`;
}
