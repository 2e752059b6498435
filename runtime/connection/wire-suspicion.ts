/**
 * What a caller suspects when a peer looks alive but serves nothing: a peer announced without its
 * wire version that speaks the other one either closes the connection at our first frame (a silly
 * node that parses it as garbage) or never answers (one waiting for the rest of a frame it misread).
 * The warnings name both wire versions, so an operator knows what to check.
 */
import type { WireVersion } from "../wire/framer.ts";

/** The other of the two silly wire versions. */
export function otherWire(wire: WireVersion): WireVersion {
  return wire === "silly-0.7.0" ? "silly-0.7.1" : "silly-0.7.0";
}

function versionOf(wire: WireVersion): string {
  return wire.slice("silly-".length);
}

/**
 * The warning for a peer that `closed` the connection right after our first frames and sent
 * nothing, or stayed `silent` through `calls` calls in a row that all timed out.
 */
export function suspectWireMessage(ours: WireVersion, how: "closed" | "silent", calls = 0): string {
  const theirs = versionOf(otherWire(ours));
  const mine = versionOf(ours);
  const what =
    how === "closed"
      ? "peer closed the connection right after the first request and sent nothing"
      : `no response to the first ${calls} calls and not a byte received`;
  return `${what}: does it speak silly wire ${theirs}? (this node speaks ${mine}; announce members with their wire, or give the caller the same wire)`;
}
