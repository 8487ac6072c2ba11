import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { PageHeader } from "@/components/ui/card";
import { listRoles } from "@/db/queries/tenancy";
import { withTenant } from "@/db/tenant";
import { BUILTIN_PERMISSIONS, can, GRANTABLE, isBuiltinRole, PERMISSIONS, type Permission } from "@/lib/permissions";
import { requireTenant } from "@/lib/session";
import { RolesClient } from "./page-client";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("members.roles"))("title") };
}

/** The key of a catalog group's name in `permissions.groups` ("Background runs" → "runs"). */
const GROUP_KEY: Record<string, string> = {
  "Work orders": "work_orders",
  Approvals: "approvals",
  Notifications: "notifications",
  "Background runs": "runs",
  Tenant: "tenant",
  Apps: "apps",
  Deploys: "deploys",
  Jobs: "jobs",
  Reports: "reports",
};

/** The tenant's roles: the built-in four (fixed) and custom ones admins make from the permission catalog. */
export default async function RolesPage({ params }: { params: Promise<{ tenant: string }> }) {
  const { tenant, actor } = await requireTenant((await params).tenant);
  const [t, p] = await Promise.all([getTranslations("members"), getTranslations("permissions")]);
  const roles = await withTenant(actor, (tx) => listRoles(tx));
  // The catalog in the reader's language (messages/<locale>/permissions.json), in the code's order.
  const word = (key: Permission) => key.replace(".", "_");
  const group = (g: string) => (GROUP_KEY[g] ? p(`groups.${GROUP_KEY[g]}`) : g);
  const catalog = GRANTABLE.map((key) => ({
    key,
    label: p(`labels.${word(key)}`),
    description: p(`descriptions.${word(key)}`),
    group: group(PERMISSIONS[key].group),
  }));
  return (
    <>
      <p className="mb-2 text-sm">
        <Link href={`/t/${tenant.slug}/members`} className="text-indigo-700 hover:underline">
          {t("roles.back")}
        </Link>
      </p>
      <PageHeader title={t("roles.title")} description={t("roles.description")} />
      <RolesClient
        tenant={tenant.slug}
        canManage={can(actor, "members.manage")}
        catalog={catalog}
        roles={roles.map((r) => ({
          ...r,
          // A built-in role is named in the reader's language; a custom one as its admin wrote it.
          label: isBuiltinRole(r.key) ? t(`builtin.${r.key.toLowerCase()}`) : r.name,
          // A built-in role's permissions are the code's (the grantable ones are listed).
          permissions: isBuiltinRole(r.key)
            ? BUILTIN_PERMISSIONS[r.key].filter((p) => GRANTABLE.includes(p))
            : r.permissions,
        }))}
      />
    </>
  );
}
