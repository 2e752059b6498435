/**
 * The calling side of declared errors: the response decoder of a method that declares `[errors]`
 * decodes the response and, when its status field `code` is set (non-zero), throws a
 * {@link RemoteError} instead — so the call rejects with it as soon as the response arrives, and
 * a metrics recorder wrapping the decoder sees the code. Methods without the declaration decode
 * with their codec, exactly as before.
 */
import { REMOTE_INTERNAL, REMOTE_UNKNOWN, RemoteError } from "../core/remote-error.ts";
import type { ResponseDecoder } from "../connection/sessions.ts";
import type { MethodDescriptor } from "./descriptor.ts";

/** The status fields as a decoded response carries them. */
interface StatusFields {
  readonly code?: number | bigint;
  readonly message?: string;
}

/** Throws the RemoteError a decoded response stands for, or returns it when its `code` is 0 or absent. */
function checkStatus<T>(value: T, codes: ReadonlySet<number> | undefined, service: string | undefined, method: string): T {
  const status = value as StatusFields;
  const raw = status.code;
  if (raw === undefined || raw === 0 || raw === 0n) return value;
  const wire = Number(raw);
  const known = codes === undefined || codes.has(wire) || wire === REMOTE_INTERNAL || wire === REMOTE_UNKNOWN;
  const code = known ? wire : REMOTE_UNKNOWN;
  throw new RemoteError(code, status.message ?? "", { response: value, service, method, wireCode: wire });
}

/** A decoder that checks the status fields after decoding with `inner`. */
class StatusDecoder<T> implements ResponseDecoder<T> {
  constructor(
    private readonly inner: ResponseDecoder<T>,
    private readonly codes: ReadonlySet<number> | undefined,
    private readonly service: string | undefined,
    private readonly method: string,
  ) {}

  decodePacked(body: Uint8Array): T {
    return checkStatus(this.inner.decodePacked(body), this.codes, this.service, this.method);
  }

  decodePackedRange(bytes: Uint8Array, start: number, end: number): T {
    const inner = this.inner;
    const value =
      inner.decodePackedRange !== undefined ? inner.decodePackedRange(bytes, start, end) : inner.decodePacked(bytes.subarray(start, end));
    return checkStatus(value, this.codes, this.service, this.method);
  }
}

const made = new WeakMap<MethodDescriptor, Map<string | undefined, ResponseDecoder<unknown>>>();

/**
 * The decoder a client uses for `method`'s responses: its codec, or for a method that declares
 * errors a status-checking one (made once per method and service name).
 */
export function responseDecoderOf(method: MethodDescriptor, service: string | undefined): ResponseDecoder<unknown> | undefined {
  const { response, errors } = method;
  if (response === undefined || errors === undefined) return response;
  let byService = made.get(method);
  if (byService === undefined) {
    byService = new Map();
    made.set(method, byService);
  }
  let decoder = byService.get(service);
  if (decoder === undefined) {
    const codes = errors === true ? undefined : new Set(Object.values(errors));
    decoder = new StatusDecoder(response, codes, service, method.name);
    byService.set(service, decoder);
  }
  return decoder;
}
