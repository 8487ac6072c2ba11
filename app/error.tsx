"use client";

import { useTranslations } from "next-intl";
import { useEffect, useState } from "react";
import { Button } from "@/components/ui/button";
import { DB_UNAVAILABLE_DIGEST } from "@/lib/error-digest";

const RETRY_S = 3;

/**
 * What a page shows when it cannot be rendered. The database being away (a restart, a failover)
 * is said as such and retried every few seconds, so the page comes back by itself; anything else
 * offers a retry and the reference the server logged it under.
 */
export default function PageError({ error, retry }: { error: Error & { digest?: string }; retry: () => void }) {
  const t = useTranslations("ui.page_error");
  const unavailable = error.digest === DB_UNAVAILABLE_DIGEST;
  const [left, setLeft] = useState(RETRY_S);
  useEffect(() => {
    if (!unavailable) return;
    const tick = setInterval(() => setLeft((s) => (s <= 1 ? RETRY_S : s - 1)), 1000);
    const again = setInterval(retry, RETRY_S * 1000);
    return () => {
      clearInterval(tick);
      clearInterval(again);
    };
  }, [unavailable, retry]);

  return (
    <main className="mx-auto flex min-h-[60vh] max-w-md flex-col items-center justify-center gap-3 px-6 text-center">
      {unavailable ? (
        <>
          <h1 className="text-lg font-semibold">{t("db_title")}</h1>
          <p className="text-sm text-zinc-500" role="status" aria-live="polite">
            {t("db_body", { seconds: left })}
          </p>
        </>
      ) : (
        <>
          <h1 className="text-lg font-semibold">{t("title")}</h1>
          <p className="text-sm text-zinc-500">
            {t("body")}
            {error.digest ? ` ${t("reference", { digest: error.digest })}` : ""}
          </p>
        </>
      )}
      <Button variant="secondary" onClick={retry}>
        {t("retry")}
      </Button>
    </main>
  );
}
