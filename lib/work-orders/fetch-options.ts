import "server-only";
import { SafeError } from "@/lib/errors";
import type { OptionalVariable } from "./types";

/**
 * The options of a variable. HTTP sources must answer JSON: an array of strings, or
 * `{ "options": [...] }`, within their timeout; anything else is a clear error naming the variable.
 */
export async function variableOptions(variable: OptionalVariable): Promise<string[]> {
  if (variable.source.type === "list") return variable.source.options;
  const { url, timeoutMs } = variable.source;
  const label = variable.label || variable.name;
  let response: Response;
  try {
    response = await fetch(url, {
      signal: AbortSignal.timeout(timeoutMs),
      redirect: "error",
      headers: { accept: "application/json" },
    });
  } catch (error) {
    const timedOut = (error as Error).name === "TimeoutError";
    throw new SafeError(
      timedOut
        ? `The options for "${label}" did not load within ${timeoutMs} ms. Try again, or tell an admin the source is slow.`
        : `The options for "${label}" could not be loaded (${(error as Error).message}).`,
      { field: `values.${variable.name}` },
    );
  }
  if (!response.ok) {
    throw new SafeError(`The options source for "${label}" answered HTTP ${response.status}.`, {
      field: `values.${variable.name}`,
    });
  }
  const text = await response.text();
  if (text.length > 1_000_000) throw new SafeError(`The options for "${label}" are too large (over 1 MB).`);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new SafeError(`The options source for "${label}" did not answer JSON.`, { field: `values.${variable.name}` });
  }
  const list = Array.isArray(body) ? body : (body as { options?: unknown })?.options;
  if (!Array.isArray(list) || !list.every((x) => typeof x === "string" || typeof x === "number")) {
    throw new SafeError(`The options source for "${label}" must answer a JSON list of strings.`, {
      field: `values.${variable.name}`,
    });
  }
  return list.map(String).slice(0, 1000);
}
