/**
 * `large-field-tag` (warning): zproto's parser accepts tags 32768..65535, but its C core
 * keeps the tag in a signed 16-bit slot and aborts when encoding such a field after
 * another present field. Interoperable schemas stay at 32767 or below.
 */
import { numberValue } from "../syntax/number-literal.ts";
import type { Check } from "./check-types.ts";
import { MAX_FIELD_TAG } from "./tag-out-of-range.ts";
import { forEachField } from "./walk.ts";

const MAX_WORKING_TAG = 32767;

/** Warns about field tags in 32768..65535. */
export const largeFieldTag: Check = {
  code: "large-field-tag",
  severity: "warning",
  summary: "a field tag is above 32767 (breaks the reference implementation)",
  run(ctx) {
    forEachField(ctx.resolution, (field) => {
      const value = field.tag === undefined ? undefined : numberValue(field.tag.text);
      if (field.tag === undefined || value === undefined) return;
      if (value > MAX_WORKING_TAG && value <= MAX_FIELD_TAG) {
        ctx.report(
          field.tag.loc,
          `field tag ${value} is above ${MAX_WORKING_TAG}: zproto's C implementation cannot encode it (signed 16-bit tag)`,
        );
      }
    });
  },
};
