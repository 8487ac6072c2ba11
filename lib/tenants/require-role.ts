import "server-only";
import { unknownRoles } from "@/db/queries/tenancy";
import type { Tx } from "@/db/tenant";
import { SafeError } from "@/lib/errors";

/** Refuses, on the role field, a role the tenant does not have (a custom role deleted meanwhile, a forged key). */
export async function requireRole(tx: Tx, key: string): Promise<void> {
  if ((await unknownRoles(tx, [key])).length) throw new SafeError("members.no_such_role", { field: "role" });
}
