import "server-only";
import { msg } from "@/lib/i18n/message";
import type { HttpJobConfig } from "@/lib/jobs/catalog";
import { fetchOutbound, type OutboundResponse, PrivateAddressError } from "@/lib/net/fetch-outbound";
import { connectionFailure, hostOf, seconds } from "@/lib/net/outbound-error";
import { watchCancel } from "./cancel";
import { fill, masker } from "./placeholders";
import type { JobCall, JobOutcome } from "./types";

/** The response headers a run keeps (lower case, secrets masked): enough to tell what answered. */
const KEPT_HEADERS = ["content-type", "content-length", "location", "retry-after", "date", "server"];

/**
 * One attempt of an HTTP job, through the outbound guard (`fetchOutbound`: a private address is
 * refused at call time, on the literal URL and on every address its host resolves to, unless the
 * operator allows them). `{Name}` is URL-encoded in the URL, plain text in headers and body; a
 * header value that would carry a line break is refused. Redirects are not followed: a 3xx is the
 * answer (its `location` is kept), a success only when `expectStatus` names it. The body is read
 * up to `maxBytes`; the call ends at `min(config.timeoutMs, call.timeoutMs)` or on cancel.
 */
export async function callHttp(call: JobCall, config: HttpJobConfig): Promise<JobOutcome> {
  const mask = masker(call.secrets);
  const url = fill(config.url, call, encodeURIComponent);
  if (!URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol)) return failed(msg("jobs.call.http_bad_url"));
  const headers: Record<string, string> = {};
  for (const [name, template] of Object.entries(config.headers)) {
    const value = fill(template, call);
    if (/[\r\n]/.test(value)) return failed(msg("jobs.call.header_line_break", { name }));
    headers[name] = value;
  }
  const body = config.body ? fill(config.body, call) : undefined;
  const timeoutMs = Math.min(config.timeoutMs, call.timeoutMs);
  const aborter = new AbortController();
  let cancelled = false;
  const stopWatching = watchCancel(call.shouldCancel, () => {
    cancelled = true;
    aborter.abort();
  });
  let response: OutboundResponse;
  try {
    response = await fetchOutbound(url, {
      method: config.method,
      headers,
      body: config.method === "GET" || config.method === "HEAD" ? undefined : body,
      timeoutMs,
      maxBytes: config.maxBytes,
      signal: aborter.signal,
    });
  } catch (error) {
    if (cancelled) return { status: "cancelled", result: null, error: null };
    if ((error as Error).name === "TimeoutError")
      return { status: "timeout", result: null, error: msg("jobs.call.timed_out", { after: seconds(timeoutMs) }) };
    return failed(mask(refusal(error, url, mask)));
  } finally {
    stopWatching();
  }
  const kept: Record<string, string> = {};
  for (const name of KEPT_HEADERS) {
    const value = response.headers[name];
    if (value !== undefined) kept[name] = mask(Array.isArray(value) ? value.join(", ") : value);
  }
  const result = {
    status: response.status,
    headers: kept,
    body: mask(response.text),
    bytes: Buffer.byteLength(response.text),
    truncated: response.truncated,
  };
  const expected = config.expectStatus === null ? response.ok : response.status === config.expectStatus;
  if (expected) return { status: "success", result, error: null };
  return {
    status: "failed",
    result,
    error:
      config.expectStatus === null
        ? msg("jobs.call.http_not_2xx", { status: response.status })
        : msg("jobs.call.http_status", { status: response.status, expected: config.expectStatus }),
  };
}

/** Why the call could not be made, in plain words (never the error's own message: see outbound-error.ts). */
function refusal(error: unknown, url: string, mask: (text: string) => string): string {
  if (error instanceof PrivateAddressError)
    return msg("jobs.call.private_address", { address: error.address, named: error.literal ? "yes" : "no" });
  const code = (error as { code?: unknown } | null)?.code;
  if (code === "ERR_INVALID_CHAR" || code === "ERR_INVALID_HTTP_TOKEN") return msg("jobs.call.http_bad_header");
  if (typeof code !== "string") console.warn(`[jobs] an HTTP call failed: ${mask(String(error))}`);
  return msg("jobs.call.http_unreachable", { host: hostOf(url), reason: connectionFailure(error) });
}

function failed(error: string): JobOutcome {
  return { status: "failed", result: null, error };
}
