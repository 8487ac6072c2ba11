import "server-only";
import { createSafeActionClient } from "next-safe-action";
import { NotFoundError, SafeError } from "@/lib/errors";
import { currentUser, requestMeta, resolveMembership } from "@/lib/session";
import type { Actor } from "@/lib/tenants/actor";
import { type ReadableErrors, readableErrors, treeToIssues } from "@/lib/validation/readable-errors";

/** What the browser learns of a failed action: a safe message, tied to a field when it concerns one. */
export type ActionError = { message: string; field?: string };

const GENERIC = "Something went wrong and nothing was changed. Please try again.";

/**
 * Validation errors as the browser gets them: every failing input named, down to nested fields
 * (lib/validation/readable-errors.ts). next-safe-action's own "flattened" shape keeps top-level
 * fields only, so a failing template option answered `{"formErrors":[],"fieldErrors":{}}`.
 */
async function shapeValidationErrors(tree: unknown, utils: { clientInput: unknown }): Promise<ReadableErrors> {
  return readableErrors(treeToIssues(tree), utils.clientInput);
}

/**
 * Makes `inputSchema` of a client shape validation errors readably unless the action gives its own
 * shaper (next-safe-action only takes a shaper per schema, not per client).
 */
function readable<C extends object>(client: C): C {
  const c = client as unknown as {
    inputSchema: (schema: unknown, utils?: { handleValidationErrorsShape?: unknown }) => unknown;
  };
  const original = c.inputSchema.bind(client);
  c.inputSchema = (schema, utils) =>
    original(schema, {
      ...utils,
      handleValidationErrorsShape: utils?.handleValidationErrorsShape ?? shapeValidationErrors,
    });
  return client;
}

/** Every server action goes through this client: only SafeError messages reach the user. */
export const actionClient = readable(
  createSafeActionClient<"flattened", ActionError>({
    defaultValidationErrorsShape: "flattened",
    handleServerError(error): ActionError {
      if (error instanceof SafeError) return { message: error.message, field: error.field };
      console.error("[action] unexpected error", error);
      return { message: GENERIC };
    },
  }),
);

/** Actions of a signed-in user (ctx.user), before any tenant is involved. */
export const authAction = readable(
  actionClient.use(async ({ next }) => {
    const user = await currentUser();
    if (!user) throw new SafeError("Your session has ended. Sign in again.");
    const meta = await requestMeta();
    return next({ ctx: { user, meta } });
  }),
);

/**
 * Actions inside a tenant. The input names the tenant by the route's slug (`tenant`); it is only a
 * selector: the membership of the session user is checked here, and ctx.actor carries the
 * tenant id and role from the database, never from the client.
 */
export const tenantAction = readable(
  authAction.use(async ({ next, ctx, clientInput }) => {
    const slug = (clientInput as { tenant?: unknown } | undefined)?.tenant;
    const membership = await resolveMembership(ctx.user.id, slug);
    if (!membership) throw new NotFoundError("That tenant");
    const actor: Actor = {
      tenantId: membership.id,
      userId: ctx.user.id,
      role: membership.role,
      permissions: membership.permissions,
      ...ctx.meta,
    };
    return next({ ctx: { ...ctx, actor, tenant: membership } });
  }),
);
