import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { getOrder, listOrders } from "@/db/queries/work-orders";
import { withTenant } from "@/db/tenant";
import { submitOrder } from "@/lib/work-orders/submit-order";
import { makeTemplate, type WoTenant, workOrderTenant } from "../../support/work-orders";

/**
 * What a submit is checked against: the template's switch and roles, and the chosen values against
 * the variables' options — including options fetched at submit time from an HTTP source on
 * 127.0.0.1 that answers, fails, stalls or talks nonsense.
 */
let source: { url: (path: string) => string; close: () => Promise<void> };
beforeAll(async () => {
  const server = http.createServer((req, res) => {
    const answer = (status: number, body: string) =>
      res.writeHead(status, { "content-type": "application/json" }).end(body);
    if (req.url === "/hosts") return answer(200, '["web-1","web-2"]');
    if (req.url === "/wrapped") return answer(200, '{"options":["db-1",2]}');
    if (req.url === "/down") return answer(503, '{"error":"maintenance"}');
    if (req.url === "/html") return res.writeHead(200, { "content-type": "text/html" }).end("<h1>Login</h1>");
    if (req.url === "/objects") return answer(200, '[{"name":"web-1"}]');
    if (req.url === "/slow") return setTimeout(() => answer(200, '["late"]'), 1_500);
    answer(404, "{}");
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  source = {
    url: (path) => `${base}${path}`,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
});
afterAll(() => source.close());

const orderCount = async (t: WoTenant) => (await withTenant(t.owner.actor, (tx) => listOrders(tx, {}))).length;

function httpVariable(path: string, extra: { multiple?: boolean; timeoutMs?: number } = {}) {
  return {
    name: "Host",
    label: "Target host",
    multiple: extra.multiple ?? false,
    required: true,
    source: { type: "http" as const, url: source.url(path), timeoutMs: extra.timeoutMs ?? 2_000 },
  };
}

describe("submitting against the template", () => {
  test("options fetched over HTTP at submit time: a listed value is taken, anything else is refused", async () => {
    const t = await workOrderTenant(0);
    const tpl = await makeTemplate(t, { template: { variables: [httpVariable("/hosts")] } });
    const o = await submitOrder(t.requester.actor, { templateId: tpl, title: "", values: { Host: "web-2" } });
    expect(o.status).toBe("approved");
    await expect(
      submitOrder(t.requester.actor, { templateId: tpl, title: "", values: { Host: "web-9" } }),
    ).rejects.toMatchObject({ field: "values.Host", message: '"web-9" is not one of the options for "Target host".' });
    // `{ "options": [...] }` is accepted too, numbers as their text.
    const wrapped = await makeTemplate(t, { template: { variables: [httpVariable("/wrapped")] } });
    await expect(
      submitOrder(t.requester.actor, { templateId: wrapped, title: "", values: { Host: "2" } }),
    ).resolves.toMatchObject({ status: "approved" });
    expect(await orderCount(t)).toBe(2);
  });

  test("a source that fails, stalls or answers something else: a clear error naming the variable, no order", async () => {
    const t = await workOrderTenant(0);
    const cases: [string, { timeoutMs?: number }, RegExp][] = [
      ["/down", {}, /^The options source for "Target host" answered HTTP 503\.$/],
      ["/html", {}, /^The options source for "Target host" did not answer JSON\.$/],
      ["/objects", {}, /^The options source for "Target host" must answer a JSON list of strings\.$/],
      ["/slow", { timeoutMs: 300 }, /^The options for "Target host" did not load within 300 ms\./],
    ];
    for (const [path, extra, message] of cases) {
      const tpl = await makeTemplate(t, { template: { variables: [httpVariable(path, extra)] } });
      await expect(
        submitOrder(t.requester.actor, { templateId: tpl, title: "", values: { Host: "web-1" } }),
      ).rejects.toMatchObject({ field: "values.Host", message: expect.stringMatching(message) });
    }
    expect(await orderCount(t)).toBe(0);
  });

  test("multi-select takes several listed values (each once); single-select takes one", async () => {
    const t = await workOrderTenant(0);
    const variable = (multiple: boolean) => ({
      name: "Host",
      label: "",
      multiple,
      required: true,
      source: { type: "list" as const, options: ["host1", "host2", "host3"] },
    });
    const multi = await makeTemplate(t, {
      template: { command: "deploy {Host}", variables: [variable(true)] },
    });
    const o = await submitOrder(t.requester.actor, {
      templateId: multi,
      title: "",
      values: { Host: ["host3", "host1", "host3"] },
    });
    const detail = await withTenant(t.owner.actor, (tx) => getOrder(tx, o.id));
    expect(detail?.order.values).toEqual({ Host: ["host3", "host1"] });
    expect(detail?.order.commandPreview).toBe("deploy host3,host1");
    const single = await makeTemplate(t, { template: { variables: [variable(false)] } });
    await expect(
      submitOrder(t.requester.actor, { templateId: single, title: "", values: { Host: ["host1", "host2"] } }),
    ).rejects.toMatchObject({ field: "values.Host", message: '"Host" takes one value.' });
  });

  test("a disabled template, or a role it does not allow, cannot submit; nothing is written", async () => {
    const t = await workOrderTenant(0);
    const off = await makeTemplate(t, { template: { enabled: false } });
    await expect(
      submitOrder(t.requester.actor, { templateId: off, title: "", values: { Host: "host1" } }),
    ).rejects.toThrow("This template is disabled: ask an admin to enable it.");
    const adminsOnly = await makeTemplate(t, { template: { submitRoles: ["OWNER", "ADMIN"] } });
    await expect(
      submitOrder(t.requester.actor, { templateId: adminsOnly, title: "", values: { Host: "host1" } }),
    ).rejects.toThrow("Your role may not submit orders from this template.");
    expect(await orderCount(t)).toBe(0);
    await expect(
      submitOrder(t.owner.actor, { templateId: adminsOnly, title: "", values: { Host: "host1" } }),
    ).resolves.toMatchObject({ status: "approved" });
  });
});
