/**
 * A small pool of worker threads that format generated modules with prettier. Workers load
 * prettier (and warm it up on a snippet) as soon as they start, so a CLI that creates the
 * pool first loads prettier on another core while this thread loads ts-morph and compiles.
 * A large module comes in pieces cut between top-level statements, each handed to a worker
 * as soon as it is printed, so workers format while later pieces are printed, in parallel;
 * the joined result equals prettier's on the whole text (`format-pieces.ts`).
 */
import { createRequire } from "node:module";
import { availableParallelism } from "node:os";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { PRETTIER_OPTIONS, type ModuleFormatter } from "./format.ts";
import { joinFormattedPieces } from "./format-pieces.ts";
import { WARM_UP_MODULE, WARM_UP_ROUNDS } from "./format-warm-up.ts";

/** Options of {@link createFormatPool}. */
export interface FormatPoolOptions {
  /** Most workers ever started (default: available cores, at most 4). */
  readonly maxWorkers?: number;
  /** Workers started right away (default 1); more start when a large module needs them. */
  readonly startWorkers?: number;
  /** Pieces handed to workers have at least this many characters (default 100 000). */
  readonly minPieceChars?: number;
}

/** A pool of prettier workers. */
export interface FormatPool {
  /** Formats a module (in pieces across the workers when it is large). */
  readonly format: ModuleFormatter;
  /** Stops the workers; pending formats are rejected. */
  close(): Promise<void>;
}

/** Message from the main thread to a worker. */
interface FormatJobMessage {
  readonly id: number;
  readonly text: string;
}

/** Message from a worker: the formatted text, or prettier's error message. */
type FormatReply = { readonly id: number; readonly formatted: string } | { readonly id: number; readonly error: string };

interface Job {
  readonly id: number;
  readonly text: string;
  readonly resolve: (formatted: string) => void;
  readonly reject: (error: Error) => void;
}

interface PoolWorker {
  readonly worker: Worker;
  /** Jobs posted to it and not yet answered (at most {@link IN_FLIGHT}). */
  readonly jobs: Map<number, Job>;
}

/**
 * Jobs a worker holds at once: the next one is queued in the worker while it formats the
 * current one, so it never waits on this thread (which may be formatting a piece itself).
 */
const IN_FLIGHT = 2;

/**
 * The worker's code (a CommonJS script run with `eval`, so it needs no TypeScript loader
 * and works the same from sources, tests and a bundle).
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
let jobArrived = false;
const ready = import(workerData.prettierUrl).then(async (m) => {
  const format = typeof m.format === "function" ? m.format : m.default.format;
  // Warm up until the first job arrives (at most warmUpRounds times): the time is otherwise idle.
  for (let i = 0; i < workerData.warmUpRounds && !jobArrived; i++) {
    await format(workerData.warmUp, workerData.options).catch(() => undefined);
    await new Promise((resolve) => setImmediate(resolve));
  }
  return format;
});
parentPort.on("message", async (job) => {
  jobArrived = true;
  try {
    const format = await ready;
    parentPort.postMessage({ id: job.id, formatted: await format(job.text, workerData.options) });
  } catch (e) {
    parentPort.postMessage({ id: job.id, error: e instanceof Error ? e.message : String(e) });
  }
});
`;

/** URL of prettier's entry point, resolved from this module (the worker has no module context). */
function prettierUrl(): string {
  const resolve = (import.meta as { resolve?: (specifier: string) => string }).resolve;
  if (typeof resolve === "function") return resolve("prettier");
  return pathToFileURL(createRequire(import.meta.url).resolve("prettier")).href;
}

/** Creates a pool; call `close()` when done (idle workers never keep the process alive). */
export function createFormatPool(options: FormatPoolOptions = {}): FormatPool {
  const maxWorkers = Math.max(1, options.maxWorkers ?? Math.min(4, availableParallelism()));
  const minPieceChars = Math.max(1, options.minPieceChars ?? 100_000);
  const workerData = { prettierUrl: prettierUrl(), options: PRETTIER_OPTIONS, warmUp: WARM_UP_MODULE, warmUpRounds: WARM_UP_ROUNDS };
  const workers: PoolWorker[] = [];
  const queue: Job[] = [];
  let nextId = 0;
  let closed = false;

  const pump = (): void => {
    for (const w of workers) {
      while (w.jobs.size < IN_FLIGHT) {
        const job = queue.shift();
        if (job === undefined) return;
        w.jobs.set(job.id, job);
        w.worker.ref();
        const message: FormatJobMessage = { id: job.id, text: job.text };
        w.worker.postMessage(message);
      }
    }
  };

  const startWorker = (): void => {
    const entry: PoolWorker = { worker: new Worker(WORKER_SOURCE, { eval: true, workerData }), jobs: new Map() };
    entry.worker.unref();
    entry.worker.on("message", (reply: FormatReply) => {
      const job = entry.jobs.get(reply.id);
      if (job === undefined) return;
      entry.jobs.delete(reply.id);
      if (entry.jobs.size === 0) entry.worker.unref();
      if ("error" in reply) job.reject(new Error(`prettier: ${reply.error}`));
      else job.resolve(reply.formatted);
      pump();
    });
    const retire = (error: Error): void => {
      const index = workers.indexOf(entry);
      if (index >= 0) workers.splice(index, 1);
      for (const job of entry.jobs.values()) job.reject(error);
      entry.jobs.clear();
      if (workers.length === 0) for (const job of queue.splice(0)) job.reject(error);
      else pump();
    };
    entry.worker.on("error", (e: Error) => retire(new Error(`format worker failed: ${e.message}`)));
    entry.worker.on("exit", (code) => retire(new Error(`format worker exited (code ${code})`)));
    workers.push(entry);
  };

  const formatText = (text: string): Promise<string> =>
    new Promise<string>((resolve, reject) => {
      if (closed) {
        reject(new Error("format pool is closed"));
        return;
      }
      if (workers.length === 0) startWorker();
      queue.push({ id: nextId++, text, resolve, reject });
      pump();
    });

  for (let i = 0; i < Math.min(maxWorkers, options.startWorkers ?? 1); i++) startWorker();

  return {
    async format(module) {
      const sources: string[] = [];
      const formatted: Promise<string>[] = [];
      for (const source of module.pieces(minPieceChars)) {
        sources.push(source);
        if (!closed && workers.length < Math.min(maxWorkers, sources.length)) startWorker();
        formatted.push(formatText(source));
      }
      const results = await Promise.all(formatted);
      return joinFormattedPieces(sources.map((source, i) => ({ source, formatted: results[i] ?? "" })));
    },
    async close() {
      closed = true;
      const all = workers.splice(0);
      for (const job of queue.splice(0)) job.reject(new Error("format pool closed"));
      await Promise.all(all.map((w) => w.worker.terminate()));
    },
  };
}
