/**
 * The typed client side of a generated service: encode the request, make the call (or
 * send) through the node's raw layer, decode the response.
 *
 * Bodies on the wire are `pack(encode(message))`, as in silly services that use zproto.
 */
import { callEncoded } from "../node/encoded-call.ts";
import { interceptionOf } from "../node/instrumentation.ts";
import { checkInterceptors, type Interceptor, type Next } from "../call/interceptor.ts";
import { methodLabels } from "../observability/metrics-hook.ts";
import type { CallOptions } from "../call/options.ts";
import type { ClusterNode } from "../node/cluster-node.ts";
import type { Peer } from "../connection/peer.ts";
import type { MessageCodec } from "../zproto/codec.ts";
import { meteredMethod, nodeChain, runTyped, typedChain } from "./method-chain.ts";
import type { CallMethodDescriptor, MethodDescriptor, SendMethodDescriptor, ServiceDescriptor } from "../call/descriptor.ts";

/** The client function of one method descriptor: a call for `a -> b`, a send for one-way `a`. */
export type ClientMethod<M> = M extends { readonly request: MessageCodec<infer Req>; readonly response: MessageCodec<infer Res> }
  ? (request: Req, opts?: CallOptions) => Promise<Res>
  : M extends { readonly request: MessageCodec<infer Req> }
    ? (message: Req) => Promise<void>
    : never;

/** Options of {@link createServiceClient}. */
export interface ServiceClientOptions {
  /** Interceptors of this client's calls, run inside the node's (`createCluster({ interceptors })`). */
  readonly interceptors?: readonly Interceptor[];
}

/** A typed client of service `S`: one function per method, named like the method. */
export type ServiceClient<S extends ServiceDescriptor> = {
  readonly [K in keyof S["methods"]]: ClientMethod<S["methods"][K]>;
};

/**
 * Calls `method` on `peer` and resolves with the decoded response. Rejects with the
 * node's `ClusterError` (timeout, closed, …), an `EncodeError` when `request` does not fit
 * the schema (nothing is sent), or a `DecodeError` when the response bytes are malformed.
 * Never throws synchronously. The request is packed straight into the connection's output
 * buffer and the response decoded from the received bytes as it arrives: one promise per call.
 */
export function callMethod<Req, Res>(
  node: ClusterNode,
  peer: Peer,
  method: CallMethodDescriptor<Req, Res>,
  request: Req,
  opts?: CallOptions,
): Promise<Res> {
  const interception = interceptionOf(node);
  let chain: Next | undefined;
  try {
    chain = nodeChain(node, interception, method);
  } catch (error) {
    // An interceptor that throws while being bound fails the call, not its caller's stack.
    return Promise.reject(error);
  }
  if (chain !== undefined) return runTyped(chain, interception, peer, method, undefined, request, opts) as Promise<Res>;
  // The request is encoded and packed straight into the connection's output buffer.
  return callEncoded(node, peer, method.cmd, method.request, request, method.response, opts);
}

/**
 * Sends the one-way `method` to `peer`; resolves once the frame is queued for this tick's
 * socket write. Rejects like {@link callMethod} (except for the response-related failures);
 * never throws synchronously.
 */
export function sendMethod<Req>(node: ClusterNode, peer: Peer, method: SendMethodDescriptor<Req>, message: Req): Promise<void> {
  const interception = interceptionOf(node);
  let chain: Next | undefined;
  try {
    chain = nodeChain(node, interception, method);
  } catch (error) {
    return Promise.reject(error);
  }
  if (chain !== undefined) return runTyped(chain, interception, peer, method, undefined, message, undefined) as Promise<void>;
  return sendPlain(node, peer, method, message);
}

/** {@link sendMethod} without interceptors and metrics. */
function sendPlain<Req>(node: ClusterNode, peer: Peer, method: SendMethodDescriptor<Req>, message: Req): Promise<void> {
  let body: Uint8Array;
  try {
    body = method.request.encodePacked(message);
  } catch (error) {
    return Promise.reject(error);
  }
  // The node's plain send, given the request so that a keyed service target routes by it.
  const plain = interceptionOf(node)?.sendRaw;
  return plain !== undefined ? plain(peer, method.cmd, body, message) : node.sendRaw(peer, method.cmd, body);
}

/**
 * Creates the typed client of `service` bound to `peer`: for each method, a function that
 * calls it with {@link callMethod} (or sends it with {@link sendMethod} when one-way).
 * Generated `createXClient` functions return this, typed as their client interface.
 * With interceptors (the node's, then `options.interceptors`) or a node metrics hook, each
 * method's chain is built here, once; without, the calls take the plain path.
 * Throws `invalid-argument` for a malformed `options.interceptors`.
 */
export function createServiceClient<const S extends ServiceDescriptor>(
  node: ClusterNode,
  peer: Peer,
  service: S,
  options?: ServiceClientOptions,
): ServiceClient<S> {
  const client: Record<string, unknown> = {};
  const own = checkInterceptors(options?.interceptors, "interceptors");
  const interception = interceptionOf(node);
  const interceptors = interception === undefined ? own : [...interception.interceptors, ...own];
  const metrics = interception?.metrics;
  if (interceptors.length === 0 && interception !== undefined && metrics !== undefined) {
    for (const [name, method] of Object.entries(service.methods) as Array<[string, MethodDescriptor]>) {
      const m = metrics.method(methodLabels("client", method.cmd, method, service.name));
      client[name] = meteredMethod(node, interception, peer, method, m);
    }
    return client as ServiceClient<S>;
  }
  if (interceptors.length > 0) {
    for (const [name, method] of Object.entries(service.methods) as Array<[string, MethodDescriptor]>) {
      const chain = typedChain(node, interception, method, service.name, interceptors);
      client[name] =
        method.response === undefined
          ? (message: unknown) => runTyped(chain, interception, peer, method, service.name, message, undefined)
          : (request: unknown, opts?: CallOptions) => runTyped(chain, interception, peer, method, service.name, request, opts);
    }
    return client as ServiceClient<S>;
  }
  for (const [name, method] of Object.entries(service.methods) as Array<[string, MethodDescriptor]>) {
    // The plain path: encoded straight into the connection's output buffer, as callMethod does.
    const { cmd, request: encoder, response: decoder } = method;
    client[name] =
      decoder === undefined
        ? (message: unknown) => sendPlain(node, peer, method, message)
        : (request: unknown, opts?: CallOptions) => callEncoded(node, peer, cmd, encoder, request, decoder, opts);
  }
  return client as ServiceClient<S>;
}
