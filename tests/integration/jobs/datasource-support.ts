import { randomBytes } from "node:crypto";
import postgres from "postgres";

/**
 * The SQL datasource of the tests is always the real local PostgreSQL (whatever database the app
 * runs on): a scratch database per test file, created with a table of rows, dropped afterwards.
 */
export const SERVER = "postgres://postgres@127.0.0.1:5432";

export async function serverReachable(): Promise<boolean> {
  const sql = postgres(`${SERVER}/postgres`, { max: 1, connect_timeout: 3, onnotice: () => {} });
  try {
    await sql`select 1`;
    return true;
  } catch {
    return false;
  } finally {
    await sql.end({ timeout: 1 });
  }
}

export async function scratchDatabase() {
  const name = `opsdesk_ds_${randomBytes(6).toString("hex")}`;
  const admin = postgres(`${SERVER}/postgres`, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = `${SERVER}/${name}`;
  const db = postgres(url, { max: 1, onnotice: () => {} });
  await db.unsafe(`
    create table items (id serial primary key, name text not null, price numeric(10,2));
    insert into items (name, price) values ('alpha', 1.50), ('beta', 2.00), ('gamma', 3.25);
  `);
  return {
    name,
    url,
    db,
    async drop() {
      await db.end({ timeout: 1 });
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end({ timeout: 1 });
    },
  };
}
