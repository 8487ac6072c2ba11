"use client";

import Link from "next/link";
import { useLocale, useTranslations } from "next-intl";
import { type ReactNode, useState } from "react";
import { toast } from "sonner";
import { appHref, type InboxEntry, notificationsChanged } from "@/components/notifications/bell";
import { toastFailure as failed } from "@/components/ui/action-toast";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { EmptyState } from "@/components/ui/empty-state";
import { OlderLink } from "@/components/ui/pagination";
import { useTimeZone } from "@/components/ui/time-zone";
import { dateTime, relative } from "@/lib/format";
import { markReadAction } from "./actions";

/** The member's in-app notifications: filter, mark read (one or all), follow the link. */
export function InboxClient({
  tenant,
  unreadOnly,
  paged,
  unread,
  items,
  olderHref,
}: {
  tenant: string;
  unreadOnly: boolean;
  paged: boolean;
  unread: number;
  items: InboxEntry[];
  olderHref: string | null;
}) {
  const base = `/t/${tenant}/notifications`;
  const timeZone = useTimeZone();
  const t = useTranslations("notifications.inbox");
  const locale = useLocale();
  const link = (href: string) => (chunks: ReactNode) => (
    <Link href={href} className="text-indigo-600 hover:underline">
      {chunks}
    </Link>
  );
  const [busy, setBusy] = useState<string | null>(null);

  const markRead = async (id?: string) => {
    setBusy(id ?? "all");
    try {
      const result = await markReadAction({ tenant, id });
      if (failed(result)) return;
      if (!id) {
        const n = result?.data?.changed ?? 0;
        toast.success(n ? t("marked_read", { count: n }) : t("all_read_already"));
      }
      notificationsChanged();
    } finally {
      setBusy(null);
    }
  };

  const filterLink = (label: string, href: string, active: boolean) => (
    <Link
      href={href}
      aria-current={active ? "page" : undefined}
      className={cn(
        "rounded-md px-3 py-1.5 text-sm",
        active ? "bg-white font-medium text-zinc-900 shadow-xs" : "text-zinc-600 hover:text-zinc-900",
      )}
    >
      {label}
    </Link>
  );

  return (
    <>
      <div className="mb-4 flex flex-wrap items-center justify-between gap-3">
        <nav aria-label={t("filter_label")} className="flex gap-1 rounded-lg bg-zinc-100 p-1">
          {filterLink(t("all"), base, !unreadOnly)}
          {filterLink(unread ? t("unread_count", { count: unread }) : t("unread"), `${base}?filter=unread`, unreadOnly)}
        </nav>
        <Button
          variant="secondary"
          size="sm"
          disabled={unread === 0}
          pending={busy === "all"}
          onClick={() => void markRead()}
        >
          {t("mark_all_read")}
        </Button>
      </div>
      {items.length === 0 ? (
        <EmptyState title={unreadOnly ? t("empty_unread") : paged ? t("empty_older") : t("empty")}>
          {unreadOnly
            ? t.rich("caught_up", { link: link(base) })
            : t.rich("empty_body", { link: link(`${base}/preferences`) })}
        </EmptyState>
      ) : (
        <Card>
          <ul className="divide-y divide-zinc-100" aria-label={t("list_label")} data-testid="inbox">
            {items.map((n) => {
              const isUnread = n.readAt === null;
              const href = appHref(n.link);
              return (
                <li
                  key={n.id}
                  data-unread={isUnread || undefined}
                  className={cn("flex items-start gap-3 px-5 py-4", isUnread && "bg-indigo-50/40")}
                >
                  <span
                    className={cn("mt-1.5 size-2 shrink-0 rounded-full", isUnread ? "bg-indigo-600" : "bg-transparent")}
                    aria-hidden
                  />
                  <div className="min-w-0 flex-1">
                    <p className={cn("text-sm", isUnread ? "font-semibold text-zinc-900" : "text-zinc-700")}>
                      {isUnread ? <span className="sr-only">{t("unread_sr")}</span> : null}
                      {href ? (
                        <Link
                          href={href}
                          className="hover:text-indigo-700 hover:underline"
                          onClick={() => {
                            if (isUnread) void markReadAction({ tenant, id: n.id }).then(notificationsChanged);
                          }}
                        >
                          {n.title}
                        </Link>
                      ) : (
                        n.title
                      )}
                    </p>
                    <p className="mt-0.5 whitespace-pre-line text-sm text-zinc-600">{n.body}</p>
                    <time
                      dateTime={n.createdAt}
                      title={dateTime(n.createdAt, timeZone)}
                      className="mt-1 block text-xs text-zinc-400"
                      suppressHydrationWarning
                    >
                      {relative(n.createdAt, new Date(), locale)}
                    </time>
                  </div>
                  {isUnread ? (
                    <Button
                      variant="ghost"
                      size="sm"
                      pending={busy === n.id}
                      disabled={busy === "all"}
                      onClick={() => void markRead(n.id)}
                    >
                      {t("mark_read")}
                    </Button>
                  ) : null}
                </li>
              );
            })}
          </ul>
        </Card>
      )}
      <OlderLink href={olderHref} label={t("older")} />
    </>
  );
}
