/**
 * A breaking change between two versions of a schema set: its stable code, its level, the
 * directions in which it breaks, and where it is. Turned into an ordinary {@link Diagnostic}
 * for printing, so `clusterc breaking` reports like `clusterc check`.
 */
import { createDiagnostic, type Diagnostic } from "../diagnostics/diagnostic.ts";
import type { SourceLocation } from "../diagnostics/source-location.ts";

/**
 * How a change breaks: `wire` — nodes running the old and the new schema misread or drop each
 * other's data or calls; `source` — safe on the wire, but TypeScript code written against
 * the old generated names no longer compiles (renames, removals).
 */
export type BreakingLevel = "wire" | "source";

/**
 * Which way a wire change breaks: `new-to-old` — bytes written with the new schema and read
 * with the old one (a new node sending to an old node, request or response); `old-to-new` —
 * the reverse. In a rolling deploy both happen.
 */
export type Direction = "new-to-old" | "old-to-new";

/** One breaking change. */
export interface BreakingChange {
  /** Stable kebab-case code: `field-inserted`, `field-renamed`, … */
  readonly code: string;
  readonly level: BreakingLevel;
  /** The directions that break (wire changes); empty for source changes. */
  readonly directions: readonly Direction[];
  /** What changed and what it does, without location or direction. */
  readonly message: string;
  /** Where: in the new schema, or in the old one when the file is gone. */
  readonly loc: SourceLocation;
}

/** "new nodes sending to old nodes", … : the directions as words. */
export function describeDirections(directions: readonly Direction[]): string {
  const newToOld = directions.includes("new-to-old");
  const oldToNew = directions.includes("old-to-new");
  if (newToOld && oldToNew) return "breaks both ways: new nodes sending to old nodes and old nodes sending to new nodes";
  if (newToOld) return "breaks when new nodes send to old nodes";
  if (oldToNew) return "breaks when old nodes send to new nodes";
  return "safe on the wire; breaks TypeScript code that uses the generated names";
}

/** The change as a diagnostic (an error): `error[field-inserted]: … (breaks when new nodes send to old nodes)`. */
export function changeDiagnostic(change: BreakingChange): Diagnostic {
  return createDiagnostic({ code: change.code, message: `${change.message} (${describeDirections(change.directions)})`, loc: change.loc });
}

/** Both directions, in report order. */
export const BOTH_DIRECTIONS: readonly Direction[] = ["new-to-old", "old-to-new"];
