import "server-only";
// `npm run db:seed`: create the demo tenant and users (once).
import { closeDatabase } from "./client";
import { demoCredentialsText, seedDemo } from "./seed";

const created = await seedDemo();
await closeDatabase();
console.log(`${created ? "Seeded" : "Already seeded:"} ${demoCredentialsText()}`);
