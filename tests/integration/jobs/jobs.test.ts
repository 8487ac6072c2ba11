import { randomUUID } from "node:crypto";
import { and, count, eq } from "drizzle-orm";
import { describe, expect, test } from "vitest";
import { getJob, listDatasources, listJobs, listRuns } from "@/db/queries/jobs";
import { auditLog, datasources, jobRuns, jobSchedules, jobs, jobVersions } from "@/db/schema";
import { withTenant } from "@/db/tenant";
import { decryptSecret } from "@/lib/crypto";
import { pgCode, pgConstraint } from "@/lib/errors";
import { pauseSchedule, resumeSchedule } from "@/lib/jobs/pause-schedule";
import { saveDatasource } from "@/lib/jobs/save-datasource";
import { saveJob } from "@/lib/jobs/save-job";
import { saveSchedule } from "@/lib/jobs/save-schedule";
import { setJobEnabled } from "@/lib/jobs/set-job-enabled";
import type { Actor } from "@/lib/tenants/actor";
import { ZSaveDatasource } from "@/lib/validation/jobs";
import { makeMember, makeOwner } from "../../support/factory";
import { httpJob, jobInput, scheduleInput } from "./support";

/** PostgreSQL's insufficient_privilege. */
const PERMISSION_DENIED = "42501";
const PASSWORD = "S3cret-pw-7f2a";
const DB_URL = `postgres://reporter:${PASSWORD}@db.internal.example:5433/metrics`;

const datasourceInput = (input: Record<string, unknown>) => {
  const { tenant: _, ...parsed } = ZSaveDatasource.parse({ tenant: "t-jobs", ...input });
  return parsed;
};
const read = <T>(actor: Actor, fn: Parameters<typeof withTenant<T>>[1]) => withTenant(actor, fn);
const auditCount = (actor: Actor, targetType: string) =>
  read(
    actor,
    async (tx) => (await tx.select({ n: count() }).from(auditLog).where(eq(auditLog.targetType, targetType)))[0]?.n,
  );

describe("jobs: versions", () => {
  test("an edit saves version 2, keeps version 1 as it was, and the app role can neither change nor delete a version", async () => {
    const { actor } = await makeOwner();
    const created = await saveJob(actor, httpJob("Ping", { secrets: { TOKEN: "tok-one-9a" } }));
    expect(created.version).toBe(1);
    const edited = await saveJob(
      actor,
      jobInput({
        id: created.id,
        name: "Ping v2",
        config: { type: "http", method: "POST", url: "https://hooks.example.com/v2", expectStatus: 204 },
        // Empty: keep the stored value (it is never shown back).
        secrets: { TOKEN: "" },
      }),
    );
    expect(edited).toEqual({ id: created.id, name: "Ping v2", version: 2 });

    const detail = await read(actor, (tx) => getJob(tx, created.id));
    expect(detail?.job).toMatchObject({ name: "Ping v2", currentVersion: 2, type: "http" });
    expect(detail?.versions.map((v) => [v.version, (v.config as { url: string }).url])).toEqual([
      [2, "https://hooks.example.com/v2"],
      [1, "https://hooks.example.com/ping"],
    ]);
    expect(detail?.versions.map((v) => v.secretNames)).toEqual([["TOKEN"], ["TOKEN"]]);
    // The secret's value is nowhere in what a page gets, and version 2 kept it.
    expect(JSON.stringify(detail)).not.toContain("tok-one-9a");
    // Nor its ciphertext: a version reads back its secrets' names only.
    for (const v of detail?.versions ?? []) expect(v).not.toHaveProperty("secrets");
    const stored = await read(actor, (tx) =>
      tx.select({ secrets: jobVersions.secrets }).from(jobVersions).where(eq(jobVersions.jobId, created.id)),
    );
    for (const s of stored) expect(JSON.parse(decryptSecret(s.secrets as string))).toEqual({ TOKEN: "tok-one-9a" });

    await expect(
      read(actor, (tx) => tx.update(jobVersions).set({ timeoutMs: 1 }).where(eq(jobVersions.jobId, created.id))),
    ).rejects.toSatisfy((e) => pgCode(e) === PERMISSION_DENIED);
    await expect(
      read(actor, (tx) => tx.delete(jobVersions).where(eq(jobVersions.jobId, created.id))),
    ).rejects.toSatisfy((e) => pgCode(e) === PERMISSION_DENIED);
    const after = await read(actor, (tx) => getJob(tx, created.id));
    expect(after?.versions.map((v) => v.timeoutMs)).toEqual(detail?.versions.map((v) => v.timeoutMs));
    expect(await auditCount(actor, "job")).toBe(2);

    // A rename is no new version; a changed timeout is.
    expect(
      await saveJob(
        actor,
        jobInput({
          id: created.id,
          name: "Pinger",
          config: detail?.versions[0]?.config,
          secrets: { TOKEN: "" },
        }),
      ),
    ).toEqual({ id: created.id, name: "Pinger", version: 2 });
    expect(
      await saveJob(
        actor,
        jobInput({
          id: created.id,
          name: "Pinger",
          config: detail?.versions[0]?.config,
          secrets: { TOKEN: "" },
          timeoutMs: 5000,
        }),
      ),
    ).toMatchObject({ version: 3 });
    expect((await read(actor, (tx) => getJob(tx, created.id)))?.versions.map((v) => v.version)).toEqual([3, 2, 1]);
  });

  test("a job's type is fixed, a new secret needs a value, names are unique per tenant (any case), and a repeated key saves once", async () => {
    const { actor } = await makeOwner();
    const job = await saveJob(actor, httpJob("Backup"));
    await expect(
      saveJob(actor, jobInput({ id: job.id, name: "Backup", config: { type: "shell", command: "echo hi" } })),
    ).rejects.toMatchObject({ code: "jobs.type_fixed" });
    await expect(saveJob(actor, httpJob("Backup", { id: job.id, secrets: { NEW_ONE: "" } }))).rejects.toMatchObject({
      code: "jobs.secret_required",
      field: "secrets.NEW_ONE",
    });
    await expect(saveJob(actor, httpJob("backup"))).rejects.toMatchObject({ code: "jobs.name_taken", field: "name" });
    const key = randomUUID();
    const first = await saveJob(actor, httpJob("Once", { idempotencyKey: key }));
    expect(await saveJob(actor, httpJob("Once", { idempotencyKey: key }))).toEqual(first);
    expect((await read(actor, (tx) => listJobs(tx))).map((j) => [j.name, j.currentVersion])).toEqual([
      ["Backup", 1],
      ["Once", 1],
    ]);
  });

  test("a SQL job needs the tenant's datasource, read-only unless the datasource allows writes", async () => {
    const { actor } = await makeOwner();
    const ds = await saveDatasource(actor, datasourceInput({ name: "Metrics", url: DB_URL }));
    const sqlJob = (readOnly: boolean, datasourceId = ds.id) =>
      jobInput({ name: `Count ${readOnly}`, config: { type: "sql", datasourceId, query: "select 1", readOnly } });
    await expect(saveJob(actor, sqlJob(false))).rejects.toMatchObject({ code: "jobs.datasource_read_only" });
    await expect(saveJob(actor, sqlJob(true, randomUUID()))).rejects.toMatchObject({
      code: "jobs.datasource_not_found",
    });
    expect((await saveJob(actor, sqlJob(true))).version).toBe(1);
    expect(await read(actor, async (tx) => (await tx.select({ n: count() }).from(jobs))[0]?.n)).toBe(1);
  });

  test("enabling and disabling are audited; setting the state a job has writes nothing", async () => {
    const { actor } = await makeOwner();
    const job = await saveJob(actor, httpJob("Toggle"));
    expect(await setJobEnabled(actor, { id: job.id, enabled: false })).toMatchObject({ enabled: false, changed: true });
    expect(await setJobEnabled(actor, { id: job.id, enabled: false })).toMatchObject({ changed: false });
    expect((await read(actor, (tx) => getJob(tx, job.id)))?.job.enabled).toBe(false);
    expect(await auditCount(actor, "job")).toBe(2);
  });
});

describe("jobs: schedules", () => {
  test("a bad expression or zone is refused by its code and field, and nothing is written", async () => {
    const { actor } = await makeOwner();
    const job = await saveJob(actor, httpJob("Nightly"));
    const cases: [Record<string, unknown>, string, string][] = [
      [{ cron: "61 * * * *", timeZone: "UTC" }, "jobs.cron_field_invalid", "cron"],
      [{ cron: "0 0 * * * *", timeZone: "UTC" }, "jobs.cron_seconds", "cron"],
      [{ cron: "0 3 * * *", timeZone: "Mars/Olympus_Mons" }, "jobs.zone_invalid", "timeZone"],
      [{ cron: "0 3 * * *", timeZone: "+05:00" }, "jobs.zone_invalid", "timeZone"],
      [
        { cron: "0 3 * * *", timeZone: "UTC", calendar: { excluded: [{ date: "2027-02-30" }], included: [] } },
        "jobs.calendar_date_invalid",
        "calendar",
      ],
      [
        { cron: "0 3 * * *", timeZone: "UTC", overlap: { kind: "allow_n", limit: 0 } },
        "jobs.overlap_limit_invalid",
        "overlap",
      ],
    ];
    for (const [input, code, field] of cases) {
      await expect(saveSchedule(actor, scheduleInput({ jobId: job.id, ...input }))).rejects.toMatchObject({
        code,
        field,
      });
    }
    expect(await read(actor, async (tx) => (await tx.select({ n: count() }).from(jobSchedules))[0]?.n)).toBe(0);
    expect(await auditCount(actor, "job_schedule")).toBe(0);
  });

  test("next_fire_at is computed in the schedule's zone by the DST rules: 02:30 Berlin on spring-forward day fires at the jump, 03:00 CEST", async () => {
    const { actor } = await makeOwner();
    const job = await saveJob(actor, httpJob("Berlin"));
    const now = new Date("2027-03-27T12:00:00Z"); // the day before the clocks jump, 02:00 CET → 03:00 CEST
    const saved = await saveSchedule(
      actor,
      scheduleInput({ jobId: job.id, cron: " 30  2 * * * ", timeZone: "europe/berlin" }),
      now,
    );
    expect(saved.nextFireAt).toBe("2027-03-28T01:00:00.000Z");
    const [row] = (await read(actor, (tx) => getJob(tx, job.id)))?.schedules ?? [];
    // Stored normalised and canonical, so the tick reads what was checked.
    expect(row).toMatchObject({ cron: "30 2 * * *", timeZone: "Europe/Berlin", enabled: true, paused: false });
    expect(row?.nextFireAt?.toISOString()).toBe("2027-03-28T01:00:00.000Z");

    // An edit re-arms from now; a calendar holiday is still the next fire (logged skipped by the tick).
    const edited = await saveSchedule(
      actor,
      scheduleInput({
        id: saved.id,
        jobId: job.id,
        cron: "0 9 * * 1-5",
        timeZone: "Asia/Shanghai",
        calendar: { excluded: [{ date: "2027-10-01", name: "National Day" }], included: [] },
      }),
      new Date("2027-09-30T02:00:00Z"), // 10:00 in Shanghai: today's 09:00 has passed
    );
    expect(edited.nextFireAt).toBe("2027-10-01T01:00:00.000Z");

    // Fall-back night: 01:30 occurs twice in New York; it fires once, at the first (EDT, 05:30 UTC).
    const fallBack = await saveSchedule(
      actor,
      scheduleInput({ jobId: job.id, cron: "30 1 * * *", timeZone: "America/New_York" }),
      new Date("2027-11-06T12:00:00Z"),
    );
    expect(fallBack.nextFireAt).toBe("2027-11-07T05:30:00.000Z");
  });

  test("a pause until an instant arms the first fire at or after it; an open pause holds the schedule until resumed, which re-arms from now", async () => {
    const { actor } = await makeOwner();
    const job = await saveJob(actor, httpJob("Hourly"));
    const now = new Date("2027-06-01T10:20:00Z");
    const s = await saveSchedule(actor, scheduleInput({ jobId: job.id, cron: "0 * * * *", timeZone: "UTC" }), now);
    expect(s.nextFireAt).toBe("2027-06-01T11:00:00.000Z");
    const nextOf = async () => (await read(actor, (tx) => listJobs(tx)))[0]?.nextFireAt?.toISOString() ?? null;
    expect(await nextOf()).toBe("2027-06-01T11:00:00.000Z");
    await expect(
      pauseSchedule(actor, { id: s.id, until: new Date("2027-06-01T10:00:00Z") }, now),
    ).rejects.toMatchObject({
      code: "jobs.paused_until_past",
    });
    expect(await pauseSchedule(actor, { id: s.id, until: new Date("2027-06-01T14:00:00Z") }, now)).toMatchObject({
      paused: false,
      pausedUntil: "2027-06-01T14:00:00.000Z",
      nextFireAt: "2027-06-01T14:00:00.000Z",
    });
    expect(await pauseSchedule(actor, { id: s.id }, now)).toMatchObject({ paused: true, pausedUntil: null });
    // An open pause leaves the job with no upcoming fire.
    expect(await nextOf()).toBeNull();
    expect(await resumeSchedule(actor, { id: s.id }, new Date("2027-06-02T08:30:00Z"))).toMatchObject({
      paused: false,
      pausedUntil: null,
      nextFireAt: "2027-06-02T09:00:00.000Z",
    });
    expect(await auditCount(actor, "job_schedule")).toBe(4);
  });

  test("one fire is one run: a second run row for the same (schedule, fire time) is refused, manual runs are not limited", async () => {
    const { actor } = await makeOwner();
    const job = await saveJob(actor, httpJob("Once per fire"));
    const s = await saveSchedule(actor, scheduleInput({ jobId: job.id, cron: "*/5 * * * *", timeZone: "UTC" }));
    const fireAt = new Date("2027-01-01T00:05:00Z");
    const run = { jobId: job.id, version: 1, scheduleId: s.id, fireAt, triggerType: "cron" as const };
    await read(actor, (tx) => tx.insert(jobRuns).values(run));
    await expect(read(actor, (tx) => tx.insert(jobRuns).values(run))).rejects.toSatisfy(
      (e) => pgConstraint(e) === "job_runs_schedule_fire_key",
    );
    const manual = { jobId: job.id, version: 1, triggerType: "manual" as const };
    await read(actor, (tx) => tx.insert(jobRuns).values([manual, manual]));
    // A run names a version the job has.
    await expect(read(actor, (tx) => tx.insert(jobRuns).values({ ...manual, version: 7 }))).rejects.toSatisfy(
      (e) => pgConstraint(e) === "job_runs_job_version_fk",
    );
    const runs = await read(actor, (tx) => listRuns(tx, job.id));
    expect(runs.map((r) => r.triggerType).sort()).toEqual(["cron", "manual", "manual"]);

    // The history pages newest first: 60 more runs are two pages, each run once.
    await read(actor, (tx) =>
      tx
        .insert(jobRuns)
        .values(Array.from({ length: 60 }, (_, i) => ({ ...manual, createdAt: new Date(Date.UTC(2027, 0, 2, 0, i)) }))),
    );
    const first = await read(actor, (tx) => listRuns(tx, job.id));
    const last = first.at(-1);
    if (!last) throw new Error("no runs");
    const second = await read(actor, (tx) => listRuns(tx, job.id, { before: { at: last.createdAt, id: last.id } }));
    expect(first).toHaveLength(50);
    expect(first[0]?.createdAt.toISOString()).toBe("2027-01-02T00:59:00.000Z");
    expect(new Set([...first, ...second].map((r) => r.id)).size).toBe(63);
  });
});

describe("jobs: datasources", () => {
  test("the URL is stored encrypted and never returned: lists, saves, job details and audit rows carry the masked address only", async () => {
    const { actor } = await makeOwner();
    const saved = await saveDatasource(actor, datasourceInput({ name: "Metrics", url: DB_URL }));
    expect(saved.address).toBe("db.internal.example:5433/metrics");
    await expect(saveDatasource(actor, datasourceInput({ name: "metrics", url: DB_URL }))).rejects.toMatchObject({
      code: "jobs.datasource_name_taken",
    });
    await expect(saveDatasource(actor, datasourceInput({ name: "No URL" }))).rejects.toMatchObject({
      code: "jobs.datasource_url_required",
      field: "url",
    });
    // An edit without a URL keeps the stored one.
    await saveDatasource(actor, datasourceInput({ id: saved.id, name: "Metrics (ro)", readOnly: true }));
    const job = await saveJob(
      actor,
      jobInput({ name: "Rows", config: { type: "sql", datasourceId: saved.id, query: "select count(*) from t" } }),
    );
    const shapes = await read(actor, async (tx) => ({
      list: await listDatasources(tx),
      job: await getJob(tx, job.id),
      audit: await tx.select().from(auditLog).where(eq(auditLog.targetType, "datasource")),
    }));
    expect(shapes.list).toEqual([
      expect.objectContaining({ name: "Metrics (ro)", address: "db.internal.example:5433/metrics", readOnly: true }),
    ]);
    expect(shapes.audit).toHaveLength(2);
    const text = JSON.stringify({ saved, ...shapes });
    expect(text).not.toContain(PASSWORD);
    expect(text).not.toContain("reporter");
    const [row] = await read(actor, (tx) => tx.select({ url: datasources.url }).from(datasources));
    expect(row?.url).not.toContain(PASSWORD);
    expect(decryptSecret(row?.url as string)).toBe(DB_URL);
  });
});

describe("jobs: tenants and permissions", () => {
  test("another tenant's job, schedule and datasource are invisible and every operation on them is refused as not found", async () => {
    const a = (await makeOwner("a")).actor;
    const b = (await makeOwner("b")).actor;
    const ds = await saveDatasource(a, datasourceInput({ name: "A's db", url: DB_URL }));
    const job = await saveJob(a, httpJob("A's job"));
    const s = await saveSchedule(a, scheduleInput({ jobId: job.id, cron: "0 3 * * *", timeZone: "UTC" }));
    const own = await saveJob(b, httpJob("B's job"));

    const seen = await read(b, async (tx) => ({
      jobs: (await listJobs(tx)).map((j) => j.name),
      job: await getJob(tx, job.id),
      datasources: await listDatasources(tx),
      runs: await listRuns(tx, job.id),
    }));
    expect(seen).toEqual({ jobs: ["B's job"], job: null, datasources: [], runs: [] });

    await expect(saveJob(b, httpJob("steal", { id: job.id }))).rejects.toMatchObject({ code: "jobs.job_not_found" });
    await expect(setJobEnabled(b, { id: job.id, enabled: false })).rejects.toMatchObject({
      code: "jobs.job_not_found",
    });
    await expect(
      saveJob(b, jobInput({ name: "Via A's db", config: { type: "sql", datasourceId: ds.id, query: "select 1" } })),
    ).rejects.toMatchObject({ code: "jobs.datasource_not_found" });
    await expect(saveDatasource(b, datasourceInput({ id: ds.id, name: "mine now" }))).rejects.toMatchObject({
      code: "jobs.datasource_not_found",
    });
    await expect(
      saveSchedule(b, scheduleInput({ jobId: job.id, cron: "* * * * *", timeZone: "UTC" })),
    ).rejects.toMatchObject({ code: "jobs.job_not_found" });
    await expect(
      saveSchedule(b, scheduleInput({ id: s.id, jobId: own.id, cron: "* * * * *", timeZone: "UTC" })),
    ).rejects.toMatchObject({ code: "jobs.schedule_not_found" });
    await expect(pauseSchedule(b, { id: s.id })).rejects.toMatchObject({ code: "jobs.schedule_not_found" });
    await expect(resumeSchedule(b, { id: s.id })).rejects.toMatchObject({ code: "jobs.schedule_not_found" });
    // Below the operations too: a row of B cannot name A's job (the foreign keys carry the tenant).
    await expect(
      read(b, (tx) => tx.insert(jobRuns).values({ jobId: job.id, version: 1, triggerType: "manual" })),
    ).rejects.toSatisfy((e) => pgConstraint(e) === "job_runs_job_version_fk");
    await expect(
      read(b, (tx) => tx.insert(jobSchedules).values({ jobId: job.id, cron: "* * * * *", timeZone: "UTC" })),
    ).rejects.toSatisfy((e) => pgConstraint(e) === "job_schedules_job_fk");

    const untouched = await read(a, async (tx) => ({
      job: (await getJob(tx, job.id))?.job,
      schedule: (await tx.select().from(jobSchedules).where(eq(jobSchedules.id, s.id)))[0],
      ds: await listDatasources(tx),
    }));
    expect(untouched.job).toMatchObject({ name: "A's job", enabled: true, currentVersion: 1 });
    expect(untouched.schedule).toMatchObject({ cron: "0 3 * * *", paused: false });
    expect(untouched.ds.map((d) => d.name)).toEqual(["A's db"]);
  });

  test("a member without jobs.manage is refused every change, by the permission's name, and nothing is written; they can read", async () => {
    const owner = (await makeOwner()).actor;
    const member = (await makeMember(owner, "MEMBER")).actor;
    const job = await saveJob(owner, httpJob("Owned"));
    const s = await saveSchedule(owner, scheduleInput({ jobId: job.id, cron: "0 3 * * *", timeZone: "UTC" }));
    const refusals = [
      saveJob(member, httpJob("Mine")),
      saveJob(member, httpJob("Owned", { id: job.id })),
      setJobEnabled(member, { id: job.id, enabled: false }),
      saveDatasource(member, datasourceInput({ name: "db", url: DB_URL })),
      saveSchedule(member, scheduleInput({ jobId: job.id, cron: "* * * * *", timeZone: "UTC" })),
      pauseSchedule(member, { id: s.id }),
      resumeSchedule(member, { id: s.id }),
    ];
    for (const r of refusals) await expect(r).rejects.toThrow(/Manage jobs/);
    const state = await read(member, async (tx) => ({
      jobs: (await listJobs(tx)).map((j) => [j.name, j.currentVersion, j.enabled]),
      schedules: await tx.select({ n: count() }).from(jobSchedules),
      datasources: await tx.select({ n: count() }).from(datasources),
      versions: await tx
        .select({ n: count() })
        .from(jobVersions)
        .where(and(eq(jobVersions.jobId, job.id))),
    }));
    expect(state).toEqual({
      jobs: [["Owned", 1, true]],
      schedules: [{ n: 1 }],
      datasources: [{ n: 0 }],
      versions: [{ n: 1 }],
    });
  });
});
