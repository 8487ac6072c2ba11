/** The languages the product is written in. Client-safe (no server imports). */
export const LOCALES = ["en", "zh-CN"] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "en";

/** Each language named in itself, for the switch. */
export const LOCALE_NAMES: Record<Locale, string> = { en: "English", "zh-CN": "简体中文" };

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (LOCALES as readonly string[]).includes(value);
}

/**
 * The first of `choices` we serve, else the default: a recipient's language is
 * `preferredLocale(user.locale, tenant.defaultLocale)`.
 */
export function preferredLocale(...choices: unknown[]): Locale {
  return (choices.find(isLocale) as Locale | undefined) ?? DEFAULT_LOCALE;
}

/** One language tag as we serve it: any zh (zh, zh-CN, zh-Hans, zh-SG…) is 简体中文, any en is English. */
function match(tag: string): Locale | null {
  const t = tag.trim().toLowerCase();
  if (t === "zh" || t.startsWith("zh-")) return "zh-CN";
  if (t === "en" || t.startsWith("en-")) return "en";
  return null;
}

/**
 * The best of our locales for an Accept-Language header ("zh-CN,zh;q=0.9,en;q=0.8"), by q-value
 * then order; the default when none fits or the header is missing or malformed.
 */
export function negotiateLocale(acceptLanguage: string | null | undefined): Locale {
  if (!acceptLanguage) return DEFAULT_LOCALE;
  const ranked = acceptLanguage
    .slice(0, 1000)
    .split(",")
    .map((part, i) => {
      const [tag = "", ...params] = part.split(";");
      const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
      const weight = q ? Number(q.slice(2)) : 1;
      return { tag, weight: Number.isFinite(weight) ? weight : 0, i };
    })
    .filter((x) => x.weight > 0)
    .sort((a, b) => b.weight - a.weight || a.i - b.i);
  for (const { tag } of ranked) {
    const locale = match(tag);
    if (locale) return locale;
  }
  return DEFAULT_LOCALE;
}
