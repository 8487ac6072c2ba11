import { describe, expect, test } from "vitest";
import { isConnectionError } from "@/lib/errors";

describe("isConnectionError", () => {
  test("a database that is away, restarting or cut off", () => {
    for (const error of [
      { code: "ECONNREFUSED" },
      { code: "CONNECTION_CLOSED" },
      { code: "CONNECT_TIMEOUT" },
      { code: "57P01", severity: "FATAL" }, // terminating connection due to administrator command
      { code: "57P03", severity: "FATAL" }, // the database system is starting up
      { code: "55000", severity: "FATAL" }, // database is not currently accepting connections
      { code: "08006" },
      new Error("Failed query", { cause: { code: "ECONNRESET" } }),
    ]) {
      expect(isConnectionError(error), JSON.stringify(error)).toBe(true);
    }
  });

  test("not a statement that failed", () => {
    for (const error of [
      { code: "23505", severity: "ERROR" },
      { code: "22021", severity: "ERROR" },
      { code: "55000", severity: "ERROR" },
      new Error("boom"),
      null,
    ]) {
      expect(isConnectionError(error), JSON.stringify(error)).toBe(false);
    }
  });
});
