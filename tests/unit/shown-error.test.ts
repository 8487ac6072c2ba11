import { describe, expect, test } from "vitest";
import { shownError, withoutServerPaths } from "@/lib/runs/shown-error";

describe("a run's error as its page shows it", () => {
  test("absolute paths become their file names; URLs and relative paths stay", () => {
    expect(withoutServerPaths("at send (/srv/app/.next/server/chunks/x.js:73:403)")).toBe("at send (x.js:73:403)");
    expect(withoutServerPaths("at run (file:///home/ops/node_modules/inngest/v2.js:1:2)")).toBe("at run (v2.js:1:2)");
    expect(withoutServerPaths("GET https://example.com/a/b failed")).toBe("GET https://example.com/a/b failed");
    expect(withoutServerPaths("see docs/setup.md")).toBe("see docs/setup.md");
  });

  test("the stack only with the debug permission", () => {
    const error = {
      name: "Error",
      message: "boom in /var/lib/opsdesk/data/x",
      stack: "Error: boom\n    at f (/a/b/c.js:1:1)",
    };
    expect(shownError(error, { debug: false })).toEqual({ name: "Error", message: "boom in x", stack: null });
    expect(shownError(error, { debug: true })?.stack).toBe("Error: boom\n    at f (c.js:1:1)");
    expect(shownError(null, { debug: true })).toBeNull();
  });
});
