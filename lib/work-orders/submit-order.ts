import "server-only";
import { eq } from "drizzle-orm";
import { isCurrentVersion } from "@/db/queries/work-orders";
import { workOrders, woTemplates, woTemplateVersions } from "@/db/schema";
import { type Tx, withTenant } from "@/db/tenant";
import { routeSteps } from "@/lib/approvals/describe-route";
import { resolveApprovers } from "@/lib/approvals/engine";
import type { RoutedLevel } from "@/lib/approvals/flow-graph";
import { requestApproval } from "@/lib/approvals/request-approval";
import { routeOrder } from "@/lib/approvals/route-order";
import { orderSubject, recordOnTimeline } from "@/lib/approvals/subjects/work-order";
import { audit } from "@/lib/audit";
import { ForbiddenError, NotFoundError, SafeError } from "@/lib/errors";
import { dispatch, enqueue } from "@/lib/events/publish";
import type { AppEvent } from "@/lib/events/registry";
import { msgKey } from "@/lib/i18n/message";
import { once, recall } from "@/lib/idempotency";
import { can } from "@/lib/permissions";
import type { Actor } from "@/lib/tenants/actor";
import type { TSubmitOrder } from "@/lib/validation/work-orders";
import { previewCommand } from "./command";
import { variableOptions } from "./fetch-options";
import { matchesPattern, patternName } from "./patterns";
import type { ChosenValues, OptionalVariable } from "./types";

/** Checks the chosen values against the template's variables (options fetched where needed). */
export async function checkValues(variables: OptionalVariable[], values: ChosenValues): Promise<ChosenValues> {
  const known = new Set(variables.map((v) => v.name));
  const stray = Object.keys(values).find((k) => !known.has(k));
  if (stray) throw new SafeError("work-orders.not_a_variable", { params: { name: stray }, field: "values" });
  const clean: ChosenValues = {};
  for (const variable of variables) {
    const label = variable.label || variable.name;
    const field = `values.${variable.name}`;
    const raw = values[variable.name];
    const chosen = (Array.isArray(raw) ? raw : raw === undefined || raw === "" ? [] : [raw]).filter((v) => v !== "");
    if (chosen.length === 0) {
      if (variable.required) throw new SafeError("work-orders.choose_value_for", { params: { label }, field });
      clean[variable.name] = variable.multiple ? [] : "";
      continue;
    }
    if (!variable.multiple && chosen.length > 1)
      throw new SafeError("work-orders.one_value", { params: { label }, field });
    const pattern = variable.pattern;
    const mismatch = pattern ? chosen.find((v) => !matchesPattern(pattern, v)) : undefined;
    if (pattern && mismatch !== undefined) {
      // As patternRefusal says it, in the reader's language: a preset by its translated name.
      const name = "preset" in pattern ? msgKey(`templates.form.presets.${pattern.preset}.name`) : patternName(pattern);
      throw new SafeError("work-orders.pattern_mismatch", { params: { value: mismatch, label, pattern: name }, field });
    }
    const options = new Set(await variableOptions(variable));
    const bad = chosen.find((v) => !options.has(v));
    if (bad !== undefined) throw new SafeError("work-orders.not_an_option", { params: { value: bad, label }, field });
    clean[variable.name] = variable.multiple ? [...new Set(chosen)] : (chosen[0] as string);
  }
  return clean;
}

type Submitted = { id: string; number: number; status: string };

/**
 * Submits an order. With the idempotency key its form made, a repeat (a retry after a lost
 * response, a double click) returns the first order and writes nothing.
 */
export async function submitOrder(actor: Actor, input: Omit<TSubmitOrder, "tenant">): Promise<Submitted> {
  const first = await withTenant(actor, async (tx) => {
    // A repeat answers at once: no option fetch, and no refusal because the template changed since.
    const [row, repeat] = await Promise.all([
      tx
        .select({ v: woTemplateVersions, enabled: woTemplates.enabled })
        .from(woTemplates)
        .innerJoin(woTemplateVersions, isCurrentVersion)
        .where(eq(woTemplates.id, input.templateId))
        .then((rows) => rows[0]),
      recall<Submitted>(tx, ACTION, input),
    ]);
    if (repeat) return { repeat, version: null };
    if (!row) throw new NotFoundError("template");
    if (!row.enabled) throw new SafeError("work-orders.template_disabled");
    if (!can(actor, "work.submit") || !row.v.submitRoles.includes(actor.role))
      throw new ForbiddenError("work-orders.role_not_for_submit");
    return { repeat: null, version: row.v };
  });
  if (first.repeat) return first.repeat;
  const version = first.version;
  // Options may come from HTTP sources: check them before the transaction, not inside it.
  const values = await checkValues(version.variables, input.values);

  const { result, created } = await withTenant(actor, (tx) =>
    once(
      tx,
      ACTION,
      input,
      () => create(tx),
      ({ order }): Submitted => ({ id: order.id, number: order.number, status: order.status }),
    ),
  );
  if (created) dispatch(created.outbox);
  return result;

  async function create(tx: Tx) {
    // The route is chosen once, here, through the flow's published version; the order pins it.
    const routed = version.requiresApproval ? await routeOrder(tx, actor, version, values) : null;
    const flow: RoutedLevel[] | null = routed ? routed.levels : null;
    if (flow) {
      for (const level of flow) {
        if (level.kind === "cc") continue;
        const approvers = await resolveApprovers(tx, level, version.fourEyes ? [actor.userId] : []);
        if (approvers.length === 0) {
          throw new SafeError("work-orders.nobody_approves", {
            params: { level: level.name, fourEyes: version.fourEyes ? "yes" : "no" },
          });
        }
      }
    }
    const [order] = await tx
      .insert(workOrders)
      .values({
        title: input.title || version.name,
        templateId: version.templateId,
        templateVersionId: version.id,
        environmentId: version.environmentId,
        purposeId: version.purposeId,
        requesterId: actor.userId,
        values,
        commandPreview: previewCommand(version.command, values, version.internalNames),
        status: flow ? "pending" : "approved",
        flow,
        approvalFlowVersionId: routed?.version.id ?? null,
        route: routed ? { path: routed.path, conditions: routed.conditions } : null,
        decidedAt: flow ? null : new Date(),
        createdBy: actor.userId,
        updatedBy: actor.userId,
      })
      .returning();
    if (!order) throw new Error("insert returned nothing");
    await recordOnTimeline(tx, order, { action: "submit", actorId: actor.userId, level: null });
    if (routed) {
      const steps = await routeSteps(tx, routed.graph, routed);
      await recordOnTimeline(tx, order, {
        action: "route",
        actorId: null,
        level: null,
        via: "system",
        detail: { version: routed.version.version, steps, conditions: routed.conditions },
      });
    }
    await audit(tx, {
      action: "work_order.submit",
      targetType: "work_order",
      targetId: order.id,
      after: {
        number: order.number,
        template: version.name,
        version: version.version,
        values,
        ...(routed ? { flowVersion: routed.version.version, route: routed.path } : {}),
      },
    });
    const events: AppEvent[] = [
      {
        name: "work-order/submitted",
        data: { tenantId: order.tenantId, orderId: order.id, requesterId: actor.userId },
      },
    ];
    if (flow) events.push(...(await requestApproval(tx, orderSubject(order, version.fourEyes))).events);
    const [now] = await tx.select({ status: workOrders.status }).from(workOrders).where(eq(workOrders.id, order.id));
    return {
      order: { ...order, status: now?.status ?? order.status },
      outbox: await enqueue(tx, order.tenantId, events),
    };
  }
}

const ACTION = "work_order.submit";
