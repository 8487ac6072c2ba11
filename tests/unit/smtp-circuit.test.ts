import { describe, expect, test } from "vitest";
import { SmtpCircuit } from "@/lib/mail/smtp-circuit";

const refused = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:25"), { code: "ECONNECTION" });
const busy = Object.assign(new Error("451 try again later"), { code: "EENVELOPE", responseCode: 451 });

describe("the SMTP breaker", () => {
  test("a healthy server takes sends side by side", async () => {
    const circuit = new SmtpCircuit(50);
    expect(await Promise.all([circuit.admit(), circuit.admit()])).toEqual([null, null]);
  });

  test("once unreachable, one send probes; the others fail if the probe fails, and go if it gets through", async () => {
    const circuit = new SmtpCircuit(1_000);
    expect(circuit.settle(refused)).toBe(true);
    expect(await circuit.admit()).toBeNull(); // the probe
    const waiting = [circuit.admit(), circuit.admit()];
    circuit.settle(refused);
    expect(await Promise.all(waiting)).toEqual([
      expect.stringMatching(/ECONNREFUSED/),
      expect.stringMatching(/ECONNREFUSED/),
    ]);

    expect(await circuit.admit()).toBeNull(); // the next probe
    const behind = [circuit.admit(), circuit.admit()];
    circuit.settle(null); // the server is back
    expect(await Promise.all(behind)).toEqual([null, null]);
    expect(await circuit.admit()).toBeNull();
  });

  test("while the probe gets no answer, the others fail after a short wait instead of waiting with it", async () => {
    const circuit = new SmtpCircuit(50);
    circuit.settle(refused);
    await circuit.admit(); // a probe that hangs
    const started = Date.now();
    expect(await circuit.admit()).toMatch(/ECONNREFUSED/);
    expect(Date.now() - started).toBeLessThan(500);
  });

  test("a server that answers, even 451, is up: it does not trip the breaker", async () => {
    const circuit = new SmtpCircuit(50);
    expect(circuit.settle(busy)).toBe(false);
    expect(await circuit.admit()).toBeNull();
    circuit.settle(refused);
    await circuit.admit();
    expect(circuit.settle(busy)).toBe(false);
    expect(await Promise.all([circuit.admit(), circuit.admit()])).toEqual([null, null]);
  });
});
