/** `tag-out-of-range` (error): a field tag is a u16 on the wire and 0 is reserved: 1..65535. */
import { numberValue } from "../syntax/number-literal.ts";
import type { Check } from "./check-types.ts";
import { forEachField } from "./walk.ts";

/** The largest field tag the wire format can carry. */
export const MAX_FIELD_TAG = 65535;

/** Rejects field tags 0 and above {@link MAX_FIELD_TAG}. */
export const tagOutOfRange: Check = {
  code: "tag-out-of-range",
  severity: "error",
  summary: "a field tag is not in 1..65535",
  run(ctx) {
    forEachField(ctx.resolution, (field) => {
      const value = field.tag === undefined ? undefined : numberValue(field.tag.text);
      if (field.tag === undefined || value === undefined) return;
      if (value < 1 || value > MAX_FIELD_TAG) {
        ctx.report(field.tag.loc, `field tag ${field.tag.text} is out of range: tags go from 1 to ${MAX_FIELD_TAG}`);
      }
    });
  },
};
