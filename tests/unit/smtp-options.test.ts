import { expect, test } from "vitest";
import { SMTP_TIMEOUTS, smtpTransportUrl } from "@/lib/mail/smtp-options";

test("every SMTP transport has connect, greeting and inactivity timeouts and a deadline, unless the URL sets its own", () => {
  const plain = smtpTransportUrl("smtp://user:pass@mail.example.com:587");
  const q = new URL(plain.url).searchParams;
  expect(Object.fromEntries(q)).toEqual({
    pool: "true",
    maxConnections: "4",
    connectionTimeout: String(SMTP_TIMEOUTS.connectionTimeout),
    greetingTimeout: String(SMTP_TIMEOUTS.greetingTimeout),
    socketTimeout: String(SMTP_TIMEOUTS.socketTimeout),
  });
  expect(plain.sendTimeout).toBe(SMTP_TIMEOUTS.sendTimeout);
  // Seconds, not minutes: a send holds a background worker while it waits.
  expect(Math.max(...Object.values(SMTP_TIMEOUTS))).toBeLessThanOrEqual(30_000);

  const own = smtpTransportUrl("smtps://mail.example.com?pool=false&greetingTimeout=500&sendTimeout=2000");
  const o = new URL(own.url).searchParams;
  expect(o.get("pool")).toBe("false");
  expect(o.get("greetingTimeout")).toBe("500");
  expect(o.get("tls.noDelay")).toBe("true"); // implicit TLS keeps TCP_NODELAY too
  expect(o.has("sendTimeout")).toBe(false); // ours, not nodemailer's
  expect(own.sendTimeout).toBe(2000);
});
