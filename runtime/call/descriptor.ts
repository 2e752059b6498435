/**
 * Service descriptors: what generated code declares about each `service` block of a
 * schema, and what the typed client, the server glue and the silly-style marshaling
 * are driven by.
 */
import type { MessageCodec } from "../zproto/codec.ts";

/** A request/response method: `add -> sum`. */
export interface CallMethodDescriptor<Req, Res> {
  /** The method name: the request struct's name. */
  readonly name: string;
  /** The wire cmd: the request struct's protocol tag. */
  readonly cmd: number;
  /** Codec of the request struct. */
  readonly request: MessageCodec<Req>;
  /** Codec of the response struct. */
  readonly response: MessageCodec<Res>;
  /**
   * Set when the method declares `[errors]`: its response reports failure in its status fields
   * (`code`, optional `message`). The service's closed list of codes by name, or `true` when the
   * schema lists none.
   */
  readonly errors?: true | Readonly<Record<string, number>>;
  /** Set when the method is `[idempotent]`: calls by service name may retry it after `timeout` or `closed`. */
  readonly idempotent?: true;
}

/** A one-way method: `notify` (sent with send(), never answered). */
export interface SendMethodDescriptor<Req> {
  /** The method name: the request struct's name. */
  readonly name: string;
  /** The wire cmd: the request struct's protocol tag. */
  readonly cmd: number;
  /** Codec of the request struct. */
  readonly request: MessageCodec<Req>;
  /** One-way methods have no response. */
  readonly response?: undefined;
  /** One-way methods are never answered. */
  readonly errors?: undefined;
  /** One-way methods are never retried. */
  readonly idempotent?: undefined;
}

/** Either kind of method. */
// Method-syntax codecs are bivariant in their input, so every concrete codec fits `unknown`.
export type MethodDescriptor = CallMethodDescriptor<unknown, unknown> | SendMethodDescriptor<unknown>;

/** A service: its name and its methods by name. */
export interface ServiceDescriptor {
  /** The service name as written in the schema. */
  readonly name: string;
  /** Methods by name, in schema order. */
  readonly methods: Readonly<Record<string, MethodDescriptor>>;
}

/** Identity function that checks a descriptor's shape and keeps its literal type. */
export function defineService<const S extends ServiceDescriptor>(service: S): S {
  return service;
}
