/**
 * Typed calls and sends through interceptors and metrics: the chains of one method (built when
 * a client is created, or once per node and method for `callMethod`/`sendMethod`), ending in the
 * node's plain fast path. Interceptors see the method descriptor and the decoded request.
 */
import { callEncoded } from "../node/encoded-call.ts";
import { ClientCall, clientTerminal } from "../call/client-call.ts";
import { now } from "../core/deadline.ts";
import { clientChain, isActive, meterPromise, type NodeInterception } from "../node/instrumentation.ts";
import { runNext, type Interceptor, type Next } from "../call/interceptor.ts";
import { meteredDecoder, meteredResult } from "../observability/metered-call.ts";
import { methodLabels, type MethodMetrics } from "../observability/metrics-hook.ts";
import { methodCallOptions, type CallOptions } from "../call/options.ts";
import { responseDecoderOf } from "../call/status-decoder.ts";
import type { ClusterNode } from "../node/cluster-node.ts";
import type { Peer } from "../connection/peer.ts";
import type { CallMethodDescriptor, MethodDescriptor, SendMethodDescriptor } from "../call/descriptor.ts";

/** The chain of one typed method: the node's metrics (outermost), `interceptors`, then the plain send. */
export function typedChain(
  node: ClusterNode,
  interception: NodeInterception | undefined,
  method: MethodDescriptor,
  service: string | undefined,
  interceptors: readonly Interceptor[],
): Next {
  const m = interception?.metrics?.method(methodLabels("client", method.cmd, method, service));
  return clientChain(
    interceptors,
    m,
    method.response === undefined ? sendTerminal(node, interception, method) : callTerminal(node, method, service),
  );
}

function callTerminal(node: ClusterNode, method: CallMethodDescriptor<unknown, unknown>, service: string | undefined): Next {
  const { cmd, request: encoder } = method;
  const decoder = responseDecoderOf(method, service) as CallMethodDescriptor<unknown, unknown>["response"];
  // The node's fast path (`node[ENCODED_CALL]`): neither the node's interceptors nor its metrics run there.
  return clientTerminal((ctx, request) => callEncoded(node, ctx.peer, cmd, encoder, request, decoder, ctx.options));
}

function sendTerminal(node: ClusterNode, interception: NodeInterception | undefined, method: SendMethodDescriptor<unknown>): Next {
  const { cmd, request: encoder } = method;
  const sendRaw = interception?.sendRaw ?? ((peer: Peer, c: number, body: Uint8Array) => node.sendRaw(peer, c, body));
  // The request goes along so that a keyed service target routes the send by it, as it does calls.
  return clientTerminal((ctx, message) => sendRaw(ctx.peer, cmd, encoder.encodePacked(message), message));
}

/**
 * The client function of `method` bound to `peer` with the node's metrics and no interceptor:
 * the plain fast path, recorded by `m` (no context is made: nobody would see it).
 */
export function meteredMethod(
  node: ClusterNode,
  interception: NodeInterception,
  peer: Peer,
  method: MethodDescriptor,
  m: MethodMetrics,
  service: string | undefined,
): (request: unknown, opts?: CallOptions) => Promise<unknown> {
  const { cmd, request: encoder, idempotent } = method;
  const decoder = responseDecoderOf(method, service);
  if (decoder === undefined) {
    const sendRaw = interception.sendRaw;
    return (message) => {
      m.started();
      const start = now();
      let sent: Promise<void>;
      try {
        sent = sendRaw(peer, cmd, encoder.encodePacked(message));
      } catch (error) {
        sent = Promise.reject(error);
      }
      return meterPromise(m, start, sent);
    };
  }
  return (request, opts) => {
    const decode = meteredDecoder(m, decoder, interception.clock);
    // callEncoded never throws: a refused call is a rejected promise, seen by meteredResult.
    return meteredResult(decode, callEncoded(node, peer, cmd, encoder, request, decode, methodCallOptions(idempotent, opts)));
  };
}

/** Runs `chain` for one call of `method` to `peer` (a fresh context, with its trace id fixed now). */
export function runTyped(
  chain: Next,
  interception: NodeInterception | undefined,
  peer: Peer,
  method: MethodDescriptor,
  service: string | undefined,
  request: unknown,
  opts: CallOptions | undefined,
): Promise<unknown> {
  const ctx = new ClientCall(
    method.response === undefined ? "send" : "call",
    peer,
    method.cmd,
    method,
    service,
    methodCallOptions(method.idempotent, opts),
    interception?.nodeId ?? 0,
  );
  return runNext(chain, request, ctx);
}

/** Chains of the node's own interceptors per method, for `callMethod`/`sendMethod` (made on first use). */
const chains = new WeakMap<NodeInterception, WeakMap<MethodDescriptor, Next>>();

/**
 * The chain `callMethod`/`sendMethod` run for `method` on `node`, or undefined when the node has
 * neither interceptors nor metrics (then they take the plain path).
 */
export function nodeChain(node: ClusterNode, interception: NodeInterception | undefined, method: MethodDescriptor): Next | undefined {
  if (interception === undefined || !isActive(interception)) return undefined;
  let byMethod = chains.get(interception);
  if (byMethod === undefined) {
    byMethod = new WeakMap();
    chains.set(interception, byMethod);
  }
  let chain = byMethod.get(method);
  if (chain === undefined) {
    chain = typedChain(node, interception, method, undefined, interception.interceptors);
    byMethod.set(method, chain);
  }
  return chain;
}
