"use client";

import { createContext, type ReactNode, useContext } from "react";
import type { JobParameter } from "@/lib/jobs/catalog";
import type { RoleOption } from "@/lib/roles";

/**
 * What the job-flow designer's inspectors and summaries offer by name: the tenant's jobs (with the
 * parameters of their current version), datasources, and who may approve a gate (members, roles).
 */
export type FlowDesignerOptions = {
  jobs: { id: string; name: string; enabled: boolean; parameters: JobParameter[] }[];
  datasources: { id: string; name: string; readOnly: boolean }[];
  members: { userId: string; name: string; email: string }[];
  roles: RoleOption[];
  /** Where a tenant's datasources are added (the SQL node's hint). */
  datasourcesHref: string;
};

const EMPTY: FlowDesignerOptions = { jobs: [], datasources: [], members: [], roles: [], datasourcesHref: "" };
const Context = createContext<FlowDesignerOptions>(EMPTY);

export function FlowDesignerOptionsProvider({ value, children }: { value: FlowDesignerOptions; children: ReactNode }) {
  return <Context.Provider value={value}>{children}</Context.Provider>;
}

export const useFlowDesignerOptions = () => useContext(Context);
