import type { InngestFunction } from "inngest";

/**
 * Every function the app serves (app/api/inngest/route.ts) and the embedded executor runs.
 * One function per file under inngest/functions/<feature>/<name>.ts; add each here.
 */
export const functions: InngestFunction.Any[] = [];
