/**
 * The clock of a node's metrics, read as rarely as timing every call allows. A node with a metrics
 * hook stamps each chunk of bytes it receives ({@link MetricsClock.chunk}) and tells the clock when
 * it hands bytes to a socket ({@link MetricsClock.wrote}):
 * - requests are dispatched, and responses settled, while their chunk is processed: their time is
 *   the chunk's, with no clock read each;
 * - a handler that answers synchronously has its response written when the chunk is done: its
 *   recording waits for that write ({@link MetricsClock.answered}) and all of them share one read;
 * - a call's request is written with the other frames of its tick: its start is that write's time
 *   ({@link MetricsClock.sending}).
 * So neither a call nor a request handled synchronously costs a clock read of its own.
 */
import { now } from "../core/deadline.ts";
import type { MethodMetrics } from "./metrics-hook.ts";

/** See the module's description. */
export class MetricsClock {
  /** When the current (or last) received chunk was taken up (`performance.now()`, ms). */
  at = 0;
  private waiting = 0;
  private readonly recorders: Array<MethodMetrics | undefined> = [];
  private readonly starts: number[] = [];
  private sendingCount = 0;
  private readonly sendingCalls: Array<{ start: number } | undefined> = [];

  /** A chunk was received: stamps it, and finishes the answers still waiting. */
  chunk(): void {
    const t = now();
    this.at = t;
    if (this.waiting > 0) this.settle(t);
  }

  /** Bytes were handed to a socket (or a connection closed): finishes the answers, and starts the calls, waiting for it. */
  wrote(): void {
    if (this.waiting === 0 && this.sendingCount === 0) return;
    const t = now();
    if (this.waiting > 0) this.settle(t);
    const n = this.sendingCount;
    if (n === 0) return;
    this.sendingCount = 0;
    const calls = this.sendingCalls;
    for (let i = 0; i < n; i++) {
      (calls[i] as { start: number }).start = t;
      calls[i] = undefined;
    }
  }

  /** A call was made: its `start` is set when the frames of this tick are written. */
  sending(call: { start: number }): void {
    this.sendingCalls[this.sendingCount++] = call;
  }

  /** A request recorded by `m`, started at `start`, was answered synchronously: finished as `ok` once written. */
  answered(m: MethodMetrics, start: number): void {
    const i = this.waiting++;
    this.recorders[i] = m;
    this.starts[i] = start;
  }

  private settle(t: number): void {
    const n = this.waiting;
    this.waiting = 0;
    const recorders = this.recorders;
    const starts = this.starts;
    for (let i = 0; i < n; i++) {
      const m = recorders[i] as MethodMetrics;
      recorders[i] = undefined;
      const start = starts[i] as number;
      m.finished("ok", t > start ? (t - start) / 1000 : 0);
    }
  }
}
