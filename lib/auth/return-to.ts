/** The page signed-out readers are sent to after sign-in when no (acceptable) return path was asked for. */
export const DEFAULT_RETURN_TO = "/";

/** The query parameter of /login and /signup that carries the return path. */
export const NEXT_PARAM = "next";

/** The request header proxy.ts sets to the requested page's path and query. */
export const PATH_HEADER = "x-opsdesk-path";

const MAX_LENGTH = 2000;
const BASE = "http://opsdesk.invalid";

// Any control character (C0, DEL, C1) or a backslash: browsers strip tabs and newlines from URLs
// and read `\` as `/`, so either could turn a harmless-looking path into `//evil.example`.
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\\]/;

/**
 * `value` if it is a same-origin relative path (`/t/acme/work-orders/…?tab=log`), else null. It
 * must start with one `/` (not `//` or `/\`, which browsers read as another host), carry no
 * scheme, no control characters or backslashes, and neither may its percent-decoded path, so
 * `/%2F%2Fevil.example` is refused too. Pure: the sign-in and sign-up actions and the pages call it.
 */
export function safeReturnTo(value: unknown): string | null {
  if (typeof value !== "string" || value.length === 0 || value.length > MAX_LENGTH) return null;
  if (!value.startsWith("/") || value.startsWith("//") || UNSAFE.test(value)) return null;
  const pathEnd = value.search(/[?#]/);
  const path = pathEnd === -1 ? value : value.slice(0, pathEnd);
  let decoded: string;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    return null;
  }
  if (decoded.startsWith("//") || UNSAFE.test(decoded)) return null;
  // Whatever the checks above missed, the URL parser has the last word: still our origin.
  let url: URL;
  try {
    url = new URL(value, BASE);
  } catch {
    return null;
  }
  return url.origin === BASE ? value : null;
}

/** The page to land on after sign-in: the asked-for path when it is safe, else the default page. */
export function returnTo(value: unknown, fallback = DEFAULT_RETURN_TO): string {
  return safeReturnTo(value) ?? fallback;
}

/** `/login` (or `/signup`) that returns to `path` after sign-in; the bare page when `path` is the default or unsafe. */
export function loginHref(page: "/login" | "/signup", path: unknown, extra?: Record<string, string>): string {
  const params = new URLSearchParams(extra);
  const next = safeReturnTo(path);
  if (next && next !== DEFAULT_RETURN_TO) params.set(NEXT_PARAM, next);
  const q = params.toString();
  return q ? `${page}?${q}` : page;
}
