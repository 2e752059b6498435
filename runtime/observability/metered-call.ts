/**
 * Recording a call for the metrics hook without a promise of its own: the response decoder of the
 * call is wrapped, so the outcome is recorded where the call settles (the pending-call table tells
 * the decoder when the call is registered and when it fails without a response). Only a call not
 * registered at once — refused before sending (encode error, full queue, …) or waiting for a
 * connection — has its promise watched as well. A call is timed from when its request was written
 * to when its response's chunk was taken up (the node's {@link MetricsClock}: no clock read per call).
 */
import { now } from "../core/deadline.ts";
import type { MetricsClock } from "./metrics-clock.ts";
import { outcomeOf, type CallOutcome, type MethodMetrics } from "./metrics-hook.ts";
import type { ResponseDecoder } from "../connection/sessions.ts";

/** The response decoder of one recorded call; `inner` decodes the body (undefined: the body is the result). */
class MeteredResponse<T> implements ResponseDecoder<T> {
  registered = false;
  /** When the request was written (set by the clock; -1 until then). */
  start = -1;
  private done = false;
  private readonly m: MethodMetrics;
  private readonly inner: ResponseDecoder<T> | undefined;
  private readonly clock: MetricsClock;

  constructor(m: MethodMetrics, inner: ResponseDecoder<T> | undefined, clock: MetricsClock) {
    this.m = m;
    this.inner = inner;
    this.clock = clock;
    clock.sending(this);
  }

  attached(): void {
    this.registered = true;
  }

  decodePacked(body: Uint8Array): T {
    const inner = this.inner;
    if (inner === undefined) {
      this.finish("ok", this.clock.at);
      return body as T;
    }
    let value: T;
    try {
      value = inner.decodePacked(body);
    } catch (error) {
      this.finish(outcomeOf(error), this.clock.at);
      throw error;
    }
    this.finish("ok", this.clock.at);
    return value;
  }

  decodePackedRange(bytes: Uint8Array, start: number, end: number): T {
    const inner = this.inner;
    if (inner === undefined) {
      this.finish("ok", this.clock.at);
      return bytes.subarray(start, end) as T;
    }
    let value: T;
    try {
      value =
        inner.decodePackedRange !== undefined ? inner.decodePackedRange(bytes, start, end) : inner.decodePacked(bytes.subarray(start, end));
    } catch (error) {
      this.finish(outcomeOf(error), this.clock.at);
      throw error;
    }
    this.finish("ok", this.clock.at);
    return value;
  }

  failed(error: unknown): void {
    this.finish(outcomeOf(error), now());
  }

  /** Records the outcome once (at `end`); a throwing hook never disturbs the call. */
  private finish(outcome: CallOutcome, end: number): void {
    if (this.done) return;
    this.done = true;
    try {
      // A call that failed before its request was written took no time on the wire.
      const start = this.start;
      this.m.finished(outcome, start >= 0 && end > start ? (end - start) / 1000 : 0);
    } catch {
      // The metrics hook's own failure is not the call's.
    }
  }
}

/**
 * Starts recording a call with `m`: the decoder to make the call with (wrapping `inner`;
 * undefined: the response body is the result), its responses timed by `clock`. Hand the call's
 * promise to {@link meteredResult}.
 */
export function meteredDecoder<T>(m: MethodMetrics, inner: ResponseDecoder<T> | undefined, clock: MetricsClock): ResponseDecoder<T> {
  m.started();
  return new MeteredResponse<T>(m, inner, clock);
}

/**
 * The promise to return for a call made with `decode` (from {@link meteredDecoder}): the call's
 * own when it was registered at once (the common case), else one that also records a failure.
 */
export function meteredResult<T>(decode: ResponseDecoder<T>, p: Promise<T>): Promise<T> {
  const d = decode as MeteredResponse<T>;
  if (d.registered) return p;
  return p.then(undefined, (error: unknown) => {
    d.failed(error);
    throw error;
  });
}
