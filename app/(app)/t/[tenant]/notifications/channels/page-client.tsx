"use client";

import { Plus } from "lucide-react";
import { useTranslations } from "next-intl";
import { type ReactNode, useState } from "react";
import { toast } from "sonner";
import { ActionDialog } from "@/components/ui/action-dialog";
import { toastFailure as failed, runAction } from "@/components/ui/action-toast";
import { Button } from "@/components/ui/button";
import { Card, PageHeader } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { FormError, SelectField, TextField } from "@/components/ui/field";
import { Table, TBody, Td, THead, Th, Tr } from "@/components/ui/table";
import { useActionForm } from "@/components/ui/use-action-form";
import {
  type ChannelKind,
  eventKey,
  NOTIFY_EVENT_NAMES,
  type NotifyEvent,
  SIGNED_KINDS,
  URL_KINDS,
} from "@/lib/notifications/catalog";
import { deleteChannelAction, saveChannelAction, testChannelAction } from "../actions";

type Channel = {
  id: string;
  name: string;
  kind: ChannelKind;
  enabled: boolean;
  events: NotifyEvent[];
  secretSet: boolean;
};

/** A URL's shape, the same in every language. */
const URL_PLACEHOLDER = "https://…";

/** The translator of this page: `notifications.*` keys. */
const useText = () => useTranslations("notifications");
type Text = ReturnType<typeof useText>;

const eventsText = (t: Text, events: string[]) =>
  events.length === 0 ? t("channels.all_events") : events.map((e) => t(`events.${eventKey(e)}`)).join(", ");

/** The tenant's channels: built-in email and in-app, plus the webhooks and IM bots admins add. */
export function ChannelsClient({
  tenant,
  description,
  channels,
}: {
  tenant: string;
  description: string;
  channels: Channel[];
}) {
  const t = useText();
  return (
    <>
      <PageHeader
        title={t("channels.title")}
        description={description}
        actions={
          <ChannelDialog
            tenant={tenant}
            channel={null}
            trigger={
              <Button>
                <Plus className="size-4" aria-hidden />
                {t("channels.add")}
              </Button>
            }
          />
        }
      />
      {channels.length === 0 ? (
        <EmptyState title={t("channels.none")}>{t("channels.none_body")}</EmptyState>
      ) : (
        <Card className="overflow-x-auto">
          <Table caption={t("channels.caption")}>
            <THead>
              <Th>{t("channels.col_name")}</Th>
              <Th>{t("channels.col_kind")}</Th>
              <Th>{t("channels.col_events")}</Th>
              <Th>{t("channels.col_enabled")}</Th>
              <Th>{t("channels.col_url")}</Th>
              <Th>
                <span className="sr-only">{t("channels.col_actions")}</span>
              </Th>
            </THead>
            <TBody>
              {channels.map((c) => (
                <ChannelRow key={c.id} tenant={tenant} channel={c} />
              ))}
            </TBody>
          </Table>
        </Card>
      )}
    </>
  );
}

function ChannelRow({ tenant, channel: c }: { tenant: string; channel: Channel }) {
  const [toggling, setToggling] = useState(false);
  const [testing, setTesting] = useState(false);
  const usesUrl = URL_KINDS.includes(c.kind);
  const t = useText();
  return (
    <Tr className="align-top" data-channel={c.name}>
      <Td className="font-medium text-zinc-900">{c.name}</Td>
      <Td className="whitespace-nowrap text-zinc-600">
        {t(`kinds.${c.kind}`)}
        {usesUrl ? null : <span className="ml-1 text-xs text-zinc-400">{t("channels.built_in")}</span>}
      </Td>
      <Td className="max-w-64 text-zinc-600">
        {eventsText(t, c.events)}
        {c.kind === "email" ? <p className="mt-1 text-xs text-zinc-500">{t("channels.approval_email_note")}</p> : null}
      </Td>
      <Td>
        <button
          type="button"
          role="switch"
          aria-checked={c.enabled}
          aria-label={t("channels.enabled_label", { name: c.name })}
          disabled={toggling}
          onClick={async () => {
            setToggling(true);
            try {
              const result = await saveChannelAction({
                tenant,
                id: c.id,
                name: c.name,
                kind: c.kind,
                enabled: !c.enabled,
                events: c.events,
                url: "",
                signingSecret: "",
                clearSigningSecret: false,
              });
              if (!failed(result))
                toast.success(t(c.enabled ? "channels.now_disabled" : "channels.now_enabled", { name: c.name }));
            } finally {
              setToggling(false);
            }
          }}
          className={cn(
            "relative inline-flex h-5 w-9 shrink-0 items-center rounded-full transition-colors focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-500 disabled:opacity-60",
            c.enabled ? "bg-indigo-600" : "bg-zinc-300",
          )}
        >
          <span
            aria-hidden
            className={cn(
              "inline-block size-4 rounded-full bg-white shadow transition-transform",
              c.enabled ? "translate-x-4.5" : "translate-x-0.5",
            )}
          />
        </button>
      </Td>
      <Td className="whitespace-nowrap text-zinc-600">
        {usesUrl ? (
          c.secretSet ? (
            t("channels.url_set")
          ) : (
            <span className="text-amber-700">{t("channels.url_not_set")}</span>
          )
        ) : (
          <span className="text-zinc-400">—</span>
        )}
      </Td>
      <Td>
        <div className="flex justify-end gap-1">
          <ChannelDialog
            tenant={tenant}
            channel={c}
            trigger={
              <Button variant="ghost" size="sm">
                {t("channels.edit")}
              </Button>
            }
          />
          <Button
            variant="ghost"
            size="sm"
            pending={testing}
            onClick={async () => {
              setTesting(true);
              try {
                const result = await testChannelAction({ tenant, id: c.id });
                if (!failed(result))
                  toast.success(
                    result?.data ? t(`test.${result.data.key}`, result.data.params) : t("channels.test_sent"),
                  );
              } finally {
                setTesting(false);
              }
            }}
          >
            {t("channels.send_test")}
          </Button>
          {usesUrl ? (
            <ConfirmDialog
              trigger={
                <Button variant="ghost" size="sm" className="text-red-600">
                  {t("channels.delete")}
                </Button>
              }
              title={t("channels.delete_title", { name: c.name })}
              description={t("channels.delete_description")}
              confirmLabel={t("channels.delete_confirm")}
              danger
              onConfirm={() =>
                runAction(deleteChannelAction({ tenant, id: c.id }), t("channels.deleted", { name: c.name }))
              }
            />
          ) : null}
        </div>
      </Td>
    </Tr>
  );
}

function ChannelDialog({ tenant, channel, trigger }: { tenant: string; channel: Channel | null; trigger: ReactNode }) {
  const t = useText();
  return (
    <ActionDialog
      trigger={trigger}
      title={channel ? t("channels.edit_title") : t("channels.add_title")}
      description={
        channel ? t("channels.edit_description", { kind: t(`kinds.${channel.kind}`) }) : t("channels.add_description")
      }
      className="max-h-[92vh] w-[min(34rem,94vw)] overflow-y-auto"
    >
      {(close) => <ChannelForm tenant={tenant} channel={channel} close={close} />}
    </ActionDialog>
  );
}

function ChannelForm({ tenant, channel, close }: { tenant: string; channel: Channel | null; close: () => void }) {
  const [kind, setKind] = useState<ChannelKind>(channel?.kind ?? "webhook");
  const [name, setName] = useState(channel?.name ?? "");
  const [url, setUrl] = useState("");
  const [signingSecret, setSigningSecret] = useState("");
  const [clearSigningSecret, setClearSigningSecret] = useState(false);
  const [enabled, setEnabled] = useState(channel?.enabled ?? true);
  const [events, setEvents] = useState<string[]>(channel?.events ?? []);
  const usesUrl = URL_KINDS.includes(kind);
  const signed = SIGNED_KINDS.includes(kind);
  const t = useText();
  const form = useActionForm(saveChannelAction, {
    extra: {
      tenant,
      id: channel?.id,
      kind,
      name,
      url: usesUrl ? url.trim() : "",
      signingSecret: signed && !clearSigningSecret ? signingSecret : "",
      clearSigningSecret: signed && clearSigningSecret,
      enabled,
      events,
    },
    successMessage: (d) => t(channel ? "channels.saved" : "channels.added", { name: d.name }),
    onSuccess: close,
  });
  const eventsError = form.fieldError("events");

  return (
    <form
      noValidate
      onSubmit={form.onSubmit}
      className="space-y-4"
      aria-label={channel ? t("channels.edit_title") : t("channels.add_title")}
    >
      {channel ? null : (
        <SelectField
          label={t("channels.kind")}
          value={kind}
          onChange={(e) => setKind(e.target.value as ChannelKind)}
          options={URL_KINDS.map((k) => ({ value: k, label: t(`kinds.${k}`) }))}
          error={form.fieldError("kind")}
        />
      )}
      <TextField
        label={t("channels.name")}
        value={name}
        onChange={(e) => setName(e.target.value)}
        maxLength={80}
        placeholder={channel ? undefined : t("channels.name_placeholder")}
        error={form.fieldError("name")}
      />
      {usesUrl ? (
        <TextField
          label={kind === "webhook" ? t("channels.webhook_url") : t("channels.bot_url")}
          type="url"
          value={url}
          onChange={(e) => setUrl(e.target.value)}
          placeholder={URL_PLACEHOLDER}
          autoComplete="off"
          hint={channel ? t("channels.keep_url") : undefined}
          error={form.fieldError("url")}
        />
      ) : null}
      {signed ? (
        <div className="space-y-2">
          <TextField
            label={t("channels.signing_secret")}
            type="password"
            value={signingSecret}
            onChange={(e) => setSigningSecret(e.target.value)}
            disabled={clearSigningSecret}
            autoComplete="new-password"
            maxLength={200}
            hint={
              channel
                ? t("channels.keep_secret")
                : kind === "webhook"
                  ? t("channels.hmac_hint")
                  : t("channels.bot_secret_hint")
            }
            error={form.fieldError("signingSecret")}
          />
          {channel ? (
            <label className="flex items-center gap-2 text-sm text-zinc-700">
              <input
                type="checkbox"
                className="size-4 accent-indigo-600"
                checked={clearSigningSecret}
                onChange={(e) => setClearSigningSecret(e.target.checked)}
              />
              {t("channels.remove_secret")}
            </label>
          ) : null}
        </div>
      ) : null}
      <label className="flex items-center gap-2 text-sm text-zinc-700">
        <input
          type="checkbox"
          className="size-4 accent-indigo-600"
          checked={enabled}
          onChange={(e) => setEnabled(e.target.checked)}
        />
        {t("channels.enabled")}
      </label>
      {kind === "email" ? <p className="-mt-2 text-sm text-zinc-500">{t("channels.approval_email_note")}</p> : null}
      <fieldset aria-describedby="channel-events-hint">
        <legend className="text-sm font-medium text-zinc-700">{t("channels.events")}</legend>
        <p id="channel-events-hint" className="mb-2 text-sm text-zinc-500">
          {events.length === 0 ? t("channels.events_all_hint") : t("channels.events_some_hint")}
        </p>
        <div className="grid gap-1.5 sm:grid-cols-2">
          {NOTIFY_EVENT_NAMES.map((e) => (
            <label key={e} className="flex items-center gap-2 text-sm text-zinc-700">
              <input
                type="checkbox"
                className="size-4 accent-indigo-600"
                checked={events.includes(e)}
                onChange={(ev) =>
                  setEvents((list) =>
                    ev.target.checked
                      ? NOTIFY_EVENT_NAMES.filter((n) => n === e || list.includes(n))
                      : list.filter((n) => n !== e),
                  )
                }
              />
              {t(`events.${eventKey(e)}`)}
            </label>
          ))}
        </div>
        {eventsError ? (
          <p role="alert" className="mt-1 text-sm text-red-600">
            {eventsError}
          </p>
        ) : null}
      </fieldset>
      <FormError message={form.formError} />
      <div className="flex justify-end gap-2">
        <Button variant="secondary" onClick={close}>
          {t("channels.cancel")}
        </Button>
        <Button type="submit" pending={form.pending}>
          {t("channels.save")}
        </Button>
      </div>
    </form>
  );
}
