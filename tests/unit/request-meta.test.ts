import { describe, expect, test } from "vitest";
import { requestMetaOf, TRACE_ID } from "@/lib/auth/request-meta";

const headers = (h: Record<string, string>) => new Headers(h);

describe("request meta (audit ip and trace id)", () => {
  test("a forged X-Forwarded-For is ignored when no proxy is trusted (the default)", () => {
    expect(requestMetaOf(headers({ "x-forwarded-for": "6.6.6.6" }), 0).ip).toBeNull();
    expect(requestMetaOf(headers({ "x-forwarded-for": "6.6.6.6, 10.0.0.1", "x-real-ip": "6.6.6.6" }), 0).ip).toBeNull();
  });

  test("with TRUST_PROXY=1 the last hop (what our proxy saw) is the client, not what the client wrote", () => {
    expect(requestMetaOf(headers({ "x-forwarded-for": "6.6.6.6, 203.0.113.7" }), 1).ip).toBe("203.0.113.7");
    expect(requestMetaOf(headers({ "x-forwarded-for": "203.0.113.7" }), 1).ip).toBe("203.0.113.7");
    expect(requestMetaOf(headers({ "x-forwarded-for": "6.6.6.6, 203.0.113.7, 10.0.0.2" }), 2).ip).toBe("203.0.113.7");
    expect(requestMetaOf(headers({ "x-forwarded-for": "6.6.6.6, [2001:db8::1]:443" }), 1).ip).toBe("2001:db8::1");
  });

  test("a forwarded entry that is not an address is dropped", () => {
    expect(requestMetaOf(headers({ "x-forwarded-for": "<script>" }), 1).ip).toBeNull();
    expect(requestMetaOf(headers({}), 1).ip).toBeNull();
  });

  test("a request id outside the strict format is replaced by a generated one", () => {
    const forged = requestMetaOf(headers({ "x-request-id": "forged-<script>" }), 0).traceId;
    expect(forged).not.toContain("<");
    expect(forged).toMatch(/^[0-9a-f-]{36}$/);
    expect(requestMetaOf(headers({ "x-request-id": "a".repeat(65) }), 0).traceId).toMatch(/^[0-9a-f-]{36}$/);
    expect(requestMetaOf(headers({ "x-request-id": "req_01HX.abc-9" }), 0).traceId).toBe("req_01HX.abc-9");
    expect(requestMetaOf(headers({}), 0).traceId).toMatch(TRACE_ID);
  });
});
