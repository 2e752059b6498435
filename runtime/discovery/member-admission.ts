/**
 * How many members a service target takes, and how it connects to new ones. The member list comes
 * from the registry, which anyone able to write under its prefix controls (see docs/security.md):
 * a target holds at most `maxMembers` members (more are ignored, with a warning, until members
 * leave), opens at most `connectConcurrency` connections to new members at once, and connects to
 * new members as soon as they are seen only while it holds at most `eagerConnectLimit` of them;
 * beyond that a member connects on its first call.
 */
import { ClusterError } from "../core/errors.ts";
import type { Logger } from "../core/logger.ts";
import { MAX_MEMBERS } from "./registry.ts";

/** The admission options of a service target (all optional). */
export interface AdmissionOptions {
  /** Most members the target holds (and asks its registry's watch to keep); default 1024. */
  readonly maxMembers?: number;
  /** Connections to new members opened at once; default 32. */
  readonly connectConcurrency?: number;
  /** New members are connected at once while the target holds at most this many; beyond, on first use. Default 64. */
  readonly eagerConnectLimit?: number;
}

function count(name: string, value: number, min: number): number {
  if (!(Number.isInteger(value) && value >= min)) {
    throw new ClusterError("invalid-argument", `${name} must be an integer >= ${min}, got ${String(value)}`);
  }
  return value;
}

/** The admission policy of one target (see the file comment). */
export class MemberAdmission {
  /** See {@link AdmissionOptions.maxMembers}. */
  readonly maxMembers: number;
  /** True when members were refused because the target was full (a re-sync is due when room frees). */
  overflowed = false;
  private readonly concurrency: number;
  private readonly eagerLimit: number;
  private readonly logger: Logger;
  private readonly service: string;
  private running = 0;
  private readonly queue: Array<() => void> = [];

  /** Checks the options (throws `invalid-argument`). */
  constructor(options: AdmissionOptions, logger: Logger, service: string) {
    this.maxMembers = count("maxMembers", options.maxMembers ?? MAX_MEMBERS, 1);
    this.concurrency = count("connectConcurrency", options.connectConcurrency ?? 32, 1);
    this.eagerLimit = count("eagerConnectLimit", options.eagerConnectLimit ?? 64, 0);
    this.logger = logger;
    this.service = service;
  }

  /** True when a new member `id` may join a target holding `size` members; warns (rate-limited) when not. */
  admits(size: number, id: string): boolean {
    if (size < this.maxMembers) return true;
    this.overflowed = true;
    this.logger.warn("service member ignored: the target holds maxMembers members", {
      service: this.service,
      member: id.length > 200 ? `${id.slice(0, 200)}…` : id,
      maxMembers: this.maxMembers,
    });
    return false;
  }

  /** Whether a member added to a target now holding `size` members is connected at once. */
  eager(size: number): boolean {
    return size <= this.eagerLimit;
  }

  /** Runs `connect` when fewer than `connectConcurrency` such runs are in flight (queued otherwise). */
  async gate(connect: () => Promise<void>): Promise<void> {
    if (this.running >= this.concurrency) await new Promise<void>((resolve) => this.queue.push(resolve));
    this.running++;
    try {
      await connect();
    } finally {
      this.running--;
      this.queue.shift()?.();
    }
  }
}
