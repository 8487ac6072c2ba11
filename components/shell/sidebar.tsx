"use client";

import {
  Activity,
  Bell,
  ClipboardCheck,
  ClipboardList,
  House,
  Mail,
  ScrollText,
  Settings,
  Timer,
  Users,
  Workflow,
} from "lucide-react";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useTranslations } from "next-intl";
import { cn } from "@/components/ui/cn";
import type { Holder } from "@/lib/permissions";
import { visibleSections } from "./nav";

const ICONS = {
  home: House,
  clipboard: ClipboardList,
  check: ClipboardCheck,
  activity: Activity,
  bell: Bell,
  users: Users,
  scroll: ScrollText,
  settings: Settings,
  mail: Mail,
  timer: Timer,
  workflow: Workflow,
} as const;

/**
 * The sections' navigation: in the sidebar from `md` up, and in the phone's drawer (mobile-nav.tsx)
 * below it, where `onNavigate` closes the drawer when a link is chosen.
 */
export function Sidebar({
  tenant,
  holder,
  mail = false,
  onNavigate,
}: {
  tenant: string;
  /** Who looks: sections they may not open are not listed. */
  holder: Holder;
  mail?: boolean;
  onNavigate?: () => void;
}) {
  const t = useTranslations("shell.nav");
  const pathname = usePathname();
  const base = `/t/${tenant}`;
  return (
    <nav aria-label={t("label")} className="flex flex-col gap-0.5 p-3">
      {visibleSections(holder, mail).map((s) => {
        const href = s.slug ? `${base}/${s.slug}` : base;
        const active = s.slug ? pathname === href || pathname.startsWith(`${href}/`) : pathname === base;
        const Icon = ICONS[s.icon];
        return (
          <Link
            key={s.slug}
            href={href}
            onClick={onNavigate}
            aria-current={active ? "page" : undefined}
            className={cn(
              "flex items-center gap-3 rounded-md px-3 py-2 text-sm",
              active ? "bg-indigo-50 font-medium text-indigo-700" : "text-zinc-700 hover:bg-zinc-100",
            )}
          >
            <Icon className="size-4 shrink-0" aria-hidden />
            <span className="flex-1">{t(s.key)}</span>
          </Link>
        );
      })}
    </nav>
  );
}
