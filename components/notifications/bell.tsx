"use client";

import * as Menu from "@radix-ui/react-dropdown-menu";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Bell, CheckCheck } from "lucide-react";
import Link from "next/link";
import { useLocale, useTranslations } from "next-intl";
import { useEffect } from "react";
import { markReadAction } from "@/app/(app)/t/[tenant]/notifications/actions";
import { toastFailure } from "@/components/ui/action-toast";
import { cn } from "@/components/ui/cn";
import { QueryProvider } from "@/components/ui/query-provider";
import { useTimeZone } from "@/components/ui/time-zone";
import { dateTime, relative } from "@/lib/format";

export type InboxEntry = {
  id: string;
  title: string;
  body: string;
  link: string | null;
  readAt: string | null;
  createdAt: string;
};
type Snapshot = { unread: number; latest: InboxEntry[] };

const CHANGED = "opsdesk:notifications-changed";
const POLL_MS = 15_000;

/** Tells the bell that notifications were read elsewhere on the page, so it refetches now. */
export function notificationsChanged() {
  window.dispatchEvent(new Event(CHANGED));
}

/** A notification's link inside the app (its path), whatever origin the server wrote it with. */
export function appHref(link: string | null): string | null {
  if (!link) return null;
  try {
    const url = new URL(link, "http://app.invalid");
    return url.pathname.startsWith("/t/") ? `${url.pathname}${url.search}${url.hash}` : link;
  } catch {
    return null;
  }
}

export const unreadBadge = (n: number) => (n > 99 ? "99+" : String(n));

/** The header bell: unread count (polled every 15 s) and the latest five in a menu. */
export function NotificationBell({ tenant }: { tenant: string }) {
  return (
    <QueryProvider refetchOnWindowFocus>
      <BellMenu tenant={tenant} />
    </QueryProvider>
  );
}

function BellMenu({ tenant }: { tenant: string }) {
  const queryClient = useQueryClient();
  const queryKey = ["notifications-unread", tenant];
  const query = useQuery({
    queryKey,
    queryFn: async (): Promise<Snapshot> => {
      const res = await fetch(`/api/t/${encodeURIComponent(tenant)}/notifications/unread`, { cache: "no-store" });
      if (!res.ok) throw new Error(`unread: ${res.status}`);
      return res.json();
    },
    refetchInterval: POLL_MS,
  });
  const refetch = () => void queryClient.invalidateQueries({ queryKey });

  useEffect(() => {
    const onChanged = () => void queryClient.invalidateQueries({ queryKey: ["notifications-unread", tenant] });
    window.addEventListener(CHANGED, onChanged);
    return () => window.removeEventListener(CHANGED, onChanged);
  }, [queryClient, tenant]);

  const t = useTranslations("notifications.bell");
  const unread = query.data?.unread ?? 0;
  const latest = query.data?.latest ?? [];

  const markRead = async (id?: string) => {
    toastFailure(await markReadAction({ tenant, id }));
    refetch();
  };

  return (
    <Menu.Root onOpenChange={(open) => open && refetch()}>
      <Menu.Trigger
        aria-label={t("trigger", { count: unread })}
        data-testid="notification-bell"
        className="relative flex size-9 items-center justify-center rounded-full text-zinc-600 hover:bg-zinc-100 hover:text-zinc-900 focus-visible:outline-2 focus-visible:outline-indigo-500"
      >
        <Bell className="size-5" aria-hidden />
        {unread > 0 ? (
          <span
            aria-hidden
            data-testid="notification-count"
            className="absolute -top-0.5 -right-0.5 flex h-4.5 min-w-4.5 items-center justify-center rounded-full bg-red-600 px-1 text-[10px] font-semibold leading-none text-white"
          >
            {unreadBadge(unread)}
          </span>
        ) : null}
      </Menu.Trigger>
      <Menu.Portal>
        <Menu.Content
          align="end"
          sideOffset={6}
          className="z-50 w-80 rounded-md border border-zinc-200 bg-white p-1 shadow-lg"
        >
          <div className="flex items-center justify-between px-2 py-1.5">
            <Menu.Label className="text-sm font-medium text-zinc-900">{t("title")}</Menu.Label>
            <span className="text-xs text-zinc-500">{t("unread", { count: unread })}</span>
          </div>
          <Menu.Separator className="my-1 h-px bg-zinc-200" />
          {latest.length === 0 ? (
            <p className="px-2 py-4 text-center text-sm text-zinc-500">{query.isPending ? t("loading") : t("empty")}</p>
          ) : (
            latest.map((n) => <BellItem key={n.id} item={n} onRead={() => void markRead(n.id)} />)
          )}
          <Menu.Separator className="my-1 h-px bg-zinc-200" />
          <Menu.Item
            disabled={unread === 0}
            onSelect={() => void markRead()}
            className="flex cursor-pointer items-center gap-2 rounded px-2 py-1.5 text-sm outline-none data-[disabled]:cursor-default data-[disabled]:text-zinc-400 data-[highlighted]:bg-zinc-100"
          >
            <CheckCheck className="size-4" aria-hidden />
            {t("mark_all_read")}
          </Menu.Item>
          <Menu.Item asChild>
            <Link
              href={`/t/${tenant}/notifications`}
              className="flex items-center gap-2 rounded px-2 py-1.5 text-sm font-medium text-indigo-700 outline-none data-[highlighted]:bg-zinc-100"
            >
              {t("see_all")}
            </Link>
          </Menu.Item>
        </Menu.Content>
      </Menu.Portal>
    </Menu.Root>
  );
}

function BellItem({ item, onRead }: { item: InboxEntry; onRead: () => void }) {
  const timeZone = useTimeZone();
  const t = useTranslations("notifications.bell");
  const locale = useLocale();
  const href = appHref(item.link);
  const unread = item.readAt === null;
  const content = (
    <>
      <span
        className={cn("mt-1.5 size-2 shrink-0 rounded-full", unread ? "bg-indigo-600" : "bg-transparent")}
        aria-hidden
      />
      <span className="min-w-0 flex-1">
        <span className={cn("block truncate", unread ? "font-medium text-zinc-900" : "text-zinc-700")}>
          {unread ? <span className="sr-only">{t("unread_sr")}</span> : null}
          {item.title}
        </span>
        <span className="line-clamp-2 text-xs text-zinc-500">{item.body}</span>
        <time dateTime={item.createdAt} title={dateTime(item.createdAt, timeZone)} className="text-xs text-zinc-400">
          {relative(item.createdAt, new Date(), locale)}
        </time>
      </span>
    </>
  );
  const className =
    "flex cursor-pointer items-start gap-2 rounded px-2 py-2 text-left text-sm outline-none data-[highlighted]:bg-zinc-100";
  if (href) {
    return (
      <Menu.Item asChild onSelect={() => unread && onRead()}>
        <Link href={href} className={className}>
          {content}
        </Link>
      </Menu.Item>
    );
  }
  return (
    <Menu.Item onSelect={() => unread && onRead()} className={className}>
      {content}
    </Menu.Item>
  );
}
