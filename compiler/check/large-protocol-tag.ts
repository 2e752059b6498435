/**
 * `large-protocol-tag` (warning): silly stores the protocol tag in a C `int`, so tags
 * above 0x7fffffff come out negative on the Lua side, although they fit the u32 `cmd`.
 */
import { numberValue, toHex } from "../syntax/number-literal.ts";
import type { Check } from "./check-types.ts";
import { MAX_PROTOCOL_TAG } from "./number-out-of-range.ts";
import { forEachStruct } from "./walk.ts";

const MAX_SAFE = 0x7fffffff;

/** Warns about protocol tags in 0x80000000..0xffffffff. */
export const largeProtocolTag: Check = {
  code: "large-protocol-tag",
  severity: "warning",
  summary: "a protocol tag is above 0x7fffffff (negative in silly's C int)",
  run(ctx) {
    forEachStruct(ctx.resolution, (info) => {
      const tag = info.node.protocolTag;
      const value = tag === undefined ? undefined : numberValue(tag.text);
      if (tag !== undefined && value !== undefined && value > MAX_SAFE && value <= MAX_PROTOCOL_TAG) {
        ctx.report(tag.loc, `protocol tag ${tag.text} is above ${toHex(MAX_SAFE)}: silly stores it in a C int, where it becomes negative`);
      }
    });
  },
};
