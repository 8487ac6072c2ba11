import { SectionTabs } from "@/components/ui/section-tabs";

const EVERYONE = [
  { slug: "", label: "Submit" },
  { slug: "mine", label: "My orders" },
  { slug: "approvals", label: "To approve" },
  { slug: "history", label: "History" },
];
const ADMIN = [
  { slug: "templates", label: "Templates" },
  { slug: "flows", label: "Approval flows" },
  { slug: "categories", label: "Categories" },
];

/** The work-order section's own tabs; admin pages are listed for owners and admins only. */
export function WorkOrdersNav({ tenant, admin }: { tenant: string; admin: boolean }) {
  return (
    <SectionTabs base={`/t/${tenant}/work-orders`} label="Work orders" everyone={EVERYONE} admin={admin ? ADMIN : []} />
  );
}
