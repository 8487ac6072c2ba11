import { afterAll, beforeAll, beforeEach, describe, expect, test, vi } from "vitest";
import { callJob } from "@/lib/jobs/call";
import { MASK } from "@/lib/work-orders/command";
import { cancelAfter, jobCall, shown } from "./call-support";
import { SERVER, scratchDatabase, serverReachable } from "./datasource-support";

const outbound = vi.hoisted(() => ({ allowPrivate: true }));
vi.mock("@/env", async (importOriginal) => {
  const { env } = await importOriginal<typeof import("@/env")>();
  return {
    env: Object.defineProperty({ ...env }, "OUTBOUND_ALLOW_PRIVATE", { get: () => outbound.allowPrivate }),
  };
});

const reachable = await serverReachable();
let scratch: Awaited<ReturnType<typeof scratchDatabase>>;

beforeAll(async () => {
  if (reachable) scratch = await scratchDatabase();
});
afterAll(async () => {
  await scratch?.drop();
});
beforeEach(() => {
  outbound.allowPrivate = true;
});

const DATASOURCE_ID = "00000000-0000-4000-8000-000000000001";
const sqlCall = (
  query: string,
  extra: Record<string, unknown> = {},
  call: { readOnlySource?: boolean; url?: string } & Partial<Parameters<typeof jobCall>[1]> = {},
) => {
  const { readOnlySource = true, url = scratch.url, ...rest } = call;
  return jobCall(
    { type: "sql", datasourceId: DATASOURCE_ID, query, ...extra },
    { datasource: { url, readOnly: readOnlySource }, ...rest },
  ).call;
};
const names = async () => (await scratch.db`select name from items order by id`).map((r) => r.name);

describe.skipIf(!reachable)("SQL jobs", () => {
  test("rows and columns come back, the job's parameters bound as $1..$n (a placeholder resolved in one)", async () => {
    const outcome = await callJob(
      sqlCall(
        "select id, name, price from items where id <= $1 and name <> $2 order by id",
        {
          params: ["{Max}", "gamma"],
        },
        { params: { Max: "2" } },
      ),
    );
    expect(outcome).toEqual({
      status: "success",
      error: null,
      result: {
        columns: ["id", "name", "price"],
        rows: [
          [1, "alpha", "1.50"],
          [2, "beta", "2.00"],
        ],
        rowCount: 2,
        truncated: false,
      },
    });
  });

  test("a bound parameter stays a value, read by the type the query gives it: SQL in it is never run", async () => {
    const outcome = await callJob(
      sqlCall("select $1::text as echoed, $2::boolean as yes, $3::jsonb as doc, $4::date as day", {
        params: ["x'); drop table items; --", "true", '{"a":1}', "2026-03-01"],
      }),
    );
    expect(outcome.result).toMatchObject({ rows: [["x'); drop table items; --", true, { a: 1 }, "2026-03-01"]] });
    expect(await names()).toEqual(["alpha", "beta", "gamma"]);
  });

  test("a forged DROP TABLE against a read-only datasource fails and the table keeps its rows, even when the job says writable", async () => {
    for (const query of [
      "drop table items",
      "delete from items",
      "set transaction read write",
      "select 1; drop table items",
    ]) {
      const outcome = await callJob(sqlCall(query, { readOnly: false }, { readOnlySource: true }));
      expect(outcome.status, query).toBe("failed");
    }
    const drop = await callJob(sqlCall("drop table items", { readOnly: false }, { readOnlySource: true }));
    expect(shown(drop.error)).toBe(
      "PostgreSQL refused the query: cannot execute DROP TABLE in a read-only transaction (25006)",
    );
    expect(await names()).toEqual(["alpha", "beta", "gamma"]);
  });

  test("a read-only job on a writable datasource cannot write either", async () => {
    const outcome = await callJob(sqlCall("delete from items", { readOnly: true }, { readOnlySource: false }));
    expect(outcome.status).toBe("failed");
    expect(await names()).toEqual(["alpha", "beta", "gamma"]);
  });

  test("a writable job against a writable datasource can insert (committed)", async () => {
    const outcome = await callJob(
      sqlCall(
        "insert into items (name) values ($1) returning name",
        { readOnly: false, params: ["{Name}"] },
        {
          readOnlySource: false,
          params: { Name: "delta" },
        },
      ),
    );
    expect(outcome).toMatchObject({ status: "success", result: { columns: ["name"], rows: [["delta"]], rowCount: 1 } });
    expect(await names()).toEqual(["alpha", "beta", "gamma", "delta"]);
    await scratch.db`delete from items where name = 'delta'`;
  });

  test("the statement timeout ends a slow query: timeout, in about the time allowed", async () => {
    const started = Date.now();
    const outcome = await callJob(sqlCall("select pg_sleep(10)", { statementTimeoutMs: 1_000 }));
    expect(outcome.status).toBe("timeout");
    expect(shown(outcome.error)).toBe("Timed out after 1 s.");
    expect(Date.now() - started).toBeLessThan(4_000);
  });

  test("the job's own timeout applies when it is the shorter", async () => {
    const outcome = await callJob(sqlCall("select pg_sleep(10)", { statementTimeoutMs: 60_000 }, { timeoutMs: 1_000 }));
    expect(outcome.status).toBe("timeout");
  });

  test("no more than rowCap rows are read; the result says truncated", async () => {
    const outcome = await callJob(sqlCall("select g from generate_series(1, 100000) g", { rowCap: 10 }));
    expect(outcome).toMatchObject({ status: "success", result: { rowCount: 10, truncated: true } });
    expect((outcome.result as { rows: unknown[] }).rows).toEqual(Array.from({ length: 10 }, (_, i) => [i + 1]));
    const exact = await callJob(sqlCall("select g from generate_series(1, 10) g", { rowCap: 10 }));
    expect(exact.result).toMatchObject({ rowCount: 10, truncated: false });
  });

  test("values are JSON-safe (bigint, timestamps, bytes, json) and secrets are masked in them", async () => {
    const token = "pg-secret-4711";
    const outcome = await callJob(
      sqlCall(
        "select 9007199254740993::int8 as big, '2026-01-02T03:04:05Z'::timestamptz as at, '\\x0102'::bytea as raw, $1::jsonb as doc, $2::text as tok, 'x'::text as none where false is not true",
        { params: ['{"a":[1,"{Token}"]}', "{Token}"] },
        { secrets: { Token: token } },
      ),
    );
    expect(outcome.status).toBe("success");
    const [row] = (outcome.result as { rows: unknown[][] }).rows;
    expect(row).toEqual(["9007199254740993", "2026-01-02T03:04:05.000Z", "\\x0102", { a: [1, MASK] }, MASK, "x"]);
    expect(JSON.stringify(outcome)).not.toContain(token);
  });

  test("a server error that quotes a secret bound as a parameter is kept with the secret masked", async () => {
    const token = 'pg-"quoted"-secret';
    const outcome = await callJob(sqlCall("select $1::int", { params: ["{Token}"] }, { secrets: { Token: token } }));
    expect(outcome.status).toBe("failed");
    expect(shown(outcome.error)).toBe(
      `PostgreSQL refused the query: invalid input syntax for type integer: "${MASK}" (22P02)`,
    );
    expect(outcome.error).not.toContain("quoted");
  });

  test("an error of the server is told with its message; a zero-row answer keeps its columns", async () => {
    const missing = await callJob(sqlCall("select * from nowhere"));
    expect(shown(missing.error)).toBe('PostgreSQL refused the query: relation "nowhere" does not exist (42P01)');
    const none = await callJob(sqlCall("select id, name from items where false"));
    expect(none.result).toEqual({ columns: ["id", "name"], rows: [], rowCount: 0, truncated: false });
  });

  test("cancel ends the statement on the server and the connection", async () => {
    const started = Date.now();
    const outcome = await callJob(
      sqlCall("select pg_sleep(30)", { statementTimeoutMs: 60_000 }, { shouldCancel: cancelAfter(600) }),
    );
    expect(outcome).toMatchObject({ status: "cancelled", error: null });
    expect(Date.now() - started).toBeLessThan(4_000);
    await expect
      .poll(
        async () =>
          (
            await scratch.db`select count(*)::int as n from pg_stat_activity where datname = ${scratch.name} and query like '%pg_sleep(30)%' and pid <> pg_backend_pid()`
          )[0]?.n,
        { timeout: 3_000 },
      )
      .toBe(0);
  });

  test("a database that does not exist, or a server not listening, is a plain failure", async () => {
    const noDb = await callJob(sqlCall("select 1", {}, { url: `${SERVER}/opsdesk_ds_absent` }));
    expect(shown(noDb.error)).toBe("The database “opsdesk_ds_absent” does not exist on 127.0.0.1:5432.");
    const closed = await callJob(sqlCall("select 1", {}, { url: "postgres://postgres@127.0.0.1:1/x" }));
    expect(shown(closed.error)).toBe("Could not connect to 127.0.0.1:1: connection refused.");
  });

  test("where private networks are not allowed, a datasource on one is refused: by address and by a name resolving to it", async () => {
    outbound.allowPrivate = false;
    const literal = await callJob(sqlCall("select 1"));
    expect(shown(literal.error)).toMatch(/host is a private network address \(127\.0\.0\.1\)/);
    const named = await callJob(sqlCall("select 1", {}, { url: scratch.url.replace("127.0.0.1", "localhost") }));
    expect(shown(named.error)).toMatch(/host resolves to a private network address/);
  });
});
