/**
 * The permission catalog and the one check, `can(actor, permission)` (no server imports: pages,
 * forms and domain operations share it, so the UI hides exactly what the server refuses).
 *
 * A permission is `resource.action`. A role is a named set of them: the four built-in roles below
 * (seeded in every tenant, neither editable nor deletable) and the tenant's custom roles (rows of
 * `tenant_roles`). Reserved permissions belong to features still to come; the built-in roles hold
 * them already, and the role editor does not offer them until they do something.
 */
import { type BuiltinRole, ROLES } from "./roles";

type Entry = { label: string; description: string; group: string; reserved?: true };

export const PERMISSIONS = {
  "work.submit": {
    group: "Work orders",
    label: "Submit work orders",
    description: "Submit orders from the templates their role may use, and withdraw their own.",
  },
  "work.execute": {
    group: "Work orders",
    label: "Execute approved orders",
    description: "Run approved orders of the templates their role may use, and cancel their own runs.",
  },
  "executions.all": {
    group: "Work orders",
    label: "See and cancel every execution",
    description: "Every member's executions and their output, not only their own.",
  },
  "approvals.manage": {
    group: "Approvals",
    label: "Manage others' approvals",
    description: "Add approvers to, or transfer, approvals that are not their own.",
  },
  "templates.manage": {
    group: "Work orders",
    label: "Manage templates",
    description: "Create and edit work-order templates, their commands and variables.",
  },
  "categories.manage": {
    group: "Work orders",
    label: "Manage categories",
    description: "Add and remove environments and purposes.",
  },
  "flows.manage": {
    group: "Approvals",
    label: "Manage approval flows",
    description: "Create and edit approval flows and their levels.",
  },
  "channels.manage": {
    group: "Notifications",
    label: "Manage notifications",
    description: "Channels, message templates, the delivery log and retries.",
  },
  "runs.read": {
    group: "Background runs",
    label: "See background runs",
    description: "The Runs pages: what ran in the background, when, and how it ended.",
  },
  "runs.rerun": {
    group: "Background runs",
    label: "Re-run background runs",
    description: "Start a failed or cancelled run again.",
  },
  "runs.debug": {
    group: "Background runs",
    label: "Debug background runs",
    description: "Stacks and raw payloads of runs (their event, output and step data).",
  },
  "audit.read": { group: "Tenant", label: "Read the audit log", description: "Every change, who made it and when." },
  "members.manage": {
    group: "Tenant",
    label: "Manage members and roles",
    description: "Invite and remove members, change their roles, and edit custom roles.",
  },
  "settings.manage": {
    group: "Tenant",
    label: "Manage tenant settings",
    description: "The tenant's name, time zone and approval-link lifetime.",
  },
  "apps.read": { group: "Apps", label: "See apps", description: "Apps and their environments.", reserved: true },
  "apps.manage": { group: "Apps", label: "Manage apps", description: "Register and edit apps.", reserved: true },
  "deploys.create": { group: "Deploys", label: "Deploy", description: "Start deploy tasks.", reserved: true },
  "deploys.approve": {
    group: "Deploys",
    label: "Approve deploys",
    description: "Approve deploys to protected environments.",
    reserved: true,
  },
  "jobs.read": { group: "Jobs", label: "See jobs", description: "Jobs, schedules and their runs." },
  "jobs.manage": {
    group: "Jobs",
    label: "Manage jobs",
    description: "Create and edit jobs, their schedules and the datasources SQL jobs query.",
  },
  "jobs.run": { group: "Jobs", label: "Run jobs", description: "Run a job now, and cancel a running run." },
  "reports.read": { group: "Reports", label: "Read reports", description: "Dashboards.", reserved: true },
  "reports.manage": {
    group: "Reports",
    label: "Manage reports",
    description: "Report subscriptions.",
    reserved: true,
  },
} as const satisfies Record<string, Entry>;

export type Permission = keyof typeof PERMISSIONS;
export const PERMISSION_KEYS = Object.keys(PERMISSIONS) as [Permission, ...Permission[]];
/** What the role editor offers: the catalog without its reserved names. */
export const GRANTABLE = PERMISSION_KEYS.filter((p) => !("reserved" in PERMISSIONS[p]));

const READ: Permission[] = ["runs.read", "apps.read", "jobs.read", "reports.read"];

/**
 * The built-in roles' permissions (fixed: they change with the code, not per tenant). Owners and
 * admins hold everything; what only the owner may do (hand over ownership) is not a permission.
 */
export const BUILTIN_PERMISSIONS: Record<BuiltinRole, readonly Permission[]> = {
  OWNER: PERMISSION_KEYS,
  ADMIN: PERMISSION_KEYS,
  MEMBER: ["work.submit", "work.execute", "deploys.create", "jobs.run", ...READ],
  VIEWER: READ,
};

export function isBuiltinRole(role: string): role is BuiltinRole {
  return (ROLES as readonly string[]).includes(role);
}

/**
 * Who acts: a role (a built-in one, or a custom role's key) and, for a custom role, its
 * permissions as loaded with the membership.
 */
export type Holder = { role: string; permissions?: readonly Permission[] };

/** The one permission check, for pages, forms, actions and API routes alike. */
export function can(actor: Holder, permission: Permission): boolean {
  const held = isBuiltinRole(actor.role) ? BUILTIN_PERMISSIONS[actor.role] : (actor.permissions ?? []);
  return held.includes(permission);
}

/** The message key of a permission's label (`messages/<locale>/permissions.json`): "runs.rerun" → "permissions.labels.runs_rerun". */
export function permissionLabelKey(permission: Permission): string {
  return `permissions.labels.${permission.replace(".", "_")}`;
}
