import { getLocale, getTranslations } from "next-intl/server";
import { renderStored } from "@/lib/i18n/translate";

/**
 * Before → after of the fields an audit row recorded, named for people ("Status: pending →
 * approved"), values shown plainly (yes/no, lists joined), not as JSON.
 */
export async function AuditDiff({ before, after }: { before: unknown; after: unknown }) {
  const t = await getTranslations("audit");
  const locale = await getLocale();
  const b = (before ?? {}) as Record<string, unknown>;
  const a = (after ?? {}) as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])];
  if (keys.length === 0) return <span className="text-zinc-400">{t("none")}</span>;
  const show = (v: unknown): string => {
    if (v === undefined || v === null || v === "") return t("none");
    if (typeof v === "boolean") return v ? t("yes") : t("no");
    if (typeof v === "string") return renderStored(locale, v);
    if (typeof v === "number") return String(v);
    if (Array.isArray(v) && v.every((x) => typeof x !== "object")) return v.join(", ");
    return JSON.stringify(v);
  };
  const label = (k: string) => (t.has(`fields.${k}`) ? t(`fields.${k}`) : k);
  return (
    <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-0.5 text-xs">
      {keys.map((k) => (
        <div key={k} className="contents">
          <dt className="text-zinc-500">{label(k)}</dt>
          <dd className="break-all">
            {k in b ? <span className="text-red-700 line-through decoration-red-300">{show(b[k])}</span> : null}
            {k in b && k in a ? " → " : null}
            {k in a ? <span className="text-emerald-700">{show(a[k])}</span> : null}
          </dd>
        </div>
      ))}
    </dl>
  );
}
