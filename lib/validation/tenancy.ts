import { z } from "zod";
import { LOCALES } from "@/lib/i18n/locales";
import { msg } from "@/lib/i18n/message";
import { GRANTABLE, type Permission } from "@/lib/permissions";
import { ROLES } from "@/lib/roles";
import { zObject, zText } from "./text";

export const zEmail = z
  .string()
  .trim()
  .toLowerCase()
  .max(254, msg("auth.email_too_long"))
  .pipe(z.email(msg("auth.email_invalid")));

export const zPassword = z.string().min(10, msg("auth.password_too_short")).max(200, msg("auth.password_too_long"));

export const zName = zText({
  min: 1,
  max: 100,
  required: msg("auth.name_required"),
  tooLong: msg("auth.name_too_long"),
});

export const zTenantName = zText({
  min: 2,
  max: 80,
  tooShort: msg("auth.tenant_name_too_short"),
  tooLong: msg("auth.tenant_name_too_long"),
});

export const zTenantSlug = z.string().regex(/^[a-z0-9][a-z0-9-]{1,47}$/, msg("auth.unknown_tenant"));

/** The key of a custom role: lowercase letters, digits and -, from its name (tenant_roles_key_shape). */
export const CUSTOM_ROLE_KEY = /^[a-z][a-z0-9-]{0,39}$/;

/** A role by its key: a built-in one (OWNER, ADMIN, MEMBER, VIEWER) or one of the tenant's custom roles. */
export const zRole = z
  .string({ error: msg("auth.choose_role") })
  .max(40, msg("auth.choose_role"))
  .refine((r) => (ROLES as readonly string[]).includes(r) || CUSTOM_ROLE_KEY.test(r), {
    error: msg("auth.choose_any_role"),
  });

/**
 * The idempotency key a create form makes when it renders and sends with every try of it: a
 * repeat returns the first result (lib/idempotency.ts). Optional: callers without a form create
 * every time.
 */
export const zIdempotencyKey = z.uuid(msg("auth.form_out_of_date")).optional();

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
  password: z.string().min(1, msg("auth.password_required")).max(200, msg("auth.max_200")),
  idempotencyKey: zIdempotencyKey,
});

export const ZCreateTenant = zObject({ name: zTenantName, idempotencyKey: zIdempotencyKey });

/** A role a member can be given or invited with: any but OWNER (ownership is handed over, not granted). */
export const zGrantableRole = z
  .string({ error: msg("auth.choose_role") })
  .refine((r) => r !== "OWNER" && zRole.safeParse(r).success, {
    error: msg("auth.choose_grantable_role"),
  });

export const ZAddMember = ZTenantInput.extend({
  email: zEmail,
  role: zGrantableRole,
  idempotencyKey: zIdempotencyKey,
});

export const ZChangeRole = ZTenantInput.extend({
  userId: z.uuid(msg("auth.unknown_member")),
  role: zGrantableRole,
});

export const ZMemberRef = ZTenantInput.extend({ userId: z.uuid(msg("auth.unknown_member")) });

/** A custom role: a name, what it is for, and permissions from the catalog (its reserved names excluded). */
export const ZSaveRole = ZTenantInput.extend({
  /** Absent: a new role. */
  id: z.uuid(msg("auth.unknown_role")).optional(),
  name: zText({ min: 1, max: 40, required: msg("auth.name_the_role") }).refine((n) => /[A-Za-z0-9]/.test(n), {
    error: msg("auth.role_name_letter"),
  }),
  description: zText({ max: 200, multiline: true }).default(""),
  permissions: z
    .array(z.enum(GRANTABLE as [Permission, ...Permission[]], { error: msg("auth.choose_permissions") }))
    .max(GRANTABLE.length, msg("auth.choose_permissions"))
    .min(1, msg("auth.permission_required")),
});
export type TSaveRole = z.infer<typeof ZSaveRole>;

export const ZRoleRef = ZTenantInput.extend({ id: z.uuid(msg("auth.unknown_role")) });

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
  }, msg("auth.unknown_time_zone")),
  approvalLinkTtlHours: z.coerce
    .number({ error: msg("auth.enter_hours") })
    .int(msg("auth.whole_hours"))
    .min(1, msg("auth.min_hours"))
    .max(720, msg("auth.max_hours"))
    .optional(),
  /** The language of notifications to members without their own, and to channels. Absent: unchanged. */
  defaultLocale: z.enum(LOCALES, { error: msg("settings.unknown_locale") }).optional(),
});
