/**
 * The server side of a generated service: registers one raw handler per method on a
 * node; each decodes the request, runs the user's implementation and encodes its answer.
 *
 * Failures (a request that does not decode, a throwing or rejecting implementation, a
 * response that does not encode) propagate to the node, which logs them with the peer, the
 * method's `service/method` name, the cmd and the trace id, and sends no response — the silly
 * wire has no error frame.
 */
import type { TypedMethod } from "../node/dispatch.ts";
import { ClusterError } from "../core/errors.ts";
import { INTERCEPTED, interceptionOf, serverChain, type NodeInterception } from "../node/instrumentation.ts";
import { checkInterceptors, type Interceptor } from "../call/interceptor.ts";
import { methodLabels } from "../observability/metrics-hook.ts";
import type { CallContext, RawHandler } from "../call/handler.ts";
import type { ClusterNode } from "../node/cluster-node.ts";
import type { MethodDescriptor, ServiceDescriptor } from "../call/descriptor.ts";

/** Options of {@link serveService} and {@link serveMethods}. */
export interface ServeOptions {
  /** Interceptors of this service's requests, run inside the node's (`createCluster({ interceptors })`). */
  readonly interceptors?: readonly Interceptor[];
  /** Handler timeout of this service's methods in ms (0 = none); default the node's `handlerTimeout`. */
  readonly handlerTimeout?: number;
}

/** One method's implementation as the server glue sees it. */
export type MethodImplementation = (request: never, ctx: CallContext) => unknown;

/** What {@link serveService} takes for service `S`: one implementation per method name. */
export type ServiceImplementation<S extends ServiceDescriptor> = {
  readonly [K in keyof S["methods"]]: MethodImplementation;
};

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof value === "object" && value !== null && typeof (value as { then?: unknown }).then === "function";
}

/**
 * The raw handler of `method`, carrying (as `typed`) what a node made by createCluster needs
 * to run it without intermediate bytes (when the codecs provide the range/sink entries).
 */
function createMethodHandler(method: MethodDescriptor, impl: MethodImplementation): RawHandler {
  const handler = createRawMethodHandler(method, impl);
  const { request, response } = method;
  if (typeof request.decodePackedRange === "function" && (response === undefined || typeof response.encodePackedTo === "function")) {
    const typed: TypedMethod = { request, response: response as TypedMethod["response"], impl };
    return Object.assign(handler, { typed });
  }
  return handler;
}

function createRawMethodHandler(method: MethodDescriptor, impl: MethodImplementation): RawHandler {
  const { request, response } = method;
  if (response === undefined) {
    return (body, ctx) => {
      const out = impl(request.decodePacked(body) as never, ctx);
      if (isThenable(out)) return Promise.resolve(out).then(() => undefined);
      return undefined;
    };
  }
  const encode = (value: unknown): Uint8Array => response.encodePacked(value);
  return (body, ctx) => {
    const out = impl(request.decodePacked(body) as never, ctx);
    return isThenable(out) ? Promise.resolve(out).then(encode) : encode(out);
  };
}

/**
 * Registers `implementations` (one function per method name of `methods`) on `node`, with the
 * node's interceptors and metrics and then `options.interceptors` around each (when there are any).
 * Throws if a method has no implementation or its cmd is already handled on the node, and
 * `invalid-argument` for malformed options.
 * Returns a function that unregisters every method again.
 */
export function serveMethods(
  node: ClusterNode,
  serviceName: string,
  methods: readonly MethodDescriptor[],
  implementations: Readonly<Record<string, MethodImplementation | undefined>>,
  options?: ServeOptions,
): () => void {
  const own = checkInterceptors(options?.interceptors, "interceptors");
  const handlerTimeout = options?.handlerTimeout;
  if (handlerTimeout !== undefined && !(typeof handlerTimeout === "number" && handlerTimeout >= 0)) {
    throw new ClusterError("invalid-argument", `handlerTimeout must be a number >= 0, got ${String(handlerTimeout)}`);
  }
  // The node's interceptors and metrics run here, where the method is known; node.handle() then leaves the handlers be.
  const interception = interceptionOf(node);
  const interceptors = interception === undefined ? own : [...interception.interceptors, ...own];
  const metrics = interception?.metrics;
  const wrap = interceptors.length > 0 || metrics !== undefined;
  const handlers: Array<[number, RawHandler]> = [];
  for (const method of methods) {
    let impl = implementations[method.name];
    if (typeof impl !== "function") {
      throw new TypeError(`service '${serviceName}': no implementation for method '${method.name}'`);
    }
    if (wrap) {
      const m = metrics?.method(methodLabels("server", method.cmd, method, serviceName));
      const fn = impl as (request: unknown, ctx: CallContext) => unknown;
      impl = serverChain(interceptors, m, (interception as NodeInterception).clock, fn, method, serviceName);
    }
    const handler = createMethodHandler(method, impl);
    // The node logs this method's failures under this name (with the cmd and trace id).
    Object.assign(handler, { method: `${serviceName}/${method.name}` });
    if (interception !== undefined) Object.assign(handler, { [INTERCEPTED]: true });
    if (handlerTimeout !== undefined) Object.assign(handler, { handlerTimeout });
    handlers.push([method.cmd, handler]);
  }
  const undo: Array<() => void> = [];
  try {
    for (const [cmd, handler] of handlers) undo.push(node.handle(cmd, handler));
  } catch (e) {
    for (const off of undo) off();
    throw e;
  }
  return () => {
    for (const off of undo) off();
  };
}

/**
 * Serves `impl` as `service` on `node`: registers a handler for each method's cmd that
 * calls `impl[key](request, ctx)` (with `impl` as `this`), `key` being the method's key in
 * the descriptor. `impl` is typed loosely here (any function per method); generated
 * `serveX` functions take the generated handler interface, which types requests and answers. Throws a `TypeError` if a
 * method of the service has no implementation, and whatever {@link serveMethods} throws
 * when a cmd is already handled (then nothing stays registered). Returns a function that
 * unregisters every method again. Generated `serveX` functions call this.
 */
export function serveService<S extends ServiceDescriptor>(
  node: ClusterNode,
  service: S,
  impl: ServiceImplementation<S>,
  options?: ServeOptions,
): () => void {
  const target = impl as Readonly<Record<string, MethodImplementation | undefined>>;
  const implementations: Record<string, MethodImplementation> = {};
  // `impl` is keyed like the descriptor's methods (as its type says); serveMethods looks
  // implementations up by each method's name, which generated descriptors make the same.
  for (const [key, method] of Object.entries(service.methods) as Array<[string, MethodDescriptor]>) {
    if (typeof target[key] !== "function") {
      throw new TypeError(`service '${service.name}': no implementation for method '${key}'`);
    }
    implementations[method.name] = (request, ctx) => target[key]!(request, ctx);
  }
  return serveMethods(node, service.name, Object.values(service.methods), implementations, options);
}
