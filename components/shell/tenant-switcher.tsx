"use client";

import * as Menu from "@radix-ui/react-dropdown-menu";
import { Check, ChevronsUpDown, Plus } from "lucide-react";
import Link from "next/link";
import { useTranslations } from "next-intl";

export function TenantSwitcher({
  current,
  tenants,
}: {
  current: { slug: string; name: string };
  tenants: { slug: string; name: string; role: string }[];
}) {
  const t = useTranslations("shell.tenants");
  return (
    <Menu.Root>
      <Menu.Trigger
        aria-label={t("switch")}
        className="flex w-full items-center justify-between gap-2 rounded-md border border-zinc-200 bg-white px-3 py-2 text-left text-sm hover:bg-zinc-50"
      >
        <span className="truncate font-medium" data-testid="current-tenant">
          {current.name}
        </span>
        <ChevronsUpDown className="size-4 text-zinc-400" aria-hidden />
      </Menu.Trigger>
      <Menu.Portal>
        <Menu.Content
          align="start"
          sideOffset={4}
          className="z-50 min-w-56 rounded-md border border-zinc-200 bg-white p-1 shadow-lg"
        >
          <Menu.Label className="px-2 py-1.5 text-xs text-zinc-500">{t("yours")}</Menu.Label>
          {tenants.map((x) => (
            <Menu.Item key={x.slug} asChild>
              <Link
                href={`/t/${x.slug}`}
                className="flex items-center gap-2 rounded px-2 py-1.5 text-sm outline-none data-[highlighted]:bg-zinc-100"
              >
                <Check
                  className={x.slug === current.slug ? "size-4 text-indigo-600" : "size-4 opacity-0"}
                  aria-hidden
                />
                <span className="flex-1 truncate">{x.name}</span>
                <span className="text-xs text-zinc-400">{x.role.toLowerCase()}</span>
              </Link>
            </Menu.Item>
          ))}
          <Menu.Separator className="my-1 h-px bg-zinc-200" />
          <Menu.Item asChild>
            <Link
              href="/tenants/new"
              className="flex items-center gap-2 rounded px-2 py-1.5 text-sm outline-none data-[highlighted]:bg-zinc-100"
            >
              <Plus className="size-4" aria-hidden />
              {t("create")}
            </Link>
          </Menu.Item>
        </Menu.Content>
      </Menu.Portal>
    </Menu.Root>
  );
}
