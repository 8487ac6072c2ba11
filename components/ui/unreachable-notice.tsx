"use client";

import Link from "next/link";
import { useTranslations } from "next-intl";

/**
 * What a form shows when its request got no answer (useActionForm's `unreachable`): it may have
 * been saved, where to look, and that sending the same form again is safe (its idempotency key).
 */
export function UnreachableNotice({ what, href, place }: { what: string; href: string; place: string }) {
  const t = useTranslations("ui.unreachable");
  return (
    <div
      role="alert"
      data-testid="unreachable"
      className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900"
    >
      {t.rich("notice", {
        what,
        place,
        link: (chunks) => (
          <Link href={href} className="font-medium underline">
            {chunks}
          </Link>
        ),
      })}
    </div>
  );
}
