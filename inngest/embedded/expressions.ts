import "server-only";
import { parse } from "@marcbachmann/cel-js";

type Compiled = (ctx: Record<string, unknown>) => unknown;
const cache = new Map<string, Compiled>();

/** Compiles a CEL expression (Inngest's expression language); throws a readable error when invalid. */
export function compileExpression(expression: string): Compiled {
  let fn = cache.get(expression);
  if (!fn) {
    const parsed = parse(expression);
    fn = (ctx) => parsed(ctx);
    cache.set(expression, fn);
  }
  return fn;
}

/**
 * Evaluates a trigger/match expression. `event` is the triggering event (for waits and cancels the
 * run's own event), `async` the incoming one. A missing field or a type error means "no match",
 * as on the Inngest server.
 */
export function matches(expression: string | undefined | null, ctx: { event: unknown; async?: unknown }): boolean {
  if (!expression) return true;
  try {
    return compileExpression(expression)(ctx as Record<string, unknown>) === true;
  } catch {
    return false;
  }
}
