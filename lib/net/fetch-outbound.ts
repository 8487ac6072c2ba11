import "server-only";
import dns from "node:dns";
import http from "node:http";
import https from "node:https";
import { BlockList, isIP, type LookupFunction } from "node:net";
import { env } from "@/env";

/**
 * IPv4 ranges that are not the public internet: this server never calls them for a tenant unless
 * the operator allows private networks (OUTBOUND_ALLOW_PRIVATE=true).
 */
const PRIVATE_V4: [string, number][] = [
  ["0.0.0.0", 8], // "this network", unspecified
  ["10.0.0.0", 8], // private (RFC 1918)
  ["100.64.0.0", 10], // carrier-grade NAT
  ["127.0.0.0", 8], // loopback
  ["169.254.0.0", 16], // link-local, cloud metadata (169.254.169.254)
  ["172.16.0.0", 12], // private (RFC 1918)
  ["192.0.0.0", 24], // IETF protocol assignments
  ["192.0.2.0", 24], // documentation
  ["192.88.99.0", 24], // 6to4 relay anycast
  ["192.168.0.0", 16], // private (RFC 1918)
  ["198.18.0.0", 15], // benchmarking
  ["198.51.100.0", 24], // documentation
  ["203.0.113.0", 24], // documentation
  ["224.0.0.0", 4], // multicast
  ["240.0.0.0", 4], // reserved, and 255.255.255.255 broadcast
];

const PRIVATE_V6: [string, number][] = [
  ["::", 96], // unspecified, loopback, IPv4-compatible (deprecated)
  ["64:ff9b:1::", 48], // local-use NAT64
  ["100::", 64], // discard-only
  ["2001:db8::", 32], // documentation
  ["fc00::", 7], // unique local
  ["fe80::", 10], // link-local
  ["fec0::", 10], // site-local (deprecated)
  ["ff00::", 8], // multicast
];

/**
 * Node's BlockList checks IPv4-mapped IPv6 (::ffff:127.0.0.1) against the IPv4 rules itself; the
 * IPv6 forms that carry an IPv4 address elsewhere (NAT64 64:ff9b::/96, 6to4 2002::/16) get the
 * IPv4 rules translated into them, so they are refused exactly when the address they carry is.
 */
const PRIVATE = new BlockList();
for (const [net, bits] of PRIVATE_V4) {
  PRIVATE.addSubnet(net, bits, "ipv4");
  const [a = 0, b = 0, c = 0, d = 0] = net.split(".").map(Number);
  const hi = ((a << 8) | b).toString(16);
  const lo = ((c << 8) | d).toString(16);
  PRIVATE.addSubnet(`64:ff9b::${hi}:${lo}`, 96 + bits, "ipv6");
  PRIVATE.addSubnet(`2002:${hi}:${lo}::`, 16 + bits, "ipv6");
}
for (const [net, bits] of PRIVATE_V6) PRIVATE.addSubnet(net, bits, "ipv6");

/** Whether an IP address (IPv4, IPv6, `[IPv6]`, with or without a zone) is loopback, private, link-local, reserved… */
export function isPrivateAddress(address: string): boolean {
  const ip = address.replace(/^\[(.*)\]$/, "$1").replace(/%.*$/, "");
  const family = isIP(ip);
  if (!family) throw new TypeError(`"${address}" is not an IP address`);
  return PRIVATE.check(ip, family === 4 ? "ipv4" : "ipv6");
}

/** An outbound call refused because its destination is on a private network. */
export class PrivateAddressError extends Error {
  readonly code = "ERR_PRIVATE_ADDRESS";
  constructor(
    readonly address: string,
    /** The URL named the address itself (else its host name resolved to it). */
    readonly literal: boolean,
  ) {
    super(
      `The URL's host ${literal ? "is" : "resolves to"} a private network address (${address}); this server does not ` +
        "call those. An operator can allow them with OUTBOUND_ALLOW_PRIVATE=true.",
    );
    this.name = "PrivateAddressError";
  }
}

/**
 * The refusal for a URL whose host is written as a private IP address, or null. Forms use it to
 * refuse such a URL on save; a host name is only known to be private when it is resolved, at call
 * time, by `fetchOutbound`.
 */
export function privateUrlRefusal(url: string, allowPrivate = env.OUTBOUND_ALLOW_PRIVATE): PrivateAddressError | null {
  if (allowPrivate || !URL.canParse(url)) return null;
  const host = new URL(url).hostname.replace(/^\[(.*)\]$/, "$1");
  return isIP(host) && isPrivateAddress(host) ? new PrivateAddressError(host, true) : null;
}

/**
 * DNS resolution for outbound calls: unless private networks are allowed, it fails with
 * PrivateAddressError when any address of the name is private.
 */
const lookupWith =
  (allowPrivate: boolean): LookupFunction =>
  (hostname, options, callback) => {
    dns.lookup(hostname, options, (error, address: string | dns.LookupAddress[], family?: number) => {
      if (error || allowPrivate) return callback(error, address, family);
      const addresses = Array.isArray(address) ? address.map((a) => a.address) : [address];
      const refused = addresses.find(isPrivateAddress);
      if (refused) return callback(new PrivateAddressError(refused, false) as NodeJS.ErrnoException, "", 0);
      callback(null, address, family);
    });
  };
const LOOKUP = { public: lookupWith(false), any: lookupWith(true) };

/** The lookup outbound connections resolve with (for sockets opened elsewhere: SQL jobs' datasources). */
export function outboundLookup(allowPrivate = env.OUTBOUND_ALLOW_PRIVATE): LookupFunction {
  return allowPrivate ? LOOKUP.any : LOOKUP.public;
}

export type OutboundRequest = {
  method?: "GET" | "POST" | "PUT" | "PATCH" | "DELETE" | "HEAD";
  headers?: Record<string, string>;
  body?: string;
  /** For the whole call: connecting, the answer and its body. */
  timeoutMs: number;
  /** The body is read up to this many bytes; more sets `truncated`. */
  maxBytes: number;
  /** Defaults to OUTBOUND_ALLOW_PRIVATE. */
  allowPrivate?: boolean;
  /** Aborting it ends the call at once with an error named "AbortError". */
  signal?: AbortSignal;
};

export type OutboundResponse = {
  status: number;
  ok: boolean;
  text: string;
  truncated: boolean;
  headers: http.IncomingHttpHeaders;
};

/**
 * Calls a URL a tenant configured (webhooks, option sources). Unless private networks are
 * allowed, the addresses are checked where the connection is made — a literal IP in the URL, and
 * every address the host name resolves to, on the very lookup the socket connects with (so DNS
 * rebinding gains nothing) — and a private one fails with PrivateAddressError before anything is
 * sent. Redirects are not followed (a 3xx is returned as it is). A timeout fails with an error
 * named "TimeoutError"; network failures keep Node's `code` (ECONNREFUSED, ENOTFOUND…).
 */
export async function fetchOutbound(url: string, req: OutboundRequest): Promise<OutboundResponse> {
  const allowPrivate = req.allowPrivate ?? env.OUTBOUND_ALLOW_PRIVATE;
  const target = new URL(url);
  if (target.protocol !== "http:" && target.protocol !== "https:") {
    throw new Error(`only http(s) URLs are called, not ${target.protocol}`);
  }
  const literal = privateUrlRefusal(url, allowPrivate);
  if (literal) throw literal;

  return await new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      finish(Object.assign(new Error(`no answer within ${req.timeoutMs} ms`), { name: "TimeoutError" }));
      request.destroy();
    }, req.timeoutMs);
    let settled = false;
    const abort = () => {
      finish(Object.assign(new Error("the call was aborted"), { name: "AbortError" }));
      request.destroy();
    };
    const finish = (error: Error | null, response?: OutboundResponse) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.signal?.removeEventListener("abort", abort);
      if (error) reject(error);
      else resolve(response as OutboundResponse);
    };
    const headers: Record<string, string | number> = { ...req.headers };
    if (req.body !== undefined) headers["content-length"] = Buffer.byteLength(req.body);
    const request = (target.protocol === "https:" ? https : http).request(
      target,
      {
        method: req.method ?? "GET",
        headers,
        // A fresh connection per call: a pooled socket could outlive the check that admitted it.
        agent: false,
        lookup: allowPrivate ? LOOKUP.any : LOOKUP.public,
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        const done = (truncated: boolean) => {
          const status = res.statusCode ?? 0;
          const text = Buffer.concat(chunks).subarray(0, req.maxBytes).toString("utf8");
          finish(null, { status, ok: status >= 200 && status < 300, text, truncated, headers: res.headers });
        };
        res.on("data", (chunk: Buffer) => {
          chunks.push(chunk);
          size += chunk.length;
          if (size > req.maxBytes) {
            done(true);
            request.destroy();
          }
        });
        res.on("end", () => done(false));
        res.on("error", (error) => finish(error));
        res.on("aborted", () =>
          finish(Object.assign(new Error("the connection closed mid-answer"), { code: "ECONNRESET" })),
        );
      },
    );
    request.on("error", (error) => finish(error));
    if (req.signal?.aborted) abort();
    else req.signal?.addEventListener("abort", abort);
    request.end(req.body);
  });
}
