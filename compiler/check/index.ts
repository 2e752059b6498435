/**
 * Every check, in one list, and the runner that applies them to a parsed schema.
 * Each check lives in its own file with its own stable code.
 */
import type { SchemaNode } from "../syntax/ast.ts";
import { createDiagnostic, type Diagnostic } from "../diagnostics/diagnostic.ts";
import type { Resolution } from "../model/resolve.ts";
import { DEFAULT_NAMING, type NamingStyle } from "../naming/ts-names.ts";
import { arrayOfArray } from "./array-of-array.ts";
import { builtinTypeName } from "./builtin-type-name.ts";
import { caseClash } from "./case-clash.ts";
import type { Check } from "./check-types.ts";
import { duplicateField } from "./duplicate-field.ts";
import { duplicateMethod } from "./duplicate-method.ts";
import { duplicateProtocolTag } from "./duplicate-protocol-tag.ts";
import { duplicateService } from "./duplicate-service.ts";
import { duplicateStruct } from "./duplicate-struct.ts";
import { duplicateTag } from "./duplicate-tag.ts";
import { emptySchema } from "./empty-schema.ts";
import { emptyService } from "./empty-service.ts";
import { fieldBeforeStruct } from "./field-before-struct.ts";
import { forwardReference } from "./forward-reference.ts";
import { invalidName } from "./invalid-name.ts";
import { invalidNumber } from "./invalid-number.ts";
import { largeFieldTag } from "./large-field-tag.ts";
import { largeProtocolTag } from "./large-protocol-tag.ts";
import { mapKeyIsArray } from "./map-key-is-array.ts";
import { mapKeyMissing } from "./map-key-missing.ts";
import { mapKeyNotScalar } from "./map-key-not-scalar.ts";
import { mapKeyOnScalar } from "./map-key-on-scalar.ts";
import { nameClash } from "./name-clash.ts";
import { nameTooLong } from "./name-too-long.ts";
import { negativeNumber } from "./negative-number.ts";
import { nestedNotVisible } from "./nested-not-visible.ts";
import { numberOutOfRange } from "./number-out-of-range.ts";
import { octalNumber } from "./octal-number.ts";
import { protocolTagOnNested } from "./protocol-tag-on-nested.ts";
import { requestNotTopLevel } from "./request-not-top-level.ts";
import { requestReused } from "./request-reused.ts";
import { requestWithoutTag } from "./request-without-tag.ts";
import { responseNotTopLevel } from "./response-not-top-level.ts";
import { selfReference } from "./self-reference.ts";
import { tagNotAscending } from "./tag-not-ascending.ts";
import { tagOutOfRange } from "./tag-out-of-range.ts";
import { unknownRequest } from "./unknown-request.ts";
import { unknownResponse } from "./unknown-response.ts";
import { unknownType } from "./unknown-type.ts";

/** One check and what it is given (`check-types.ts`). */
export type { Check, CheckContext } from "./check-types.ts";

/** Every check clusterc runs, grouped: lexical, structure, fields, types, services, warnings. */
export const ALL_CHECKS: readonly Check[] = [
  invalidName,
  nameTooLong,
  negativeNumber,
  octalNumber,
  invalidNumber,
  emptySchema,
  duplicateStruct,
  protocolTagOnNested,
  numberOutOfRange,
  duplicateProtocolTag,
  fieldBeforeStruct,
  duplicateField,
  tagOutOfRange,
  duplicateTag,
  tagNotAscending,
  arrayOfArray,
  unknownType,
  forwardReference,
  selfReference,
  nestedNotVisible,
  mapKeyOnScalar,
  mapKeyMissing,
  mapKeyNotScalar,
  mapKeyIsArray,
  unknownRequest,
  requestNotTopLevel,
  requestWithoutTag,
  unknownResponse,
  responseNotTopLevel,
  duplicateMethod,
  requestReused,
  duplicateService,
  emptyService,
  largeProtocolTag,
  largeFieldTag,
  nameClash,
  caseClash,
  builtinTypeName,
];

/** What the checks need: the parsed schema, its resolution, and whether parsing failed somewhere. */
export interface RunChecksOptions {
  readonly schema: SchemaNode;
  readonly resolution: Resolution;
  readonly hasSyntaxErrors: boolean;
  /** The generator's naming style (default camel), for `name-clash`. */
  readonly naming?: NamingStyle;
  readonly checks?: readonly Check[];
}

/** Runs every check and returns their diagnostics (unsorted). */
export function runChecks(options: RunChecksOptions): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const check of options.checks ?? ALL_CHECKS) {
    check.run({
      schema: options.schema,
      resolution: options.resolution,
      hasSyntaxErrors: options.hasSyntaxErrors,
      naming: options.naming ?? DEFAULT_NAMING,
      report: (loc, message, related) => out.push(createDiagnostic({ severity: check.severity, code: check.code, message, loc, related })),
    });
  }
  return out;
}
