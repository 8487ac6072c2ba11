import { expect, test } from "vitest";
import { decryptSecret, encryptSecret } from "@/lib/crypto";

test("secrets round-trip, differ per encryption, and tampering is detected", () => {
  const a = encryptSecret("hunter2");
  const b = encryptSecret("hunter2");
  expect(a).not.toBe(b);
  expect(a).not.toContain("hunter2");
  expect(decryptSecret(a)).toBe("hunter2");
  const parts = a.split(":");
  const body = Buffer.from(parts[3] ?? "", "base64url");
  body[0] = (body[0] ?? 0) ^ 1;
  parts[3] = body.toString("base64url");
  expect(() => decryptSecret(parts.join(":"))).toThrow();
});
