import { z } from "zod";
import { controlCharacterProblem } from "@/lib/validation/text";

/**
 * Search params of the list pages (GET forms, like the audit page); no server imports. Unknown or
 * malformed values are dropped rather than refused: a list page always renders. The keyset cursor
 * `before` is "<ISO time>_<uuid>" (`cursorOf`), read back into db/queries/_keyset.ts's `Cursor`.
 */
const first = (v: string | string[] | undefined) => {
  const one = (Array.isArray(v) ? v[0] : v) || undefined;
  // NUL and other control characters fit no filter; PostgreSQL would refuse the query over them.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: that is what is looked for
  return one !== undefined && /[\u0000-\u001f\u007f]/.test(one) ? undefined : one;
};

/** A real instant PostgreSQL can hold (it has no year 0). */
const storable = (at: Date) => !Number.isNaN(at.getTime()) && at.getUTCFullYear() >= 1;

const zCursor = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T[\d:.]+Z_[0-9a-f-]{36}$/i)
  .transform((s) => {
    const [at, id] = s.split("_") as [string, string];
    return { at: new Date(at), id };
  })
  .refine((c) => storable(c.at) && z.uuid().safeParse(c.id).success);

/** The `before` parameter of a keyset-paginated list: a cursor, or nothing when malformed. */
export const zBefore = zCursor.optional().catch(undefined);

/** A day of the calendar: 2026-02-30 or 2026-13-01 has the shape but is not one. */
const zDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine((day) => {
    const at = new Date(`${day}T00:00:00Z`);
    return storable(at) && at.toISOString().slice(0, 10) === day;
  });

/** A search box's text: trimmed, at most 100 characters, no control characters; dropped when empty or bad. */
export const zSearch = z
  .string()
  .trim()
  .max(100)
  .min(1)
  .refine((q) => controlCharacterProblem(q, false) === null)
  .optional()
  .catch(undefined);

export const ZHistoryParams = z.object({
  template: z.uuid().optional().catch(undefined),
  environment: z.uuid().optional().catch(undefined),
  status: z.enum(["queued", "running", "succeeded", "failed", "timed_out", "cancelled"]).optional().catch(undefined),
  requester: z.uuid().optional().catch(undefined),
  q: zSearch,
  from: zDay.optional().catch(undefined),
  to: zDay.optional().catch(undefined),
  before: zBefore,
});

export const ZOrdersParams = z.object({
  status: z.enum(["pending", "approved", "rejected", "withdrawn", "expired"]).optional().catch(undefined),
  q: zSearch,
  before: zBefore,
});

export const ZRunsParams = z.object({
  status: z
    .enum(["running", "sleeping", "waiting", "queued", "completed", "failed", "cancelled"])
    .optional()
    .catch(undefined),
  q: zSearch,
  before: z
    .string()
    .regex(/^[\w-]{1,64}$/)
    .optional()
    .catch(undefined),
});

export const ZAuditParams = z.object({
  actor: z.uuid().optional().catch(undefined),
  action: z
    .string()
    .regex(/^[\w.:-]{1,100}$/)
    .optional()
    .catch(undefined),
  q: zSearch,
  from: zDay.optional().catch(undefined),
  to: zDay.optional().catch(undefined),
  before: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional().catch(undefined),
});

export function readParams<S extends z.ZodType>(schema: S, raw: Record<string, string | string[] | undefined>) {
  return schema.parse(Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, first(v)]))) as z.infer<S>;
}

export const cursorOf = (at: Date, id: string) => `${at.toISOString()}_${id}`;

/** The URL of the next page: the same filters, plus the cursor. */
export function olderHref(base: string, filters: Record<string, string | undefined>, cursor: string) {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(filters)) if (v) params.set(k, v);
  params.set("before", cursor);
  return `${base}?${params}`;
}
