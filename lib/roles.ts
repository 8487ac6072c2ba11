/** Tenant roles, strongest first. Shared by the schema, validation and UI (no server imports). */
export const ROLES = ["OWNER", "ADMIN", "MEMBER", "VIEWER"] as const;
export type Role = (typeof ROLES)[number];

const RANK: Record<Role, number> = { OWNER: 4, ADMIN: 3, MEMBER: 2, VIEWER: 1 };

export type Permission =
  | "tenant.manage" // rename, settings
  | "members.manage" // add, change role, remove (not the owner)
  | "audit.read"
  | "work.submit" // submit work orders and similar everyday writes
  | "executions.all" // see every member's executions and their output, not only one's own
  | "runs.debug" // a background run's stacks and raw payloads (its event, output, step data)
  | "read";

const MIN_ROLE: Record<Permission, Role> = {
  "tenant.manage": "ADMIN",
  "members.manage": "ADMIN",
  "audit.read": "ADMIN",
  "work.submit": "MEMBER",
  "executions.all": "ADMIN",
  "runs.debug": "ADMIN",
  read: "VIEWER",
};

export function can(role: Role, permission: Permission): boolean {
  return RANK[role] >= RANK[MIN_ROLE[permission]];
}

export const ROLE_LABEL: Record<Role, string> = {
  OWNER: "Owner",
  ADMIN: "Admin",
  MEMBER: "Member",
  VIEWER: "Viewer",
};
