import "server-only";
import { randomUUID } from "node:crypto";
import { isIP } from "node:net";

/** A client's X-Request-Id is kept only in this shape; anything else gets a server-made id. */
export const TRACE_ID = /^[A-Za-z0-9._-]{8,64}$/;

export type RequestMeta = { ip: string | null; traceId: string };

type HeaderBag = { get(name: string): string | null };

/**
 * The client address and trace id of a request, for the audit trail and sign-in throttling.
 *
 * X-Forwarded-For is anyone's to write, so it is read only through `trustProxy` hops: with N
 * proxies in front, each appending the address it saw, the client is the N-th entry from the
 * right (N = 1: the last one). With none (the default) forwarded headers are ignored. Next.js
 * fills X-Forwarded-For with the socket's peer only when the client sent none (base-server's
 * `??=`), so without a trusted proxy the peer cannot be told from a forgery: the address is null.
 */
export function requestMetaOf(h: HeaderBag, trustProxy: number): RequestMeta {
  const requestId = h.get("x-request-id")?.trim();
  const traceId = requestId && TRACE_ID.test(requestId) ? requestId : randomUUID();
  return { ip: forwardedClient(h.get("x-forwarded-for"), trustProxy), traceId };
}

function forwardedClient(header: string | null, trustProxy: number): string | null {
  if (!header || trustProxy < 1) return null;
  const hops = header
    .split(",")
    .map((h) => h.trim())
    .filter(Boolean);
  if (hops.length === 0) return null;
  const candidate = hops[Math.max(0, hops.length - trustProxy)] as string;
  const bare = candidate.replace(/^\[([^\]]+)\](?::\d+)?$/, "$1").replace(/^(\d+\.\d+\.\d+\.\d+):\d+$/, "$1");
  return isIP(bare) ? bare : null;
}
