"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { cn } from "@/components/ui/cn";

const EVERYONE = [
  { slug: "", label: "Inbox" },
  { slug: "preferences", label: "Preferences" },
];
const ADMIN = [
  { slug: "channels", label: "Channels" },
  { slug: "templates", label: "Templates" },
  { slug: "deliveries", label: "Delivery log" },
];

/** The notification section's tabs; channels, templates and the delivery log are for owners and admins. */
export function NotificationsNav({ tenant, admin }: { tenant: string; admin: boolean }) {
  const pathname = usePathname();
  const base = `/t/${tenant}/notifications`;
  const item = (s: { slug: string; label: string }) => {
    const href = s.slug ? `${base}/${s.slug}` : base;
    const active = s.slug ? pathname === href || pathname.startsWith(`${href}/`) : pathname === base;
    return (
      <Link
        key={s.slug}
        href={href}
        aria-current={active ? "page" : undefined}
        className={cn(
          "-mb-px whitespace-nowrap border-b-2 px-3 py-2 text-sm",
          active
            ? "border-indigo-600 font-medium text-indigo-700"
            : "border-transparent text-zinc-600 hover:border-zinc-300 hover:text-zinc-900",
        )}
      >
        {s.label}
      </Link>
    );
  };
  return (
    <nav aria-label="Notifications" className="mb-6 flex flex-wrap items-end gap-x-1 border-b border-zinc-200">
      {EVERYONE.map(item)}
      {admin ? (
        <>
          <span className="mx-2 mb-2 h-5 w-px self-center bg-zinc-200" aria-hidden />
          {ADMIN.map(item)}
        </>
      ) : null}
    </nav>
  );
}
