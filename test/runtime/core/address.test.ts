/** "host:port" addresses: parsing (IPv4, IPv6 in brackets, names) and formatting. */
import { describe, expect, it } from "vitest";
import { formatAddress, parseAddress } from "../../../runtime/index.ts";

describe("addresses", () => {
  it("parses host:port and [v6]:port", () => {
    expect(parseAddress("127.0.0.1:80")).toEqual({ host: "127.0.0.1", port: 80 });
    expect(parseAddress("[::1]:0")).toEqual({ host: "::1", port: 0 });
    expect(parseAddress("example.com:65535")).toEqual({ host: "example.com", port: 65535 });
    expect(formatAddress({ host: "::1", port: 5 })).toBe("[::1]:5");
  });

  it.each(["nope", ":80", "host:", "host:65536", "::1:80", "[::1]80", "h:p"])("rejects %s", (text) => {
    expect(() => parseAddress(text)).toThrow(/invalid-argument/);
  });
});
