/**
 * The idle probe (optional, off by default): silly's wire has no ping frame, so a node that wants
 * to know an idle connection still leads somewhere sends, after `interval` ms without receiving a
 * byte, a one-way request for {@link IDLE_PROBE_CMD}, a cmd no schema uses. A clusterc node
 * answers it with an empty response (see dispatch.ts). A silly node has no handler for it: its
 * `unmarshal` fails (with zproto, `decode: 'struct' is null`, logged as an error by silly's task
 * runner with the cluster's traceback) and it sends nothing back, and nothing else happens.
 *
 * So the probe can only judge peers that answer it: a connection whose peer answered one probe is
 * closed when a later probe gets no byte back within `timeout` ms (then the peer reconnects, and a
 * service member is ejected until it connects again); a peer that never answered the first probe
 * (a silly node) is not probed again on that connection. The probe is not a call: it never counts
 * as a timeout for outlier ejection.
 */
import type { Logger } from "../core/logger.ts";
import { ClusterError } from "../core/errors.ts";
import type { Connection } from "./connection.ts";
import type { TraceWriter } from "../wire/framer.ts";

/** The cmd of idle probes: the largest u32, which zproto protocol tags never reach. */
export const IDLE_PROBE_CMD = 0xffffffff;

/** Idle probe settings (`createCluster({ idleProbe })`). */
export interface IdleProbeOptions {
  /** Probe a connection after this many ms without a byte received. */
  readonly interval: number;
  /** How long to wait for a byte after a probe, in ms; default `interval`. */
  readonly timeout?: number;
}

/** Checks the options (throws `invalid-argument`); undefined stays undefined (probe off). */
export function checkIdleProbe(options: IdleProbeOptions | undefined): Required<IdleProbeOptions> | undefined {
  if (options === undefined) return undefined;
  const { interval } = options;
  const timeout = options.timeout ?? interval;
  for (const [name, value] of [
    ["idleProbe.interval", interval],
    ["idleProbe.timeout", timeout],
  ] as const) {
    if (!(typeof value === "number" && value > 0 && Number.isFinite(value))) {
      throw new ClusterError("invalid-argument", `${name} must be a finite number > 0, got ${String(value)}`);
    }
  }
  return { interval, timeout };
}

const EMPTY = new Uint8Array(0);

/** Probes `conn` while it is idle, until it closes (see the file comment). */
export function startIdleProbe(conn: Connection, options: Required<IdleProbeOptions>, trace: TraceWriter, logger: Logger): void {
  let seen = conn.bytesIn;
  let answered = false;
  let timer: NodeJS.Timeout | null = null;
  const stop = (): void => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
  };
  const idleCheck = (): void => {
    timer = null;
    if (conn.closed) return;
    if (conn.bytesIn !== seen) {
      seen = conn.bytesIn;
      schedule(idleCheck, options.interval);
      return;
    }
    try {
      conn.send(IDLE_PROBE_CMD, EMPTY, trace);
    } catch {
      return;
    }
    schedule(answerCheck, options.timeout);
  };
  const answerCheck = (): void => {
    timer = null;
    if (conn.closed) return;
    if (conn.bytesIn !== seen) {
      answered = true;
      seen = conn.bytesIn;
      schedule(idleCheck, options.interval);
    } else if (answered) {
      logger.warn("idle probe unanswered, closing the connection", { peer: conn.peer, timeout: options.timeout });
      conn.close(`idle probe unanswered within ${options.timeout} ms`, "closed");
    } else {
      logger.debug("peer does not answer idle probes (a silly node?), not probed again on this connection", { peer: conn.peer });
    }
  };
  const schedule = (fn: () => void, ms: number): void => {
    timer = setTimeout(fn, ms);
    timer.unref();
  };
  conn.socket.once("close", stop);
  schedule(idleCheck, options.interval);
}
