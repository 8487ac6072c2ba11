import { z } from "zod";
import { ROLES } from "@/lib/roles";
import { zObject, zText } from "./text";

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

export const zName = zText({
  min: 1,
  max: 100,
  required: "Name is required.",
  tooLong: "Name must be at most 100 characters.",
});

export const zTenantName = zText({
  min: 2,
  max: 80,
  tooShort: "Tenant name must be at least 2 characters.",
  tooLong: "Tenant name must be at most 80 characters.",
});

export const zTenantSlug = z.string().regex(/^[a-z0-9][a-z0-9-]{1,47}$/, "Unknown tenant.");

export const zRole = z.enum(ROLES, { error: "Choose one of OWNER, ADMIN, MEMBER or VIEWER." });

/**
 * The idempotency key a create form makes when it renders and sends with every try of it: a
 * repeat returns the first result (lib/idempotency.ts). Optional: callers without a form create
 * every time.
 */
export const zIdempotencyKey = z.uuid("That form is out of date: reload the page.").optional();

/**
 * Every tenant action names its tenant by the slug of the route; membership is checked. Objects
 * from the client are strict (an unknown key is refused by name) and every form may send its
 * idempotency key (useActionForm always does; creates use it, the others ignore it).
 */
export const ZTenantInput = zObject({ tenant: zTenantSlug, idempotencyKey: zIdempotencyKey });

export const ZSignUp = zObject({
  name: zName,
  email: zEmail,
  password: zPassword,
  tenantName: zTenantName,
  idempotencyKey: zIdempotencyKey,
});
export type TSignUp = z.infer<typeof ZSignUp>;

export const ZSignIn = zObject({
  email: zEmail,
  password: z.string().min(1, "Enter your password.").max(200, "At most 200 characters."),
  idempotencyKey: zIdempotencyKey,
});

export const ZCreateTenant = zObject({ name: zTenantName, idempotencyKey: zIdempotencyKey });

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
  timeZone: zText({ max: 100 }).refine((tz) => {
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
