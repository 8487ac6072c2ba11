import "server-only";
import { z } from "zod";

const DURATION_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** "1m,5m,15m,1h" → milliseconds, each a whole number of s, m, h or d; 1 to 20 of them. */
const ZBackoff = z.string().transform((value, ctx) => {
  const parts = value.split(",").map((p) => p.trim());
  const ms = parts.map((p) => {
    const m = p.match(/^(\d+)(s|m|h|d)$/);
    return m ? Number(m[1]) * (DURATION_MS[m[2] as string] as number) : Number.NaN;
  });
  if (ms.some((v) => !(v > 0)) || ms.length > 20) {
    ctx.addIssue({
      code: "custom",
      message: `expected 1 to 20 comma-separated durations such as "1m,5m,15m,1h" (s, m, h or d), got "${value}"`,
    });
    return z.NEVER;
  }
  return ms;
});

/**
 * Every environment variable Opsdesk reads, validated once. Import `env` instead of touching
 * `process.env` anywhere else. `.env.example` documents each of them.
 */
const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  /** PostgreSQL URL. Unset → embedded PGlite under OPSDESK_DATA_DIR. */
  DATABASE_URL: z.url().optional(),
  /** Where the embedded database and generated keys live. `memory://` keeps PGlite in memory. */
  OPSDESK_DATA_DIR: z.string().default(".data"),
  /** Auth.js secret (JWT signing). Generated into the data dir when unset outside production. */
  AUTH_SECRET: z.string().min(16).optional(),
  /** 32-byte key (hex or base64) for secrets at rest. Generated into the data dir when unset outside production. */
  OPSDESK_SECRET_KEY: z.string().min(32).optional(),
  /** Seed the demo tenant and users on start (embedded mode defaults to yes). */
  OPSDESK_SEED_DEMO: z.enum(["0", "1"]).optional(),
  /** Public base URL, for links in emails. */
  APP_URL: z.url().default("http://localhost:3000"),
  /**
   * Outgoing mail, e.g. `smtp://user:pass@mail.example.com:587` or `smtps://…:465`. Unset → emails
   * are kept in the mail outbox table and read on the dev Mail page.
   */
  SMTP_URL: z.url().optional(),
  /** Sender of outgoing mail. */
  MAIL_FROM: z.string().min(3).default("Opsdesk <opsdesk@localhost>"),
  /**
   * How long a notification that failed (email, webhook, IM) waits before each retry, e.g.
   * `1m,5m,15m,1h`: five attempts over about 81 minutes, then it is `failed` in the delivery log.
   * An approver's email (its approve/reject links) keeps retrying at the last interval for as
   * long as its task is pending. At most 20 values (Inngest's limit on a run's retries).
   */
  NOTIFY_RETRY_BACKOFF: ZBackoff.prefault("1m,5m,15m,1h"),
  /**
   * Let webhooks and HTTP option sources call private network addresses (loopback, RFC 1918,
   * link-local/cloud metadata, CGNAT, IPv6 unique-local…). Off by default: in a multi-tenant
   * install a tenant's admin could otherwise reach internal services. On-premises installs that
   * post to an internal chat server turn it on.
   */
  OUTBOUND_ALLOW_PRIVATE: z.stringbool().default(false),
  /**
   * How many reverse proxies in front of Opsdesk append to X-Forwarded-For (0 to 20). The client
   * address (audit log, sign-in throttling) is the entry that many hops from the right; 0 (the
   * default) ignores forwarded headers, which anyone can forge.
   */
  TRUST_PROXY: z
    .string()
    .regex(/^(?:1?[0-9]|20)$/, "expected a number of proxy hops, 0 to 20")
    .transform(Number)
    .default(0),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
  /**
   * Background work: `embedded` (the in-process executor, inngest/embedded/) or `external` (a real
   * Inngest server). Unset → external when INNGEST_BASE_URL or INNGEST_EVENT_KEY is set, else embedded.
   */
  INNGEST_MODE: z.enum(["embedded", "external"]).optional(),
  /** External mode: the Inngest server (self-hosted `inngest start` or Cloud's default when unset). Read by the SDK. */
  INNGEST_BASE_URL: z.url().optional(),
  /** External mode: event key for `inngest.send()`. Read by the SDK. */
  INNGEST_EVENT_KEY: z.string().min(1).optional(),
  /** External mode: signing key the server signs calls to /api/inngest with. Read by the SDK. */
  INNGEST_SIGNING_KEY: z.string().min(1).optional(),
});

export type Env = z.infer<typeof schema>;

function load(): Env {
  const parsed = schema.safeParse(process.env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid environment configuration:\n${lines.join("\n")}`);
  }
  return parsed.data;
}

export const env: Env = load();
