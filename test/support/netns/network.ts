/**
 * Small networks of network namespaces for the gray-failure tests: one namespace per "host", each
 * with an `eth0` veth whose other end sits on a bridge in a switch namespace, an address in a
 * test-private 10.77.X.0/24 (X per network) and permanent neighbour entries for every other host
 * (so a dropped link is a black hole, not a fast "host unreachable" after ARP fails).
 *
 * Faults: `blackhole(host)` downs the host's switch port (its sockets stay open, every byte is
 * lost) and `restore` brings it back; `cut(a, b)` points a's and b's neighbour entries for each
 * other at an unused MAC address (only that pair stops hearing each other) and `heal` undoes it.
 * Processes are started in a host with `ip netns exec` (same PID, so they can be stopped and killed
 * by PID). Everything is removed by `dispose()`, and on process exit or SIGINT/SIGTERM.
 * Needs root and iproute2; {@link requireNetns} throws a clear error otherwise.
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";

/** A host of a {@link TestNetwork}. */
export interface NetHost {
  /** Its name in the network (e.g. "m0", "caller", "etcd"). */
  readonly name: string;
  /** Its network namespace. */
  readonly ns: string;
  /** Its address. */
  readonly ip: string;
}

/** A running network. */
export interface TestNetwork {
  /** The hosts by name. */
  readonly hosts: ReadonlyMap<string, NetHost>;
  /** The host called `name` (throws when there is none). */
  host(name: string): NetHost;
  /** Starts `command args` inside `host`'s namespace; the child is killed by PID on dispose. */
  spawn(host: string, command: string, args: readonly string[], options?: { cwd?: string }): ChildProcess;
  /** Drops every packet to and from `host` (its switch port goes down); its sockets stay open. */
  blackhole(host: string): void;
  /** Undoes {@link blackhole}. */
  restore(host: string): void;
  /** Drops every packet between `a` and `b` only. */
  cut(a: string, b: string): void;
  /** Undoes {@link cut}. */
  heal(a: string, b: string): void;
  /** Kills the children it started (SIGKILL, by PID) and deletes the namespaces. Idempotent. */
  dispose(): Promise<void>;
}

const BOGUS_MAC = "02:00:00:77:77:77";
let networks = 0;
const live = new Set<() => void>();
let hooked = false;

function ip(args: readonly string[]): string {
  return execFileSync("ip", args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], timeout: 10_000 });
}

/** Throws a clear error unless this process is root and can create network namespaces. */
export function requireNetns(): void {
  if (typeof process.getuid === "function" && process.getuid() !== 0) {
    throw new Error("the network-namespace tests need root (CI runs .ci/run as root); run them as root");
  }
  const probe = `cc-probe-${process.pid}`;
  try {
    ip(["netns", "add", probe]);
    ip(["netns", "del", probe]);
  } catch (error) {
    throw new Error(`cannot create network namespaces with iproute2 ("ip netns add"): ${String(error)}`);
  }
}

function hookExit(): void {
  if (hooked) return;
  hooked = true;
  const cleanAll = (): void => {
    for (const clean of [...live]) clean();
  };
  process.on("exit", cleanAll);
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      cleanAll();
      process.exit(128 + (signal === "SIGINT" ? 2 : 15));
    });
  }
}

/** Creates the namespaces, the switch and the hosts named `names` (addresses .1, .2, … in order). */
export function createTestNetwork(names: readonly string[]): TestNetwork {
  hookExit();
  const id = `${process.pid % 100000}-${networks++}`;
  const third = 10 + ((process.pid * 7 + networks * 13) % 240);
  const subnet = `10.77.${third}`;
  const sw = `cc${id}-sw`;
  const hosts = new Map<string, NetHost>();
  const macs = new Map<string, string>();
  const ports = new Map<string, string>();
  const children = new Set<ChildProcess>();
  const namespaces: string[] = [];
  let disposed = false;

  const cleanSync = (): void => {
    for (const child of children) {
      if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) {
        try {
          process.kill(child.pid, "SIGKILL");
        } catch {
          // already gone
        }
      }
    }
    // One `ip` process for all of them: this also runs from exit and signal handlers, where time is short.
    if (namespaces.length > 0) {
      try {
        execFileSync("ip", ["-force", "-batch", "-"], {
          input: namespaces.map((ns) => `netns del ${ns}\n`).join(""),
          stdio: ["pipe", "ignore", "ignore"],
          timeout: 10_000,
        });
      } catch {
        // some were gone already (-force went on with the others)
      }
    }
    namespaces.length = 0;
    live.delete(cleanSync);
  };
  live.add(cleanSync);

  try {
    ip(["netns", "add", sw]);
    namespaces.push(sw);
    ip(["-n", sw, "link", "add", "br0", "type", "bridge"]);
    ip(["-n", sw, "link", "set", "br0", "up"]);
    names.forEach((name, i) => {
      if (!/^[a-z0-9]{1,8}$/.test(name)) throw new Error(`host name "${name}": 1-8 lowercase letters or digits`);
      const ns = `cc${id}-${name}`;
      const port = `p${i}`;
      ip(["netns", "add", ns]);
      namespaces.push(ns);
      ip(["link", "add", "eth0", "netns", ns, "type", "veth", "peer", "name", port, "netns", sw]);
      ip(["-n", sw, "link", "set", port, "master", "br0"]);
      ip(["-n", sw, "link", "set", port, "up"]);
      const addr = `${subnet}.${i + 1}`;
      ip(["-n", ns, "addr", "add", `${addr}/24`, "dev", "eth0"]);
      ip(["-n", ns, "link", "set", "lo", "up"]);
      ip(["-n", ns, "link", "set", "eth0", "up"]);
      const info = JSON.parse(ip(["-n", ns, "-j", "link", "show", "eth0"])) as Array<{ address: string }>;
      macs.set(name, info[0]?.address ?? "");
      ports.set(name, port);
      hosts.set(name, { name, ns, ip: addr });
    });
    for (const a of hosts.values()) {
      for (const b of hosts.values()) {
        if (a !== b) ip(["-n", a.ns, "neigh", "replace", b.ip, "lladdr", macs.get(b.name) ?? "", "dev", "eth0", "nud", "permanent"]);
      }
    }
  } catch (error) {
    cleanSync();
    throw error;
  }

  const host = (name: string): NetHost => {
    const h = hosts.get(name);
    if (h === undefined) throw new Error(`no host "${name}" in this network`);
    return h;
  };
  const neighbour = (a: string, b: string, mac: string): void => {
    ip(["-n", host(a).ns, "neigh", "replace", host(b).ip, "lladdr", mac, "dev", "eth0", "nud", "permanent"]);
  };
  const port = (name: string, state: "up" | "down"): void => {
    host(name);
    ip(["-n", sw, "link", "set", ports.get(name) ?? "", state]);
  };

  return {
    hosts,
    host,
    spawn(name, command, args, options = {}) {
      if (disposed) throw new Error("network is disposed");
      const child = spawn("ip", ["netns", "exec", host(name).ns, command, ...args], {
        cwd: options.cwd,
        stdio: ["pipe", "pipe", "pipe"],
      });
      children.add(child);
      child.once("exit", () => children.delete(child));
      return child;
    },
    blackhole: (name) => port(name, "down"),
    restore: (name) => port(name, "up"),
    cut(a, b) {
      neighbour(a, b, BOGUS_MAC);
      neighbour(b, a, BOGUS_MAC);
    },
    heal(a, b) {
      neighbour(a, b, macs.get(b) ?? "");
      neighbour(b, a, macs.get(a) ?? "");
    },
    async dispose() {
      if (disposed) return;
      disposed = true;
      const waits = [...children].map(
        (child) =>
          new Promise<void>((resolve) =>
            child.exitCode !== null || child.signalCode !== null ? resolve() : child.once("exit", () => resolve()),
          ),
      );
      for (const child of children) {
        // A stopped child must be able to die.
        if (child.pid !== undefined && child.exitCode === null) {
          try {
            process.kill(child.pid, "SIGCONT");
          } catch {
            // gone
          }
        }
      }
      cleanSync();
      await Promise.race([Promise.all(waits), new Promise((resolve) => setTimeout(resolve, 5000).unref())]);
    },
  };
}
