import "server-only";

/**
 * Plain words for why a call out of the process failed, by Node's (or TLS's) error code. Only
 * these reach a user; an error without a known code is described generically ("the connection
 * failed"), since its message may carry addresses, paths or internals of the server.
 */
const REASONS: Record<string, string> = {
  ECONNREFUSED: "connection refused",
  ECONNRESET: "the connection was cut off",
  ECONNABORTED: "the connection was cut off",
  EPIPE: "the connection was cut off",
  ETIMEDOUT: "the connection timed out",
  ENOTFOUND: "no such host",
  EAI_AGAIN: "its name could not be looked up just now",
  EHOSTUNREACH: "the host is unreachable",
  ENETUNREACH: "the network is unreachable",
  EPROTO: "the secure connection could not be set up",
  CERT_HAS_EXPIRED: "its TLS certificate has expired",
  DEPTH_ZERO_SELF_SIGNED_CERT: "its TLS certificate is self-signed",
  SELF_SIGNED_CERT_IN_CHAIN: "its TLS certificate is self-signed",
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: "its TLS certificate is not trusted",
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: "its TLS certificate is not trusted",
  ERR_TLS_CERT_ALTNAME_INVALID: "its TLS certificate is for another name",
};

/** "connection refused", … for a known code; "the connection failed" for anything else. */
export function connectionFailure(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return (typeof code === "string" && REASONS[code]) || "the connection failed";
}

/** The host (and port, if given) of a URL, as a user wrote it; "the server" for a URL that does not parse. */
export function hostOf(url: string): string {
  return URL.canParse(url) ? new URL(url).host : "the server";
}

/** Seconds for a sentence: 5000 → "5 s", 300 → "0.3 s". */
export function seconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(1))} s`;
}
