import { describe, expect, test } from "vitest";
import {
  evaluate,
  MAX_EXPRESSION_LENGTH,
  parseExpression,
  referencedNodes,
  referencedParams,
} from "@/lib/flows/expression";
import { parseMsg } from "@/lib/i18n/message";

const scope = {
  params: { env: "prod", count: "10", dryRun: "false", zero: "0", empty: "", flag: "true" },
  nodes: {
    build: {
      status: "success",
      output: { status: "ok", tags: ["a", "b"], meta: { size: 3, name: "x-1" }, score: 7.5 },
    },
    "shell-2": { status: "failed", output: null },
  },
};

function run(text: string): boolean {
  const parsed = parseExpression(text);
  if (!parsed.ok) throw new Error(`${text}: ${parsed.error}`);
  return evaluate(parsed.ast, scope);
}

const errorCode = (text: string) => {
  const parsed = parseExpression(text);
  return parsed.ok ? null : parseMsg(parsed.error);
};

describe("evaluate", () => {
  test.each([
    ['nodes.build.output.status == "ok" && params.env != "staging"', true],
    ["nodes.build.output.status == 'ok' && params.env == 'staging'", false],
    ['nodes.build.status == "success"', true],
    ['nodes.shell-2.status == "failed"', true],
    ["nodes.build.output.meta.size == 3", true],
    ["nodes.build.output.meta.size > 2 && nodes.build.output.meta.size <= 3", true],
    ["nodes.build.output.score >= 7.5", true],
    ["nodes.build.output.score < -1", false],
    ['nodes.build.output.meta.name == "x-1"', true],
    ["nodes.build.output.tags.1 == 'b'", true],
    ["nodes.build.output.tags.9 == null", true],
    ["nodes.ghost.output.x == null && nodes.ghost.status == null", true],
    ["params.missing == null", true],
  ])("%s → %s", (text, expected) => {
    expect(run(text)).toBe(expected);
  });

  test("parameters are texts, compared with numbers as numbers", () => {
    expect(run("params.count > 9")).toBe(true);
    expect(run("params.count == 10")).toBe(true);
    expect(run('params.count == "10"')).toBe(true);
    // Two numeric texts compare as numbers too, not "10" < "9" by characters.
    expect(run('params.count > "9"')).toBe(true);
    expect(run('params.env > "a"')).toBe(true);
    expect(run("params.env > 1")).toBe(false);
    expect(run("params.env == 0")).toBe(false);
  });

  test("truthiness: false, 0, empty and their texts are false", () => {
    expect(run("params.dryRun")).toBe(false);
    expect(run("params.zero")).toBe(false);
    expect(run("params.empty")).toBe(false);
    expect(run("params.flag")).toBe(true);
    expect(run("!params.dryRun")).toBe(true);
    expect(run("params.flag == true")).toBe(true);
    expect(run("nodes.shell-2.output")).toBe(false);
    expect(run("nodes.build.output")).toBe(true);
    expect(run("1 == true")).toBe(false);
  });

  test("precedence: ! over comparisons over && over ||, and parentheses", () => {
    expect(run("true || false && false")).toBe(true);
    expect(run("(true || false) && false")).toBe(false);
    expect(run("!true == false")).toBe(true);
    expect(run("!(1 == 1) || 2 < 1")).toBe(false);
  });

  test("contains: a text, a list, an object's keys", () => {
    expect(run('contains(params.env, "ro")')).toBe(true);
    expect(run('contains(nodes.build.output.tags, "b")')).toBe(true);
    expect(run('contains(nodes.build.output.tags, "c")')).toBe(false);
    expect(run('contains(nodes.build.output.meta, "size")')).toBe(true);
    expect(run('contains(nodes.build.output.meta, "toString")')).toBe(false);
    expect(run('contains(nodes.ghost.output, "x")')).toBe(false);
    expect(run("contains(params.count, 1)")).toBe(true);
  });

  test("strings take escapes and either quote", () => {
    expect(run(`"a\\"b" == 'a"b'`)).toBe(true);
    expect(run(`'it\\'s' == "it's"`)).toBe(true);
  });

  test("objects and lists equal when their JSON does", () => {
    const withList = { ...scope, nodes: { a: { status: "success", output: { x: [1, 2], y: [1, 2] } } } };
    const parsed = parseExpression("nodes.a.output.x == nodes.a.output.y");
    expect(parsed.ok && evaluate(parsed.ast, withList)).toBe(true);
  });

  test("outputs do not reach prototypes", () => {
    expect(run("nodes.build.output.constructor == null")).toBe(true);
    expect(run("nodes.build.output.tags.length == null")).toBe(true);
  });

  test("evaluate takes a parse result too, and throws on one that failed", () => {
    expect(evaluate(parseExpression("params.env == 'prod'"), scope)).toBe(true);
    expect(() => evaluate(parseExpression("params.env =="), scope)).toThrow();
  });
});

describe("parse errors", () => {
  test.each([
    ["", "flows.expression_empty"],
    ["   ", "flows.expression_empty"],
    ["params.env =", "flows.expression_unexpected"],
    ["params.env ==", "flows.expression_incomplete"],
    ["(params.env", "flows.expression_incomplete"],
    ["params.env == 'x' )", "flows.expression_unexpected"],
    ["params.a params.b", "flows.expression_unexpected"],
    ["'open", "flows.expression_unterminated"],
    ["'bad \\x escape'", "flows.expression_bad_escape"],
    ["process.exit", "flows.expression_unknown_name"],
    ["constructor", "flows.expression_unknown_name"],
    ["eval('1')", "flows.expression_unknown_name"],
    ["params.a.b", "flows.expression_bad_path"],
    ["nodes.a", "flows.expression_bad_path"],
    ["nodes.a.status.x", "flows.expression_bad_path"],
    ["nodes.a.input", "flows.expression_bad_path"],
    ["params.env == `x`", "flows.expression_unexpected"],
    ["1 + 1", "flows.expression_unexpected"],
    ["contains(params.env)", "flows.expression_unexpected"],
  ])("%j → %s", (text, code) => {
    expect(errorCode(text)?.code).toBe(code);
  });

  test("an unexpected token is named with its position", () => {
    expect(errorCode("params.env = 'x'")?.params).toEqual({ token: "=", at: 12 });
  });

  test("at most 500 characters", () => {
    const long = `params.a == "${"x".repeat(MAX_EXPRESSION_LENGTH)}"`;
    expect(errorCode(long)?.code).toBe("flows.expression_too_long");
    const fits = `params.a == "${"x".repeat(MAX_EXPRESSION_LENGTH - 14)}"`;
    expect(fits.length).toBe(MAX_EXPRESSION_LENGTH);
    expect(parseExpression(fits).ok).toBe(true);
  });

  test("nesting deeper than 32 is refused, 32 parses", () => {
    expect(parseExpression(`${"(".repeat(32)}true${")".repeat(32)}`).ok).toBe(true);
    expect(errorCode(`${"(".repeat(33)}true${")".repeat(33)}`)?.code).toBe("flows.expression_too_deep");
    expect(errorCode(`${"!".repeat(40)}true`)?.code).toBe("flows.expression_too_deep");
  });
});

describe("references", () => {
  test("the nodes and parameters an expression reads, each once", () => {
    const parsed = parseExpression(
      'nodes.build.output.a == params.env || contains(nodes.test-1.output, params.env) && nodes.build.status == "success"',
    );
    if (!parsed.ok) throw new Error(parsed.error);
    expect(referencedNodes(parsed.ast)).toEqual(["build", "test-1"]);
    expect(referencedParams(parsed.ast)).toEqual(["env"]);
  });
});
