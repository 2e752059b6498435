/**
 * The client side of interception: the context of one outgoing call ({@link ClientCall}) and
 * the ends of client chains, which send the request with the trace id the context fixed.
 *
 * The trace id is fixed before the first interceptor runs (the current trace re-stamped, or a
 * fresh root), so every interceptor sees the id that goes on the wire, before and after `next`.
 * The request is then written with that id: synchronously when the peer is connected (no async
 * context is entered, so a process that only calls never pays for AsyncLocalStorage), inside the
 * trace's async context when it may be written later (the peer must connect first, or it is a
 * service target that may retry on another member).
 */
import type { ClientCallContext, InterceptorContext, Next } from "./interceptor.ts";
import type { MethodDescriptor } from "./descriptor.ts";
import { fillOutgoingTrace, runWithTraceRef, traceIdOf, writeWithTrace } from "../core/trace.ts";
import type { CallOptions } from "./options.ts";
import type { Peer } from "../connection/peer.ts";

/**
 * The context of one outgoing call. `peer` and `options` may be changed by an interceptor before
 * it calls `next` (e.g. to retry elsewhere or with another timeout); `next` uses them.
 */
export class ClientCall implements ClientCallContext {
  readonly kind: "call" | "send";
  /** Where `next` sends the request (an interceptor may set it before calling `next`). */
  peer: Peer;
  readonly cmd: number;
  readonly method: MethodDescriptor | undefined;
  readonly service: string | undefined;
  /** The options `next` uses (an interceptor may set them before calling `next`). */
  options: CallOptions | undefined;
  traceLo = 0;
  traceHi = 0;
  private id: bigint | undefined = undefined;

  /** A call from the node `nodeId`, with its trace id fixed now. */
  constructor(
    kind: "call" | "send",
    peer: Peer,
    cmd: number,
    method: MethodDescriptor | undefined,
    service: string | undefined,
    options: CallOptions | undefined,
    nodeId: number,
  ) {
    this.kind = kind;
    this.peer = peer;
    this.cmd = cmd;
    this.method = method;
    this.service = service;
    this.options = options;
    fillOutgoingTrace(this, nodeId);
  }

  /** Always "client". */
  get side(): "client" {
    return "client";
  }

  /** True when the call may be retried after `timeout` or `closed` (an `[idempotent]` method, or `options.idempotent`). */
  get idempotent(): boolean {
    return this.options?.idempotent === true;
  }

  /** The trace id on the wire (made from the two halves when first read). */
  get traceId(): bigint {
    let id = this.id;
    if (id === undefined) this.id = id = traceIdOf(this.traceLo, this.traceHi);
    return id;
  }
}

/** Sends one request for the context `ctx` (its peer and options): the work at the end of a client chain. */
export type ClientSend<R> = (ctx: ClientCallContext, request: unknown) => Promise<R>;

/**
 * Runs `send(ctx, request)` so that the request carries the trace id fixed in `ctx`. A context
 * without the halves (made by hand) sends with the current trace, as a call without interceptors.
 */
export function sendTraced<R>(ctx: InterceptorContext, request: unknown, send: ClientSend<R>): Promise<R> {
  const c = ctx as ClientCallContext;
  if (typeof c.traceLo !== "number" || typeof c.traceHi !== "number") return send(c, request);
  // A connected peer with its own socket writes the request synchronously; anything else (a peer
  // still connecting, a service target that may retry on another member) may write it later.
  const peer = c.peer;
  if (peer.connected && peer.socket !== undefined) return writeWithTrace(c, send, c, request);
  return runWithTraceRef(c, send, c, request);
}

/** The end of a client chain: sends with {@link sendTraced}, turning a synchronous throw into a rejection. */
export function clientTerminal(send: ClientSend<unknown>): Next {
  return (request, ctx) => {
    try {
      return sendTraced(ctx, request, send);
    } catch (error) {
      return Promise.reject(error);
    }
  };
}
