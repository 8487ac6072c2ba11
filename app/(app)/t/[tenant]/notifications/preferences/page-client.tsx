"use client";

import Link from "next/link";
import { useTranslations } from "next-intl";
import { useAction } from "next-safe-action/hooks";
import { useState } from "react";
import { toast } from "sonner";
import { toastFailure as failed } from "@/components/ui/action-toast";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, TBody, Td, THead, Th, Tr } from "@/components/ui/table";
import {
  eventKey,
  NOTIFY_EVENT_NAMES,
  type NotifyEvent,
  PREFERENCE_GROUPS,
  type PreferenceGroup,
} from "@/lib/notifications/catalog";
import { muteOrderAction, savePreferencesAction } from "../actions";

type Choices = Record<NotifyEvent, PreferenceGroup[]>;
type Mute = { orderId: string; number: number; title: string };

/** An approval request's email carries the approve/reject links: it cannot be turned off. */
const isLocked = (event: NotifyEvent, group: PreferenceGroup) => event === "approval/requested" && group === "email";

const initialChoices = (saved: Partial<Record<string, PreferenceGroup[]>>): Choices =>
  Object.fromEntries(
    NOTIFY_EVENT_NAMES.map((e) => {
      const groups = saved[e] ?? [...PREFERENCE_GROUPS];
      return [e, PREFERENCE_GROUPS.filter((g) => groups.includes(g) || isLocked(e, g))];
    }),
  ) as Choices;

export function PreferencesClient({
  tenant,
  saved,
  mutes,
}: {
  tenant: string;
  saved: Partial<Record<string, PreferenceGroup[]>>;
  mutes: Mute[];
}) {
  return (
    <div className="space-y-8">
      <PreferenceGrid tenant={tenant} saved={saved} />
      <MutedOrders tenant={tenant} mutes={mutes} />
    </div>
  );
}

function PreferenceGrid({ tenant, saved }: { tenant: string; saved: Partial<Record<string, PreferenceGroup[]>> }) {
  const [choices, setChoices] = useState<Choices>(() => initialChoices(saved));
  const save = useAction(savePreferencesAction);
  const t = useTranslations("notifications");

  const toggle = (event: NotifyEvent, group: PreferenceGroup, on: boolean) =>
    setChoices((c) => ({
      ...c,
      [event]: PREFERENCE_GROUPS.filter((g) => (g === group ? on : c[event].includes(g))),
    }));

  return (
    <form
      aria-label={t("preferences.form_label")}
      onSubmit={async (e) => {
        e.preventDefault();
        const result = await save.executeAsync({ tenant, preferences: choices });
        if (!failed(result)) toast.success(t("preferences.saved"));
      }}
    >
      <Card className="overflow-x-auto">
        <Table caption={t("preferences.caption")}>
          <THead>
            <Th scope="col" className="px-5">
              {t("preferences.event")}
            </Th>
            {PREFERENCE_GROUPS.map((g) => (
              <Th key={g} scope="col" className="w-36 text-center">
                {t(`groups.${g}`)}
              </Th>
            ))}
          </THead>
          <TBody>
            {NOTIFY_EVENT_NAMES.map((event) => {
              const label = t(`events.${eventKey(event)}`);
              const who = t(`who.${eventKey(event)}`);
              return (
                <Tr key={event} className="align-top" data-event={event}>
                  <th scope="row" className="px-5 py-3 text-left font-normal">
                    <span className="block font-medium text-zinc-900">{label}</span>
                    <span className="text-xs text-zinc-500">{t("preferences.sent_to", { who })}</span>
                  </th>
                  {PREFERENCE_GROUPS.map((group) => {
                    const locked = isLocked(event, group);
                    return (
                      <Td key={group} className="text-center">
                        <input
                          type="checkbox"
                          aria-label={t("preferences.checkbox", { group: t(`groups.${group}`), event: label })}
                          aria-describedby={locked ? "approval-email-locked" : undefined}
                          className="size-4 accent-indigo-600 disabled:opacity-60"
                          checked={locked || choices[event].includes(group)}
                          disabled={locked}
                          onChange={(e) => toggle(event, group, e.target.checked)}
                        />
                        {locked ? (
                          <span id="approval-email-locked" className="mt-1 block text-xs text-zinc-500">
                            {t("preferences.locked")}
                          </span>
                        ) : null}
                      </Td>
                    );
                  })}
                </Tr>
              );
            })}
          </TBody>
        </Table>
      </Card>
      <div className="mt-4 flex items-center justify-between gap-4">
        <p className="text-sm text-zinc-500">{t("preferences.im_note")}</p>
        <Button type="submit" pending={save.isPending}>
          {t("preferences.save")}
        </Button>
      </div>
    </form>
  );
}

function MutedOrders({ tenant, mutes }: { tenant: string; mutes: Mute[] }) {
  const [busy, setBusy] = useState<string | null>(null);
  const t = useTranslations("notifications.preferences");
  return (
    <section aria-labelledby="muted-orders">
      <h2 id="muted-orders" className="mb-1 text-sm font-semibold text-zinc-900">
        {t("muted_title")}
      </h2>
      <p className="mb-3 text-sm text-zinc-500">{t("muted_description")}</p>
      {mutes.length === 0 ? (
        <EmptyState title={t("no_muted")}>
          {t.rich("no_muted_body", {
            b: (chunks) => <span className="font-medium text-zinc-700">{chunks}</span>,
          })}
        </EmptyState>
      ) : (
        <Card>
          <ul className="divide-y divide-zinc-100" data-testid="muted-orders">
            {mutes.map((m) => (
              <li key={m.orderId} className="flex items-center justify-between gap-3 px-5 py-3 text-sm">
                <Link
                  href={`/t/${tenant}/work-orders/${m.orderId}`}
                  className="min-w-0 truncate text-indigo-700 hover:underline"
                >
                  <span className="text-zinc-400">#{m.number}</span> {m.title}
                </Link>
                <Button
                  variant="secondary"
                  size="sm"
                  aria-label={t("unmute_label", { number: m.number, title: m.title })}
                  pending={busy === m.orderId}
                  onClick={async () => {
                    setBusy(m.orderId);
                    try {
                      const result = await muteOrderAction({ tenant, orderId: m.orderId, muted: false });
                      if (!failed(result)) toast.success(t("unmuted", { number: m.number }));
                    } finally {
                      setBusy(null);
                    }
                  }}
                >
                  {t("unmute")}
                </Button>
              </li>
            ))}
          </ul>
        </Card>
      )}
    </section>
  );
}
