import "server-only";
import { createSafeActionClient } from "next-safe-action";
import { NotFoundError, SafeError } from "@/lib/errors";
import { currentUser, requestMeta, resolveMembership } from "@/lib/session";
import type { Actor } from "@/lib/tenants/actor";

/** What the browser learns of a failed action: a safe message, tied to a field when it concerns one. */
export type ActionError = { message: string; field?: string };

const GENERIC = "Something went wrong and nothing was changed. Please try again.";

/** Every server action goes through this client: only SafeError messages reach the user. */
export const actionClient = createSafeActionClient<"flattened", ActionError>({
  defaultValidationErrorsShape: "flattened",
  handleServerError(error): ActionError {
    if (error instanceof SafeError) return { message: error.message, field: error.field };
    console.error("[action] unexpected error", error);
    return { message: GENERIC };
  },
});

/** Actions of a signed-in user (ctx.user), before any tenant is involved. */
export const authAction = actionClient.use(async ({ next }) => {
  const user = await currentUser();
  if (!user) throw new SafeError("Your session has ended. Sign in again.");
  const meta = await requestMeta();
  return next({ ctx: { user, meta } });
});

/**
 * Actions inside a tenant. The input names the tenant by the route's slug (`tenant`); it is only a
 * selector: the membership of the session user is checked here, and ctx.actor carries the
 * tenant id and role from the database, never from the client.
 */
export const tenantAction = authAction.use(async ({ next, ctx, clientInput }) => {
  const slug = (clientInput as { tenant?: unknown } | undefined)?.tenant;
  const membership = await resolveMembership(ctx.user.id, slug);
  if (!membership) throw new NotFoundError("That tenant");
  const actor: Actor = { tenantId: membership.id, userId: ctx.user.id, role: membership.role, ...ctx.meta };
  return next({ ctx: { ...ctx, actor, tenant: membership } });
});
