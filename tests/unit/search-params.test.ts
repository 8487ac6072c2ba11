import { expect, test } from "vitest";
import { readParams, ZHistoryParams, ZOrdersParams } from "@/lib/search-params";

test("history: an impossible date in the URL is dropped like any other bad filter value", () => {
  for (const day of ["2026-13-01", "2026-02-30", "2025-02-29", "2026-04-31", "2026-00-10", "0000-01-01"]) {
    const filter = readParams(ZHistoryParams, { from: day, to: day, status: "failed" });
    expect(filter, day).toEqual({ status: "failed" });
  }
  expect(readParams(ZHistoryParams, { from: "2024-02-29", to: "2026-12-31" })).toEqual({
    from: "2024-02-29",
    to: "2026-12-31",
  });
});

test("lists: a cursor with a date PostgreSQL cannot hold is dropped: the first page is shown", () => {
  const id = "0b8f6f3e-6c1a-4d2e-9a7b-1c2d3e4f5a6b";
  expect(readParams(ZOrdersParams, { before: `0000-01-01T00:00:00.000Z_${id}` })).toEqual({});
  expect(readParams(ZOrdersParams, { before: `2026-13-01T00:00:00.000Z_${id}` })).toEqual({});
  expect(readParams(ZOrdersParams, { before: `2026-03-01T10:00:00.000Z_${id}` })).toEqual({
    before: { at: new Date("2026-03-01T10:00:00.000Z"), id },
  });
});
