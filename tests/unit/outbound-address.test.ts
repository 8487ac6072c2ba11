import { describe, expect, test } from "vitest";
import { isPrivateAddress, privateUrlRefusal } from "@/lib/net/fetch-outbound";

// Which destinations a tenant's webhook or option source may not reach (unless the operator
// allows private networks): everything that is not the public internet.
describe("private network addresses", () => {
  test.each([
    ["127.0.0.1", "loopback"],
    ["127.255.255.254", "loopback, end of 127/8"],
    ["10.0.0.1", "RFC 1918"],
    ["10.255.255.255", "RFC 1918"],
    ["172.16.0.1", "RFC 1918, start of 172.16/12"],
    ["172.31.255.255", "RFC 1918, end of 172.16/12"],
    ["192.168.1.10", "RFC 1918"],
    ["169.254.169.254", "cloud metadata"],
    ["169.254.0.1", "link-local"],
    ["100.64.0.1", "CGNAT, start"],
    ["100.127.255.255", "CGNAT, end"],
    ["0.0.0.0", "unspecified"],
    ["0.1.2.3", "this network"],
    ["224.0.0.1", "multicast"],
    ["239.255.255.250", "multicast (SSDP)"],
    ["240.0.0.1", "reserved"],
    ["255.255.255.255", "broadcast"],
    ["192.0.0.8", "IETF protocol assignments"],
    ["198.18.0.1", "benchmarking"],
    ["192.0.2.1", "documentation"],
    ["::1", "IPv6 loopback"],
    ["::", "IPv6 unspecified"],
    ["fc00::1", "unique local"],
    ["fd12:3456:789a::1", "unique local"],
    ["fe80::1", "link-local"],
    ["fe80::1%eth0", "link-local with a zone"],
    ["[::1]", "as written in a URL"],
    ["ff02::1", "IPv6 multicast"],
    ["::ffff:127.0.0.1", "IPv4-mapped loopback"],
    ["::ffff:7f00:1", "IPv4-mapped loopback, hex"],
    ["::ffff:10.1.2.3", "IPv4-mapped RFC 1918"],
    ["::ffff:169.254.169.254", "IPv4-mapped metadata"],
    ["0:0:0:0:0:ffff:c0a8:0101", "IPv4-mapped 192.168.1.1, long form"],
    ["::127.0.0.1", "IPv4-compatible (deprecated)"],
    ["64:ff9b::7f00:1", "NAT64 of 127.0.0.1"],
    ["64:ff9b::a9fe:a9fe", "NAT64 of 169.254.169.254"],
    ["2002:a00:1::1", "6to4 of 10.0.0.1"],
    ["2002:c0a8:101::1", "6to4 of 192.168.1.1"],
  ])("%s is refused (%s)", (address) => {
    expect(isPrivateAddress(address)).toBe(true);
  });

  test.each([
    ["8.8.8.8", "public DNS"],
    ["1.1.1.1", "public"],
    ["93.184.215.14", "public"],
    ["172.15.255.255", "just below 172.16/12"],
    ["172.32.0.1", "just above 172.16/12"],
    ["100.63.255.255", "just below CGNAT"],
    ["100.128.0.1", "just above CGNAT"],
    ["169.253.255.255", "just below link-local"],
    ["11.0.0.1", "just above 10/8"],
    ["192.169.0.1", "just above 192.168/16"],
    ["223.255.255.255", "just below multicast"],
    ["2606:4700:4700::1111", "public IPv6"],
    ["2001:4860:4860::8888", "public IPv6"],
    ["::ffff:8.8.8.8", "IPv4-mapped public"],
    ["64:ff9b::808:808", "NAT64 of 8.8.8.8"],
    ["2002:808:808::1", "6to4 of 8.8.8.8"],
    ["fbff:ffff::1", "just below fc00::/7"],
  ])("%s is allowed (%s)", (address) => {
    expect(isPrivateAddress(address)).toBe(false);
  });

  test("a host name is not an address", () => {
    expect(() => isPrivateAddress("localhost")).toThrow('"localhost" is not an IP address');
  });
});

describe("refusing a URL written with a private IP (on save)", () => {
  const message = (address: string) =>
    `The URL's host is a private network address (${address}); this server does not call those. ` +
    "An operator can allow them with OUTBOUND_ALLOW_PRIVATE=true.";

  test.each([
    ["http://127.0.0.1:8080/hook", "127.0.0.1"],
    ["https://169.254.169.254/latest/meta-data/", "169.254.169.254"],
    ["http://[::1]/hook", "::1"],
    ["http://[::ffff:10.0.0.5]/hook", "::ffff:a00:5"],
    // WHATWG URLs read these spellings as 127.0.0.1, and so does the call.
    ["http://2130706433/", "127.0.0.1"],
    ["http://0x7f.1/", "127.0.0.1"],
  ])("%s is refused, naming the address and the switch", (url, address) => {
    expect(privateUrlRefusal(url, false)?.message).toBe(message(address));
  });

  test("a public IP or a host name passes (names are checked when called), and so does anything once allowed", () => {
    expect(privateUrlRefusal("https://8.8.8.8/hook", false)).toBeNull();
    expect(privateUrlRefusal("https://hooks.slack.com/services/T/B/X", false)).toBeNull();
    expect(privateUrlRefusal("http://localhost:8080/hook", false)).toBeNull();
    expect(privateUrlRefusal("http://127.0.0.1:8080/hook", true)).toBeNull();
  });
});
