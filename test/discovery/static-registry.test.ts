/** The static registry's membership events. */
import { describe, expect, it } from "vitest";
import type { MembershipEvent } from "../../runtime/discovery/registry.ts";
import { createStaticRegistry } from "../../runtime/discovery/static-registry.ts";
import { isClusterError } from "../../runtime/core/errors.ts";
import type { Listener } from "../../runtime/connection/listener.ts";

describe("static registry", () => {
  it("holds fixed members, announces and withdraws by listener with events, and closes", async () => {
    const registry = createStaticRegistry({ services: { calc: ["127.0.0.1:7001", { id: "b", addr: "127.0.0.1:7002", meta: { w: 2 } }] } });
    const events: MembershipEvent[] = [];
    const watch = registry.watch("calc", (e) => events.push(e));
    await watch.ready;
    expect(watch.members().map((m) => m.id)).toEqual(["127.0.0.1:7001", "b"]);
    const l1: Listener = { address: { host: "127.0.0.1", port: 7003 }, connections: 0, closed: false, wire: "silly-0.7.0" };
    const l2: Listener = { address: { host: "127.0.0.1", port: 7004 }, connections: 0, closed: false, wire: "silly-0.7.0" };
    await registry.announce("calc", l1);
    const a2 = await registry.announce("calc", l2);
    await registry.announce("calc", l2, { meta: { v: 2 } });
    expect(events.map((e) => `${e.type} ${e.member.id}`)).toEqual([
      "added 127.0.0.1:7003",
      "added 127.0.0.1:7004",
      "updated 127.0.0.1:7004",
    ]);
    await registry.withdraw([l1]);
    expect(watch.members().map((m) => m.id)).toEqual(["127.0.0.1:7001", "b", "127.0.0.1:7004"]);
    await a2.withdraw();
    await a2.withdraw();
    expect(events.slice(3).map((e) => `${e.type} ${e.member.id}`)).toEqual(["removed 127.0.0.1:7003", "removed 127.0.0.1:7004"]);
    watch.close();
    await registry.announce("calc", l1);
    expect(events).toHaveLength(5);
    await registry.close();
    await expect(registry.announce("calc", l1)).rejects.toSatisfy((e: unknown) => isClusterError(e, "closed"));
    expect(() => createStaticRegistry({ services: { calc: ["nope"] } })).toThrowError(
      expect.objectContaining({ code: "invalid-argument" }),
    );
  });
});
