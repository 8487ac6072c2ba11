import { describe, expect, test } from "vitest";
import { draftOf, jobInput, newPair, wordsOf } from "@/components/jobs/job-draft";
import { daysText, parseDays, scheduleDraftOf, scheduleInput } from "@/components/jobs/schedule-draft";
import { ZSaveJob, ZSaveSchedule } from "@/lib/validation/jobs";

const JOB = "0b7f6f0e-2a3b-4c5d-8e9f-0a1b2c3d4e5f";
const DS = "1c8f7f1e-3b4c-4d5e-9f0a-1b2c3d4e5f60";

describe("the job form's draft", () => {
  test("a new HTTP job as typed is what the save schema takes: seconds become milliseconds, empty expected status is any 2xx", () => {
    const d = draftOf(null, "http");
    d.name = "Nightly ping";
    d.http.url = " https://hooks.example.com/ping ";
    d.http.headers = [newPair("X-Token", "{TOKEN}"), newPair("", "ignored: no name")];
    d.http.timeoutS = "2.5";
    d.secrets = [newPair("TOKEN", "s3cret")];
    d.parameters = [newPair("Target", "prod")];
    const input = jobInput(d);
    expect(input.config).toEqual({
      type: "http",
      method: "GET",
      url: "https://hooks.example.com/ping",
      headers: { "X-Token": "{TOKEN}" },
      body: "",
      expectStatus: null,
      timeoutMs: 2500,
      maxBytes: 1048576,
    });
    expect(input.parameters).toEqual([{ name: "Target", default: "prod" }]);
    expect(ZSaveJob.safeParse({ tenant: "acme", ...input }).success).toBe(true);
  });

  test("an edit starts from the current version: stored secrets show as set with no value, and an untouched one is sent empty (kept)", () => {
    const d = draftOf({
      id: JOB,
      version: 3,
      name: "Report",
      description: "",
      config: {
        type: "sql",
        datasourceId: DS,
        query: "select $1::int",
        params: ["{Days}"],
        statementTimeoutMs: 30_000,
        rowCap: 100,
        readOnly: true,
      },
      retries: { count: 2, interval: "exponential", baseMs: 90_000 },
      timeoutMs: 600_000,
      secretNames: ["DB_PASS"],
      parameters: [{ name: "Days", default: "7" }],
      alerts: { channelIds: [], onFailure: true, onTimeout: false, consecutive: 3, onRecovery: true },
    });
    expect(d.type).toBe("sql");
    expect(d.secrets.map((s) => [s.name, s.value, s.stored])).toEqual([["DB_PASS", "", true]]);
    expect(d.retries).toEqual({ count: "2", interval: "exponential", baseS: "90" });
    const input = jobInput(d);
    expect(input.secrets).toEqual({ DB_PASS: "" });
    expect(input.config).toMatchObject({ type: "sql", params: ["{Days}"], statementTimeoutMs: 30_000, rowCap: 100 });
    expect(input.alerts).toEqual({
      channelIds: [],
      onFailure: true,
      onTimeout: false,
      consecutive: 3,
      onRecovery: true,
    });
  });

  test("a number left empty or not a number is sent as such, so the server refuses it by its field and nothing is guessed", () => {
    const d = draftOf(null, "shell");
    d.name = "Backup";
    d.shell.command = "./backup.sh";
    d.shell.timeoutS = "";
    d.retries.count = "many";
    const input = jobInput(d);
    expect(Number.isNaN(input.config.timeoutMs)).toBe(true);
    const parsed = ZSaveJob.safeParse({ tenant: "acme", ...input });
    expect(parsed.success).toBe(false);
    const paths = parsed.error?.issues.map((i) => i.path.join(".")) ?? [];
    expect(paths).toEqual(expect.arrayContaining(["config.timeoutMs", "retries.count"]));
  });

  test("environment keys are split on commas and white space", () => {
    expect(wordsOf(" TOKEN, TARGET\nDAYS ,, ")).toEqual(["TOKEN", "TARGET", "DAYS"]);
  });
});

describe("the schedule form's draft", () => {
  test("calendar lines are a date and an optional name, and read back as they were typed", () => {
    const days = parseDays("2027-10-01 National Day\n\n  2027-10-09  \n2027-10-02 National  Day 2");
    expect(days).toEqual([
      { date: "2027-10-01", name: "National Day" },
      { date: "2027-10-09" },
      { date: "2027-10-02", name: "National Day 2" },
    ]);
    expect(daysText(days)).toBe("2027-10-01 National Day\n2027-10-09\n2027-10-02 National Day 2");
  });

  test("a new schedule takes the viewer's zone; policies with a number carry it, and the save schema takes the input", () => {
    const d = scheduleDraftOf(null, "Asia/Shanghai");
    expect(d.timeZone).toBe("Asia/Shanghai");
    d.cron = "0 9 * * 1-5";
    d.misfire = "fire_all";
    d.misfireCap = "5";
    d.overlap = "allow_n";
    d.overlapLimit = "3";
    d.excluded = "2027-10-01 National Day";
    d.included = "2027-10-09";
    const input = scheduleInput(d);
    expect(input).toMatchObject({
      misfire: { kind: "fire_all", cap: 5 },
      overlap: { kind: "allow_n", limit: 3 },
      calendar: { excluded: [{ date: "2027-10-01", name: "National Day" }], included: [{ date: "2027-10-09" }] },
      pausedUntil: null,
    });
    expect(ZSaveSchedule.safeParse({ tenant: "acme", jobId: JOB, ...input }).success).toBe(true);
  });
});
