/**
 * Section: one block per `service` of the schema — a descriptor const, a typed client
 * interface and factory, a handler interface and a `serveX` function that registers an
 * implementation on a cluster node. All plumbing lives in the runtime
 * (`createServiceClient`, `serveService`); generated code only declares names and types.
 */
import type { MethodModel, ServiceModel } from "../model/schema-model.ts";
import type { GenContext, GenSection } from "./context.ts";
import { escapeDoc, tagLiteral } from "./docs.ts";
import type { PropertySpec } from "./generated-file.ts";
import { claimServiceNames, type ServiceNames } from "./exported-names.ts";
import { emitServiceErrors, methodOptionProps, type ServiceErrorNames } from "./service-errors.ts";

function withSchemaDoc(head: string, doc: string | undefined): string {
  return doc !== undefined && doc !== "" ? `${head}\n\n${escapeDoc(doc)}` : head;
}

function methodSummary(ctx: GenContext, m: MethodModel): string {
  const shape = m.response === undefined ? `one-way \`${m.name}\`` : `\`${m.name} -> ${m.response}\``;
  return `${shape} (cmd ${tagLiteral(m.cmd)}, ${ctx.where(m.loc)})`;
}

function typeOf(ctx: GenContext, qualifiedName: string): string {
  return ctx.names(qualifiedName).type;
}

function emitDescriptor(ctx: GenContext, service: ServiceModel, names: ServiceNames, errors: ServiceErrorNames | undefined): void {
  const methods = service.methods.map((m) => {
    const cmd = ctx.names(m.request).tagConst ?? tagLiteral(m.cmd);
    const response = m.response === undefined ? "" : `, response: ${typeOf(ctx, m.response)}`;
    const options = methodOptionProps(m, errors);
    return `${ctx.member(m.name)}: { name: ${JSON.stringify(m.name)}, cmd: ${cmd}, request: ${typeOf(ctx, m.request)}${response}${options} }`;
  });
  ctx.file.addConst({
    name: names.descriptor,
    exported: true,
    doc: withSchemaDoc(
      `Service \`${service.name}\`, ${ctx.where(service.loc)}: its methods with their cmds and codecs. ` +
        `Pass it to \`createMarshaling\` for silly-style untyped \`node.call(peer, "${service.methods[0]?.name ?? "method"}", body)\`.`,
      service.doc,
    ),
    initializer: `${ctx.file.runtime("defineService")}({ name: ${JSON.stringify(service.name)}, methods: { ${methods.join(", ")} } })`,
  });
}

/** What a client method's doc says about how it fails. */
function clientFailure(m: MethodModel, errors: ServiceErrorNames | undefined): string {
  if (m.response === undefined) return "resolves once the frame is queued (no response).";
  const retry =
    m.idempotent === true
      ? " Idempotent: called by service name, it is retried on another member after a timeout or a lost connection."
      : "";
  if (m.errors !== true || errors === undefined) return `rejects with a \`ClusterError\`.${retry}`;
  return `rejects with a \`RemoteError\` (see {@link ${errors.guard}}) when the response's \`code\` is set, else a \`ClusterError\`.${retry}`;
}

/** What a handler method's doc says about a throw. */
function handlerFailure(m: MethodModel): string {
  if (m.response === undefined) return "nothing is sent back.";
  if (m.errors !== true) return "a throw is logged and sends no response.";
  return "throw `new RemoteError(code, message)` to answer with an error; every other throw is logged and answered with code -1.";
}

function emitClient(ctx: GenContext, service: ServiceModel, names: ServiceNames, errors: ServiceErrorNames | undefined): void {
  const callOptions = ctx.file.runtimeType("CallOptions");
  const properties: PropertySpec[] = service.methods.map((m) => {
    const req = typeOf(ctx, m.request);
    const type =
      m.response === undefined
        ? `(message: ${req}) => Promise<void>`
        : `(request: ${req}, opts?: ${callOptions}) => Promise<${typeOf(ctx, m.response)}>`;
    return { name: ctx.member(m.name), type, doc: withSchemaDoc(`Calls ${methodSummary(ctx, m)}; ${clientFailure(m, errors)}`, m.doc) };
  });
  ctx.file.addInterface({
    name: names.client,
    exported: true,
    doc: `Typed client of service \`${service.name}\` (${ctx.where(service.loc)}), bound to one peer.`,
    properties,
  });
  ctx.file.addFunction({
    name: names.createClient,
    exported: true,
    doc:
      `Creates a {@link ${names.client}} that calls service \`${service.name}\` on \`peer\` (a peer or a service target) ` +
      "through `node`; `options` adds interceptors around its calls.",
    parameters: [
      { name: "node", type: ctx.file.runtimeType("ClusterNode") },
      { name: "peer", type: ctx.file.runtimeType("Peer") },
      { name: "options", type: ctx.file.runtimeType("ServiceClientOptions"), optional: true },
    ],
    returnType: names.client,
    body: `return ${ctx.file.runtime("createServiceClient")}(node, peer, ${names.descriptor}, options);`,
  });
}

function emitServer(ctx: GenContext, service: ServiceModel, names: ServiceNames): void {
  const context = ctx.file.runtimeType("CallContext");
  const properties: PropertySpec[] = service.methods.map((m) => {
    const req = typeOf(ctx, m.request);
    const result = m.response === undefined ? "void | Promise<void>" : `${typeOf(ctx, m.response)} | Promise<${typeOf(ctx, m.response)}>`;
    return {
      name: ctx.member(m.name),
      type: `(request: ${req}, ctx: ${context}) => ${result}`,
      doc: withSchemaDoc(`Handles ${methodSummary(ctx, m)}; ${handlerFailure(m)}`, m.doc),
    };
  });
  ctx.file.addInterface({
    name: names.handler,
    exported: true,
    doc: `What a server of service \`${service.name}\` (${ctx.where(service.loc)}) implements; register it with {@link ${names.serve}}.`,
    properties,
  });
  ctx.file.addFunction({
    name: names.serve,
    exported: true,
    doc:
      `Serves \`impl\` as service \`${service.name}\` on \`node\`: registers a handler for each method's cmd. ` +
      "Throws if `impl` lacks a method or one of those cmds is already handled. Returns a function that unregisters them. " +
      "`options` adds interceptors and a handler timeout for this service.",
    parameters: [
      { name: "node", type: ctx.file.runtimeType("ClusterNode") },
      { name: "impl", type: names.handler },
      { name: "options", type: ctx.file.runtimeType("ServeOptions"), optional: true },
    ],
    returnType: "() => void",
    body: `return ${ctx.file.runtime("serveService")}(node, ${names.descriptor}, impl, options);`,
  });
}

/** Emits the descriptor, client and server glue of every service. */
export const servicesSection: GenSection = {
  name: "services",
  emit(ctx: GenContext): void {
    for (const service of ctx.model.services) {
      const names = claimServiceNames(ctx.registry, service);
      const errors = names.errors;
      emitServiceErrors(ctx, service, errors);
      emitDescriptor(ctx, service, names, errors);
      emitClient(ctx, service, names, errors);
      emitServer(ctx, service, names);
    }
  },
};
