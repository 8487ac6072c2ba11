import type { VariablePattern } from "./patterns";

/** Shapes shared by the work-order schema, validation, domain operations and UI (no server imports). */

/** A variable the requester picks at submit time, from a fixed list or a list fetched over HTTP. */
export type OptionalVariable = {
  name: string;
  label: string;
  multiple: boolean;
  required: boolean;
  source: { type: "list"; options: string[] } | { type: "http"; url: string; timeoutMs: number };
  /** The shape every value must have (absent or null: any option); checked at submit and at execution. */
  pattern?: VariablePattern | null;
};

/** Days (0 = Sunday … 6 = Saturday) and a daily time range, in the tenant's time zone. */
export type DeployWindow = { days: number[]; from: string; to: string };

/** Values chosen by the requester: name → value, or values for multi-select variables. */
export type ChosenValues = Record<string, string | string[]>;
