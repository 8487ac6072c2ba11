import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/components/ui/card";
import { listRoles } from "@/db/queries/tenancy";
import { withTenant } from "@/db/tenant";
import { BUILTIN_PERMISSIONS, can, GRANTABLE, isBuiltinRole, PERMISSIONS } from "@/lib/permissions";
import { requireTenant } from "@/lib/session";
import { RolesClient } from "./page-client";

export const metadata: Metadata = { title: "Roles" };

/** The tenant's roles: the built-in four (fixed) and custom ones admins make from the permission catalog. */
export default async function RolesPage({ params }: { params: Promise<{ tenant: string }> }) {
  const { tenant, actor } = await requireTenant((await params).tenant);
  const roles = await withTenant(actor, (tx) => listRoles(tx));
  return (
    <>
      <p className="mb-2 text-sm">
        <Link href={`/t/${tenant.slug}/members`} className="text-indigo-700 hover:underline">
          ← Members
        </Link>
      </p>
      <PageHeader
        title="Roles"
        description="A role is a named set of permissions. The four built-in roles are fixed; custom roles hold exactly what you pick."
      />
      <RolesClient
        tenant={tenant.slug}
        canManage={can(actor, "members.manage")}
        catalog={GRANTABLE.map((key) => ({ key, ...PERMISSIONS[key] }))}
        roles={roles.map((r) => ({
          ...r,
          // A built-in role's permissions are the code's (the grantable ones are listed).
          permissions: isBuiltinRole(r.key)
            ? BUILTIN_PERMISSIONS[r.key].filter((p) => GRANTABLE.includes(p))
            : r.permissions,
        }))}
      />
    </>
  );
}
