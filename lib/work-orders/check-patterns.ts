import "server-only";
import { eq } from "drizzle-orm";
import { isCurrentVersion } from "@/db/queries/work-orders";
import { woTemplates, woTemplateVersions } from "@/db/schema";
import { withTenant } from "@/db/tenant";
import { msg } from "@/lib/i18n/message";
import { patternName, patternRefusal } from "./patterns";
import type { ChosenValues, OptionalVariable } from "./types";

/**
 * Checks an order's values against the allowed patterns once more, just before its command runs:
 * those of the version it was submitted with, and those of the template's current version (a
 * pattern added or tightened since holds for orders already submitted or approved). The reason,
 * a `msg()` code without the value (it is stored with the execution), or null when it may run.
 */
export async function patternRefusalBeforeRun(
  tenantId: string,
  order: { values: ChosenValues },
  version: { templateId: string; variables: OptionalVariable[] },
): Promise<string | null> {
  const [current] = await withTenant({ tenantId, userId: null }, (tx) =>
    tx
      .select({ variables: woTemplateVersions.variables })
      .from(woTemplates)
      .innerJoin(woTemplateVersions, isCurrentVersion)
      .where(eq(woTemplates.id, version.templateId)),
  );
  for (const variable of [...version.variables, ...(current?.variables ?? [])]) {
    if (!(variable.name in order.values)) continue;
    if (variable.pattern && patternRefusal(variable, order.values[variable.name]))
      return msg("work-orders.run_pattern_refused", {
        label: variable.label || variable.name,
        pattern: patternName(variable.pattern),
      });
  }
  return null;
}
