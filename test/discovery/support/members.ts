/**
 * In-process members of service `calc` for the discovery tests. Member k answers
 * `add(a, b)` with `a + b + k * 1000`, so the caller can tell from the sum who served it;
 * `slowAdd` waits `delayMs`; a negative delay means "until {@link CalcMember.release}" on a
 * member started with `hold`, "no wait" on the others.
 */
import { createCluster, listenerAddress } from "../../../runtime/node/cluster.ts";
import type { Announcement, Registry } from "../../../runtime/discovery/registry.ts";
import type { ClusterOptions } from "../../../runtime/node/cluster-options.ts";
import type { ClusterNode } from "../../../runtime/node/cluster-node.ts";
import type { Listener } from "../../../runtime/connection/listener.ts";
import { serveCalc } from "../../../generated/calc.ts";
import { createMemoryLogger } from "../../runtime/helpers.ts";

/** What every member adds to a sum, per index: index × OFFSET. */
export const OFFSET = 1000;

/** A running member. */
export interface CalcMember {
  readonly index: number;
  readonly node: ClusterNode;
  readonly listener: Listener;
  /** "127.0.0.1:port". */
  readonly address: string;
  /** Requests received per method. */
  readonly served: { add: number; slowAdd: number; notify: number };
  /** The announcement, when announced. */
  readonly announcement: Announcement | undefined;
  /** Answers every slowAdd held by a negative delay. */
  release(): void;
}

/** The member index a sum of add(a, b) came from. */
export function memberOfSum(sum: number | undefined, a: number, b: number): number {
  return Math.round(((sum ?? 0) - a - b) / OFFSET);
}

/** Starts member `index` on 127.0.0.1 (`port`, default any), announced in `registry` when given. */
export async function startCalcMember(
  index: number,
  options: { registry?: Registry; port?: number; announce?: boolean; hold?: boolean; node?: ClusterOptions } = {},
): Promise<CalcMember> {
  const node = createCluster({
    logger: createMemoryLogger(),
    ...(options.registry ? { registry: options.registry } : {}),
    ...options.node,
  });
  const served = { add: 0, slowAdd: 0, notify: 0 };
  let held: Array<() => void> = [];
  serveCalc(node, {
    add(req) {
      served.add++;
      return { result: (req.a ?? 0) + (req.b ?? 0) + index * OFFSET };
    },
    async slowAdd(req) {
      served.slowAdd++;
      const delay = req.delayMs ?? 0;
      if (delay < 0 && options.hold === true) await new Promise<void>((resolve) => held.push(resolve));
      else if (delay > 0) await new Promise<void>((resolve) => setTimeout(resolve, delay));
      return { result: (req.a ?? 0) + (req.b ?? 0) + index * OFFSET };
    },
    notify() {
      served.notify++;
    },
  });
  const listener = await node.listen(`127.0.0.1:${options.port ?? 0}`);
  const announcement =
    options.registry !== undefined && options.announce !== false ? await options.registry.announce("calc", listener) : undefined;
  return {
    index,
    node,
    listener,
    address: listenerAddress(listener),
    served,
    announcement,
    release() {
      const waiting = held;
      held = [];
      for (const resolve of waiting) resolve();
    },
  };
}
