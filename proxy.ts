import { type NextRequest, NextResponse } from "next/server";
import { env } from "@/env";
import { PATH_HEADER } from "@/lib/auth/return-to";
import { BODY_LIMIT_BYTES, checkActionRequest, type Refusal } from "@/lib/http/check-action-request";
import { contentSecurityPolicy, securityHeaders } from "@/lib/http/security-headers";

/**
 * Next 16's middleware, on every request but static assets: a fresh CSP nonce per request (Next
 * reads it from the request's CSP header and puts it on its scripts), the security headers on
 * every answer, and hostile requests refused before the app sees them: bodies over the 1 MB cap
 * (413), server actions from another origin (403) or with a body React cannot decode (400).
 */
export async function proxy(request: NextRequest) {
  const https = env.APP_URL.startsWith("https:");
  const nonce = Buffer.from(crypto.randomUUID()).toString("base64");
  const csp = contentSecurityPolicy(nonce, { https, dev: process.env.NODE_ENV === "development" });
  const headers = securityHeaders(request.nextUrl.pathname, { https });

  const refusal = await refuse(request);
  let response: NextResponse;
  if (refusal) {
    response = new NextResponse(refusal.message, { status: refusal.status, headers: { "Content-Type": "text/plain" } });
  } else {
    const requestHeaders = new Headers(request.headers);
    requestHeaders.set("x-nonce", nonce);
    requestHeaders.set("Content-Security-Policy", csp);
    // The page asked for, so a signed-out reader's sign-in can return to it (requireUser); set here
    // always, so a client cannot supply its own.
    requestHeaders.set(PATH_HEADER, requestedPath(request));
    response = NextResponse.next({ request: { headers: requestHeaders } });
  }
  response.headers.set("Content-Security-Policy", csp);
  for (const [k, v] of Object.entries(headers)) response.headers.set(k, v);
  return response;
}

/** The request's path and query, without Next's own `_rsc` cache-busting parameter. */
function requestedPath(request: NextRequest): string {
  const params = new URLSearchParams(request.nextUrl.search);
  params.delete("_rsc");
  const q = params.toString();
  return q ? `${request.nextUrl.pathname}?${q}` : request.nextUrl.pathname;
}

async function refuse(request: NextRequest): Promise<Refusal | null> {
  if (request.method === "GET" || request.method === "HEAD" || request.method === "OPTIONS") return null;
  // A real Inngest server's calls carry step state the SDK caps itself; its route checks the JSON.
  if (request.nextUrl.pathname === "/api/inngest") return null;
  const length = Number(request.headers.get("content-length") ?? 0);
  if (length > BODY_LIMIT_BYTES) return { status: 413, message: "Request body over 1 MB." };
  if (request.method === "POST" && request.headers.has("next-action")) return checkActionRequest(request);
  return null;
}

export const config = {
  matcher: ["/((?!_next/static|_next/image|favicon.ico).*)"],
};
