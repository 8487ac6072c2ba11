import postgres from "postgres";

/** On a real server, apply migrations once before the workers start. */
export default async function setup() {
  const url = process.env.DATABASE_URL;
  if (!url) return;
  process.env.OPSDESK_DATA_DIR ??= "memory://";
  const { database, closeDatabase } = await import("@/db/client");
  await database();
  await closeDatabase();
  const sql = postgres(url, { max: 1 });
  await sql.end();
}
