/**
 * The child side of the parent/child protocol: send messages to the benchmark parent,
 * receive its commands, and exit as soon as the parent goes away (its end of our stdin
 * closes), so no child ever outlives an interrupted run.
 */
import { MESSAGE_PREFIX, createLineSplitter, parseMessage, type BenchMessage } from "./child-protocol.ts";
import { BenchError, describeError } from "./errors.ts";

/** What a child uses to talk to its parent. */
export interface ParentLink {
  /** Sends one message to the parent. */
  send(message: BenchMessage): void;
  /** Resolves with the next command from the parent (rejects if the parent goes away). */
  next(): Promise<BenchMessage>;
}

const shutdownHooks: Array<() => Promise<void>> = [];

/** Registers work to finish (bounded to 3 s in total) before a child exits because its parent went away. */
export function onShutdown(hook: () => Promise<void>): void {
  shutdownHooks.push(hook);
}

function exitAfterHooks(): void {
  const timer = setTimeout(() => process.exit(0), 3000);
  Promise.allSettled(shutdownHooks.map((hook) => hook())).then(() => {
    clearTimeout(timer);
    process.exit(0);
  });
}

/**
 * Connects to the parent through stdin/stdout. When stdin ends (parent gone), calls
 * `onParentGone` (default: run the {@link onShutdown} hooks, then exit).
 */
export function createParentLink(options: { onParentGone?: () => void } = {}): ParentLink {
  const queue: BenchMessage[] = [];
  const waiters: Array<(m: BenchMessage) => void> = [];
  const splitter = createLineSplitter();
  process.stdin.setEncoding("utf8");
  process.stdin.on("data", (chunk: string) => {
    for (const line of splitter.push(chunk)) {
      const message = parseMessage(line);
      if (message === undefined) continue;
      const waiter = waiters.shift();
      if (waiter) waiter(message);
      else queue.push(message);
    }
  });
  process.stdin.on("end", () => (options.onParentGone ?? exitAfterHooks)());
  return {
    send(message) {
      process.stdout.write(`${MESSAGE_PREFIX + JSON.stringify(message)}\n`);
    },
    next() {
      const queued = queue.shift();
      if (queued) return Promise.resolve(queued);
      return new Promise((resolve) => waiters.push(resolve));
    },
  };
}

/**
 * Runs a child's main function: reports an uncaught failure to the parent as a
 * `{type:"error"}` message and exits with code 1; exits 0 when `main` resolves.
 */
export function runChild(main: (link: ParentLink) => Promise<void>): void {
  const link = createParentLink();
  main(link).then(
    () => process.exit(0),
    (err: unknown) => {
      link.send({ type: "error", message: describeError(err), code: err instanceof BenchError ? err.code : "child-failed" });
      process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exit(1);
    },
  );
}
