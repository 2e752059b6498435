/** The node's options and errors: defaults, validation (`invalid-argument`) and error codes. */
import { describe, expect, it } from "vitest";
import { ClusterError } from "../../../runtime/index.ts";
import { resolveOptions } from "../../../runtime/node/cluster-options.ts";

describe("errors and options", () => {
  it("ClusterError.from keeps ClusterErrors and wraps the rest with a cause", () => {
    const e = new ClusterError("timeout", "slow", { peer: "a:1" });
    expect(ClusterError.from(e)).toBe(e);
    expect(e.message).toContain("a:1");
    const wrapped = ClusterError.from(new TypeError("bad"));
    expect(wrapped.code).toBe("internal");
    expect(wrapped.cause).toBeInstanceOf(TypeError);
    expect(ClusterError.from("text", "closed").code).toBe("closed");
  });

  it("validates options", () => {
    expect(() => resolveOptions({ nodeId: 70000 })).toThrow(/invalid-argument/);
    expect(() => resolveOptions({ timeout: -1 })).toThrow(/invalid-argument/);
    expect(() => resolveOptions({ limits: { maxPendingCalls: 0 } })).toThrow(/invalid-argument/);
    expect(() => resolveOptions({ limits: { maxFrameBytes: 65536 } })).toThrow(/invalid-argument/);
    expect(() => resolveOptions({ marshal: () => [1, new Uint8Array()] })).toThrow(/together/);
    const d = resolveOptions({});
    expect(d.wire).toBe("silly-0.7.0");
    expect(d.timeout).toBe(5000);
    expect(d.limits.maxFrameBytes).toBe(65535);
    expect(resolveOptions({ wire: "silly-0.7.1" }).limits.maxFrameBytes).toBe(128 * 1024 * 1024);
  });
});
