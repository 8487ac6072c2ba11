import { SectionTabs } from "@/components/ui/section-tabs";
import { can, type Holder } from "@/lib/permissions";

const EVERYONE = [{ slug: "", label: "To approve" }];

/** The approvals section's own tabs: the inbox for everyone, the flows for those who manage them. */
export function ApprovalsNav({ tenant, actor }: { tenant: string; actor: Holder }) {
  const managed = can(actor, "flows.manage") ? [{ slug: "flows", label: "Approval flows" }] : [];
  return <SectionTabs base={`/t/${tenant}/approvals`} label="Approvals" everyone={EVERYONE} admin={managed} />;
}
