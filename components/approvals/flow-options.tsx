"use client";

import { useTranslations } from "next-intl";
import { createContext, type ReactNode, useCallback, useContext } from "react";
import type { RoleOption } from "@/lib/roles";

/** A member who may approve (viewers are left out by the page). */
export type FlowMember = { userId: string; name: string; email: string; role: string };
export type FlowChoice = { id: string; name: string };

/**
 * What the flow designer's inspectors, summaries and previews offer by name: the tenant's members,
 * roles, environment and purpose categories and templates. Rule values and approvers are stored as
 * ids; these turn them into names.
 */
export type FlowOptions = {
  members: FlowMember[];
  roles: RoleOption[];
  environments: FlowChoice[];
  purposes: FlowChoice[];
  templates: FlowChoice[];
};

const EMPTY: FlowOptions = { members: [], roles: [], environments: [], purposes: [], templates: [] };
const Context = createContext<FlowOptions>(EMPTY);

export function FlowOptionsProvider({ value, children }: { value: FlowOptions; children: ReactNode }) {
  return <Context.Provider value={value}>{children}</Context.Provider>;
}

export const useFlowOptions = () => useContext(Context);

/** A role's name in the reader's language: a built-in role's label, a custom role's own name. */
export function useRoleName() {
  const t = useTranslations("approvals");
  const { roles } = useFlowOptions();
  return useCallback(
    (key: string) => {
      const role = roles.find((r) => r.key === key);
      if (role?.builtin !== false && t.has(`roles.${key}`)) return t(`roles.${key}`);
      return role?.name ?? key;
    },
    [roles, t],
  );
}
