/** The configuration the parent sends to a memory child, and its reply. */

/** What a memory child runs. */
export interface MemoryConfig {
  readonly contender: string;
  readonly port: number;
  /** Call counts after which memory is sampled (ascending), e.g. [200_000, 1_000_000]. */
  readonly checkpoints: readonly number[];
  /** Time cap per checkpoint in ms (a slow contender is sampled at the calls it reached). */
  readonly checkpointMaxMs: number;
  /** Calls in flight while driving load. */
  readonly depth: number;
  /** Port of a black-hole server for the timeout check (omitted: no timeout check). */
  readonly blackholePort?: number;
  /** Calls sent to the black hole, each of which must time out. */
  readonly timeoutCalls: number;
  /** Deadline of each of those calls. */
  readonly timeoutMs: number;
  /** Calls kept in flight towards the black hole at once. */
  readonly timeoutBatch: number;
}

/** One memory sample (bytes), after a forced GC. */
export interface MemorySample {
  readonly calls: number;
  readonly rss: number;
  readonly heapUsed: number;
  readonly heapTotal: number;
  readonly external: number;
}

/** Outcome of the timeout check. */
export interface TimeoutCheck {
  readonly calls: number;
  /** Calls that ended in a rejection (expected: all). */
  readonly rejected: number;
  /** Calls that resolved (expected: none). */
  readonly resolved: number;
  /** The first rejection's message, to show what a timeout looks like. */
  readonly sampleError?: string;
  /** Pending-call table size after every call settled (must be 0; NaN if unreadable). */
  readonly pendingAfter: number;
  readonly seconds: number;
  readonly memoryAfter: MemorySample;
}

/** What a memory child reports back. */
export interface MemoryReport {
  readonly samples: readonly MemorySample[];
  readonly gcExposed: boolean;
  readonly timeouts?: TimeoutCheck;
}
