/**
 * The typed client side of a generated service: encode the request, make the call (or
 * send) through the node's raw layer, decode the response.
 *
 * Bodies on the wire are `pack(encode(message))`, as in silly services that use zproto.
 */
import type { CallOptions, ClusterNode, Peer } from "../types.ts";
import type { CallMethodDescriptor, SendMethodDescriptor } from "./descriptor.ts";

/**
 * Calls `method` on `peer` and resolves with the decoded response. Rejects with the
 * node's `ClusterError` (timeout, closed, …), an `EncodeError` when `request` does not fit
 * the schema (nothing is sent), or a `DecodeError` when the response bytes are malformed.
 */
export async function callMethod<Req, Res>(
  node: ClusterNode,
  peer: Peer,
  method: CallMethodDescriptor<Req, Res>,
  request: Req,
  opts?: CallOptions,
): Promise<Res> {
  const body = method.request.encodePacked(request);
  const reply = await node.callRaw(peer, method.cmd, body, opts);
  return method.response.decodePacked(reply);
}

/**
 * Sends the one-way `method` to `peer`; resolves once the frame is queued for this tick's
 * socket write. Rejects like {@link callMethod} (except for the response-related failures).
 */
export async function sendMethod<Req>(
  node: ClusterNode,
  peer: Peer,
  method: SendMethodDescriptor<Req>,
  message: Req,
): Promise<void> {
  const body = method.request.encodePacked(message);
  await node.sendRaw(peer, method.cmd, body);
}
