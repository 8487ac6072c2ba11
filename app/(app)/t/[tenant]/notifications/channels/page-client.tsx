"use client";

import { Plus } from "lucide-react";
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
  CHANNEL_KIND_LABEL,
  type ChannelKind,
  NOTIFY_EVENT_NAMES,
  NOTIFY_EVENTS,
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

/** What the Email channel's switch and events do not cover (see plan-deliveries). */
const APPROVAL_EMAIL_NOTE =
  "Approval requests are always emailed to the approver, even with this channel off or limited to other events: they carry the approve/reject links.";

const eventsText = (events: string[]) =>
  events.length === 0 ? "All events" : events.map((e) => NOTIFY_EVENTS[e as NotifyEvent]?.label ?? e).join(", ");

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
  return (
    <>
      <PageHeader
        title="Channels"
        description={description}
        actions={
          <ChannelDialog
            tenant={tenant}
            channel={null}
            trigger={
              <Button>
                <Plus className="size-4" aria-hidden />
                Add channel
              </Button>
            }
          />
        }
      />
      {channels.length === 0 ? (
        <EmptyState title="No channels">Add a webhook or an IM bot to notify the team.</EmptyState>
      ) : (
        <Card className="overflow-x-auto">
          <Table caption="Notification channels">
            <THead>
              <Th>Name</Th>
              <Th>Kind</Th>
              <Th>Events</Th>
              <Th>Enabled</Th>
              <Th>URL</Th>
              <Th>
                <span className="sr-only">Actions</span>
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
  return (
    <Tr className="align-top" data-channel={c.name}>
      <Td className="font-medium text-zinc-900">{c.name}</Td>
      <Td className="whitespace-nowrap text-zinc-600">
        {CHANNEL_KIND_LABEL[c.kind]}
        {usesUrl ? null : <span className="ml-1 text-xs text-zinc-400">(built in)</span>}
      </Td>
      <Td className="max-w-64 text-zinc-600">
        {eventsText(c.events)}
        {c.kind === "email" ? <p className="mt-1 text-xs text-zinc-500">{APPROVAL_EMAIL_NOTE}</p> : null}
      </Td>
      <Td>
        <button
          type="button"
          role="switch"
          aria-checked={c.enabled}
          aria-label={`Enabled: ${c.name}`}
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
              if (!failed(result)) toast.success(`"${c.name}" is ${c.enabled ? "disabled" : "enabled"}.`);
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
            "URL set"
          ) : (
            <span className="text-amber-700">URL not set</span>
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
                Edit
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
                if (!failed(result)) toast.success(result?.data?.message ?? "Test sent.");
              } finally {
                setTesting(false);
              }
            }}
          >
            Send test
          </Button>
          {usesUrl ? (
            <ConfirmDialog
              trigger={
                <Button variant="ghost" size="sm" className="text-red-600">
                  Delete
                </Button>
              }
              title={`Delete "${c.name}"?`}
              description="Its delivery log is kept. To pause a channel instead, turn it off."
              confirmLabel="Delete channel"
              danger
              onConfirm={() => runAction(deleteChannelAction({ tenant, id: c.id }), `"${c.name}" was deleted.`)}
            />
          ) : null}
        </div>
      </Td>
    </Tr>
  );
}

function ChannelDialog({ tenant, channel, trigger }: { tenant: string; channel: Channel | null; trigger: ReactNode }) {
  return (
    <ActionDialog
      trigger={trigger}
      title={channel ? "Edit channel" : "Add channel"}
      description={
        channel
          ? `${CHANNEL_KIND_LABEL[channel.kind]} channel. The URL and secret are never shown back.`
          : "A webhook or IM bot the team's notifications are posted to. The URL and secret are stored encrypted."
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
    successMessage: (d) => (channel ? `"${d.name}" was saved.` : `"${d.name}" was added.`),
    onSuccess: close,
  });
  const eventsError = form.fieldError("events");

  return (
    <form
      noValidate
      onSubmit={form.onSubmit}
      className="space-y-4"
      aria-label={channel ? "Edit channel" : "Add channel"}
    >
      {channel ? null : (
        <SelectField
          label="Kind"
          value={kind}
          onChange={(e) => setKind(e.target.value as ChannelKind)}
          options={URL_KINDS.map((k) => ({ value: k, label: CHANNEL_KIND_LABEL[k] }))}
          error={form.fieldError("kind")}
        />
      )}
      <TextField
        label="Name"
        value={name}
        onChange={(e) => setName(e.target.value)}
        maxLength={80}
        placeholder={channel ? undefined : "Ops team Slack"}
        error={form.fieldError("name")}
      />
      {usesUrl ? (
        <TextField
          label={kind === "webhook" ? "Webhook URL" : "Bot webhook URL"}
          type="url"
          value={url}
          onChange={(e) => setUrl(e.target.value)}
          placeholder="https://…"
          autoComplete="off"
          hint={channel ? "Leave empty to keep the current URL." : undefined}
          error={form.fieldError("url")}
        />
      ) : null}
      {signed ? (
        <div className="space-y-2">
          <TextField
            label="Signing secret (optional)"
            type="password"
            value={signingSecret}
            onChange={(e) => setSigningSecret(e.target.value)}
            disabled={clearSigningSecret}
            autoComplete="new-password"
            maxLength={200}
            hint={
              channel
                ? "Leave empty to keep the current secret."
                : kind === "webhook"
                  ? "Signs each request with an HMAC header."
                  : "The bot's signing secret, if it has one."
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
              Remove the signing secret
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
        Enabled
      </label>
      {kind === "email" ? <p className="-mt-2 text-sm text-zinc-500">{APPROVAL_EMAIL_NOTE}</p> : null}
      <fieldset aria-describedby="channel-events-hint">
        <legend className="text-sm font-medium text-zinc-700">Events</legend>
        <p id="channel-events-hint" className="mb-2 text-sm text-zinc-500">
          {events.length === 0 ? "None checked: the channel carries all events." : "Only the checked events."}
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
              {NOTIFY_EVENTS[e].label}
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
          Cancel
        </Button>
        <Button type="submit" pending={form.pending}>
          Save channel
        </Button>
      </div>
    </form>
  );
}
