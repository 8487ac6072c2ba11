import "server-only";

/** The part of the Standard Schema interface (zod 4, valibot, …) the executor uses. */
type StandardResult = {
  issues?: ReadonlyArray<{ message: string; path?: ReadonlyArray<PropertyKey | { key: PropertyKey }> }>;
};
type StandardSchemaV1 = { "~standard": { validate(value: unknown): StandardResult | Promise<StandardResult> } };

/** Event name → the standard schemas (zod 4 …) its payload must satisfy. */
export type EventSchemas = Map<string, StandardSchemaV1[]>;

type MaybeEventType = { name?: unknown; schema?: unknown };

function asEventType(value: unknown): { name: string; schema: StandardSchemaV1 } | null {
  const v = value as MaybeEventType | null;
  if (!v || typeof v !== "object" || typeof v.name !== "string") return null;
  const schema = v.schema as StandardSchemaV1 | undefined;
  if (!schema || typeof schema !== "object" || !("~standard" in schema)) return null;
  return { name: v.name, schema };
}

/**
 * Collects payload schemas from `eventType(...)` definitions and from the triggers of functions
 * (`triggers: [{ event: someEventType }]`), so the executor rejects an invalid payload at
 * `inngest.send()` — even one sent as a plain object — before anything is stored or started.
 */
export function collectEventSchemas(sources: unknown[]): EventSchemas {
  const out: EventSchemas = new Map();
  const add = (candidate: unknown) => {
    const et = asEventType(candidate);
    if (!et) return;
    const list = out.get(et.name) ?? [];
    if (!list.includes(et.schema)) list.push(et.schema);
    out.set(et.name, list);
  };
  for (const source of sources) {
    add(source);
    const triggers = (source as { opts?: { triggers?: unknown } } | null)?.opts?.triggers;
    for (const t of Array.isArray(triggers) ? triggers : triggers ? [triggers] : []) {
      add(t);
      add((t as { event?: unknown } | null)?.event);
    }
  }
  return out;
}

/** Returns one readable line per invalid event (empty when all are valid). */
export async function validateEventPayloads(
  events: Array<Record<string, unknown>>,
  schemas: EventSchemas,
): Promise<string[]> {
  const problems: string[] = [];
  for (const [index, event] of events.entries()) {
    if (!event || typeof event !== "object" || typeof event.name !== "string" || !event.name) {
      problems.push(`event #${index + 1} has no name`);
      continue;
    }
    const list = schemas.get(event.name);
    if (!list?.length) continue;
    // Several schemas for one name (distinct triggers): valid when any accepts it.
    let issues: string[] | null = null;
    for (const schema of list) {
      const result = await schema["~standard"].validate(event.data ?? {});
      if (!result.issues) {
        issues = null;
        break;
      }
      issues = result.issues.map((i) => {
        const p = (i.path ?? []).map((s) =>
          typeof s === "object" && s !== null ? String((s as { key: unknown }).key) : String(s),
        );
        return p.length ? `data.${p.join(".")}: ${i.message}` : `data: ${i.message}`;
      });
    }
    if (issues) problems.push(`event "${event.name}" rejected by its schema: ${issues.join(", ")}`);
  }
  return problems;
}
