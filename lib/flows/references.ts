/**
 * References in a flow node's texts (no server imports: the editor checks them as the server does):
 * `{params.Name}`, a flow parameter, and `{nodes.<id>.output.<path>}`, an upstream node's output
 * (`{nodes.<id>.output}` is the whole output). The runner resolves them with `resolveRef` and passes
 * the values the safe way (a shell node's as environment variables, a URL's encoded, an SQL node's as
 * bound parameters), never by pasting them into code. `${...}` (shell syntax) is not a reference.
 */
import type { FlowNodeData, HttpNodeData, JobNodeData, ShellNodeData, SqlNodeData } from "./catalog";

export type FlowRef =
  | { raw: string; kind: "param"; name: string }
  | { raw: string; kind: "node"; nodeId: string; path: string[] };

/** What references read: the run's parameter values, and the ended nodes' statuses and outputs. */
export type FlowScope = {
  params: Record<string, string>;
  nodes: Record<string, { status: string; output: unknown }>;
};

/** A parameter's name, as flow settings allow it. */
export const PARAM_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** A node id (the editor's `<kind>-<n>`) and an output path segment (a key, or an array index). */
const SEGMENT = "[A-Za-z0-9_-]+";

const REFERENCE = new RegExp(
  `(?<!\\$)\\{(?:params\\.([A-Za-z_][A-Za-z0-9_]*)|nodes\\.(${SEGMENT})\\.output((?:\\.${SEGMENT})*))\\}`,
  "g",
);

/** Every reference in `text`, in order of appearance (repeats included). */
export function referencesIn(text: string): FlowRef[] {
  const refs: FlowRef[] = [];
  for (const m of text.matchAll(REFERENCE)) {
    const raw = m[0];
    if (m[1] !== undefined) refs.push({ raw, kind: "param", name: m[1] });
    else refs.push({ raw, kind: "node", nodeId: m[2] as string, path: (m[3] ?? "").split(".").filter(Boolean) });
  }
  return refs;
}

/** `text` with each reference replaced by `value(ref)`; one it returns undefined for stays as written. */
export function replaceRefs(text: string, value: (ref: FlowRef) => string | undefined): string {
  return text.replace(REFERENCE, (raw) => {
    const [ref] = referencesIn(raw);
    return (ref && value(ref)) ?? raw;
  });
}

/**
 * The texts of a node's data that may hold references: a shell node's command, an HTTP node's URL,
 * header values and body, an SQL node's parameters (its query is used as written), a job node's
 * parameter values. Other kinds have none (a condition's expression has its own syntax).
 */
export function nodeTexts(node: { type: string; data: FlowNodeData | unknown }): string[] {
  const data = (node.data ?? {}) as Record<string, unknown>;
  const texts: unknown[] = [];
  if (node.type === "shell") texts.push((data as Partial<ShellNodeData>).config?.command);
  else if (node.type === "http") {
    const config = (data as Partial<HttpNodeData>).config;
    texts.push(config?.url, ...Object.values(config?.headers ?? {}), config?.body);
  } else if (node.type === "sql") texts.push(...((data as Partial<SqlNodeData>).config?.params ?? []));
  else if (node.type === "job") texts.push(...Object.values((data as Partial<JobNodeData>).params ?? {}));
  return texts.filter((t): t is string => typeof t === "string");
}

/** The value at `path` in `value` (own keys only; array indices as digits), or undefined. */
function at(value: unknown, path: string[]): unknown {
  let here = value;
  for (const key of path) {
    if (here === null || typeof here !== "object") return undefined;
    if (Array.isArray(here)) {
      if (!/^\d+$/.test(key)) return undefined;
      here = here[Number(key)];
    } else {
      if (!Object.hasOwn(here, key)) return undefined;
      here = (here as Record<string, unknown>)[key];
    }
  }
  return here;
}

/** A value as text: strings as they are, numbers and booleans by String(), null, objects and arrays as JSON. */
export function asText(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (typeof value === "bigint") return value.toString();
  if (typeof value === "function" || typeof value === "symbol") return undefined;
  return JSON.stringify(value);
}

/** What a reference reads in `scope`, as text; undefined when the parameter, node or path is missing. */
export function resolveRef(ref: FlowRef, scope: FlowScope): string | undefined {
  if (ref.kind === "param") return Object.hasOwn(scope.params, ref.name) ? scope.params[ref.name] : undefined;
  if (!Object.hasOwn(scope.nodes, ref.nodeId)) return undefined;
  const node = scope.nodes[ref.nodeId];
  return asText(at(node?.output, ref.path));
}

/** The value at a node output path (for expressions: kept typed), or undefined. */
export function outputAt(scope: FlowScope, nodeId: string, path: string[]): unknown {
  if (!Object.hasOwn(scope.nodes, nodeId)) return undefined;
  return at(scope.nodes[nodeId]?.output, path);
}
