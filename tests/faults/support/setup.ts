// Fault suite, per test file: a fresh PostgreSQL database of its own (the app server the file
// starts and the file's own factory calls share it), and the secrets both sides use.
import postgres from "postgres";
import { afterAll } from "vitest";

const base =
  process.env.FAULTS_DATABASE_URL ?? process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const name = `opsdesk_faults_${Date.now()}_${process.pid}_${Math.floor(Math.random() * 1e6)}`;
const admin = postgres(base, { max: 1, onnotice: () => {} });
await admin.unsafe(`create database ${name}`);
const url = new URL(base);
url.pathname = `/${name}`;
process.env.FAULTS_DATABASE_URL ??= base;
process.env.DATABASE_URL = url.toString();
process.env.AUTH_SECRET = "test-secret-test-secret-test-secret";
process.env.OPSDESK_SECRET_KEY = "0".repeat(64);
process.env.OUTBOUND_ALLOW_PRIVATE = "true";

afterAll(async () => {
  const { closeDatabase } = await import("@/db/client");
  await closeDatabase();
  await admin.unsafe(`drop database if exists ${name} with (force)`);
  await admin.end();
});
