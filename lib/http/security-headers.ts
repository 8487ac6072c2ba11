import "server-only";
/**
 * The security headers of every answer (pages, API routes, refusals), set by proxy.ts. The CSP is
 * nonce-based as Next.js documents it: scripts run only with this request's nonce (Next puts it on
 * its own scripts) or when loaded by one ('strict-dynamic'). Styles allow 'unsafe-inline': sonner
 * injects its stylesheet at runtime and React renders `style` attributes, neither can carry a
 * nonce; a style cannot run code. Nothing may frame the app, least of all the emailed approval
 * pages (a framed Approve button is a clickjacking target).
 */
export function contentSecurityPolicy(nonce: string, opts: { https: boolean; dev: boolean }): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${opts.dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' blob: data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(opts.https ? ["upgrade-insecure-requests"] : []),
  ].join("; ");
}

/**
 * The headers besides the CSP. An approval page's URL carries its token, so it sends no referrer
 * at all; everything else sends the origin only across origins.
 */
export function securityHeaders(pathname: string, opts: { https: boolean }): Record<string, string> {
  return {
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": pathname.startsWith("/approve/") ? "no-referrer" : "strict-origin-when-cross-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()",
    "Cross-Origin-Opener-Policy": "same-origin",
    ...(opts.https ? { "Strict-Transport-Security": "max-age=31536000; includeSubDomains" } : {}),
  };
}
