/** What a run page shows of a run's error (no server imports: pure text shaping). */

/**
 * Absolute paths of the server's disk (`/srv/app/.next/server/chunks/x.js`, `file:///…`), where
 * they stand in a message or a stack: each becomes its file name, so a frame still says where it
 * was (`at send (x.js:73:403)`) without showing how the server's disk is laid out.
 */
const SERVER_PATH = /(?<![\w.:/-])(?:file:\/\/)?\/(?:[\w.@+~-]+\/)+([\w.@+~-]+)/g;

export function withoutServerPaths(text: string): string {
  return text.replace(SERVER_PATH, "$1");
}

export type ShownError = { name: string; message: string; stack: string | null };

/**
 * A run's stored error as its page shows it: name and message to everyone who may see the run,
 * the stack only to those allowed to debug (`runs.debug`), and never a path of the server's disk.
 */
export function shownError(error: unknown, opts: { debug: boolean }): ShownError | null {
  if (!error || typeof error !== "object") return null;
  const e = error as { name?: unknown; message?: unknown; stack?: unknown };
  const text = (v: unknown) => (typeof v === "string" ? withoutServerPaths(v) : "");
  return {
    name: text(e.name) || "Error",
    message: text(e.message),
    stack: opts.debug && typeof e.stack === "string" ? withoutServerPaths(e.stack) : null,
  };
}
