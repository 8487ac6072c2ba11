import { notFound } from "next/navigation";
import { SECTIONS } from "@/components/shell/nav";
import { PageHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { requireTenant } from "@/lib/session";

/** Sections of the product that are not built yet say so plainly; anything else is a 404. */
export default async function SectionPage({ params }: { params: Promise<{ tenant: string; section: string }> }) {
  const { tenant, section } = await params;
  await requireTenant(tenant);
  const s = SECTIONS.find((x) => x.slug === section && !x.ready);
  if (!s) notFound();
  return (
    <>
      <PageHeader title={s.label} description={"blurb" in s ? s.blurb : undefined} />
      <EmptyState title={`${s.label} is not built yet`}>
        This section is on the roadmap. Members, the audit log and settings work today.
      </EmptyState>
    </>
  );
}
