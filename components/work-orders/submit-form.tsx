"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useAction } from "next-safe-action/hooks";
import { useEffect, useRef, useState } from "react";
import { toast } from "sonner";
import { RouteLevels } from "@/components/approvals/route-levels";
import { failureOf, toastFailure } from "@/components/ui/action-toast";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { control, Field, FormError, TextField } from "@/components/ui/field";
import { UnreachableNotice } from "@/components/ui/unreachable-notice";
import { useActionForm } from "@/components/ui/use-action-form";
import type { RoutePreview } from "@/lib/approvals/flow-graph";
import { previewCommand } from "@/lib/work-orders/command";

export type SubmitVariable = {
  name: string;
  label: string;
  multiple: boolean;
  required: boolean;
  options: string[];
  error: string | null;
};
export type SubmitTemplate = {
  id: string;
  name: string;
  version: number;
  description: string;
  command: string;
  internalNames: string[];
  requiresApproval: boolean;
  flowName: string | null;
  deployWindow: string | null;
  variables: SubmitVariable[];
};

// biome-ignore lint/suspicious/noExplicitAny: safe actions; the hooks read their result shape
type AnyAction = (input: any) => Promise<any>;
type Submitted = { id: string; number: number; status: string };

/** The form of one template: title, its variables, a live preview of the exact command, submit. */
export function SubmitForm({
  tenant,
  template: t,
  submit,
  executeNow,
  previewRoute,
}: {
  tenant: string;
  template: SubmitTemplate;
  submit: AnyAction;
  executeNow: AnyAction;
  /** previewOrderRouteAction: the route these values would take, before submitting. */
  previewRoute: AnyAction;
}) {
  const router = useRouter();
  const tr = useTranslations("work-orders.submit");
  const tw = useTranslations("work-orders");
  /** An order's state as a word ("rejected", "已驳回"), for a status other than approved or pending. */
  const stateOf = (status: string) => (tw.has(`order_state.${status}`) ? tw(`order_state.${status}`) : status);
  const [title, setTitle] = useState("");
  const [values, setValues] = useState<Record<string, string | string[]>>(() =>
    Object.fromEntries(t.variables.map((v) => [v.name, v.multiple ? [] : ""])),
  );
  const [submitted, setSubmitted] = useState<Submitted | null>(null);
  const form = useActionForm(submit, {
    extra: { tenant, templateId: t.id, title, values },
    onSuccess: (d: Submitted) => {
      setSubmitted(d);
      toast.success(tr("toast", { number: String(d.number), status: d.status, state: stateOf(d.status) }));
    },
  });
  const execute = useAction(executeNow, {
    onSuccess: ({ data }) => {
      toast.success(tr("queued"));
      const executionId = (data as { executionId?: string } | undefined)?.executionId ?? "";
      if (submitted) router.push(`/t/${tenant}/work-orders/${submitted.id}?execution=${executionId}`);
    },
    onError: ({ error }) => toastFailure(error),
  });
  const preview = previewCommand(t.command, values, t.internalNames);
  const orderHref = submitted ? `/t/${tenant}/work-orders/${submitted.id}` : "";

  if (submitted) {
    return (
      <Card className="space-y-4 p-6" data-testid="submitted">
        <div>
          <p className="text-sm text-zinc-500">{t.name}</p>
          <h2 className="text-lg font-semibold">
            {tr("heading", {
              number: String(submitted.number),
              status: submitted.status,
              state: stateOf(submitted.status),
            })}
          </h2>
          <p className="mt-1 text-sm text-zinc-600">
            {submitted.status === "approved"
              ? tr("no_approval_needed")
              : submitted.status === "pending"
                ? t.flowName
                  ? tr("waits_flow", { flow: t.flowName })
                  : tr("waits")
                : tr("see_why")}
          </p>
        </div>
        <div className="flex flex-wrap gap-2">
          {submitted.status === "approved" ? (
            <Button pending={execute.isPending} onClick={() => execute.execute({ tenant, orderId: submitted.id })}>
              {tr("execute_now")}
            </Button>
          ) : null}
          <Link
            href={orderHref}
            className="inline-flex h-10 items-center rounded-md border border-zinc-300 bg-white px-4 text-sm font-medium text-zinc-800 hover:bg-zinc-100"
          >
            {tr("open_order", { number: String(submitted.number) })}
          </Link>
          <Button
            variant="ghost"
            onClick={() => {
              setSubmitted(null);
              setTitle("");
            }}
          >
            {tr("another")}
          </Button>
        </div>
        {t.deployWindow && submitted.status === "approved" ? (
          <p className="text-sm text-zinc-500">{tr("allowed", { window: t.deployWindow })}</p>
        ) : null}
      </Card>
    );
  }

  return (
    <Card className="p-6">
      <div className="mb-5">
        <h2 className="text-lg font-semibold">
          {t.name} <span className="text-sm font-normal text-zinc-400">v{t.version}</span>
        </h2>
        {t.description ? <p className="mt-1 whitespace-pre-line text-sm text-zinc-600">{t.description}</p> : null}
        <p className="mt-2 text-xs text-zinc-500">
          {t.requiresApproval ? tr("approval", { flow: t.flowName ?? tr("flow") }) : tr("no_approval_short")}
          {t.deployWindow ? ` · ${tr("allowed_short", { window: t.deployWindow })}` : ""}
        </p>
      </div>
      <form noValidate onSubmit={form.onSubmit} className="space-y-4">
        <TextField
          label={tr("title_label")}
          value={title}
          maxLength={200}
          placeholder={t.name}
          onChange={(e) => setTitle(e.target.value)}
          error={form.fieldError("title")}
        />
        {t.variables.map((v) => {
          const error = form.fieldError(`values.${v.name}`) ?? v.error ?? undefined;
          const label = v.required ? v.label : tr("optional", { label: v.label });
          if (v.multiple) {
            const chosen = (values[v.name] as string[]) ?? [];
            return (
              <fieldset key={v.name} aria-describedby={error ? `err-${v.name}` : undefined}>
                <legend className="mb-1 text-sm font-medium text-zinc-700">{label}</legend>
                {v.options.length ? (
                  <div className="flex max-h-48 flex-wrap gap-x-5 gap-y-1 overflow-y-auto rounded-md border border-zinc-200 p-2">
                    {v.options.map((o) => (
                      <label key={o} className="flex items-center gap-1.5 text-sm">
                        <input
                          type="checkbox"
                          checked={chosen.includes(o)}
                          onChange={(e) =>
                            setValues((vs) => ({
                              ...vs,
                              [v.name]: e.target.checked ? [...chosen, o] : chosen.filter((x) => x !== o),
                            }))
                          }
                          className="accent-indigo-600"
                        />
                        {o}
                      </label>
                    ))}
                  </div>
                ) : null}
                <VariableError id={`err-${v.name}`} error={error} retry={Boolean(v.error)} />
              </fieldset>
            );
          }
          return (
            <div key={v.name}>
              <Field label={label}>
                {(id) => (
                  <select
                    id={id}
                    value={values[v.name] as string}
                    aria-invalid={error ? true : undefined}
                    aria-describedby={error ? `err-${v.name}` : undefined}
                    onChange={(e) => setValues((vs) => ({ ...vs, [v.name]: e.target.value }))}
                    className={cn(control, error ? "border-red-500" : "border-zinc-300")}
                  >
                    <option value="">{v.options.length ? tr("choose") : tr("no_options")}</option>
                    {v.options.map((o) => (
                      <option key={o} value={o}>
                        {o}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
              <VariableError id={`err-${v.name}`} error={error} retry={Boolean(v.error)} />
            </div>
          );
        })}
        <ApprovalRoute tenant={tenant} template={t} values={values} previewRoute={previewRoute} />
        <figure>
          <figcaption className="mb-1 text-sm font-medium text-zinc-700">{tr("preview")}</figcaption>
          <pre
            aria-live="polite"
            data-testid="command-preview"
            className="overflow-x-auto whitespace-pre-wrap break-all rounded-md bg-zinc-900 px-3 py-2 font-mono text-xs text-zinc-100"
          >
            {preview}
          </pre>
          {t.internalNames.length ? <p className="mt-1 text-xs text-zinc-500">{tr("masked")}</p> : null}
        </figure>
        {form.unreachable ? (
          <UnreachableNotice what="order" href={`/t/${tenant}/work-orders/mine`} place={tr("my_orders")} />
        ) : (
          <FormError message={form.fieldError("values") ?? form.formError} />
        )}
        <Button type="submit" pending={form.pending}>
          {t.requiresApproval ? tr("submit_for_approval") : tr("submit")}
        </Button>
      </form>
    </Card>
  );
}

function VariableError({ id, error, retry }: { id: string; error?: string; retry: boolean }) {
  const router = useRouter();
  const tr = useTranslations("work-orders.submit");
  if (!error) return null;
  return (
    <p id={id} role="alert" className="mt-1 text-sm text-red-600">
      {error}{" "}
      {retry ? (
        <button type="button" onClick={() => router.refresh()} className="font-medium underline">
          {tr("try_again")}
        </button>
      ) : null}
    </p>
  );
}

type RouteState = { route: RoutePreview | null } | { error: string } | null;

/**
 * The route the order would take, with the members each level asks, worked out by the server a
 * moment after the values last changed (a condition may route by a variable): what the requester
 * meets after submitting. A template that needs no approval says so without asking.
 */
function ApprovalRoute({
  tenant,
  template,
  values,
  previewRoute,
}: {
  tenant: string;
  template: SubmitTemplate;
  values: Record<string, string | string[]>;
  previewRoute: AnyAction;
}) {
  const ta = useTranslations("approvals.order_route");
  const [state, setState] = useState<RouteState>(null);
  const asked = useRef(0);
  const request = JSON.stringify(values);
  useEffect(() => {
    if (!template.requiresApproval) return;
    const n = ++asked.current;
    const timer = setTimeout(async () => {
      let res: { data?: RoutePreview | null; serverError?: unknown; validationErrors?: unknown } | undefined;
      try {
        res = await previewRoute({ tenant, templateId: template.id, values: JSON.parse(request) });
      } catch {
        res = undefined;
      }
      if (n !== asked.current) return;
      const failure = res ? failureOf(res) : ta("unreachable");
      setState(failure !== null ? { error: failure } : { route: res?.data ?? null });
    }, 300);
    return () => clearTimeout(timer);
  }, [request, template.requiresApproval, template.id, tenant, previewRoute, ta]);
  return (
    <section aria-labelledby="route-title" className="rounded-md border border-zinc-200 p-3" data-testid="order-route">
      <h3 id="route-title" className="mb-2 text-sm font-medium text-zinc-700">
        {ta("title")}
      </h3>
      <div aria-live="polite">
        {!template.requiresApproval || (state && "route" in state && state.route === null) ? (
          <p className="text-sm text-zinc-600">{ta("none")}</p>
        ) : state === null ? (
          <p className="text-sm text-zinc-500">{ta("working")}</p>
        ) : "error" in state ? (
          <p role="alert" className="text-sm text-red-600">
            {state.error}
          </p>
        ) : state.route ? (
          <RouteLevels levels={state.route.levels} testId="order-route-levels" />
        ) : null}
      </div>
    </section>
  );
}
