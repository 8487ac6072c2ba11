"use client";

import { useLocale, useTranslations } from "next-intl";
import { useAction } from "next-safe-action/hooks";
import { isLocale, LOCALE_NAMES, LOCALES } from "@/lib/i18n/locales";
import { setLocaleAction } from "../actions";

/** For signed-out readers: the language of these pages, kept in a cookie (signed-in readers set it in their profile). */
export function LanguageSwitch() {
  const t = useTranslations("auth");
  const locale = useLocale();
  const { execute, isPending } = useAction(setLocaleAction);
  return (
    <div className="mt-4 flex justify-center">
      <label className="flex items-center gap-2 text-sm text-zinc-500">
        {t("language")}
        <select
          value={locale}
          disabled={isPending}
          onChange={(e) => {
            if (isLocale(e.target.value)) execute({ locale: e.target.value });
          }}
          className="rounded-md border border-zinc-300 bg-white px-2 py-1 text-sm text-zinc-700"
        >
          {LOCALES.map((l) => (
            <option key={l} value={l} lang={l}>
              {LOCALE_NAMES[l]}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}
