"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useLocale, useTranslations } from "next-intl";
import { useEffect, useState } from "react";
import { toastOutcome } from "@/components/ui/action-toast";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { Table, TBody, Td, THead, Th, Tr } from "@/components/ui/table";
import { useTimeZone } from "@/components/ui/time-zone";
import type { DeliveryAttempt } from "@/db/schema";
import { dateTime, relative, timeOrDateTime } from "@/lib/format";
import { type ChannelKind, eventKey, NOTIFY_EVENT_NAMES } from "@/lib/notifications/catalog";
import { retryDeliveryAction } from "../actions";

type Status = "pending" | "sent" | "failed" | "skipped";
type Delivery = {
  id: string;
  event: string;
  recipient: string;
  channelName: string;
  channelKind: ChannelKind;
  subject: string;
  orderId: string | null;
  status: Status;
  attempts: number;
  lastError: string | null;
  attemptLog: DeliveryAttempt[];
  /** While pending after a failed attempt: when the next one is due. */
  nextAttemptAt: string | null;
  createdAt: string;
};

const TONE: Record<Status, string> = {
  pending: "bg-amber-100 text-amber-800",
  sent: "bg-emerald-100 text-emerald-800",
  failed: "bg-red-100 text-red-800",
  skipped: "bg-zinc-100 text-zinc-600",
};

const REFRESH_MS = 5000;

/** The attempt count, opening onto every attempt: when it ended (or started) and how. */
function Attempts({ log, total, running }: { log: DeliveryAttempt[]; total: number; running: boolean }) {
  const timeZone = useTimeZone();
  const t = useTranslations("notifications.deliveries");
  return (
    <details className="group text-left">
      <summary
        className="cursor-pointer list-none text-right text-indigo-700 hover:underline"
        title={t("show_attempts")}
      >
        {total}
      </summary>
      <ol className="mt-2 w-64 space-y-1 text-xs" aria-label={t("attempts_label")}>
        {log.map((a, i) => (
          <li key={a.at} className="rounded bg-zinc-50 px-2 py-1">
            <span className="font-medium">#{i + 1}</span> <time dateTime={a.at}>{dateTime(a.at, timeZone)}</time>{" "}
            <span className={a.outcome === "failed" ? "text-red-700" : "text-zinc-600"}>
              {/* An attempt logged as sending that is not the one running now was cut short: it may have gone out. */}
              {a.outcome === "sending" && !(running && i === log.length - 1)
                ? t("cut_short")
                : t(`outcome.${a.outcome}`)}
            </span>
            {a.detail ? <span className="block break-words text-zinc-600">{a.detail}</span> : null}
          </li>
        ))}
      </ol>
    </details>
  );
}

function DeliveryStatus({
  status,
  attempts,
  nextAttemptAt,
}: {
  status: Status;
  attempts: number;
  nextAttemptAt: string | null;
}) {
  const timeZone = useTimeZone();
  const t = useTranslations("notifications.deliveries");
  const retrying = status === "pending" && attempts > 0;
  const badge = (
    <span
      data-status={status}
      className={cn(
        "inline-flex items-center gap-1 whitespace-nowrap rounded-full px-2 py-0.5 text-xs font-medium",
        TONE[status],
      )}
    >
      {status === "pending" ? <span className="size-1.5 animate-pulse rounded-full bg-current" aria-hidden /> : null}
      {retrying ? t("retrying") : t(`status.${status}`)}
    </span>
  );
  if (status !== "pending" || !nextAttemptAt) return badge;
  return (
    <>
      {badge}
      <span className="mt-1 block whitespace-nowrap text-xs text-zinc-500">
        {t("next_attempt")}{" "}
        <time
          dateTime={nextAttemptAt}
          title={dateTime(nextAttemptAt, timeZone, { seconds: true })}
          suppressHydrationWarning
        >
          {timeOrDateTime(nextAttemptAt, timeZone)}
        </time>
      </span>
    </>
  );
}

/** The delivery log's rows, with Retry on failures; refreshes itself while anything is pending. */
export function DeliveriesClient({ tenant, rows }: { tenant: string; rows: Delivery[] }) {
  const router = useRouter();
  const timeZone = useTimeZone();
  const t = useTranslations("notifications.deliveries");
  const all = useTranslations("notifications");
  const locale = useLocale();
  const [retrying, setRetrying] = useState<string | null>(null);
  const anyPending = rows.some((r) => r.status === "pending");

  useEffect(() => {
    if (!anyPending) return;
    const timer = setInterval(() => router.refresh(), REFRESH_MS);
    return () => clearInterval(timer);
  }, [anyPending, router]);

  const retry = async (id: string) => {
    setRetrying(id);
    try {
      toastOutcome(await retryDeliveryAction({ tenant, id }), t("retry_queued"));
    } finally {
      setRetrying(null);
    }
  };

  return (
    <Card className="overflow-x-auto">
      <Table>
        <caption className="sr-only">{anyPending ? t("caption_refreshing") : t("caption")}</caption>
        <THead>
          <Th>{t("col_when")}</Th>
          <Th>{t("col_event")}</Th>
          <Th>{t("col_recipient")}</Th>
          <Th>{t("col_channel")}</Th>
          <Th>{t("col_subject")}</Th>
          <Th>{t("col_status")}</Th>
          <Th className="text-right">{t("col_attempts")}</Th>
          <Th>{t("col_error")}</Th>
          <Th>
            <span className="sr-only">{t("col_actions")}</span>
          </Th>
        </THead>
        <TBody>
          {rows.map((d) => (
            <Tr key={d.id} className="align-top" data-delivery={d.id}>
              <Td className="whitespace-nowrap text-zinc-500">
                <time
                  dateTime={d.createdAt}
                  title={dateTime(d.createdAt, timeZone, { seconds: true })}
                  suppressHydrationWarning
                >
                  {relative(d.createdAt, new Date(), locale)}
                </time>
              </Td>
              <Td>
                {(NOTIFY_EVENT_NAMES as string[]).includes(d.event) ? all(`events.${eventKey(d.event)}`) : d.event}
              </Td>
              <Td className="max-w-48 break-words text-zinc-700">{d.recipient}</Td>
              <Td>
                {d.channelName}
                <span className="block text-xs text-zinc-500">{all(`kinds.${d.channelKind}`)}</span>
              </Td>
              <Td className="max-w-64 text-zinc-700">
                {d.orderId ? (
                  <Link href={`/t/${tenant}/work-orders/${d.orderId}`} className="text-indigo-700 hover:underline">
                    {d.subject}
                  </Link>
                ) : (
                  d.subject
                )}
              </Td>
              <Td>
                <DeliveryStatus status={d.status} attempts={d.attempts} nextAttemptAt={d.nextAttemptAt} />
              </Td>
              <Td className="text-right tabular-nums">
                {d.attemptLog.length > 0 ? (
                  <Attempts log={d.attemptLog} total={d.attempts} running={d.status === "pending"} />
                ) : (
                  d.attempts
                )}
              </Td>
              <Td className="max-w-56">
                {d.lastError ? (
                  <span className="line-clamp-2 break-words text-xs text-red-700" title={d.lastError}>
                    {d.lastError}
                  </span>
                ) : (
                  <span className="text-zinc-400">—</span>
                )}
              </Td>
              <Td className="text-right">
                {d.status === "failed" ? (
                  <Button
                    variant="secondary"
                    size="sm"
                    pending={retrying === d.id}
                    disabled={retrying !== null && retrying !== d.id}
                    onClick={() => void retry(d.id)}
                  >
                    {t("retry")}
                  </Button>
                ) : null}
              </Td>
            </Tr>
          ))}
        </TBody>
      </Table>
    </Card>
  );
}
