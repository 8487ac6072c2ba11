"use client";

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
          <h1 className="text-lg font-semibold">The database is unavailable</h1>
          <p className="text-sm text-zinc-500" role="status" aria-live="polite">
            Opsdesk cannot reach its database right now. Nothing you saved is lost. Retrying in {left} s…
          </p>
        </>
      ) : (
        <>
          <h1 className="text-lg font-semibold">This page could not be shown</h1>
          <p className="text-sm text-zinc-500">
            Something went wrong on the server.
            {error.digest ? ` Reference: ${error.digest}.` : ""}
          </p>
        </>
      )}
      <Button variant="secondary" onClick={retry}>
        Try now
      </Button>
    </main>
  );
}
