"use client";

import { useTranslations } from "next-intl";
import { useId, useState } from "react";
import { Card } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { TabList } from "@/components/ui/tab-list";
import { LOCALE_NAMES, LOCALES, type Locale } from "@/lib/i18n/locales";
import {
  type ChannelKind,
  defaultTemplate,
  eventKey,
  FORMATS,
  type Format,
  IM_KINDS,
  isImKind,
  NOTIFY_EVENT_NAMES,
  type NotifyEvent,
  TEMPLATE_TARGETS,
  type TemplateTarget,
  type TextOf,
} from "@/lib/notifications/catalog";
import { type Fallback, type Lang, TemplateEditor } from "./template-editor";

type Override = { event: string; format: TemplateTarget; locale: string | null; subject: string; body: string };
/** The built-in wording of one language: `builtin.<event>.subject|body`, `builtin.email_open`. */
export type Builtin = Record<string, { subject: string; body: string } | string>;

const LANG_TABS = ["default", ...LOCALES] as const;
type LangTab = (typeof LANG_TABS)[number];
const langOf = (tab: LangTab): Lang => (tab === "default" ? "" : tab);

const keyOf = (event: string, target: TemplateTarget, lang: Lang) => `${event}|${target}|${lang}`;
/** The inner IM tabs: the shared text, then each kind's own. */
const IM_TABS = ["shared", ...IM_KINDS] as const;
type ImTab = (typeof IM_TABS)[number];

/** The built-in wording of one language as a `TextOf` (its `{names}` filled with the values given). */
function builtinText(builtin: Builtin): TextOf {
  return (key, values) => {
    const path = key.replace(/^notifications\.builtin\./, "").split(".");
    let node: unknown = builtin;
    for (const p of path) node = (node as Record<string, unknown> | undefined)?.[p];
    const text = typeof node === "string" ? node : key;
    return text.replace(/\{(\w+)\}/g, (whole, name: string) => String(values?.[name] ?? whole));
  };
}

/**
 * Pick an event, a language version and a format, edit its wording with a live preview, save or go
 * back to what applies without it. Under IM / webhook, each kind can have its own text overriding the
 * shared one. A language version reaches readers of that language (`resolveTemplate`); the default
 * version, every reader whose language has none.
 */
export function TemplatesClient({
  tenant,
  overrides,
  tenantLocale,
  builtin,
}: {
  tenant: string;
  overrides: Override[];
  tenantLocale: Locale;
  builtin: Record<Locale, Builtin>;
}) {
  const t = useTranslations("notifications");
  const custom = new Map(
    overrides.map((o) => [keyOf(o.event, o.format, (o.locale ?? "") as Lang), { subject: o.subject, body: o.body }]),
  );
  const [event, setEvent] = useState<NotifyEvent>(NOTIFY_EVENT_NAMES[0] as NotifyEvent);
  const [langTab, setLangTab] = useState<LangTab>("default");
  const [format, setFormat] = useState<Format>("email");
  const [imTab, setImTab] = useState<ImTab>("shared");
  const id = useId();
  const lang = langOf(langTab);
  const target: TemplateTarget = format === "im" && imTab !== "shared" ? imTab : format;
  const override = custom.get(keyOf(event, target, lang)) ?? null;

  /**
   * What readers of this version get without its own text, as `resolveTemplate` picks: the same
   * target in the next languages (a language version: the tenant's default language, then the
   * default version), then for an IM kind the shared IM text, then the built-in wording.
   */
  const fallbackOf = (tg: TemplateTarget, l: Lang): Fallback => {
    const reader: Locale = l || tenantLocale;
    const langs: Lang[] = l ? [...new Set<Lang>([l, tenantLocale, ""])] : [""];
    const targets: TemplateTarget[] = isImKind(tg) ? [tg, "im"] : [tg];
    for (const each of targets) {
      for (const other of langs) {
        if (each === tg && other === l) continue;
        const found = custom.get(keyOf(event, each, other));
        if (found) return { template: found, from: each === "im" && tg !== "im" ? "im" : other };
      }
    }
    return { template: defaultTemplate(event, tg, builtinText(builtin[reader])), from: "builtin" };
  };
  const fallback = fallbackOf(target, lang);
  const ownKinds = IM_KINDS.filter((k) => custom.has(keyOf(event, k, lang)));
  const previewKinds: ChannelKind[] =
    target === "im" ? [...IM_KINDS.filter((k) => !ownKinds.includes(k)), ...ownKinds] : [target];
  const customisedIn = (e: string, l: Lang) => TEMPLATE_TARGETS.filter((f) => custom.has(keyOf(e, f, l))).length;
  const dot = <Dot label={t("templates.customised_sr")} />;

  const editor = (
    <TemplateEditor
      key={keyOf(event, target, lang)}
      tenant={tenant}
      event={event}
      target={target}
      lang={lang}
      tenantLocale={tenantLocale}
      saved={override ?? fallback.template}
      fallback={fallback}
      customised={Boolean(override)}
      ownKinds={target === "im" ? ownKinds : []}
      previewKinds={previewKinds}
    />
  );

  return (
    <div className="grid items-start gap-6 lg:grid-cols-[16rem_1fr]">
      <Card className="p-2">
        <h2 id={`${id}-events`} className="px-2 pt-1 pb-2 text-xs font-medium uppercase tracking-wide text-zinc-500">
          {t("templates.event")}
        </h2>
        <ul aria-labelledby={`${id}-events`} className="space-y-0.5">
          {NOTIFY_EVENT_NAMES.map((e) => {
            const customised = overrides.filter((o) => o.event === e).length;
            return (
              <li key={e}>
                <button
                  type="button"
                  aria-pressed={e === event}
                  onClick={() => setEvent(e)}
                  className={cn(
                    "flex w-full items-center justify-between gap-2 rounded-md px-2 py-1.5 text-left text-sm",
                    e === event ? "bg-indigo-50 font-medium text-indigo-700" : "text-zinc-700 hover:bg-zinc-100",
                  )}
                >
                  <span className="truncate">{t(`events.${eventKey(e)}`)}</span>
                  {customised ? (
                    <span
                      className="shrink-0 rounded-full bg-amber-100 px-1.5 text-[10px] font-medium text-amber-800"
                      title={t("templates.customised_count", {
                        count: customised,
                        total: TEMPLATE_TARGETS.length * LANG_TABS.length,
                      })}
                    >
                      {t("templates.customised")}
                    </span>
                  ) : null}
                </button>
              </li>
            );
          })}
        </ul>
      </Card>

      <div className="min-w-0">
        <TabList
          label={t("templates.language_label")}
          idPrefix={`${id}-lang`}
          panelId={`${id}-lang-panel`}
          items={LANG_TABS}
          selected={langTab}
          onSelect={setLangTab}
          labelOf={(l) => (l === "default" ? t("templates.default_version") : LOCALE_NAMES[l])}
          markOf={(l) => (customisedIn(event, langOf(l)) ? dot : null)}
          small
          className="mb-3"
        />
        <div role="tabpanel" id={`${id}-lang-panel`} aria-labelledby={`${id}-lang-${langTab}`}>
          <TabList
            label={t("templates.format_label")}
            idPrefix={`${id}-tab`}
            panelId={`${id}-panel`}
            items={FORMATS}
            selected={format}
            onSelect={setFormat}
            labelOf={(f) => t(`formats.${f}`)}
            markOf={(f) => (custom.has(keyOf(event, f, lang)) || (f === "im" && ownKinds.length) ? dot : null)}
            className="mb-4"
          />
          <div role="tabpanel" id={`${id}-panel`} aria-labelledby={`${id}-tab-${format}`}>
            {format === "im" ? (
              <>
                <TabList
                  label={t("templates.im_label")}
                  idPrefix={`${id}-im`}
                  panelId={`${id}-im-panel`}
                  items={IM_TABS}
                  selected={imTab}
                  onSelect={setImTab}
                  labelOf={(k) => (k === "shared" ? t("templates.all_im") : t(`kinds.${k}`))}
                  markOf={(k) =>
                    k === "shared" ? (
                      custom.has(keyOf(event, "im", lang)) ? (
                        dot
                      ) : null
                    ) : custom.has(keyOf(event, k, lang)) ? (
                      <span className="rounded-full bg-amber-100 px-1.5 text-[10px] font-medium text-amber-800">
                        {t("templates.own_text")}
                        <span className="sr-only">{t("templates.own_text_sr", { im: t("formats.im") })}</span>
                      </span>
                    ) : null
                  }
                  small
                  className="mb-4"
                />
                <div role="tabpanel" id={`${id}-im-panel`} aria-labelledby={`${id}-im-${imTab}`}>
                  {editor}
                </div>
              </>
            ) : (
              editor
            )}
          </div>
        </div>
      </div>
    </div>
  );
}

function Dot({ label }: { label: string }) {
  return (
    <>
      <span className="size-1.5 rounded-full bg-amber-500" aria-hidden />
      <span className="sr-only">{label}</span>
    </>
  );
}
