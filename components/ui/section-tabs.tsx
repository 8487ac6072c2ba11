"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { cn } from "@/components/ui/cn";

export type Tab = { slug: string; label: string };

/**
 * A section's own tabs under `base` (e.g. /t/acme/work-orders): `everyone`'s tabs, then, after a
 * divider, the `admin` tabs when given. The tab whose path is current is marked for screen readers.
 */
export function SectionTabs({
  base,
  label,
  everyone,
  admin,
}: {
  base: string;
  label: string;
  everyone: Tab[];
  admin?: Tab[];
}) {
  const pathname = usePathname();
  const item = (s: Tab) => {
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
    <nav aria-label={label} className="mb-6 flex flex-wrap items-end gap-x-1 border-b border-zinc-200">
      {everyone.map(item)}
      {admin?.length ? (
        <>
          <span className="mx-2 mb-2 h-5 w-px self-center bg-zinc-200" aria-hidden />
          {admin.map(item)}
        </>
      ) : null}
    </nav>
  );
}
