import "server-only";
import { createSafeActionClient } from "next-safe-action";
import { NotFoundError, SafeError } from "@/lib/errors";
import { DEFAULT_LOCALE } from "@/lib/i18n/locales";
import { requestLocale } from "@/lib/i18n/request-locale";
import { renderMessage } from "@/lib/i18n/translate";
import { currentUser, requestMeta, resolveMembership } from "@/lib/session";
import type { Actor } from "@/lib/tenants/actor";
import { type ReadableErrors, readableErrors, treeToIssues } from "@/lib/validation/readable-errors";

/**
 * What the browser learns of a failed action: a stable code, its message in the reader's language,
 * and the field it concerns. The REST API answers the same shape.
 */
export type ActionError = { code: string; message: string; field?: string };

/**
 * Validation errors as the browser gets them: every failing input named, down to nested fields
 * (lib/validation/readable-errors.ts). next-safe-action's own "flattened" shape keeps top-level
 * fields only, so a failing template option answered `{"formErrors":[],"fieldErrors":{}}`.
 */
async function shapeValidationErrors(tree: unknown, utils: { clientInput: unknown }): Promise<ReadableErrors> {
  return readableErrors(treeToIssues(tree), utils.clientInput, await requestLocale());
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
    async handleServerError(error): Promise<ActionError> {
      const locale = await requestLocale().catch(() => DEFAULT_LOCALE);
      if (error instanceof SafeError) return { code: error.code, message: error.render(locale), field: error.field };
      console.error("[action] unexpected error", error);
      return { code: "common.generic", message: renderMessage(locale, "common.generic") };
    },
  }),
);

/** Actions of a signed-in user (ctx.user), before any tenant is involved. */
export const authAction = readable(
  actionClient.use(async ({ next }) => {
    const user = await currentUser();
    if (!user) throw new SafeError("common.session_ended");
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
    if (!membership) throw new NotFoundError("tenant");
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
