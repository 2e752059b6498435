/**
 * The user's metrics hook as a node calls it: every callback runs inside a try/catch, so a throw
 * from it never reaches a call, a socket callback or `shutdown()`. The first throw is logged once
 * (naming the callback) and disables the whole hook of that node for the rest of the process:
 * a hook that failed once would fail again per frame, and half-recorded metrics (started without
 * finished) are worse than metrics that stop.
 */
import { ClusterError } from "../core/errors.ts";
import type { Logger } from "../core/logger.ts";
import type { ClusterMetrics, MethodLabels, MethodMetrics } from "./metrics-hook.ts";

/** Whether the hook is still called (shared by the hook and its recorders). */
interface HookState {
  broken: boolean;
  readonly logger: Logger;
}

function fail(state: HookState, what: string, error: unknown): void {
  if (state.broken) return;
  state.broken = true;
  state.logger.error("metrics hook threw; metrics disabled for this node", { hook: what, error: ClusterError.from(error) });
}

const NO_RECORDER: MethodMetrics = { started() {}, finished() {} };

/** A recorder whose calls are guarded (a class: the call path stays monomorphic). */
class GuardedRecorder implements MethodMetrics {
  private readonly inner: MethodMetrics;
  private readonly state: HookState;
  private readonly name: string;

  constructor(inner: MethodMetrics, state: HookState, name: string) {
    this.inner = inner;
    this.state = state;
    this.name = name;
  }

  started(): void {
    if (this.state.broken) return;
    try {
      this.inner.started();
    } catch (error) {
      fail(this.state, `started (${this.name})`, error);
    }
  }

  finished(outcome: string, seconds: number): void {
    if (this.state.broken) return;
    try {
      this.inner.finished(outcome, seconds);
    } catch (error) {
      fail(this.state, `finished (${this.name})`, error);
    }
  }
}

/** `metrics` with every callback guarded (see the file comment); optional callbacks stay absent when absent. */
export function guardMetrics(metrics: ClusterMetrics, logger: Logger): ClusterMetrics {
  const state: HookState = { broken: false, logger };
  const guarded: ClusterMetrics = {
    method(labels: MethodLabels): MethodMetrics {
      if (state.broken) return NO_RECORDER;
      const name = `${labels.side} ${labels.service === "" ? "" : `${labels.service}.`}${labels.method}`;
      let inner: MethodMetrics;
      try {
        inner = metrics.method(labels);
        if (typeof inner?.started !== "function" || typeof inner.finished !== "function") {
          throw new TypeError("method() must return an object with started() and finished()");
        }
      } catch (error) {
        fail(state, `method (${name})`, error);
        return NO_RECORDER;
      }
      return new GuardedRecorder(inner, state, name);
    },
  };
  for (const name of ["bytes", "connectionOpened", "connectionClosed", "reconnected"] as const) {
    const fn = metrics[name] as ((...args: unknown[]) => void) | undefined;
    if (typeof fn !== "function") continue;
    const call = (...args: unknown[]): void => {
      if (state.broken) return;
      try {
        fn.apply(metrics, args);
      } catch (error) {
        fail(state, name, error);
      }
    };
    Object.assign(guarded, { [name]: call });
  }
  return guarded;
}
