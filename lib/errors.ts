import "server-only";
import { DB_UNAVAILABLE_DIGEST } from "./error-digest";
import type { MessageParams } from "./i18n/message";
import { parseMsg } from "./i18n/message";
import { renderMessage } from "./i18n/translate";

export { DB_UNAVAILABLE_DIGEST };

/**
 * An error the user should read. It carries a stable `code` (`namespace.key`, its text at
 * `errors.<key>` in `messages/<locale>/<namespace>.json`) and `params`; the reader sees it in
 * their language (lib/safe-action.ts renders it per request), `message` is the English text for
 * logs and tests. The same `{code, message, field}` is what the REST API will answer. `field` ties
 * it to a form field. A `msg()` string (a zod issue's message) is taken as its code and params.
 */
export class SafeError extends Error {
  readonly code: string;
  readonly params: MessageParams;
  readonly field?: string;
  /** What was thrown: a code, or a msg() string. */
  private readonly source: string;
  constructor(code: string, options?: { params?: MessageParams; field?: string; cause?: unknown }) {
    super(renderMessage("en", code, options?.params), { cause: options?.cause });
    const ref = parseMsg(code);
    this.name = "SafeError";
    this.source = code;
    this.code = ref?.code ?? ref?.key ?? code;
    this.params = ref?.params ?? options?.params ?? {};
    this.field = options?.field;
  }

  /** The message in `locale`. */
  render(locale: string): string {
    return renderMessage(locale, this.source, this.params);
  }
}

/** The thing asked for does not exist in this tenant (or is not visible to the user). */
export class NotFoundError extends SafeError {
  /** `what` names the thing: a key of `common.things` ("order", "template"); "item" when unsaid. */
  constructor(what = "item") {
    super("common.not_found", { params: { what } });
    this.name = "NotFoundError";
  }
}

export class ForbiddenError extends SafeError {
  constructor(code = "common.forbidden", params?: MessageParams) {
    super(code, { params });
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

/**
 * The database could not be reached or dropped the connection (a restart, a failover, a cut
 * connection). Actions show its message; pages get its digest through Next's error boundary, which
 * keeps an error's own digest, and say that they are retrying.
 */
export class DatabaseUnavailableError extends SafeError {
  readonly digest = DB_UNAVAILABLE_DIGEST;
  constructor(cause?: unknown) {
    super("common.db_unavailable", { cause });
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
