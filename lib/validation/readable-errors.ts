import { lowerFirst } from "./messages";

/**
 * What an action answers when its input fails validation: `formErrors` for the input as a whole,
 * `fieldErrors` by path. A nested failure is reported twice: under its full dotted path
 * ("variables.2.source.options.2": "At most 200 characters.") for the control that shows it, and
 * under its top-level field, named for people ("variables": "Option 3 of Hosts: at most 200
 * characters."), so any form that shows its top-level fields shows it, and nothing is lost.
 */
export type ReadableErrors = { formErrors: string[]; fieldErrors: Record<string, string[]> };

type Issue = { path: readonly PropertyKey[]; message: string };

/** Singular nouns of list fields, for "Option 3", "Level 2". */
const ITEM_NOUN: Record<string, string> = {
  variables: "Variable",
  options: "Option",
  levels: "Level",
  users: "User",
  roles: "Role",
  submitRoles: "Role",
  days: "Day",
  events: "Event",
  values: "Value",
};

const POSITIONAL = new Set(["Option", "Value", "Day", "Role", "User", "Event"]);

/** Field names as people read them. */
const FIELD_LABEL: Record<string, string> = {
  name: "Name",
  label: "Label",
  url: "URL",
  timeoutMs: "Timeout",
  timeoutHours: "Timeout",
  kind: "Kind",
  type: "Source",
  pattern: "Allowed pattern",
  regex: "Pattern",
  preset: "Pattern preset",
  from: "Start time",
  to: "End time",
  days: "Days",
  deployWindow: "Deploy window",
  internalVariables: "Internal variable",
  values: "Value",
  options: "Options",
  multiple: "Multiple values",
  required: "Required",
};

/** Path segments that only group fields (a variable's `source`): left out of labels. */
const TRANSPARENT = new Set(["source"]);

const at = (value: unknown, key: PropertyKey): unknown =>
  value && typeof value === "object" && Object.hasOwn(value, key)
    ? (value as Record<PropertyKey, unknown>)[key]
    : undefined;

const named = (item: unknown): string | null => {
  for (const k of ["label", "name"]) {
    const v = at(item, k);
    if (typeof v === "string" && v.trim()) return v.trim();
  }
  return null;
};

const humanize = (key: string) =>
  FIELD_LABEL[key] ?? key.replace(/([a-z])([A-Z])/g, "$1 $2").replace(/^./, (c) => c.toUpperCase());

/**
 * A label for a nested path, from the input that failed: ["variables", 2, "source", "options", 2]
 * with variable 3 labelled Hosts is "Option 3 of Hosts"; ["levels", 0, "name"] is "Name of Level 1";
 * ["internalVariables", "Token"] is "Internal variable Token". Null for a top-level field.
 */
export function labelFor(path: readonly PropertyKey[], input: unknown): string | null {
  if (path.length < 2) return null;
  const parts: string[] = [];
  let value = input;
  for (let i = 0; i < path.length; i++) {
    const key = path[i] as PropertyKey;
    const parentKey = i > 0 ? String(path[i - 1]) : "";
    value = at(value, key);
    const index = typeof key === "number" ? key : /^\d+$/.test(String(key)) ? Number(key) : null;
    if (index !== null) {
      const noun = ITEM_NOUN[parentKey];
      if (!noun) {
        // A list inside a named entry (the values of a multi-select variable): "Value 2 of Hosts".
        parts.push(`Value ${index + 1}`);
        continue;
      }
      // A named item (a variable labelled "Hosts") is called by its name, plain values by position.
      parts.pop();
      parts.push(POSITIONAL.has(noun) ? `${noun} ${index + 1}` : (named(value) ?? `${noun} ${index + 1}`));
      continue;
    }
    const k = String(key);
    if (TRANSPARENT.has(k) || parentKey === "pattern") continue;
    if (i > 0 && (parentKey === "internalVariables" || parentKey === "values" || parentKey === "preferences")) {
      parts.pop();
      parts.push(parentKey === "internalVariables" ? `Internal variable ${k}` : k);
      continue;
    }
    parts.push(humanize(k));
  }
  return parts.reverse().join(" of ");
}

/** Issues (zod's, or rebuilt from next-safe-action's error tree) as messages by path, nested ones named. */
export function readableErrors(issues: readonly Issue[], input: unknown): ReadableErrors {
  const out: ReadableErrors = { formErrors: [], fieldErrors: {} };
  const add = (key: string, message: string) => {
    const list = out.fieldErrors[key] ?? [];
    if (!list.includes(message)) list.push(message);
    out.fieldErrors[key] = list;
  };
  for (const issue of issues) {
    if (issue.path.length === 0) {
      out.formErrors.push(issue.message);
      continue;
    }
    const top = String(issue.path[0]);
    const label = labelFor(issue.path, input);
    add(top, label ? `${label}: ${lowerFirst(issue.message)}` : issue.message);
    if (issue.path.length > 1) add(issue.path.map(String).join("."), issue.message);
  }
  return out;
}

/** next-safe-action's validation error tree (`{_errors, field: {_errors, …}}`) back into issues, in order. */
export function treeToIssues(tree: unknown, path: PropertyKey[] = []): Issue[] {
  if (!tree || typeof tree !== "object") return [];
  const issues: Issue[] = [];
  for (const [key, node] of Object.entries(tree)) {
    if (key === "_errors") {
      if (Array.isArray(node)) for (const message of node) issues.push({ path, message: String(message) });
      continue;
    }
    issues.push(...treeToIssues(node, [...path, /^\d+$/.test(key) ? Number(key) : key]));
  }
  return issues;
}
