/**
 * `protocol-tag-on-nested` (error): only top-level structs carry a protocol tag (the
 * RPC `cmd`); zproto rejects `name 0x01 {` inside another struct.
 */
import type { Check } from "./check-types.ts";
import { forEachStruct } from "./walk.ts";

/** Rejects a protocol tag on a nested struct. */
export const protocolTagOnNested: Check = {
  code: "protocol-tag-on-nested",
  severity: "error",
  summary: "a nested struct has a protocol tag",
  run(ctx) {
    forEachStruct(ctx.resolution, (info) => {
      const tag = info.node.protocolTag;
      if (tag !== undefined && info.parent !== undefined) {
        ctx.report(
          tag.loc,
          `nested struct '${info.qualifiedName}' cannot have a protocol tag; only top-level structs are messages with a cmd`,
        );
      }
    });
  },
};
