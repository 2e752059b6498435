/**
 * `number-out-of-range` (error): a protocol tag is the u32 `cmd` of a cluster frame, so
 * it must fit in 32 bits (at most 0xffffffff).
 */
import { numberValue, toHex } from "../syntax/number-literal.ts";
import type { Check } from "./check-types.ts";
import { forEachStruct } from "./walk.ts";

/** The largest protocol tag that fits the u32 `cmd` field. */
export const MAX_PROTOCOL_TAG = 0xffffffff;

/** Rejects protocol tags above {@link MAX_PROTOCOL_TAG}. */
export const numberOutOfRange: Check = {
  code: "number-out-of-range",
  severity: "error",
  summary: "a protocol tag does not fit in 32 bits",
  run(ctx) {
    forEachStruct(ctx.resolution, (info) => {
      const tag = info.node.protocolTag;
      const value = tag === undefined ? undefined : numberValue(tag.text);
      if (tag !== undefined && value !== undefined && value > MAX_PROTOCOL_TAG) {
        ctx.report(tag.loc, `protocol tag ${tag.text} does not fit the u32 cmd (maximum ${toHex(MAX_PROTOCOL_TAG)})`);
      }
    });
  },
};
