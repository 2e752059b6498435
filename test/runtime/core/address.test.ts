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

  it.each([
    ["nope", "no port"],
    [":80", "no host"],
    ["host:", "no port after the colon"],
    ["host:65536", "port 65536 is out of range (0..65535)"],
    ["h:99999", "port 99999 is out of range (0..65535)"],
    ["::1:80", 'an IPv6 host needs brackets, e.g. "[::1]:80"'],
    ["[::1]80", "no port after the IPv6 host"],
    ["[::1:80", 'no "]" closes the IPv6 host'],
    ["h:p", 'port "p" is not a number'],
  ])("rejects %s, saying what is wrong: %s", (text, why) => {
    expect(() => parseAddress(text)).toThrow(/invalid-argument/);
    expect(() => parseAddress(text)).toThrow(`bad address "${text}": ${why}`);
  });

  it("rejects a non-string with invalid-argument, not a TypeError", () => {
    expect(() => parseAddress(7000 as unknown as string)).toThrow(
      /\[invalid-argument\] bad address "7000": an address is a string, got number/,
    );
  });
});
