/** Typed service layer used by generated clients and servers. */
export { defineService } from "./descriptor.ts";
export type { CallMethodDescriptor, MethodDescriptor, SendMethodDescriptor, ServiceDescriptor } from "./descriptor.ts";
export { callMethod, sendMethod } from "./client.ts";
export { serveMethods } from "./server.ts";
export type { MethodImplementation } from "./server.ts";
export { createMarshaling } from "./marshaling.ts";
export type { Marshaling } from "./marshaling.ts";
