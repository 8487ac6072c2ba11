import { z } from "zod";
import { GRANTABLE, type Permission } from "@/lib/permissions";
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

/** The key of a custom role: lowercase letters, digits and -, from its name (tenant_roles_key_shape). */
export const CUSTOM_ROLE_KEY = /^[a-z][a-z0-9-]{0,39}$/;

/** A role by its key: a built-in one (OWNER, ADMIN, MEMBER, VIEWER) or one of the tenant's custom roles. */
export const zRole = z
  .string({ error: "Choose a role." })
  .max(40, "Choose a role.")
  .refine((r) => (ROLES as readonly string[]).includes(r) || CUSTOM_ROLE_KEY.test(r), {
    error: "Choose one of OWNER, ADMIN, MEMBER, VIEWER or one of the tenant's custom roles.",
  });

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

/** A role a member can be given or invited with: any but OWNER (ownership is handed over, not granted). */
export const zGrantableRole = z
  .string({ error: "Choose a role." })
  .refine((r) => r !== "OWNER" && zRole.safeParse(r).success, {
    error: "Choose ADMIN, MEMBER or VIEWER, or a custom role (use Transfer ownership for OWNER).",
  });

export const ZAddMember = ZTenantInput.extend({
  email: zEmail,
  role: zGrantableRole,
  idempotencyKey: zIdempotencyKey,
});

export const ZChangeRole = ZTenantInput.extend({
  userId: z.uuid("Unknown member."),
  role: zGrantableRole,
});

export const ZMemberRef = ZTenantInput.extend({ userId: z.uuid("Unknown member.") });

/** A custom role: a name, what it is for, and permissions from the catalog (its reserved names excluded). */
export const ZSaveRole = ZTenantInput.extend({
  /** Absent: a new role. */
  id: z.uuid("Unknown role.").optional(),
  name: zText({ min: 1, max: 40, required: "Name the role." }).refine((n) => /[A-Za-z0-9]/.test(n), {
    error: "Use at least one letter or digit in the name.",
  }),
  description: zText({ max: 200, multiline: true }).default(""),
  permissions: z
    .array(z.enum(GRANTABLE as [Permission, ...Permission[]], { error: "Choose permissions from the list." }))
    .max(GRANTABLE.length, "Choose permissions from the list.")
    .min(1, "Give the role at least one permission."),
});
export type TSaveRole = z.infer<typeof ZSaveRole>;

export const ZRoleRef = ZTenantInput.extend({ id: z.uuid("Unknown role.") });

export const ZAuditFilter = z.object({
  actor: z.uuid().optional().catch(undefined),
  action: z.string().max(100).optional().catch(undefined),
  /** Searches who acted and what was changed (names, order numbers and titles). */
  q: z.string().max(100).optional().catch(undefined),
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
