"use client";

import * as Menu from "@radix-ui/react-dropdown-menu";
import { Check, Languages, LogOut, UserRound } from "lucide-react";
import Link from "next/link";
import { usePathname, useRouter } from "next/navigation";
import { useLocale, useTranslations } from "next-intl";
import { useTransition } from "react";
import { setLocaleAction } from "@/app/(app)/profile/actions";
import { signOutAction } from "@/app/(auth)/actions";
import { toastFailure } from "@/components/ui/action-toast";
import { isLocale, LOCALE_NAMES, LOCALES } from "@/lib/i18n/locales";

const ITEM =
  "flex cursor-pointer items-center gap-2 rounded px-2 py-1.5 text-sm outline-none data-[highlighted]:bg-zinc-100";

export function UserMenu({ name, email }: { name: string; email: string }) {
  const t = useTranslations("shell.user_menu");
  const locale = useLocale();
  const router = useRouter();
  // The tenant the menu is opened in, so the profile page's "Back" returns to it.
  const tenant = /^\/t\/([^/]+)/.exec(usePathname() ?? "")?.[1];
  const [, startTransition] = useTransition();
  const initials = name
    .split(/\s+/)
    .map((p) => p[0])
    .join("")
    .slice(0, 2)
    .toUpperCase();

  /** Saves the language on the profile, then re-renders the page (and `<html lang>`) in it. */
  function chooseLocale(value: string) {
    if (!isLocale(value) || value === locale) return;
    startTransition(async () => {
      const result = await setLocaleAction({ locale: value });
      if (result?.data) router.refresh();
      else toastFailure(result);
    });
  }

  return (
    <Menu.Root>
      <Menu.Trigger aria-label={t("account")} className="flex items-center gap-2 rounded-full p-0.5 hover:bg-zinc-100">
        <span className="flex size-8 items-center justify-center rounded-full bg-indigo-600 text-xs font-semibold text-white">
          {initials}
        </span>
      </Menu.Trigger>
      <Menu.Portal>
        <Menu.Content
          align="end"
          sideOffset={6}
          className="z-50 min-w-56 rounded-md border border-zinc-200 bg-white p-1 shadow-lg"
        >
          <div className="px-2 py-1.5">
            <p className="text-sm font-medium" data-testid="user-name">
              {name}
            </p>
            <p className="text-xs text-zinc-500">{email}</p>
          </div>
          <Menu.Separator className="my-1 h-px bg-zinc-200" />
          <Menu.Item asChild className={ITEM}>
            <Link href={tenant ? `/profile?from=${encodeURIComponent(tenant)}` : "/profile"}>
              <UserRound className="size-4" aria-hidden />
              {t("profile")}
            </Link>
          </Menu.Item>
          <Menu.Separator className="my-1 h-px bg-zinc-200" />
          <Menu.Label className="flex items-center gap-2 px-2 py-1.5 text-xs text-zinc-500">
            <Languages className="size-3.5" aria-hidden />
            {t("language")}
          </Menu.Label>
          <Menu.RadioGroup value={locale} onValueChange={chooseLocale}>
            {LOCALES.map((l) => (
              <Menu.RadioItem key={l} value={l} lang={l} className={ITEM}>
                <Check className={l === locale ? "size-4 text-indigo-600" : "size-4 opacity-0"} aria-hidden />
                {LOCALE_NAMES[l]}
              </Menu.RadioItem>
            ))}
          </Menu.RadioGroup>
          <Menu.Separator className="my-1 h-px bg-zinc-200" />
          <Menu.Item onSelect={() => void signOutAction()} className={ITEM}>
            <LogOut className="size-4" aria-hidden />
            {t("sign_out")}
          </Menu.Item>
        </Menu.Content>
      </Menu.Portal>
    </Menu.Root>
  );
}
