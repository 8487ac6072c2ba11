// Hostile requests against the production build: malformed server-action bodies, oversize bodies,
// forged origins, a non-JSON Inngest call and bad query parameters each get a 4xx, write nothing
// and log no application error; every page and API answer carries the security headers.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { makeOwner } from "@/tests/support/factory";
import { actionId, callAction, sessionCookie } from "./support/actions";
import { type FaultApp, faultApp, freePort } from "./support/app";
import { startAppServer } from "./support/server";

let app: FaultApp;
let cookie: string;
let submitId: string;
beforeAll(async () => {
  app = await faultApp({ name: "hostile-requests" });
  cookie = await sessionCookie(app.t.owner);
  submitId = actionId("submitOrderAction");
});
afterAll(() => app?.close());

const rows = async () => {
  const [r] = await app.db<{ orders: number; audit: number }[]>`
    select (select count(*)::int from work_orders) as orders, (select count(*)::int from audit_log) as audit`;
  return r;
};

/** A server-action POST as the browser sends it, with `body` and header overrides. */
const postAction = (body: BodyInit | null, headers: Record<string, string | null> = {}) => {
  const h: Record<string, string> = {};
  const all: Record<string, string | null> = {
    "Next-Action": submitId,
    "Content-Type": "text/plain;charset=UTF-8",
    Accept: "text/x-component",
    Origin: app.server.url,
    Cookie: cookie,
    ...headers,
  };
  for (const [k, v] of Object.entries(all)) if (v !== null) h[k] = v;
  return fetch(`${app.server.url}/t/${app.slug}/work-orders`, { method: "POST", headers: h, body });
};

const order = (extra: object = {}) => ({
  tenant: app.slug,
  templateId: app.templates.direct,
  title: "hostile",
  values: { Host: "host1" },
  ...extra,
});

describe("malformed requests get a 4xx, write nothing and log no error", () => {
  const cases: [string, () => Promise<Response>, number][] = [
    ["an action body that is not JSON", () => postAction("this is {not json"), 400],
    ["an empty action body", () => postAction(""), 400],
    ["an action body that is JSON but not an argument list", () => postAction('{"a":1}'), 400],
    ["a 3 MB action body", () => postAction(JSON.stringify([order({ title: "x".repeat(3 * 1024 * 1024) })])), 413],
    ["the argument $1", () => postAction(JSON.stringify(["$1"])), 400],
    ["a field $Q1", () => postAction(JSON.stringify([order({ templateId: "$Q1" })])), 400],
    ["a field $@1", () => postAction(JSON.stringify([order({ title: "$@1" })])), 400],
    ["a foreign Origin", () => postAction(JSON.stringify([order()]), { Origin: "https://evil.example" }), 403],
    ["Origin: null", () => postAction(JSON.stringify([order()]), { Origin: "null" }), 403],
    ["no Origin at all", () => postAction(JSON.stringify([order()]), { Origin: null }), 403],
    [
      "POST /api/inngest with a body that is not JSON",
      () =>
        fetch(`${app.server.url}/api/inngest?fnId=x&stepId=step`, {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          body: "{not json",
        }),
      400,
    ],
    [
      "GET /runs?before=%00",
      () => fetch(`${app.server.url}/t/${app.slug}/runs?before=%00`, { headers: { Cookie: cookie } }),
      200,
    ],
    [
      "GET /audit?action=%00",
      () =>
        fetch(`${app.server.url}/t/${app.slug}/audit?action=%00&actor=%00&from=%00`, { headers: { Cookie: cookie } }),
      200,
    ],
  ];

  test.each(cases)("%s", async (_name, send, status) => {
    const before = await rows();
    const logFrom = app.server.log().length;
    const res = await send();
    await res.text();
    expect(res.status).toBe(status);
    // Anything slow to land would land in this time.
    await new Promise((r) => setTimeout(r, 300));
    expect(await rows()).toEqual(before);
    const logged = app.server.log().slice(logFrom);
    expect(logged).not.toMatch(/error|⨯/i);
  });

  test("a well-formed action still works, an escaped $ and all: an order is written", async () => {
    const before = await rows();
    const page = `/t/${app.slug}/work-orders`;
    const r = await callAction<{ id: string }>(
      app.server,
      cookie,
      submitId,
      order({ title: "$$ a dollar title" }),
      page,
    );
    expect(r?.data?.id, JSON.stringify(r)).toBeTruthy();
    expect((await rows()).orders).toBe(before.orders + 1);
    const [o] = await app.db<{ title: string }[]>`select title from work_orders where id = ${r?.data?.id as string}`;
    expect(o?.title).toBe("$ a dollar title");
  });
});

describe("security headers", () => {
  const common = (res: Response) => {
    expect(res.headers.get("x-frame-options")).toBe("DENY");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("permissions-policy")).toMatch(/camera=\(\).*microphone=\(\).*geolocation=\(\)/);
    const csp = res.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    // Served over plain http here: no upgrade, no HSTS.
    expect(csp).not.toContain("upgrade-insecure-requests");
    expect(res.headers.get("strict-transport-security")).toBeNull();
    return csp;
  };

  test("a page: a nonce-based CSP, and every script of the page carries the nonce", async () => {
    for (const page of ["/login", `/t/${app.slug}/work-orders`]) {
      const res = await fetch(`${app.server.url}${page}`, { headers: { Cookie: cookie } });
      const html = await res.text();
      expect(res.status).toBe(200);
      const csp = common(res);
      expect(res.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
      const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
      expect(nonce, csp).toBeTruthy();
      expect(csp).toContain("'strict-dynamic'");
      const scripts = html.match(/<script\b[^>]*>/g) ?? [];
      expect(scripts.length).toBeGreaterThan(0);
      for (const s of scripts) expect(s).toContain(`nonce="${nonce}"`);
    }
  });

  test("the nonce is new on every answer", async () => {
    const a = (await fetch(`${app.server.url}/login`)).headers.get("content-security-policy");
    const b = (await fetch(`${app.server.url}/login`)).headers.get("content-security-policy");
    expect(a).not.toBe(b);
  });

  test("an API route", async () => {
    const res = await fetch(`${app.server.url}/api/health`);
    expect(res.status).toBe(200);
    common(res);
    expect(res.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
  });

  test("an emailed approval page is never frameable and sends no referrer", async () => {
    const res = await fetch(`${app.server.url}/approve/not-a-real-token`);
    await res.text();
    common(res);
    expect(res.headers.get("referrer-policy")).toBe("no-referrer");
  });

  test("a refused request carries the headers too", async () => {
    const res = await postAction("nope");
    common(res);
  });
});

describe("a failed run's page", () => {
  // A run that failed with a stack full of the server's paths, and an event that carries a value.
  const runId = `01HOSTILE${Date.now()}`;
  const stack = [
    "Error: HTTP 503: upstream down",
    "    at send (/srv/opsdesk/.next/server/chunks/_0i7j-wscf6xfr._.js:73:403)",
    "    at async run (file:///srv/opsdesk/node_modules/inngest/components/execution/v2.js:12:9)",
  ].join("\n");
  beforeAll(async () => {
    await app.db`
      insert into inngest_runs (id, app_id, function_id, function_name, tenant_id, status, event_id, event_name, event, error, max_attempts, created_at, ended_at)
      values (${runId}, 'opsdesk', 'notification-deliver', 'Notify: deliver', ${app.t.owner.tenant.id}, 'failed', ${`e-${runId}`},
        'notification/deliver', ${app.db.json({ name: "notification/deliver", data: { marker: "RAW-EVENT-PAYLOAD" } })},
        ${app.db.json({ name: "DeliveryFailed", message: "HTTP 503: upstream down (see /srv/opsdesk/logs/app.log)", stack })},
        1, now(), now())`;
  });
  const page = async (who: { userId: string; email: string }) => {
    const res = await fetch(`${app.server.url}/t/${app.slug}/runs/${runId}`, {
      headers: { Cookie: await sessionCookie(who) },
    });
    expect(res.status).toBe(200);
    return res.text();
  };

  test("a member reads what failed, and sees no stack, no raw payload and no path of the server's disk", async () => {
    const html = await page(app.t.requester);
    expect(html).toContain("HTTP 503: upstream down");
    expect(html).not.toContain("at send (");
    expect(html).not.toContain("RAW-EVENT-PAYLOAD");
    expect(html).not.toContain("/srv/opsdesk");
    expect(html).toContain("shown to those allowed to debug runs");
  });

  test("an admin sees the stack and the event, still without the server's paths", async () => {
    const html = await page(app.t.owner);
    expect(html).toContain("at send (_0i7j-wscf6xfr._.js:73:403)");
    expect(html).toContain("RAW-EVENT-PAYLOAD");
    expect(html).not.toContain("/srv/opsdesk");
  });
});

describe("served over https (APP_URL)", () => {
  test("the session cookie is Secure (and __Secure- prefixed), and the CSP upgrades insecure requests", async () => {
    const appUrl = "https://opsdesk.example";
    const server = await startAppServer({
      port: await freePort(),
      env: {
        DATABASE_URL: process.env.DATABASE_URL as string,
        AUTH_SECRET: process.env.AUTH_SECRET as string,
        OPSDESK_SECRET_KEY: process.env.OPSDESK_SECRET_KEY as string,
        APP_URL: appUrl,
      },
    });
    try {
      const owner = await makeOwner("https-owner");
      const res = await fetch(`${server.url}/login`, {
        method: "POST",
        redirect: "manual",
        headers: {
          "Next-Action": actionId("signInAction"),
          "Content-Type": "text/plain;charset=UTF-8",
          Accept: "text/x-component",
          // As the proxy in front of it forwards the browser's request.
          Origin: appUrl,
          "X-Forwarded-Host": "opsdesk.example",
          "X-Forwarded-Proto": "https",
        },
        body: JSON.stringify([{ email: owner.email, password: "correct horse battery" }]),
      });
      const body = await res.text();
      const session = res.headers.getSetCookie().find((c) => c.includes("session-token="));
      expect(
        session ??
          `no session cookie: ${res.status} ${res.headers.getSetCookie().join("\n")} ${body.slice(0, 300)} ${server.log().slice(-3000)}`,
      ).toMatch(/^__Secure-authjs\.session-token=/);
      expect(session).toMatch(/;\s*Secure/i);
      expect(res.headers.get("content-security-policy")).toContain("upgrade-insecure-requests");
      expect(res.headers.get("strict-transport-security")).toContain("max-age=");
    } finally {
      await server.stop();
    }
  });
});
