import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { z } from "zod";
import { PageHeader } from "@/components/ui/card";
import { PAGE_SIZE } from "@/db/queries/_keyset";
import { listInbox, unreadCount } from "@/db/queries/notifications";
import { withTenant } from "@/db/tenant";
import { cursorOf, olderHref, readParams, zBefore } from "@/lib/search-params";
import { requireTenant } from "@/lib/session";
import { InboxClient } from "./page-client";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("notifications"))("inbox.meta_title") };
}

const ZInboxParams = z.object({
  filter: z.enum(["unread"]).optional().catch(undefined),
  before: zBefore,
});

export default async function InboxPage({
  params,
  searchParams,
}: {
  params: Promise<{ tenant: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { tenant, actor, user } = await requireTenant((await params).tenant);
  const filter = readParams(ZInboxParams, await searchParams);
  const { rows, unread } = await withTenant(actor, async (tx) => ({
    rows: await listInbox(tx, user.id, { unreadOnly: filter.filter === "unread", before: filter.before }),
    unread: await unreadCount(tx, user.id),
  }));
  const t = await getTranslations("notifications");
  const base = `/t/${tenant.slug}/notifications`;
  const last = rows.length === PAGE_SIZE ? rows[rows.length - 1] : undefined;
  return (
    <>
      <PageHeader title={t("inbox.title")} description={t("inbox.description")} />
      <InboxClient
        tenant={tenant.slug}
        unreadOnly={filter.filter === "unread"}
        paged={Boolean(filter.before)}
        unread={unread}
        items={rows.map((n) => ({
          ...n,
          readAt: n.readAt?.toISOString() ?? null,
          createdAt: n.createdAt.toISOString(),
        }))}
        olderHref={last ? olderHref(base, { filter: filter.filter }, cursorOf(last.createdAt, last.id)) : null}
      />
    </>
  );
}
