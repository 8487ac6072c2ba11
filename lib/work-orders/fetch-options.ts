import "server-only";
import { SafeError } from "@/lib/errors";
import { fetchOutbound, type OutboundResponse, PrivateAddressError } from "@/lib/net/fetch-outbound";
import { connectionFailure, hostOf } from "@/lib/net/outbound-error";
import type { OptionalVariable } from "./types";

const MAX_BYTES = 1_000_000;

/**
 * The options of a variable. HTTP sources must answer JSON: an array of strings, or
 * `{ "options": [...] }`, within their timeout; anything else is a clear error naming the variable.
 * Redirects are not followed, and a source on a private network is refused (see fetchOutbound)
 * unless the operator allows those.
 */
export async function variableOptions(variable: OptionalVariable): Promise<string[]> {
  if (variable.source.type === "list") return variable.source.options;
  const { url, timeoutMs } = variable.source;
  const label = variable.label || variable.name;
  let response: OutboundResponse;
  try {
    response = await fetchOutbound(url, {
      timeoutMs,
      maxBytes: MAX_BYTES,
      headers: { accept: "application/json" },
    });
  } catch (error) {
    const timedOut = (error as Error).name === "TimeoutError";
    if (!timedOut && !(error instanceof PrivateAddressError)) {
      console.warn(`[work-orders] options of "${label}" not loaded`, error);
    }
    const field = `values.${variable.name}`;
    if (timedOut) throw new SafeError("work-orders.options_slow", { params: { label, ms: timeoutMs }, field });
    if (error instanceof PrivateAddressError)
      throw new SafeError("work-orders.options_private", {
        params: { label, address: error.address, named: error.literal ? "yes" : "no" },
        field,
      });
    throw new SafeError("work-orders.options_unreachable", {
      params: { label, host: hostOf(url), reason: connectionFailure(error) },
      field,
    });
  }
  if (!response.ok) {
    throw new SafeError("work-orders.options_http", {
      params: { label, status: response.status },
      field: `values.${variable.name}`,
    });
  }
  if (response.truncated) {
    throw new SafeError("work-orders.options_too_large", { params: { label }, field: `values.${variable.name}` });
  }
  const text = response.text;
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new SafeError("work-orders.options_not_json", { params: { label }, field: `values.${variable.name}` });
  }
  const list = Array.isArray(body) ? body : (body as { options?: unknown })?.options;
  if (!Array.isArray(list) || !list.every((x) => typeof x === "string" || typeof x === "number")) {
    throw new SafeError("work-orders.options_not_list", { params: { label }, field: `values.${variable.name}` });
  }
  return list.map(String).slice(0, 1000);
}
