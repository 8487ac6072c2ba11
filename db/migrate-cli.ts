import "server-only";
// `npm run db:migrate`: apply committed migrations to DATABASE_URL (or the embedded PGlite).
import { closeDatabase, database } from "./client";

const { kind } = await database();
await closeDatabase();
console.log(`migrations applied (${kind})`);
