import "server-only";
import net from "node:net";
import postgres from "postgres";
import { env } from "@/env";
import { msg } from "@/lib/i18n/message";
import { isPrivateAddress, outboundLookup, PrivateAddressError } from "@/lib/net/fetch-outbound";
import { connectionFailure, seconds } from "@/lib/net/outbound-error";

/** How long connecting to a datasource may take (DESIGN §7: postgres.js connects in 5 s). */
export const CONNECT_TIMEOUT_MS = 5_000;

const asText = (x: unknown) => String(x);
/**
 * A job's parameters are text, handed to the server as written for it to read by the type the
 * query gives them. postgres.js would otherwise re-encode a string by the parameter's type: JSON
 * a second time (`$1::jsonb` stored as a JSON string), any bool as false unless `true`, dates
 * through the server's clock. Parsing of results stays (JSON, booleans, timestamps, bytes),
 * except that a `date` stays its text.
 */
const TEXT_PARAMETERS: Record<string, postgres.PostgresType> = {
  json: { to: 114, from: [114, 3802], serialize: asText, parse: (x: string) => JSON.parse(x) },
  boolean: { to: 16, from: [16], serialize: asText, parse: (x: string) => x === "t" },
  timestamp: { to: 1184, from: [1114, 1184], serialize: asText, parse: (x: string) => new Date(x) },
  date: { to: 1082, from: [1082], serialize: asText, parse: (x: string) => x },
  bytea: { to: 17, from: [17], serialize: asText, parse: (x: string) => Buffer.from(x.slice(2), "hex") },
};

export type Datasource = { sql: postgres.Sql; host: string; user: string; database: string };

/**
 * A connection to a tenant's PostgreSQL datasource (one, opened per call), or the `msg()` saying
 * why not. The host is held to the outbound rule: a private address, written in the URL or
 * resolved from its name on the very lookup the socket connects with, is refused unless the
 * operator allows private networks (OUTBOUND_ALLOW_PRIVATE). Nothing of the server's own
 * environment fills a gap in the URL (postgres.js would take PGPASSWORD, PGHOST…): the password
 * is the URL's or none, the host must be given, a Unix socket is not offered.
 */
export function openDatasource(url: string, allowPrivate = env.OUTBOUND_ALLOW_PRIVATE): Datasource | string {
  try {
    return open(url, allowPrivate);
  } catch (error) {
    // A malformed %-escape in the user, password or database name (URIError), nothing else.
    if (error instanceof URIError) return msg("jobs.postgres_url");
    throw error;
  }
}

function open(url: string, allowPrivate: boolean): Datasource | string {
  if (!URL.canParse(url)) return msg("jobs.postgres_url");
  const u = new URL(url);
  if (u.protocol !== "postgres:" && u.protocol !== "postgresql:") return msg("jobs.postgres_url");
  const host = decodeURIComponent(u.hostname).replace(/^\[(.*)\]$/, "$1");
  if (!host || /[,/]/.test(host)) return msg("jobs.call.db_host_required");
  if (!allowPrivate && net.isIP(host) && isPrivateAddress(host)) return refusalOf(new PrivateAddressError(host, true));
  const user = decodeURIComponent(u.username) || "postgres";
  const password = decodeURIComponent(u.password);
  const database = decodeURIComponent(u.pathname.replace(/^\//, "")) || user;
  const port = Number(u.port) || 5432;
  const lookup = outboundLookup(allowPrivate);
  const options: postgres.Options<Record<string, postgres.PostgresType>> & { socket: () => net.Socket } = {
    host: [host] as unknown as string,
    port: [port] as unknown as number,
    user,
    pass: () => password,
    database,
    max: 1,
    connect_timeout: CONNECT_TIMEOUT_MS / 1000,
    idle_timeout: 0,
    prepare: false,
    fetch_types: false,
    onnotice: () => {},
    types: TEXT_PARAMETERS,
    connection: { application_name: "opsdesk-job" },
    // postgres.js's `socket` option (not in its types): the socket resolves the host through the outbound lookup (a literal IP was checked above).
    socket: () => Object.assign(net.connect({ host, port, lookup }), { host }),
  };
  const sql = postgres(url, options);
  return { sql, host: `${host}:${port}`, user, database };
}

/** Ends a datasource connection at once (a pending query fails), never throwing. */
export async function closeDatasource(ds: Datasource): Promise<void> {
  await ds.sql.end({ timeout: 0 }).catch(() => {});
}

/** PostgreSQL's code for a statement it cancelled (the statement timeout, or a cancel request). */
export const QUERY_CANCELED = "57014";

/**
 * Why talking to a datasource failed, in plain words: cannot connect, authentication failed, no
 * such database, timed out connecting, private address refused; else the server's own message
 * (it names tables and columns, never the URL's password). A network error is told by its code,
 * never its message (outbound-error.ts).
 */
export function datasourceFailure(error: unknown, ds: Pick<Datasource, "host" | "user" | "database">): string {
  if (error instanceof PrivateAddressError) return refusalOf(error);
  const e = error as { code?: unknown; message?: unknown; severity?: unknown } | null;
  const code = typeof e?.code === "string" ? e.code : "";
  const message = typeof e?.message === "string" ? e.message : "";
  if (code === "CONNECT_TIMEOUT")
    return msg("jobs.call.db_connect_timeout", { host: ds.host, after: seconds(CONNECT_TIMEOUT_MS) });
  if (code === "28P01" || code === "28000") return msg("jobs.call.db_auth_failed", { user: ds.user, detail: message });
  if (code === "3D000") return msg("jobs.call.db_no_database", { database: ds.database, host: ds.host });
  if (/^[0-9A-Z]{5}$/.test(code) && typeof e?.severity === "string")
    return msg("jobs.call.sql_error", { code, message });
  if (!code) console.warn(`[jobs] a datasource call failed (${ds.host}): ${message || "unknown error"}`);
  return msg("jobs.call.db_unreachable", { host: ds.host, reason: connectionFailure(error) });
}

function refusalOf(error: PrivateAddressError): string {
  return msg("jobs.call.private_address", { address: error.address, named: error.literal ? "yes" : "no" });
}
