"use client";

import { ArrowDown, ArrowUp, Plus, Trash2 } from "lucide-react";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { FormError, SelectField, TextField } from "@/components/ui/field";
import { useActionForm } from "@/components/ui/use-action-form";
import { approversIssue, type FlowLevel, LEVEL_KINDS, type LevelKind } from "@/lib/approvals/flow";
import { parseMsg } from "@/lib/i18n/message";
import type { Role, RoleOption } from "@/lib/roles";
import { ZFlowLevel } from "@/lib/validation/approvals";

type Member = { userId: string; name: string; email: string; role: Role };
type Draft = { key: number; name: string; kind: LevelKind; users: string[]; roles: Role[]; timeoutHours: string };

let nextKey = 1;
const toDraft = (l: FlowLevel): Draft => ({
  key: nextKey++,
  name: l.name,
  kind: l.kind,
  users: l.users,
  roles: l.roles,
  timeoutHours: l.timeoutHours === null ? "" : String(l.timeoutHours),
});
const blank = (name: string): Draft => ({
  key: nextKey++,
  name,
  kind: "single",
  users: [],
  roles: [],
  timeoutHours: "",
});

const toLevel = (d: Draft) => ({
  name: d.name,
  kind: d.kind,
  users: d.users,
  roles: d.roles,
  timeoutHours: d.timeoutHours.trim() === "" ? null : Number(d.timeoutHours),
});

// biome-ignore lint/suspicious/noExplicitAny: a safe action; useActionForm reads its result shape
type SaveAction = (input: any) => Promise<any>;

/**
 * The approval-flow form: ordered levels, each with a kind, named approvers and/or roles and an
 * optional timeout. Saved as a nodes/edges graph by the server, so a visual designer can take over.
 */
export function FlowEditor({
  tenant,
  flow,
  members,
  roles,
  save,
}: {
  tenant: string;
  flow: { id: string; name: string; description: string; levels: FlowLevel[] } | null;
  members: Member[];
  /** The tenant's roles; viewers do not approve, so VIEWER is not offered. */
  roles: RoleOption[];
  save: SaveAction;
}) {
  const t = useTranslations("approvals");
  const all = useTranslations();
  /** A check's message: a msg() code (`ns.key` → `ns.errors.key`) in the reader's language, or text. */
  const say = (text: string) => {
    const ref = parseMsg(text);
    if (!ref) return text;
    const key = ref.key ?? (ref.code as string).replace(".", ".errors.");
    return all(key, ref.params as Record<string, string | number | Date> | undefined);
  };
  const kindOptions = LEVEL_KINDS.map((k) => ({ value: k, label: t(`kinds.${k}`) }));
  const approving = roles.filter((r) => r.key !== "VIEWER");
  const router = useRouter();
  const [name, setName] = useState(flow?.name ?? "");
  const [description, setDescription] = useState(flow?.description ?? "");
  const [levels, setLevels] = useState<Draft[]>(() =>
    flow?.levels.length ? flow.levels.map(toDraft) : [blank(t("editor.default_level_name", { n: 1 }))],
  );
  const [tried, setTried] = useState(false);
  const form = useActionForm(save, {
    extra: { tenant, id: flow?.id, name, description, levels: levels.map(toLevel) },
    successMessage: flow ? t("editor.saved") : t("editor.created"),
    onSuccess: (data: { id: string }) => {
      if (!flow) router.replace(`/t/${tenant}/approvals/flows/${data.id}`);
      else router.refresh();
    },
  });

  const update = (i: number, patch: Partial<Draft>) =>
    setLevels((ls) => ls.map((l, j) => (j === i ? { ...l, ...patch } : l)));
  const move = (i: number, by: -1 | 1) =>
    setLevels((ls) => {
      const next = [...ls];
      const [item] = next.splice(i, 1);
      if (item) next.splice(i + by, 0, item);
      return next;
    });
  const toggle = <T extends string>(list: T[], value: T, on: boolean) =>
    on ? [...new Set([...list, value])] : list.filter((v) => v !== value);

  const levelIssues = levels.map((l) => {
    if (!tried) return {};
    const issues: Record<string, string> = {};
    const parsed = ZFlowLevel.safeParse(toLevel(l));
    if (!parsed.success) for (const i of parsed.error.issues) issues[String(i.path[0])] ??= say(i.message);
    const approvers = approversIssue(l);
    if (approvers) issues.approvers = say(approvers);
    return issues;
  });

  return (
    <form
      noValidate
      onSubmit={(e) => {
        setTried(true);
        form.onSubmit(e);
      }}
      className="space-y-6"
    >
      <Card className="grid gap-4 p-5 md:grid-cols-2">
        <TextField
          label={t("editor.name")}
          value={name}
          onChange={(e) => setName(e.target.value)}
          maxLength={80}
          placeholder={t("editor.name_placeholder")}
          error={form.fieldError("name")}
        />
        <TextField
          label={t("editor.description")}
          value={description}
          onChange={(e) => setDescription(e.target.value)}
          maxLength={500}
          error={form.fieldError("description")}
        />
      </Card>

      <section aria-labelledby="levels-title" className="space-y-3">
        <div className="flex items-end justify-between">
          <div>
            <h2 id="levels-title" className="text-sm font-semibold">
              {t("editor.levels")}
            </h2>
            <p className="text-sm text-zinc-500">{t("editor.levels_help")}</p>
          </div>
        </div>
        <FormError message={form.fieldError("levels")} />
        <ol className="space-y-3">
          {levels.map((level, i) => {
            const issues = levelIssues[i] ?? {};
            const n = i + 1;
            return (
              <li key={level.key}>
                <Card className="p-5" data-testid={`level-${n}`}>
                  <fieldset className="space-y-4">
                    <legend className="sr-only">{t("editor.level", { n })}</legend>
                    <div className="flex items-center justify-between gap-2">
                      <span className="inline-flex size-6 items-center justify-center rounded-full bg-indigo-100 text-xs font-semibold text-indigo-700">
                        {n}
                      </span>
                      <div className="flex gap-1">
                        <Button
                          variant="ghost"
                          size="sm"
                          aria-label={t("editor.move_up", { n })}
                          disabled={i === 0}
                          onClick={() => move(i, -1)}
                        >
                          <ArrowUp className="size-4" aria-hidden />
                        </Button>
                        <Button
                          variant="ghost"
                          size="sm"
                          aria-label={t("editor.move_down", { n })}
                          disabled={i === levels.length - 1}
                          onClick={() => move(i, 1)}
                        >
                          <ArrowDown className="size-4" aria-hidden />
                        </Button>
                        <Button
                          variant="ghost"
                          size="sm"
                          className="text-red-600"
                          aria-label={t("editor.remove", { n })}
                          disabled={levels.length === 1}
                          onClick={() => setLevels((ls) => ls.filter((_, j) => j !== i))}
                        >
                          <Trash2 className="size-4" aria-hidden />
                        </Button>
                      </div>
                    </div>
                    <div className="grid gap-4 md:grid-cols-[1fr_1fr_10rem]">
                      <TextField
                        label={t("editor.level_name", { n })}
                        value={level.name}
                        maxLength={60}
                        onChange={(e) => update(i, { name: e.target.value })}
                        error={issues.name}
                      />
                      <SelectField
                        label={t("editor.level_kind", { n })}
                        value={level.kind}
                        options={kindOptions}
                        onChange={(e) => update(i, { kind: e.target.value as LevelKind })}
                        error={issues.kind}
                      />
                      <TextField
                        label={t("editor.timeout")}
                        type="number"
                        min={1}
                        max={720}
                        inputMode="numeric"
                        placeholder={t("editor.no_limit")}
                        value={level.timeoutHours}
                        onChange={(e) => update(i, { timeoutHours: e.target.value })}
                        error={issues.timeoutHours}
                      />
                    </div>
                    <div className="grid gap-4 md:grid-cols-[2fr_1fr]">
                      <fieldset>
                        <legend className="mb-1 text-sm font-medium text-zinc-700">
                          {t("editor.approvers", { n })}
                        </legend>
                        <div className="max-h-44 space-y-1 overflow-y-auto rounded-md border border-zinc-200 p-2">
                          {members.map((m) => (
                            <label
                              key={m.userId}
                              className="flex items-center gap-2 rounded px-1 py-0.5 text-sm hover:bg-zinc-50"
                            >
                              <input
                                type="checkbox"
                                checked={level.users.includes(m.userId)}
                                onChange={(e) => update(i, { users: toggle(level.users, m.userId, e.target.checked) })}
                                className="accent-indigo-600"
                              />
                              <span>{m.name}</span>
                              <span className="truncate text-zinc-400">{m.email}</span>
                            </label>
                          ))}
                        </div>
                      </fieldset>
                      <fieldset>
                        <legend className="mb-1 text-sm font-medium text-zinc-700">{t("editor.roles")}</legend>
                        <div className="space-y-1 rounded-md border border-zinc-200 p-2">
                          {approving.map((r) => (
                            <label key={r.key} className="flex items-center gap-2 px-1 py-0.5 text-sm">
                              <input
                                type="checkbox"
                                checked={level.roles.includes(r.key)}
                                onChange={(e) => update(i, { roles: toggle(level.roles, r.key, e.target.checked) })}
                                className="accent-indigo-600"
                              />
                              {r.builtin && t.has(`roles.${r.key}`) ? t(`roles.${r.key}`) : r.name}
                            </label>
                          ))}
                        </div>
                      </fieldset>
                    </div>
                    {issues.approvers ? (
                      <p role="alert" className="text-sm text-red-600">
                        {issues.approvers}
                      </p>
                    ) : null}
                    <p className="text-xs text-zinc-500">{t(`kind_help.${level.kind}`)}</p>
                  </fieldset>
                </Card>
              </li>
            );
          })}
        </ol>
        <Button
          variant="secondary"
          disabled={levels.length >= 10}
          onClick={() => setLevels((ls) => [...ls, blank(t("editor.default_level_name", { n: ls.length + 1 }))])}
        >
          <Plus className="size-4" aria-hidden />
          {t("editor.add_level")}
        </Button>
      </section>

      <FormError message={form.formError} />
      <div className="flex gap-2">
        <Button type="submit" pending={form.pending}>
          {flow ? t("editor.save") : t("editor.create")}
        </Button>
      </div>
    </form>
  );
}
