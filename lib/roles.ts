/** Tenant roles (no server imports): the built-in ones, strongest first, and how roles are named. */
export const ROLES = ["OWNER", "ADMIN", "MEMBER", "VIEWER"] as const;
export type BuiltinRole = (typeof ROLES)[number];
/** A member's role: a built-in role, or the key of one of the tenant's custom roles. */
export type Role = BuiltinRole | (string & {});

export const ROLE_LABEL: Record<BuiltinRole, string> = {
  OWNER: "Owner",
  ADMIN: "Admin",
  MEMBER: "Member",
  VIEWER: "Viewer",
};

/** A role as the tenant lists it: built-in or custom (`tenant_roles`). */
export type RoleOption = { key: string; name: string; builtin: boolean };

/** The role's name: a built-in's label, a custom role's name from `roles`, else its key. */
export function roleName(role: string, roles: readonly RoleOption[] = []): string {
  return (ROLE_LABEL as Record<string, string>)[role] ?? roles.find((r) => r.key === role)?.name ?? role;
}

/** The role as a sentence names it: "as member", "as Release manager". */
export function roleInSentence(role: string, roles: readonly RoleOption[] = []): string {
  const builtin = (ROLE_LABEL as Record<string, string>)[role];
  return builtin ? builtin.toLowerCase() : roleName(role, roles);
}
