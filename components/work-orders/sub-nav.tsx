import { SectionTabs } from "@/components/ui/section-tabs";
import { can, type Holder, type Permission } from "@/lib/permissions";

const EVERYONE = [
  { slug: "", label: "Submit" },
  { slug: "mine", label: "My orders" },
  { slug: "history", label: "History" },
];
const MANAGED: { slug: string; label: string; permission: Permission }[] = [
  { slug: "templates", label: "Templates", permission: "templates.manage" },
  { slug: "categories", label: "Categories", permission: "categories.manage" },
];

/**
 * The work-order section's own tabs; each managing page is listed for those who may manage it.
 * The approval inbox and flows have their own section (components/approvals/sub-nav.tsx).
 */
export function WorkOrdersNav({ tenant, actor }: { tenant: string; actor: Holder }) {
  const managed = MANAGED.filter((m) => can(actor, m.permission));
  return <SectionTabs base={`/t/${tenant}/work-orders`} label="Work orders" everyone={EVERYONE} admin={managed} />;
}
