/**
 * Fault plans as data: what happens, when (ms after the run starts), and to whom, for the gray
 * failure runs (tests and `npm run chaos`). A seeded generator makes random plans that a run
 * prints, so a failing run can be replayed from its seed.
 */

/** What a step does. `cut`/`heal` act between `target` and `peer`; the others on `target`. */
export type FaultAction =
  | "blackhole" // target's link drops every packet; its sockets stay open
  | "restore" // undoes blackhole
  | "stop" // SIGSTOP: a frozen process (a long GC pause, a swapping host)
  | "cont" // SIGCONT
  | "kill" // SIGKILL
  | "restart" // starts a killed member again (same address)
  | "etcd-restart" // etcd stops (SIGTERM) and starts again with its data
  | "cut" // target and peer stop hearing each other (both ways), everyone else still hears both
  | "heal"; // undoes cut

/** One step of a plan. */
export interface FaultStep {
  /** When, in ms after the run starts. */
  readonly at: number;
  readonly action: FaultAction;
  /** A host name: "m0".."m2", "caller", "etcd". */
  readonly target: string;
  /** The other host of a cut/heal. */
  readonly peer?: string;
}

/** A plan: its steps in time order, and how long the run lasts (the last step is at or before it). */
export interface FaultPlan {
  readonly seed: number;
  readonly duration: number;
  readonly steps: readonly FaultStep[];
}

/** A seeded PRNG (mulberry32): the same seed, the same numbers, in [0, 1). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Options of {@link generatePlan}. */
export interface PlanOptions {
  /** Members "m0".."m<members-1>". */
  readonly members: number;
  /** Length of the run in ms; every fault is undone `settle` ms before its end. */
  readonly duration: number;
  /** Quiet time at the end of the run, in ms. */
  readonly settle: number;
  /** Shortest and longest fault, in ms. */
  readonly minFault: number;
  readonly maxFault: number;
  /** Longest gap between faults, in ms. */
  readonly maxGap: number;
}

/**
 * A random plan: one member fault at a time (a black hole, a stop or a kill, each undone after
 * minFault..maxFault ms), and now and then an etcd restart between them.
 */
export function generatePlan(seed: number, options: PlanOptions): FaultPlan {
  const random = seededRandom(seed);
  const steps: FaultStep[] = [];
  const end = options.duration - options.settle;
  let t = 1000 + Math.floor(random() * options.maxGap);
  while (t < end) {
    const roll = random();
    if (roll < 0.15) {
      steps.push({ at: t, action: "etcd-restart", target: "etcd" });
      t += 1500 + Math.floor(random() * options.maxGap);
      continue;
    }
    const target = `m${Math.floor(random() * options.members)}`;
    const length = options.minFault + Math.floor(random() * (options.maxFault - options.minFault));
    const undo = Math.min(t + length, end);
    const [on, off]: [FaultAction, FaultAction] =
      roll < 0.5 ? ["blackhole", "restore"] : roll < 0.8 ? ["stop", "cont"] : ["kill", "restart"];
    steps.push({ at: t, action: on, target }, { at: undo, action: off, target });
    t = undo + 500 + Math.floor(random() * options.maxGap);
  }
  return { seed, duration: options.duration, steps };
}

/** A plan as one line per step, for a run to print. */
export function formatPlan(plan: FaultPlan): string {
  const lines = plan.steps.map(
    (s) => `  +${String(s.at).padStart(6)} ms  ${s.action} ${s.target}${s.peer !== undefined ? ` ${s.peer}` : ""}`,
  );
  return [`fault plan (seed ${plan.seed}, ${plan.duration} ms):`, ...lines].join("\n");
}
