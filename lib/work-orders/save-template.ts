import "server-only";
import { and, eq } from "drizzle-orm";
import { unknownRoles } from "@/db/queries/tenancy";
import { approvalFlows, woCategories, woTemplates, woTemplateVersions } from "@/db/schema";
import { type Tx, withTenant } from "@/db/tenant";
import { audit } from "@/lib/audit";
import { decryptSecret, encryptSecret } from "@/lib/crypto";
import { NotFoundError, SafeError } from "@/lib/errors";
import { once } from "@/lib/idempotency";
import { type Actor, requirePermission } from "@/lib/tenants/actor";
import type { TSaveTemplate } from "@/lib/validation/work-orders";
import { unknownPlaceholders } from "./command";
import { DEFAULT_RUN_POLICY, type RunPolicy } from "./run-policy";

/** A caller that says no run policy (scripts, older callers) gets the default, as the form's schema does. */
type Input = Omit<TSaveTemplate, "tenant" | "runPolicy"> & { runPolicy?: RunPolicy };

async function requireCategory(tx: Tx, id: string, kind: "environment" | "purpose") {
  const [row] = await tx
    .select({ id: woCategories.id })
    .from(woCategories)
    .where(and(eq(woCategories.id, id), eq(woCategories.kind, kind)));
  if (!row) throw new SafeError("templates.choose_category", { params: { kind }, field: `${kind}Id` });
}

function checkVariables(input: Input, internalNames: string[]) {
  const optional = input.variables.map((v) => v.name);
  const dup = optional.find((n, i) => optional.indexOf(n) !== i) ?? optional.find((n) => internalNames.includes(n));
  if (dup) throw new SafeError("templates.variable_name_twice", { params: { name: dup }, field: "variables" });
  const unknown = unknownPlaceholders(input.command, [...optional, ...internalNames]);
  if (unknown.length) {
    throw new SafeError("templates.undefined_variables", {
      params: { names: unknown.map((n) => `{${n}}`).join(", ") },
      field: "command",
    });
  }
}

type VersionContent = Pick<
  typeof woTemplateVersions.$inferSelect,
  | "name"
  | "description"
  | "environmentId"
  | "purposeId"
  | "command"
  | "workdir"
  | "timeoutSeconds"
  | "submitRoles"
  | "requiresApproval"
  | "approvalFlowId"
  | "fourEyes"
  | "runPolicy"
  | "deployWindow"
  | "variables"
  | "internalNames"
>;

/** What the audit log keeps of a version (internal values never; variable names only). */
function summarize(v: VersionContent) {
  return {
    name: v.name,
    description: v.description,
    environmentId: v.environmentId,
    purposeId: v.purposeId,
    command: v.command,
    workdir: v.workdir,
    timeoutSeconds: v.timeoutSeconds,
    submitRoles: v.submitRoles,
    requiresApproval: v.requiresApproval,
    approvalFlowId: v.approvalFlowId,
    fourEyes: v.fourEyes,
    runPolicy: v.runPolicy,
    deployWindow: v.deployWindow,
    variables: v.variables.map((x) => x.name),
    internalVariables: v.internalNames,
  };
}

/**
 * Creates a template, or saves a new version of it (orders keep the version they were submitted
 * with). A repeat of the form's idempotency key returns the first save: no second template, no
 * extra version.
 */
export async function saveTemplate(actor: Actor, input: Input): Promise<{ id: string; version: number }> {
  requirePermission(actor, "templates.manage");
  if (input.requiresApproval && !input.approvalFlowId) {
    throw new SafeError("templates.flow_or_off", { field: "approvalFlowId" });
  }
  return withTenant(
    actor,
    async (tx) =>
      (
        await once(tx, "template.save", input, async () => {
          await requireCategory(tx, input.environmentId, "environment");
          await requireCategory(tx, input.purposeId, "purpose");
          const unknown = await unknownRoles(tx, input.submitRoles);
          if (unknown.length)
            throw new SafeError("templates.no_such_role", {
              params: { roles: unknown.join(", ") },
              field: "submitRoles",
            });
          if (input.requiresApproval && input.approvalFlowId) {
            const [flow] = await tx
              .select({ id: approvalFlows.id })
              .from(approvalFlows)
              .where(eq(approvalFlows.id, input.approvalFlowId));
            if (!flow) throw new SafeError("templates.choose_tenant_flow", { field: "approvalFlowId" });
          }

          let previous: typeof woTemplateVersions.$inferSelect | undefined;
          if (input.id) {
            const [template] = await tx.select().from(woTemplates).where(eq(woTemplates.id, input.id)).for("update");
            if (!template) throw new NotFoundError("template");
            [previous] = await tx
              .select()
              .from(woTemplateVersions)
              .where(
                and(
                  eq(woTemplateVersions.templateId, template.id),
                  eq(woTemplateVersions.version, template.currentVersion),
                ),
              );
          }
          // Internal values: a null value keeps what is stored; absent names are removed.
          const stored: Record<string, string> = previous?.internalVariables
            ? JSON.parse(decryptSecret(previous.internalVariables))
            : {};
          const internal: Record<string, string> = {};
          for (const [name, value] of Object.entries(input.internalVariables)) {
            if (value !== null) internal[name] = value;
            else if (name in stored) internal[name] = stored[name] as string;
            else
              throw new SafeError("templates.internal_value_required", {
                params: { name },
                field: "internalVariables",
              });
          }
          const internalNames = Object.keys(internal);
          checkVariables(input, internalNames);

          const version = previous ? previous.version + 1 : 1;
          const content: VersionContent = {
            name: input.name,
            description: input.description,
            environmentId: input.environmentId,
            purposeId: input.purposeId,
            command: input.command,
            workdir: input.workdir || null,
            timeoutSeconds: input.timeoutSeconds,
            submitRoles: input.submitRoles,
            requiresApproval: input.requiresApproval,
            approvalFlowId: input.requiresApproval ? input.approvalFlowId : null,
            fourEyes: input.fourEyes,
            runPolicy: input.runPolicy ?? DEFAULT_RUN_POLICY,
            deployWindow: input.deployWindow,
            variables: input.variables,
            internalNames,
          };
          let templateId = input.id;
          if (!templateId) {
            const [row] = await tx
              .insert(woTemplates)
              .values({
                name: input.name,
                environmentId: input.environmentId,
                purposeId: input.purposeId,
                enabled: input.enabled,
                createdBy: actor.userId,
                updatedBy: actor.userId,
              })
              .returning({ id: woTemplates.id });
            templateId = row?.id as string;
          } else {
            await tx
              .update(woTemplates)
              .set({
                name: input.name,
                environmentId: input.environmentId,
                purposeId: input.purposeId,
                enabled: input.enabled,
                currentVersion: version,
                updatedBy: actor.userId,
                updatedAt: new Date(),
              })
              .where(eq(woTemplates.id, templateId));
          }
          await tx.insert(woTemplateVersions).values({
            ...content,
            templateId,
            version,
            internalVariables: internalNames.length ? encryptSecret(JSON.stringify(internal)) : null,
            createdBy: actor.userId,
          });
          await audit(tx, {
            action: previous ? "template.update" : "template.create",
            targetType: "template",
            targetId: templateId,
            before: previous ? { ...summarize(previous), version: previous.version } : null,
            after: { ...summarize(content), version, enabled: input.enabled },
          });
          return { id: templateId, version };
        })
      ).result,
  );
}
