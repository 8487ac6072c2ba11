import "server-only";
/**
 * A node's output (JSON, read downstream as `{nodes.<id>.output.<path>}`) from what its call
 * answered: a shell's last stdout line when it parses as JSON (else null); an HTTP body when it is
 * JSON (else `{ status, body }`); an SQL result's rows as objects by column. Pure.
 */
import type { JobType } from "@/lib/jobs/catalog";

function parsedJson(text: string | null | undefined): { ok: true; value: unknown } | { ok: false } {
  if (typeof text !== "string" || text.trim() === "") return { ok: false };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

export function outputOf(type: JobType, result: unknown, lastStdout: string | null): unknown {
  if (type === "shell") {
    const json = parsedJson(lastStdout);
    return json.ok ? json.value : null;
  }
  if (!result || typeof result !== "object") return null;
  if (type === "http") {
    const r = result as { status: number; body: string };
    const json = parsedJson(r.body);
    return json.ok ? json.value : { status: r.status, body: r.body };
  }
  const r = result as { columns?: string[]; rows?: unknown[][] };
  const columns = r.columns ?? [];
  return { rows: (r.rows ?? []).map((row) => Object.fromEntries(columns.map((c, i) => [c, row[i] ?? null]))) };
}
