import "server-only";
import { DEFAULT_LOCALE, type Locale } from "@/lib/i18n/locales";
import { renderMessage, translator } from "@/lib/i18n/translate";

function lowerFirst(message: string): string {
  return /^[A-Z][a-z]/.test(message) ? message[0]?.toLowerCase() + message.slice(1) : message;
}

/**
 * What an action answers when its input fails validation: `formErrors` for the input as a whole,
 * `fieldErrors` by path. A nested failure is reported twice: under its full dotted path
 * ("variables.2.source.options.2": "At most 200 characters.") for the control that shows it, and
 * under its top-level field, named for people ("variables": "Option 3 of Hosts: at most 200
 * characters."), so any form that shows its top-level fields shows it, and nothing is lost.
 */
export type ReadableErrors = { formErrors: string[]; fieldErrors: Record<string, string[]> };

type Issue = { path: readonly PropertyKey[]; message: string };

/** List fields whose items are named by position (`validation.items.<field>`, "Option 3"); others by their label. */
const POSITIONAL = new Set(["options", "values", "days", "roles", "submitRoles", "users", "events"]);

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

/**
 * A label for a nested path, from the input that failed, in `locale`: ["variables", 2, "source",
 * "options", 2] with variable 3 labelled Hosts is "Option 3 of Hosts" ("Hosts的选项 3");
 * ["levels", 0, "name"] is "Name of Level 1"; ["internalVariables", "Token"] is "Internal
 * variable Token". Null for a top-level field.
 */
export function labelFor(path: readonly PropertyKey[], input: unknown, locale: Locale = DEFAULT_LOCALE): string | null {
  if (path.length < 2) return null;
  const t = translator(locale);
  const field = (key: string) =>
    t.has(`validation.fields.${key}`)
      ? t(`validation.fields.${key}`)
      : key.replace(/([a-z])([A-Z])/g, "$1 $2").replace(/^./, (c) => c.toUpperCase());
  const parts: string[] = [];
  let value = input;
  for (let i = 0; i < path.length; i++) {
    const key = path[i] as PropertyKey;
    const parentKey = i > 0 ? String(path[i - 1]) : "";
    value = at(value, key);
    const index = typeof key === "number" ? key : /^\d+$/.test(String(key)) ? Number(key) : null;
    if (index !== null) {
      const n = index + 1;
      if (!t.has(`validation.items.${parentKey}`)) {
        // A list inside a named entry (the values of a multi-select variable): "Value 2 of Hosts".
        parts.push(t("validation.label.value_n", { n }));
        continue;
      }
      // A named item (a variable labelled "Hosts") is called by its name, plain values by position.
      parts.pop();
      const byPosition = t(`validation.items.${parentKey}`, { n });
      parts.push(POSITIONAL.has(parentKey) ? byPosition : (named(value) ?? byPosition));
      continue;
    }
    const k = String(key);
    if (TRANSPARENT.has(k) || parentKey === "pattern") continue;
    if (i > 0 && (parentKey === "internalVariables" || parentKey === "values" || parentKey === "preferences")) {
      parts.pop();
      parts.push(parentKey === "internalVariables" ? t("validation.label.internal_variable", { name: k }) : k);
      continue;
    }
    parts.push(field(k));
  }
  return parts.reduce((outer, inner) => t("validation.label.join", { inner, outer }));
}

/** Issues (zod's, or rebuilt from next-safe-action's error tree) as messages by path in `locale`, nested ones named. */
export function readableErrors(
  issues: readonly Issue[],
  input: unknown,
  locale: Locale = DEFAULT_LOCALE,
): ReadableErrors {
  const t = translator(locale);
  const out: ReadableErrors = { formErrors: [], fieldErrors: {} };
  const add = (key: string, message: string) => {
    const list = out.fieldErrors[key] ?? [];
    if (!list.includes(message)) list.push(message);
    out.fieldErrors[key] = list;
  };
  for (const issue of issues) {
    const message = renderMessage(locale, issue.message);
    if (issue.path.length === 0) {
      out.formErrors.push(message);
      continue;
    }
    const top = String(issue.path[0]);
    const label = labelFor(issue.path, input, locale);
    const inSentence = locale === "en" ? lowerFirst(message) : message;
    add(top, label ? t("validation.label.with_message", { label, message: inSentence }) : message);
    if (issue.path.length > 1) add(issue.path.map(String).join("."), message);
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
