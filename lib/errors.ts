/**
 * An error whose message is safe to show the user. Anything else that escapes an action is logged
 * and shown as a generic error. `field` ties the message to a form field.
 */
export class SafeError extends Error {
  readonly field?: string;
  constructor(message: string, options?: { field?: string; cause?: unknown }) {
    super(message, { cause: options?.cause });
    this.name = "SafeError";
    this.field = options?.field;
  }
}

/** The thing asked for does not exist in this tenant (or is not visible to the user). */
export class NotFoundError extends SafeError {
  constructor(what = "That item") {
    super(`${what} was not found.`);
    this.name = "NotFoundError";
  }
}

export class ForbiddenError extends SafeError {
  constructor(message = "You do not have permission to do that.") {
    super(message);
    this.name = "ForbiddenError";
  }
}

/** Postgres error code of an error thrown by postgres.js or PGlite (drizzle may wrap it in `cause`). */
export function pgCode(error: unknown): string | undefined {
  let e: unknown = error;
  for (let i = 0; i < 4 && e && typeof e === "object"; i++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code)) return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

/** The constraint named by a Postgres error, if any. */
export function pgConstraint(error: unknown): string | undefined {
  let e: unknown = error;
  for (let i = 0; i < 4 && e && typeof e === "object"; i++) {
    const c =
      (e as { constraint_name?: unknown; constraint?: unknown }).constraint_name ??
      (e as { constraint?: unknown }).constraint;
    if (typeof c === "string") return c;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

/** The digest pages see for DatabaseUnavailableError (app/error.tsx shows "retrying" for it). */
export const DB_UNAVAILABLE_DIGEST = "OPSDESK_DB_UNAVAILABLE";

/**
 * The database could not be reached or dropped the connection (a restart, a failover, a cut
 * connection). Actions show its message; pages get its digest through Next's error boundary, which
 * keeps an error's own digest, and say that they are retrying.
 */
export class DatabaseUnavailableError extends SafeError {
  readonly digest = DB_UNAVAILABLE_DIGEST;
  constructor(cause?: unknown) {
    super("The database cannot be reached right now. Try again in a moment.", { cause });
    this.name = "DatabaseUnavailableError";
  }
}

/** postgres.js's own codes for a connection that broke or never came up, and the socket errors under them. */
const CONNECTION_CODES = new Set([
  "CONNECTION_CLOSED",
  "CONNECTION_ENDED",
  "CONNECTION_DESTROYED",
  "CONNECT_TIMEOUT",
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "ENOTFOUND",
  "EHOSTUNREACH",
  "EAI_AGAIN",
]);

/**
 * Whether `error` says the database is unreachable rather than that a statement failed: SQLSTATE
 * class 08 (connection exception), 57P01–57P03 (admin or crash shutdown, cannot connect now), any
 * FATAL error, or a broken socket.
 */
export function isConnectionError(error: unknown): boolean {
  let e: unknown = error;
  for (let i = 0; i < 4 && e && typeof e === "object"; i++) {
    const { code, severity } = e as { code?: unknown; severity?: unknown };
    if (typeof code === "string" && CONNECTION_CODES.has(code)) return true;
    // FATAL ends the session: the server refused or dropped the connection (e.g. 55000 "database
    // is not currently accepting connections"), whatever the statement was.
    if (severity === "FATAL" || severity === "PANIC") return true;
    if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code))
      return code.startsWith("08") || /^57P0[123]$/.test(code);
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}
