/** Typed service layer used by generated clients and servers. */
export { defineService } from "../call/descriptor.ts";
export type { CallMethodDescriptor, MethodDescriptor, SendMethodDescriptor, ServiceDescriptor } from "../call/descriptor.ts";
export { callMethod, createServiceClient, sendMethod } from "./client.ts";
export type { ClientMethod, ServiceClient, ServiceClientOptions } from "./client.ts";
export { serveMethods, serveService } from "./server.ts";
export type { MethodImplementation, ServeOptions, ServiceImplementation } from "./server.ts";
export { createMarshaling } from "./marshaling.ts";
export type { Marshaling } from "./marshaling.ts";
