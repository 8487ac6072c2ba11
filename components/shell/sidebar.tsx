"use client";

import {
  Activity,
  Bell,
  Boxes,
  ChartColumn,
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
import { cn } from "@/components/ui/cn";
import { DEV_MAIL_SECTION, SECTIONS, type Section } from "./nav";

const ICONS = {
  home: House,
  clipboard: ClipboardList,
  check: ClipboardCheck,
  boxes: Boxes,
  workflow: Workflow,
  timer: Timer,
  activity: Activity,
  chart: ChartColumn,
  bell: Bell,
  users: Users,
  scroll: ScrollText,
  settings: Settings,
  mail: Mail,
} as const;

export function Sidebar({ tenant, mail = false }: { tenant: string; mail?: boolean }) {
  const pathname = usePathname();
  const base = `/t/${tenant}`;
  return (
    <nav aria-label="Sections" className="flex flex-col gap-0.5 p-3">
      {(mail ? [...SECTIONS, DEV_MAIL_SECTION] : (SECTIONS as readonly Section[])).map((s) => {
        const href = s.slug ? `${base}/${s.slug}` : base;
        const active = s.slug ? pathname === href || pathname.startsWith(`${href}/`) : pathname === base;
        const Icon = ICONS[s.icon];
        return (
          <Link
            key={s.slug}
            href={href}
            aria-current={active ? "page" : undefined}
            className={cn(
              "flex items-center gap-3 rounded-md px-3 py-2 text-sm",
              active ? "bg-indigo-50 font-medium text-indigo-700" : "text-zinc-700 hover:bg-zinc-100",
            )}
          >
            <Icon className="size-4 shrink-0" aria-hidden />
            <span className="flex-1">{s.label}</span>
            {s.ready ? null : <span className="text-[10px] uppercase tracking-wide text-zinc-400">soon</span>}
          </Link>
        );
      })}
    </nav>
  );
}
