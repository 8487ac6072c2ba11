import { describe, expect, test } from "vitest";
import { DEFAULT_NODE_POLICY } from "@/lib/flows/catalog";
import { nodeTexts, referencesIn, replaceRefs, resolveRef } from "@/lib/flows/references";

const scope = {
  params: { env: "prod", empty: "" },
  nodes: {
    "shell-1": {
      status: "success",
      output: { version: "1.2.3", count: 3, ok: true, none: null, list: ["a", { b: 2 }], nested: { x: { y: "deep" } } },
    },
    build: { status: "success", output: "plain" },
  },
};

describe("referencesIn", () => {
  test("finds params and node outputs, in order, with their paths", () => {
    const text = "deploy {params.env} v{nodes.shell-1.output.version} to {nodes.build.output} {params.env}";
    expect(referencesIn(text)).toEqual([
      { raw: "{params.env}", kind: "param", name: "env" },
      { raw: "{nodes.shell-1.output.version}", kind: "node", nodeId: "shell-1", path: ["version"] },
      { raw: "{nodes.build.output}", kind: "node", nodeId: "build", path: [] },
      { raw: "{params.env}", kind: "param", name: "env" },
    ]);
  });

  test("shell syntax, job placeholders and malformed references are not references", () => {
    expect(referencesIn("${params.env} {Name} {print $1} {nodes.x.status} {params.1bad} {nodes..output}")).toEqual([]);
  });

  test("array indices are path segments", () => {
    expect(referencesIn("{nodes.a.output.list.1.b}")[0]).toMatchObject({ nodeId: "a", path: ["list", "1", "b"] });
  });
});

describe("resolveRef", () => {
  const one = (text: string) => resolveRef(referencesIn(text)[0] as never, scope);

  test("strings as they are, numbers and booleans by String(), objects as JSON", () => {
    expect(one("{params.env}")).toBe("prod");
    expect(one("{params.empty}")).toBe("");
    expect(one("{nodes.shell-1.output.version}")).toBe("1.2.3");
    expect(one("{nodes.shell-1.output.count}")).toBe("3");
    expect(one("{nodes.shell-1.output.ok}")).toBe("true");
    expect(one("{nodes.shell-1.output.none}")).toBe("null");
    expect(one("{nodes.shell-1.output.list}")).toBe('["a",{"b":2}]');
    expect(one("{nodes.shell-1.output.list.1.b}")).toBe("2");
    expect(one("{nodes.shell-1.output.nested.x.y}")).toBe("deep");
    expect(one("{nodes.build.output}")).toBe("plain");
  });

  test("missing parameters, nodes and paths are undefined, and prototypes are not reached", () => {
    expect(one("{params.nope}")).toBeUndefined();
    expect(one("{params.toString}")).toBeUndefined();
    expect(one("{nodes.ghost.output}")).toBeUndefined();
    expect(one("{nodes.shell-1.output.missing}")).toBeUndefined();
    expect(one("{nodes.shell-1.output.version.length}")).toBeUndefined();
    expect(one("{nodes.shell-1.output.constructor}")).toBeUndefined();
    expect(one("{nodes.shell-1.output.list.x}")).toBeUndefined();
    expect(one("{nodes.build.output.x}")).toBeUndefined();
  });

  test("replaceRefs fills what resolves and leaves the rest as written", () => {
    const filled = replaceRefs("{params.env}/{nodes.ghost.output}/{params.empty}", (ref) => resolveRef(ref, scope));
    expect(filled).toBe("prod/{nodes.ghost.output}/");
  });
});

describe("nodeTexts", () => {
  const policy = DEFAULT_NODE_POLICY;
  test("each kind gives the texts its runner fills", () => {
    expect(
      nodeTexts({
        type: "shell",
        data: { name: "s", policy, config: { command: "echo {params.env}", workdir: "", envKeys: [], timeoutMs: 1 } },
      }),
    ).toEqual(["echo {params.env}"]);
    expect(
      nodeTexts({
        type: "http",
        data: {
          name: "h",
          policy,
          config: {
            method: "POST",
            url: "u",
            headers: { A: "h1" },
            body: "b",
            expectStatus: null,
            timeoutMs: 1,
            maxBytes: 1,
          },
        },
      }),
    ).toEqual(["u", "h1", "b"]);
    expect(
      nodeTexts({
        type: "sql",
        data: {
          name: "q",
          policy,
          config: {
            datasourceId: "d",
            query: "select {params.x}",
            params: ["p1"],
            statementTimeoutMs: 1,
            rowCap: 1,
            readOnly: true,
          },
        },
      }),
    ).toEqual(["p1"]);
    expect(nodeTexts({ type: "job", data: { name: "j", jobId: "x", policy, params: { A: "a", B: "b" } } })).toEqual([
      "a",
      "b",
    ]);
    expect(nodeTexts({ type: "condition", data: { name: "c", expression: "params.x == 1" } })).toEqual([]);
    expect(nodeTexts({ type: "start", data: {} })).toEqual([]);
  });
});
