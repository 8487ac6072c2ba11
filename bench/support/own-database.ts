import { randomUUID } from "node:crypto";

/**
 * On PostgreSQL (`DATABASE_URL` set), a database of the benchmark's own, created now and pointed at
 * by `DATABASE_URL` from here on: the app's sweeps (the scheduler's tick, the watchdogs) read every
 * tenant in their database, so leftovers of tests or earlier runs would be in the figures. Returns
 * what drops it at the end; null on PGlite.
 */
export async function ownDatabase(label: string): Promise<(() => Promise<void>) | null> {
  const url = process.env.DATABASE_URL;
  if (!url) return null;
  const postgres = (await import("postgres")).default;
  const name = `opsdesk_bench_${label}_${randomUUID().slice(0, 8)}`;
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const own = new URL(url);
  own.pathname = `/${name}`;
  process.env.DATABASE_URL = own.toString();
  return async () => {
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
  };
}
