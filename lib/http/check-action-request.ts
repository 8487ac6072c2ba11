import "server-only";
/** The one cap on request bodies (server actions, route handlers), in bytes: 1 MB. */
export const BODY_LIMIT_BYTES = 1024 * 1024;

export type Refusal = { status: 400 | 403 | 413; message: string };

/**
 * The strings React's reply decoder reads as something other than themselves (`decodeReply`,
 * react-server-dom `parseModelString`) that a browser sends in a plain-text action body: an
 * escaped "$" ("$$…"), undefined, the non-finite numbers, -0, a Date, a BigInt. Any other "$…" is
 * a reference to a part of a multipart body ("$1", "$Q1" a Map, "$@1" a promise, "$h" a server
 * reference…); a text body has no such part, and the decoder fails on it with a 500.
 */
const PLAIN_REPLY_STRING = /^\$(\$|undefined$|NaN$|Infinity$|-Infinity$|-0$|n-?\d{1,300}$|D.)/s;

function badReference(value: unknown, depth = 0): boolean {
  if (depth > 64) return true;
  if (typeof value === "string") return value.startsWith("$") && !(PLAIN_REPLY_STRING.test(value) && validDate(value));
  if (Array.isArray(value)) return value.some((v) => badReference(v, depth + 1));
  if (value && typeof value === "object") return Object.values(value).some((v) => badReference(v, depth + 1));
  return false;
}

function validDate(value: string): boolean {
  return !value.startsWith("$D") || !Number.isNaN(Date.parse(value.slice(2)));
}

/** The body, or null when it is longer than the cap (read no further than that). */
export async function readCapped(body: ReadableStream<Uint8Array> | null): Promise<string | null> {
  if (!body) return "";
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > BODY_LIMIT_BYTES) {
      await reader.cancel().catch(() => {});
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/**
 * Same origin as Next.js itself checks it for server actions: the browser's Origin names a host
 * the request was sent to (`X-Forwarded-Host` behind a proxy, or `Host`). Checked here first, so a
 * mismatch gets a 403 rather than Next's 500.
 */
export function sameOrigin(origin: string | null, hosts: (string | null | undefined)[]): boolean {
  if (!origin || origin === "null") return false;
  try {
    const { host } = new URL(origin);
    return hosts.some((h) => h === host);
  } catch {
    return false;
  }
}

/**
 * Why a server-action POST is refused before Next decodes it, or null: another origin (403), a
 * body over the cap (413), a plain-text body that is not a JSON argument list or holds references
 * a text body cannot resolve (400). Multipart bodies (forms, files) are only capped.
 */
export async function checkActionRequest(request: Request): Promise<Refusal | null> {
  const forwarded = request.headers.get("x-forwarded-host")?.split(",")[0]?.trim();
  if (!sameOrigin(request.headers.get("origin"), [forwarded, request.headers.get("host")]))
    return { status: 403, message: "Cross-origin server action refused." };
  const type = request.headers.get("content-type") ?? "";
  if (type.startsWith("multipart/form-data")) {
    const text = await readCapped(request.body);
    return text === null ? { status: 413, message: "Request body over 1 MB." } : null;
  }
  const text = await readCapped(request.body);
  if (text === null) return { status: 413, message: "Request body over 1 MB." };
  let args: unknown;
  try {
    args = JSON.parse(text);
  } catch {
    return { status: 400, message: "Malformed server action body." };
  }
  if (!Array.isArray(args) || badReference(args)) return { status: 400, message: "Malformed server action body." };
  return null;
}
