/**
 * The error a handler answers with, carried by the status fields of a response (`code`, optional
 * `message`) of a method that declares `[errors]` in the schema. silly's wire has no error frame:
 * the response body is a plain zproto struct that a Lua node reads and writes by hand.
 *
 * A code is a number: 0 (or absent) means success, 1 and up are the service's (its `errors { … }`
 * list closes the set), and the negative ones are the runtime's own.
 */

/** The code of a handler's throw that was not a RemoteError (answered as "internal error"). */
export const REMOTE_INTERNAL = -1;
/** The code a caller sees for a code outside the service's closed list (the number is kept in `wireCode`). */
export const REMOTE_UNKNOWN = -2;

/** The runtime's own codes, part of every service's code type. */
export type RuntimeRemoteCode = typeof REMOTE_INTERNAL | typeof REMOTE_UNKNOWN;

/** Options of {@link RemoteError}. */
export interface RemoteErrorOptions<Res = unknown> {
  /** The decoded response (set by the client: the rest of the response's fields). */
  readonly response?: Res | undefined;
  /** The service and method that answered (set by the client). */
  readonly service?: string | undefined;
  /** The method that answered (set by the client). */
  readonly method?: string | undefined;
  /** The code as received when it differs from `code` (a code outside the closed list). */
  readonly wireCode?: number | undefined;
  /** The underlying failure. */
  readonly cause?: unknown;
}

/**
 * An error answered by a remote handler. Thrown by a handler (`throw new RemoteError(code, msg)`),
 * it is answered at once in the response's status fields; a client rejects with one when a
 * response's `code` is set.
 */
export class RemoteError<Code extends number = number, Res = unknown> extends Error {
  /** The status code (see the module comment for its ranges). */
  readonly code: Code;
  /** The message as the handler gave it ("" when none). */
  readonly detail: string;
  /** The decoded response the error came in, on the calling side. */
  readonly response: Res | undefined;
  /** The service that answered, on the calling side of a typed client. */
  readonly service: string | undefined;
  /** The method that answered, on the calling side. */
  readonly method: string | undefined;
  /** The code as it was on the wire (differs from `code` only for {@link REMOTE_UNKNOWN}). */
  readonly wireCode: number;

  /** Creates an error; the code must be a non-zero integer (0 means success). */
  constructor(code: Code, message = "", options: RemoteErrorOptions<Res> = {}) {
    if (!Number.isInteger(code) || code === 0) throw new TypeError(`a RemoteError code is a non-zero integer, got ${String(code)}`);
    const where =
      options.method === undefined ? "" : ` from ${options.service === undefined ? "" : `${options.service}/`}${options.method}`;
    super(
      `[remote ${code}]${where}${message === "" ? "" : ` ${message}`}`,
      options.cause !== undefined ? { cause: options.cause } : undefined,
    );
    this.name = "RemoteError";
    this.code = code;
    this.detail = message;
    this.response = options.response;
    this.service = options.service;
    this.method = options.method;
    this.wireCode = options.wireCode ?? code;
  }
}

/** True when `value` is a RemoteError, optionally answered by service `service`. */
export function isRemoteError(value: unknown, service?: string): value is RemoteError {
  return value instanceof RemoteError && (service === undefined || value.service === service);
}
