import { readFileSync } from "node:fs";
import path from "node:path";
import { encode } from "next-auth/jwt";

export const AUTH_SECRET = "test-secret-test-secret-test-secret";
const COOKIE = "authjs.session-token";

/** A session cookie for `userId`, as Auth.js would set it after a sign-in. */
export async function sessionCookie(user: { userId: string; email: string }): Promise<string> {
  const token = await encode({
    token: { sub: user.userId, email: user.email, name: user.email },
    secret: AUTH_SECRET,
    salt: COOKIE,
  });
  return `${COOKIE}=${token}`;
}

let manifest: Record<string, { filename: string; exportedName: string }> | null = null;

/** The server action id the build gave `exportedName` (in `file`, when the name is not unique). */
export function actionId(exportedName: string, file?: string): string {
  manifest ??= JSON.parse(readFileSync(path.resolve(".next/server/server-reference-manifest.json"), "utf8")).node;
  const hits = Object.entries(manifest ?? {}).filter(
    ([, v]) => v.exportedName === exportedName && (!file || v.filename.includes(file)),
  );
  if (hits.length !== 1) throw new Error(`${hits.length} server actions named ${exportedName} ${file ?? ""}`);
  return (hits[0] as [string, unknown])[0];
}

export type ActionResult<T> = {
  data?: T;
  serverError?: string;
  validationErrors?: unknown;
};

/**
 * Calls a server action the way the browser does (POST to the page with `Next-Action`), and reads
 * its result out of the RSC answer. Null when no answer came (the server died, the socket broke).
 */
export async function callAction<T = unknown>(
  server: { url: string },
  cookie: string,
  action: string,
  input: unknown,
  page = "/",
): Promise<ActionResult<T> | null> {
  let text: string;
  try {
    const res = await fetch(`${server.url}${page}`, {
      method: "POST",
      headers: {
        "Next-Action": action,
        "Content-Type": "text/plain;charset=UTF-8",
        Accept: "text/x-component",
        Origin: server.url,
        Cookie: cookie,
      },
      body: JSON.stringify([input]),
      signal: AbortSignal.timeout(30_000),
    });
    text = await res.text();
    if (!res.ok) return { serverError: `HTTP ${res.status}: ${text.slice(0, 200)}` };
  } catch {
    return null;
  }
  for (const line of text.split("\n")) {
    const json = line.slice(line.indexOf(":") + 1);
    if (!json.startsWith("{")) continue;
    try {
      const value = JSON.parse(json) as Record<string, unknown>;
      if ("data" in value || "serverError" in value || "validationErrors" in value) return value as ActionResult<T>;
    } catch {
      // another row of the answer
    }
  }
  return { serverError: `unreadable answer: ${text.slice(0, 300)}` };
}
