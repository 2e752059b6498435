/**
 * The fast path from typed clients (rpc/) to a node's connections, without rpc/ importing the
 * node's implementation: a node made by `createCluster` carries its fast-path method under
 * {@link ENCODED_CALL}; any other {@link ClusterNode} implementation is driven through its
 * public `callRaw`.
 */
import type { PackedBodyEncoder } from "../connection/connection.ts";
import type { ResponseDecoder } from "../connection/sessions.ts";
import type { CallOptions } from "../call/options.ts";
import type { ClusterNode } from "./cluster-node.ts";
import type { Peer } from "../connection/peer.ts";

/** The key of a node's encoded-call fast path (see {@link EncodedCallPath}). */
export const ENCODED_CALL: unique symbol = Symbol("clusterc.encodedCall");

/** A request encoder that can also encode into a standalone buffer (every generated `MessageCodec` is one). */
export type RequestEncoder<Req> = PackedBodyEncoder<Req> & { encodePacked(value: Req): Uint8Array };

/** What a node made by `createCluster` implements under {@link ENCODED_CALL}. */
export interface EncodedCallPath {
  /** Encodes `value` straight into the connection's output buffer, calls, and settles with the decoded response. */
  [ENCODED_CALL]<Req, T>(
    peer: Peer,
    cmd: number,
    encoder: RequestEncoder<Req>,
    value: Req,
    opts: CallOptions | undefined,
    decode: ResponseDecoder<T>,
  ): Promise<T>;
}

/**
 * `node.callRaw(peer, cmd, encoder.encodePacked(value), opts)` settling with
 * `decode.decodePacked(response)`, encoding straight into the connection's output buffer on a
 * node made by `createCluster`. Rejects with what the encoder throws (nothing is sent); never
 * throws synchronously.
 */
export function callEncoded<Req, T>(
  node: ClusterNode,
  peer: Peer,
  cmd: number,
  encoder: RequestEncoder<Req>,
  value: Req,
  decode: ResponseDecoder<T>,
  opts?: CallOptions,
): Promise<T> {
  const fast = (node as Partial<EncodedCallPath>)[ENCODED_CALL];
  if (fast !== undefined) return fast.call(node, peer, cmd, encoder, value, opts, decode) as Promise<T>;
  let body: Uint8Array;
  try {
    body = encoder.encodePacked(value);
  } catch (error) {
    return Promise.reject(error);
  }
  return node.callRaw(peer, cmd, body, opts).then((bytes) => decode.decodePacked(bytes));
}
