import Link from "next/link";

/**
 * The "Older …" link under a keyset-paginated list (newest first): `href` carries the filters and
 * the last row's cursor (lib/search-params.ts `olderHref`); nothing when there is no older page.
 * `label` is the page's own word ("Older", "更早").
 */
export function OlderLink({ href, label }: { href: string | null | undefined; label: string }) {
  if (!href) return null;
  return (
    <div className="mt-4 text-right">
      <Link href={href} className="text-sm font-medium text-indigo-600 hover:underline">
        {label} →
      </Link>
    </div>
  );
}
