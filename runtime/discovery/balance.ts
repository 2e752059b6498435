/**
 * Balancers: which member of a service takes the next call. Built in: `round-robin`, `random`,
 * `least-pending` (fewest calls awaiting a response, ties in turn) and `key-hash` (consistent
 * hashing of a key taken from the request, for rooms or players pinned to one node). A custom
 * {@link Balancer} may be given instead.
 */
import { ClusterError } from "../core/errors.ts";
import { createHashRing, type HashRing } from "./hash-ring.ts";

/** What a balancer sees of a member in rotation. */
export interface BalanceMember {
  /** Member id (the registry key's last segment). */
  readonly id: string;
  /** Its "host:port". */
  readonly addr: string;
  /** Calls awaiting a response on its connection. */
  readonly pending: number;
  /** Its registry metadata. */
  readonly meta?: Readonly<Record<string, unknown>> | undefined;
}

/** What changed in the rotation since the balancer last heard of it. */
export interface RotationChange {
  /** Members that entered it (new, or readmitted). */
  readonly added: readonly BalanceMember[];
  /** Members that left it (removed, or ejected). */
  readonly removed: readonly BalanceMember[];
}

/** Chooses the member of each call. */
export interface Balancer {
  /**
   * Called whenever the rotation changes, before the next `pick`, with the rotation (the same
   * array each time, changed in place: copy it to keep it) and what changed, so that a balancer
   * with state per member updates it instead of rebuilding it. Many changes at once (a first
   * member list) come as one call.
   */
  update?(members: readonly BalanceMember[], change: RotationChange): void;
  /**
   * One of `members` (never empty) for a call of `cmd` carrying `request` (the typed request
   * for generated clients, the body for raw calls), or undefined to fail the call.
   */
  pick<M extends BalanceMember>(members: readonly M[], request: unknown, cmd: number): M | undefined;
}

/** Names of the built-in balancers. */
export type BalanceName = "round-robin" | "random" | "least-pending" | "key-hash";

/** The key of a call for `key-hash`: same key, same member (while the member set is the same). */
export type KeyOf<Req> = (request: Req, cmd: number) => string;

/** Takes members in turn. */
export function createRoundRobin(): Balancer {
  let next = 0;
  return {
    pick(members) {
      const i = next % members.length;
      next = i + 1;
      return members[i];
    },
  };
}

/** Takes a member uniformly at random (`random` in [0, 1); default Math.random). */
export function createRandom(random: () => number = Math.random): Balancer {
  return {
    pick(members) {
      return members[Math.floor(random() * members.length) % members.length];
    },
  };
}

/** Takes the member with the fewest calls awaiting a response; ties go in turn. */
export function createLeastPending(): Balancer {
  let start = 0;
  return {
    pick(members) {
      const n = members.length;
      const first = start % n;
      start = first + 1;
      let best = members[first];
      let least = best === undefined ? Infinity : best.pending;
      for (let k = 1; k < n && least > 0; k++) {
        const m = members[(first + k) % n];
        if (m !== undefined && m.pending < least) {
          best = m;
          least = m.pending;
        }
      }
      return best;
    },
  };
}

const idOf = (m: BalanceMember): string => m.id;

/**
 * Consistent hashing of `key(request, cmd)` over the member ids (see hash-ring.ts). The ring
 * follows the rotation's changes point by point (O(log N) each, never rebuilt); a `pick`
 * with members it was not told about (used without `update`) builds it from them.
 */
export function createKeyHash<Req>(key: KeyOf<Req>): Balancer {
  let ring: HashRing<BalanceMember> | null = null;
  return {
    update(members, change) {
      if (ring === null) ring = createHashRing(members, idOf);
      else ring.change(change.added, change.removed);
    },
    pick<M extends BalanceMember>(members: readonly M[], request: unknown, cmd: number): M | undefined {
      if (ring === null || ring.size !== members.length) ring = createHashRing(members, idOf);
      let k: unknown;
      try {
        k = key(request as Req, cmd);
      } catch (error) {
        throw new ClusterError("invalid-argument", "the key function of a key-hash service threw", { cause: error });
      }
      return ring.lookup(typeof k === "string" ? k : String(k)) as M | undefined;
    },
  };
}

/** How a service target balances (see {@link resolveBalancer}). */
export interface BalanceOptions<Req> {
  /** A built-in balancer by name, or your own; default "round-robin" ("key-hash" when `key` is given). */
  readonly balance?: BalanceName | Balancer;
  /** The affinity key of a call: implies (and is required by) "key-hash". */
  readonly key?: KeyOf<Req>;
}

/** The balancer the options ask for. Throws `invalid-argument` on an unknown name or a missing/extra `key`. */
export function resolveBalancer<Req>(options: BalanceOptions<Req>): Balancer {
  const { balance, key } = options;
  if (key !== undefined && typeof key !== "function") {
    throw new ClusterError("invalid-argument", "key must be a function (request, cmd) => string");
  }
  if (typeof balance === "object" && balance !== null) {
    if (typeof balance.pick !== "function") throw new ClusterError("invalid-argument", "a custom balancer needs a pick() method");
    if (key !== undefined) throw new ClusterError("invalid-argument", 'key applies to the "key-hash" balancer only');
    return balance;
  }
  const name = balance ?? (key !== undefined ? "key-hash" : "round-robin");
  if (name !== "key-hash" && key !== undefined) {
    throw new ClusterError("invalid-argument", `key applies to the "key-hash" balancer, not "${String(name)}"`);
  }
  switch (name) {
    case "round-robin":
      return createRoundRobin();
    case "random":
      return createRandom();
    case "least-pending":
      return createLeastPending();
    case "key-hash":
      if (key === undefined) throw new ClusterError("invalid-argument", 'the "key-hash" balancer needs key: (request) => string');
      return createKeyHash(key);
    default:
      throw new ClusterError(
        "invalid-argument",
        `unknown balance "${String(name)}": expected round-robin, random, least-pending, key-hash or a Balancer`,
      );
  }
}
