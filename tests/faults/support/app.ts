import { mkdirSync, writeFileSync } from "node:fs";
import net, { type AddressInfo } from "node:net";
import path from "node:path";
import postgres from "postgres";
import { level, makeTemplate, workOrderTenant } from "@/tests/support/work-orders";
import { type ActionResult, actionId, callAction, sessionCookie } from "./actions";
import { type AppServer, startAppServer } from "./server";
import { startSmtpPeer } from "./smtp-peer";

export async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", () => r()));
  const { port } = s.address() as AddressInfo;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

export async function until<T>(what: () => Promise<T>, ok: (v: T) => boolean, ms: number, label: string): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await what();
    if (ok(v)) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${label}: ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * The app as production runs it (the build, `next start`, PostgreSQL, SMTP) for one fault test:
 * a tenant with an owner, two approvers and a requester, a template that needs one approval and one
 * that does not, and the clicks people make, sent as the browser sends them.
 */
export async function faultApp(opts: { name: string; env?: Record<string, string>; command?: string }) {
  const peer = await startSmtpPeer();
  const server: AppServer = await startAppServer({
    port: await freePort(),
    env: {
      DATABASE_URL: process.env.DATABASE_URL as string,
      AUTH_SECRET: process.env.AUTH_SECRET as string,
      OPSDESK_SECRET_KEY: process.env.OPSDESK_SECRET_KEY as string,
      SMTP_URL: `smtp://127.0.0.1:${peer.port}`,
      MAIL_FROM: "Opsdesk Faults <opsdesk@faults.opsdesk.dev>",
      // Retries a few seconds apart instead of minutes: the clock of the backoff, made short.
      NOTIFY_RETRY_BACKOFF: "2s,4s,8s",
      ...opts.env,
    },
  });
  const db = postgres(process.env.DATABASE_URL as string, { max: 2, onnotice: () => {} });
  const t = await workOrderTenant(2);
  const slug = t.owner.tenant.slug;
  const approver = t.approvers[0] as (typeof t.approvers)[number];
  const needsApproval = await makeTemplate(t, { levels: [level("single", [approver.userId])] });
  const direct = await makeTemplate(t, { template: opts.command ? { command: opts.command, variables: [] } : {} });
  // A command that runs until it is stopped: what Cancel is tried on.
  const long = await makeTemplate(t, { template: { command: "sleep 600", variables: [] } });
  const cookies = new Map<string, string>();
  const cookieOf = async (who: { userId: string; email: string }) => {
    const c = cookies.get(who.userId) ?? (await sessionCookie(who));
    cookies.set(who.userId, c);
    return c;
  };
  const act = async <T>(
    who: { userId: string; email: string },
    name: string,
    input: object,
    page: string,
    file?: string,
  ) =>
    callAction<T>(server, await cookieOf(who), actionId(name, file), { tenant: slug, ...input }, `/t/${slug}${page}`);

  return {
    server,
    peer,
    db,
    t,
    slug,
    approver,
    templates: { needsApproval, direct, long },
    submit: (
      input: { templateId: string; title?: string; values?: object; idempotencyKey?: string },
      who = t.requester,
    ) => act<{ id: string }>(who, "submitOrderAction", { values: {}, ...input }, "/work-orders"),
    executeNow: (orderId: string, who = t.requester): Promise<ActionResult<{ executionId: string }> | null> =>
      act(who, "executeNowAction", { orderId }, "/work-orders"),
    approve: (orderId: string, who = approver) =>
      act(who, "approveAction", { orderId, comment: "" }, `/work-orders/${orderId}`, "[orderId]"),
    cancel: (executionId: string, orderId: string, who = t.requester) =>
      act(who, "cancelExecutionAction", { executionId }, `/work-orders/${orderId}`, "[orderId]"),
    async close() {
      await server.stop();
      // The server's own log, for whoever reads a failure (CI keeps test-results/).
      mkdirSync(path.resolve("test-results/faults"), { recursive: true });
      writeFileSync(path.resolve(`test-results/faults/${opts.name}-server.log`), server.log());
      await peer.close();
      await db.end();
    },
  };
}

export type FaultApp = Awaited<ReturnType<typeof faultApp>>;
