import { z } from "zod";
import { ROLES } from "@/lib/roles";

export const zEmail = z
  .string()
  .trim()
  .toLowerCase()
  .max(254, "Email must be at most 254 characters.")
  .pipe(z.email("Enter a valid email address."));

export const zPassword = z
  .string()
  .min(10, "Password must be at least 10 characters.")
  .max(200, "Password must be at most 200 characters.");

export const zName = z.string().trim().min(1, "Name is required.").max(100, "Name must be at most 100 characters.");

export const zTenantName = z
  .string()
  .trim()
  .min(2, "Tenant name must be at least 2 characters.")
  .max(80, "Tenant name must be at most 80 characters.");

export const zTenantSlug = z.string().regex(/^[a-z0-9][a-z0-9-]{1,47}$/, "Unknown tenant.");

export const zRole = z.enum(ROLES, { error: "Choose one of OWNER, ADMIN, MEMBER or VIEWER." });

/**
 * The idempotency key a create form makes when it renders and sends with every try of it: a
 * repeat returns the first result (lib/idempotency.ts). Optional: callers without a form create
 * every time.
 */
export const zIdempotencyKey = z.uuid("That form is out of date: reload the page.").optional();

/** Every tenant action names its tenant by the slug of the route; membership is checked. */
export const ZTenantInput = z.object({ tenant: zTenantSlug });

export const ZSignUp = z.object({
  name: zName,
  email: zEmail,
  password: zPassword,
  tenantName: zTenantName,
});
export type TSignUp = z.infer<typeof ZSignUp>;

export const ZSignIn = z.object({
  email: zEmail,
  password: z.string().min(1, "Enter your password.").max(200),
});

export const ZCreateTenant = z.object({ name: zTenantName, idempotencyKey: zIdempotencyKey });

export const ZAddMember = ZTenantInput.extend({
  email: zEmail,
  role: zRole.exclude(["OWNER"], { error: "Choose ADMIN, MEMBER or VIEWER (use Transfer ownership for OWNER)." }),
  idempotencyKey: zIdempotencyKey,
});

export const ZChangeRole = ZTenantInput.extend({
  userId: z.uuid("Unknown member."),
  role: zRole.exclude(["OWNER"], { error: "Choose ADMIN, MEMBER or VIEWER (use Transfer ownership for OWNER)." }),
});

export const ZMemberRef = ZTenantInput.extend({ userId: z.uuid("Unknown member.") });

export const ZAuditFilter = z.object({
  actor: z.uuid().optional().catch(undefined),
  action: z.string().max(100).optional().catch(undefined),
  from: z.iso.date().optional().catch(undefined),
  to: z.iso.date().optional().catch(undefined),
  before: z.coerce.number().int().positive().optional().catch(undefined),
});
export type TAuditFilter = z.infer<typeof ZAuditFilter>;

export const ZUpdateTenant = ZTenantInput.extend({
  name: zTenantName,
  timeZone: z
    .string()
    .trim()
    .refine((tz) => {
      try {
        new Intl.DateTimeFormat("en", { timeZone: tz });
        return true;
      } catch {
        return false;
      }
    }, "Unknown time zone (use an IANA name such as Europe/Berlin)."),
  approvalLinkTtlHours: z.coerce
    .number({ error: "Enter a number of hours." })
    .int("Enter a whole number of hours.")
    .min(1, "At least 1 hour.")
    .max(720, "At most 720 hours (30 days).")
    .optional(),
});
