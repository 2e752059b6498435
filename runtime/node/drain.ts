/**
 * Graceful drain of a node: stop accepting connections, leave the registry, let the requests
 * already on their way finish, then shut down (queued responses are flushed).
 *
 * Listening stops first, at once: a caller connecting while the registry is still being left is
 * refused (`connect-failed`, which callers by service name retry on another member) instead of
 * being accepted by the kernel and then dropped by the node (`closed`, which they cannot retry).
 *
 * The silly wire has no error frame, so a request cannot be refused politely: a request that
 * arrives on an open connection while draining is still served (callers that watch the registry
 * stop sending within the watch's latency). The node closes once no handler is running and no
 * request arrived for `quiet` ms — or at `timeout`, when handlers still running lose their
 * responses. A request sent after the close fails at its caller with `closed` (at once, not at
 * its timeout); new connections are refused, so callers by service name retry elsewhere
 * (`connect-failed`).
 */
import { now } from "../core/deadline.ts";
import { ClusterError } from "../core/errors.ts";
import type { Logger } from "../core/logger.ts";
import type { Listener } from "../connection/listener.ts";
import type { Registry } from "../discovery/registry.ts";

/** Options of `node.drain()`. */
export interface DrainOptions {
  /** Longest the whole drain may take before the node shuts down anyway, in ms; default 10000. */
  readonly timeout?: number;
  /** How long no request may have arrived (and none be running) before closing, in ms; default 200. */
  readonly quiet?: number;
}

/** What a node offers {@link drainNode}. */
export interface DrainHost {
  /** The registry the node's listeners were announced in, if any. */
  readonly registry: Registry | undefined;
  /** The node's logger. */
  readonly logger: Logger;
  /** The node's open listeners. */
  listeners(): Listener[];
  /** Stops accepting connections on every listener at once (accepted ones stay open); settles once they are closed too. */
  stopAccepting(): Promise<void>;
  /** Requests whose handler is running. */
  handling(): number;
  /** Requests received so far (a counter that only grows). */
  received(): number;
  /** Closes everything (flushing queued frames). */
  shutdown(): Promise<void>;
}

function checkMs(name: string, value: unknown): number {
  if (typeof value !== "number" || !(value >= 0) || !Number.isFinite(value)) {
    throw new ClusterError("invalid-argument", `drain ${name} must be a finite number >= 0, got ${String(value)}`);
  }
  return value;
}

/** Drain options with their defaults, checked (throws `invalid-argument`). */
export function resolveDrainOptions(options: DrainOptions = {}): Required<DrainOptions> {
  if (typeof options !== "object" || options === null) throw new ClusterError("invalid-argument", "drain options must be an object");
  return { timeout: checkMs("timeout", options.timeout ?? 10_000), quiet: checkMs("quiet", options.quiet ?? 200) };
}

/** Drains the node behind `host` (see the file comment) with options from {@link resolveDrainOptions}; never rejects. */
export async function drainNode(host: DrainHost, options: Required<DrainOptions>): Promise<void> {
  const { timeout, quiet } = options;
  const deadline = now() + timeout;
  const registry = host.registry;
  const listeners = host.listeners();
  // Not awaited: the listening sockets close at once, the promise only settles after the accepted connections.
  host.stopAccepting().catch(() => undefined);
  if (registry !== undefined) {
    try {
      await bounded(registry.withdraw(listeners), deadline);
    } catch (error) {
      host.logger.warn("drain: leaving the registry failed (the lease expires by itself)", { error });
    }
  }
  let seen = host.received();
  let quietSince = now();
  for (;;) {
    const t = now();
    const received = host.received();
    if (received !== seen || host.handling() > 0) {
      seen = received;
      quietSince = t;
    } else if (t - quietSince >= quiet) {
      // After a stall of the event loop this timer runs before the bytes that arrived meanwhile are
      // read: let one poll phase read them (setImmediate runs after it) before deciding.
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (host.received() === seen && host.handling() === 0) break;
      continue;
    }
    if (t >= deadline) {
      const running = host.handling();
      if (running > 0) host.logger.warn("drain timed out: handlers still running lose their responses", { running });
      break;
    }
    await new Promise<void>((resolve) => setTimeout(resolve, Math.max(1, Math.min(10, quiet / 4))));
  }
  await host.shutdown();
}

/** `promise`, or a `timeout` rejection at `deadline`. */
function bounded<T>(promise: Promise<T>, deadline: number): Promise<T> {
  const left = deadline - now();
  if (left <= 0) return Promise.reject(new ClusterError("timeout", "drain deadline passed"));
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new ClusterError("timeout", "drain deadline passed")), left);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}
