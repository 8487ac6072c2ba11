/**
 * The expressions of condition nodes (no server imports: the editor parses them as the runner
 * does), a small language read by a hand-written parser and walked by an interpreter: never `eval`,
 * never `Function`. What it has:
 * - literals: strings `"…"` or `'…'` (escapes `\"`, `\'`, `\\`, `\n`, `\t`), numbers (`-1.5e3`),
 *   `true`, `false`, `null`;
 * - paths: `params.Name` (a flow parameter, a string), `nodes.<id>.status` (an ended node's status)
 *   and `nodes.<id>.output.<a>.<b>` (its JSON output, typed; `nodes.<id>.output` is all of it);
 *   what is missing reads as `null`;
 * - `!`, `==`, `!=`, `<`, `<=`, `>`, `>=`, `&&`, `||` (this order of precedence, loosest last),
 *   parentheses, and `contains(a, b)`: a text holds `b` as text, a list holds an element equal to
 *   `b`, an object has the key `b`.
 *
 * Comparisons are predictable rather than JavaScript's: a number and a numeric text compare as
 * numbers (`params.count >= 3` with count "10"), two texts that are both numeric too, other texts by
 * code points; a boolean equals its text (`"true"`); objects and lists equal when their JSON does;
 * ordering anything else is false. Truthiness: `null`, `false`, `0`, `""`, `"false"` and `"0"` are
 * false (parameters are texts, so `params.dryRun` given as "false" reads false); the rest true.
 * Input is at most 500 characters, nested at most 32 deep. Parse errors are `msg()` codes.
 */
import { msg } from "@/lib/i18n/message";
import { type FlowScope, outputAt, PARAM_NAME } from "./references";

export const MAX_EXPRESSION_LENGTH = 500;
export const MAX_EXPRESSION_DEPTH = 32;

type Literal = string | number | boolean | null;
export type BinaryOp = "==" | "!=" | "<" | "<=" | ">" | ">=" | "&&" | "||";
export type Expr =
  | { type: "literal"; value: Literal }
  | { type: "param"; name: string }
  | { type: "status"; nodeId: string }
  | { type: "output"; nodeId: string; path: string[] }
  | { type: "not"; operand: Expr }
  | { type: "binary"; op: BinaryOp; left: Expr; right: Expr }
  | { type: "contains"; haystack: Expr; needle: Expr };

export type ParseResult = { ok: true; ast: Expr } | { ok: false; error: string };

type Token =
  | { kind: "literal"; value: Literal; at: number; text: string }
  | { kind: "word"; value: string; at: number; text: string }
  | { kind: "op"; value: string; at: number; text: string };

class ParseError extends Error {
  constructor(readonly code: string) {
    super(code);
  }
}

const OPERATORS = ["==", "!=", "<=", ">=", "&&", "||", "<", ">", "!", "(", ")", ","];
const NUMBER = /^-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/;
/** A word: a name, then `.segment`s (a node id or output key may hold `-` and start with a digit). */
const WORD = /^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z0-9_-]+)*/;
const ESCAPES: Record<string, string> = { '"': '"', "'": "'", "\\": "\\", n: "\n", t: "\t" };

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i] as string;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const at = i + 1;
    if (c === '"' || c === "'") {
      let value = "";
      let j = i + 1;
      for (;;) {
        if (j >= text.length) throw new ParseError(msg("flows.expression_unterminated", { at }));
        const d = text[j] as string;
        if (d === c) break;
        if (d === "\\") {
          const escaped = ESCAPES[text[j + 1] ?? ""];
          if (escaped === undefined) throw new ParseError(msg("flows.expression_bad_escape", { at: j + 1 }));
          value += escaped;
          j += 2;
          continue;
        }
        value += d;
        j++;
      }
      tokens.push({ kind: "literal", value, at, text: text.slice(i, j + 1) });
      i = j + 1;
      continue;
    }
    const rest = text.slice(i);
    const number = NUMBER.exec(rest);
    if (number) {
      tokens.push({ kind: "literal", value: Number(number[0]), at, text: number[0] });
      i += number[0].length;
      continue;
    }
    const word = WORD.exec(rest);
    if (word) {
      const w = word[0];
      const value = w === "true" ? true : w === "false" ? false : w === "null" ? null : undefined;
      tokens.push(
        value === undefined ? { kind: "word", value: w, at, text: w } : { kind: "literal", value, at, text: w },
      );
      i += w.length;
      continue;
    }
    const op = OPERATORS.find((o) => rest.startsWith(o));
    if (!op) throw new ParseError(msg("flows.expression_unexpected", { token: c, at }));
    tokens.push({ kind: "op", value: op, at, text: op });
    i += op.length;
  }
  return tokens;
}

/** A word as a path, or the error that it reads nothing. */
function pathOf(word: string): Expr {
  const parts = word.split(".");
  const [root, id, field, ...path] = parts;
  if (root === "params" && parts.length === 2 && PARAM_NAME.test(id as string))
    return { type: "param", name: id as string };
  if (root === "nodes" && id && field === "status" && path.length === 0) return { type: "status", nodeId: id };
  if (root === "nodes" && id && field === "output") return { type: "output", nodeId: id, path };
  if (root === "params" || root === "nodes") throw new ParseError(msg("flows.expression_bad_path", { path: word }));
  throw new ParseError(msg("flows.expression_unknown_name", { name: word }));
}

/** Recursive descent, one function per precedence level; `depth` counts nesting (parentheses, `!`, calls). */
function parser(tokens: Token[]) {
  let pos = 0;
  const peek = () => tokens[pos];
  const isOp = (value: string) => {
    const t = peek();
    return t?.kind === "op" && t.value === value;
  };
  const unexpected = (): never => {
    const t = peek();
    if (!t) throw new ParseError(msg("flows.expression_incomplete"));
    throw new ParseError(msg("flows.expression_unexpected", { token: t.text, at: t.at }));
  };
  const expect = (value: string) => {
    if (!isOp(value)) unexpected();
    pos++;
  };
  const deeper = (depth: number) => {
    if (depth >= MAX_EXPRESSION_DEPTH)
      throw new ParseError(msg("flows.expression_too_deep", { max: MAX_EXPRESSION_DEPTH }));
    return depth + 1;
  };

  const binary = (ops: string[], next: (depth: number) => Expr) => (depth: number) => {
    let left = next(depth);
    for (;;) {
      const t = peek();
      if (t?.kind !== "op" || !ops.includes(t.value)) return left;
      pos++;
      left = { type: "binary", op: t.value as BinaryOp, left, right: next(depth) };
    }
  };

  function primary(depth: number): Expr {
    const t = peek();
    if (!t) return unexpected();
    if (t.kind === "literal") {
      pos++;
      return { type: "literal", value: t.value };
    }
    if (t.kind === "op" && t.value === "(") {
      pos++;
      const inner = or(deeper(depth));
      expect(")");
      return inner;
    }
    if (t.kind === "word") {
      pos++;
      if (t.value === "contains" && isOp("(")) {
        pos++;
        const d = deeper(depth);
        const haystack = or(d);
        expect(",");
        const needle = or(d);
        expect(")");
        return { type: "contains", haystack, needle };
      }
      if (isOp("(")) throw new ParseError(msg("flows.expression_unknown_name", { name: t.value }));
      return pathOf(t.value);
    }
    return unexpected();
  }
  function unary(depth: number): Expr {
    if (isOp("!")) {
      pos++;
      return { type: "not", operand: unary(deeper(depth)) };
    }
    return primary(depth);
  }
  const relational = binary(["<", "<=", ">", ">="], unary);
  const equality = binary(["==", "!="], relational);
  const and = binary(["&&"], equality);
  const or: (depth: number) => Expr = binary(["||"], and);

  return () => {
    const ast = or(0);
    if (pos < tokens.length) unexpected();
    return ast;
  };
}

/** The expression's tree, or why it does not parse (a `msg()` code). */
export function parseExpression(text: string): ParseResult {
  if (typeof text !== "string" || text.trim() === "") return { ok: false, error: msg("flows.expression_empty") };
  if (text.length > MAX_EXPRESSION_LENGTH)
    return { ok: false, error: msg("flows.expression_too_long", { max: MAX_EXPRESSION_LENGTH }) };
  try {
    return { ok: true, ast: parser(tokenize(text))() };
  } catch (error) {
    if (error instanceof ParseError) return { ok: false, error: error.code };
    throw error;
  }
}

type Value = unknown;

const numeric = (v: Value): number | null => {
  if (typeof v === "number") return Number.isFinite(v) ? v : null;
  if (typeof v === "string" && v.trim() !== "") {
    const n = Number(v);
    return Number.isFinite(n) ? n : null;
  }
  return null;
};

export function truthy(v: Value): boolean {
  if (v === null || v === undefined || v === false) return false;
  if (typeof v === "number") return v !== 0 && !Number.isNaN(v);
  if (typeof v === "string") return v !== "" && v !== "false" && v !== "0";
  return true;
}

function equal(a: Value, b: Value): boolean {
  const x = a ?? null;
  const y = b ?? null;
  if (x === null || y === null) return x === y;
  if (typeof x === "object" || typeof y === "object")
    return typeof x === typeof y && JSON.stringify(x) === JSON.stringify(y);
  if (typeof x === typeof y) return x === y;
  // Mixed scalars: a boolean equals its text, a number a numeric text; a number never equals a boolean.
  if (typeof x === "boolean" || typeof y === "boolean")
    return (typeof x === "string" || typeof y === "string") && String(x) === String(y);
  const [n, m] = [numeric(x), numeric(y)];
  return n !== null && m !== null && n === m;
}

function order(a: Value, b: Value): number | null {
  const [n, m] = [numeric(a), numeric(b)];
  if (n !== null && m !== null) return n - m;
  if (typeof a === "string" && typeof b === "string") return a < b ? -1 : a > b ? 1 : 0;
  return null;
}

function contains(haystack: Value, needle: Value): boolean {
  if (typeof haystack === "string") {
    if (needle === null || needle === undefined || typeof needle === "object") return false;
    return haystack.includes(String(needle));
  }
  if (Array.isArray(haystack)) return haystack.some((item) => equal(item, needle));
  if (haystack !== null && typeof haystack === "object")
    return (typeof needle === "string" || typeof needle === "number") && Object.hasOwn(haystack, String(needle));
  return false;
}

function value(e: Expr, scope: FlowScope): Value {
  switch (e.type) {
    case "literal":
      return e.value;
    case "param":
      return Object.hasOwn(scope.params, e.name) ? scope.params[e.name] : null;
    case "status":
      return Object.hasOwn(scope.nodes, e.nodeId) ? (scope.nodes[e.nodeId]?.status ?? null) : null;
    case "output":
      return outputAt(scope, e.nodeId, e.path) ?? null;
    case "not":
      return !truthy(value(e.operand, scope));
    case "contains":
      return contains(value(e.haystack, scope), value(e.needle, scope));
    case "binary": {
      if (e.op === "&&") return truthy(value(e.left, scope)) && truthy(value(e.right, scope));
      if (e.op === "||") return truthy(value(e.left, scope)) || truthy(value(e.right, scope));
      const [l, r] = [value(e.left, scope), value(e.right, scope)];
      if (e.op === "==") return equal(l, r);
      if (e.op === "!=") return !equal(l, r);
      const c = order(l, r);
      if (c === null) return false;
      return e.op === "<" ? c < 0 : e.op === "<=" ? c <= 0 : e.op === ">" ? c > 0 : c >= 0;
    }
  }
}

/**
 * What the expression comes to in `scope`, as a truth value. Takes a tree, or `parseExpression`'s
 * answer: one that did not parse throws (an Error whose message is its `msg()` code).
 */
export function evaluate(ast: Expr | ParseResult, scope: FlowScope): boolean {
  if ("ok" in ast) {
    if (!ast.ok) throw new Error(ast.error);
    return truthy(value(ast.ast, scope));
  }
  return truthy(value(ast, scope));
}

function walk(e: Expr, visit: (e: Expr) => void) {
  visit(e);
  if (e.type === "not") walk(e.operand, visit);
  else if (e.type === "binary") {
    walk(e.left, visit);
    walk(e.right, visit);
  } else if (e.type === "contains") {
    walk(e.haystack, visit);
    walk(e.needle, visit);
  }
}

/** The nodes an expression reads (status or output), each once, in order of appearance. */
export function referencedNodes(ast: Expr): string[] {
  const ids = new Set<string>();
  walk(ast, (e) => {
    if (e.type === "status" || e.type === "output") ids.add(e.nodeId);
  });
  return [...ids];
}

/** The parameters an expression reads, each once, in order of appearance. */
export function referencedParams(ast: Expr): string[] {
  const names = new Set<string>();
  walk(ast, (e) => {
    if (e.type === "param") names.add(e.name);
  });
  return [...names];
}
