import { afterAll, beforeAll, expect, test } from "vitest";
import { type FaultApp, faultApp } from "./support/app";
import { OUTAGE_S, smtpOutage } from "./support/smtp-outage";

let app: FaultApp;
beforeAll(async () => {
  app = await faultApp({ name: "smtp-451" });
});
afterAll(() => app?.close());

test(`SMTP answering 451 for ${OUTAGE_S} s: executions start within 1 s, approval emails arrive within 30 s of its return, none fails`, async () => {
  const { mail_recovered_s, exec_start_delays_ms } = await smtpOutage(app, "451");
  expect(exec_start_delays_ms.length).toBeGreaterThan(0);
  expect(Math.max(...exec_start_delays_ms)).toBeLessThanOrEqual(1_000);
  expect(mail_recovered_s).toBeLessThanOrEqual(30);
});
