import { describe, expect, test } from "vitest";
import type { z } from "zod";
import { ZSaveDatasource, ZSaveJob, ZSaveSchedule } from "@/lib/validation/jobs";
import { readableErrors } from "@/lib/validation/readable-errors";

/** What the job forms' actions will answer for `input` (the shaping lib/safe-action.ts applies). */
function answer(schema: z.ZodType, input: unknown, locale: "en" | "zh-CN" = "en") {
  const r = schema.safeParse(input);
  expect(r.success).toBe(false);
  const a = readableErrors(r.error?.issues ?? [], input, locale);
  return [...a.formErrors, ...Object.values(a.fieldErrors).flat()].join("\n");
}
/** zod's own wording, which must never reach a person; and a message code left unrendered. */
const ZOD_SPEAK =
  /expected|Too (big|small)|Invalid (input|option|string|key|element)|Unrecognized|received|<=|>=|jobs\./;

const http = { type: "http", method: "GET", url: "https://hooks.example.com/ping" };
const job = (extra: Record<string, unknown>) => ({ tenant: "acme", name: "Ping", config: http, ...extra });

describe("job forms' schemas: refusals are written for people, in both languages", () => {
  test.each([
    ["an ftp URL", job({ config: { ...http, url: "ftp://files.example.com/x" } }), /http:\/\/ or https:\/\//],
    ["an unknown job type", job({ config: { type: "python", code: "print(1)" } }), /Choose a job type/],
    ["a config key the type does not have", job({ config: { ...http, command: "rm -rf /" } }), /command/],
    ["a secret name that is no variable name", job({ secrets: { "1-bad": "x" } }), /letters, digits and _/],
    ["a reserved secret name", job({ secrets: JSON.parse('{"__proto__": "x"}') }), /reserved name/],
    ["an empty shell command", job({ config: { type: "shell", command: "  " } }), /Enter a command/],
    ["a timeout over a day", job({ timeoutMs: 86_400_001 }), /86,400,000/],
    [
      "a row cap over the limit",
      job({ config: { type: "sql", datasourceId: crypto.randomUUID(), query: "select 1", rowCap: 1e6 } }),
      /10,000/,
    ],
  ])("%s", (_, input, expected) => {
    const text = answer(ZSaveJob, input);
    expect(text).toMatch(expected);
    expect(text).not.toMatch(ZOD_SPEAK);
    expect(answer(ZSaveJob, input, "zh-CN")).not.toMatch(ZOD_SPEAK);
  });

  test("a datasource URL must be postgres://, in the reader's language", () => {
    const input = { tenant: "acme", name: "db", url: "mysql://u:p@db/x" };
    expect(answer(ZSaveDatasource, input)).toMatch(/postgres:\/\/ or postgresql:\/\//);
    expect(answer(ZSaveDatasource, input, "zh-CN")).toMatch(/请输入 postgres:\/\//);
  });

  test("a schedule's form fills its defaults: fire once for missed fires, skip while running, no calendar", () => {
    const parsed = ZSaveSchedule.parse({
      tenant: "acme",
      jobId: crypto.randomUUID(),
      cron: "0 3 * * *",
      timeZone: "UTC",
    });
    expect(parsed).toMatchObject({
      misfire: { kind: "fire_once" },
      overlap: { kind: "skip" },
      calendar: { excluded: [], included: [] },
      enabled: true,
      pausedUntil: null,
    });
  });
});
