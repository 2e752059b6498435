/**
 * The schema's method options and error lists (docs/errors-and-retries.md): what parses, the model
 * it builds, and every check with its code, line and column.
 */
import { describe, expect, it } from "vitest";
import { compileSchema } from "../../compiler/compile.ts";
import { computeExportedNames } from "../../compiler/gen/exported-names.ts";
import { generateModule } from "../../compiler/gen/generate.ts";
import { codes } from "./helpers.ts";

const STRUCTS = "add 0x01 { .a:integer 1 }\nsum 0x02 { .code:integer 1 .message:string 2 .v:integer 3 }\nnote 0x03 { .m:string 1 }\n";

describe("method options and error lists", () => {
  it("a service's and a method's options, and the closed code list, reach the model", () => {
    const source = `${STRUCTS}service s [idempotent] {\n errors {\n  # Gone.\n  gone 1\n  busy 0x2\n }\n add -> sum [errors]\n note\n}\n`;
    const result = compileSchema(source, "s.zp");
    expect(result.diagnostics).toEqual([]);
    const service = result.model?.services[0];
    expect(service?.methods.map((m) => [m.name, m.errors, m.idempotent])).toEqual([
      ["add", true, true],
      ["note", undefined, undefined],
    ]);
    expect(service?.errorCodes?.map((c) => [c.name, c.value, c.doc])).toEqual([
      ["gone", 1, "Gone."],
      ["busy", 2, undefined],
    ]);
  });

  it("a service's error exports are claimed with its other names: computeExportedNames gives what gen writes, `_2` when taken", async () => {
    // `bank_errors` and `bank_error_code` take `BankErrors` and `BankErrorCode` first (structs are claimed before services).
    const source =
      "bank_errors 0x01 { .a:integer 1 }\nbank_error_code 0x02 { .a:integer 1 }\nreceipt 0x03 { .code:integer 1 .message:string 2 }\n" +
      "plain 0x04 { .code:integer 1 }\nservice bank {\n errors {\n  broke 1\n }\n bank_errors -> receipt [errors]\n}\n" +
      "service open {\n bank_error_code -> plain [errors]\n}\nservice calm {\n plain -> plain\n}\n";
    const result = compileSchema(source, "bank.zp");
    expect(result.diagnostics).toEqual([]);
    const model = result.model!;
    const names = computeExportedNames(model);
    expect(names.services.get("bank")?.errors).toEqual({ codes: "BankErrors_2", codeType: "BankErrorCode_2", guard: "isBankError" });
    // No code list: no codes const; no method declaring errors: no error exports.
    expect(names.services.get("open")?.errors).toEqual({ codeType: "OpenErrorCode", guard: "isOpenError" });
    expect(names.services.get("calm")?.errors).toBeUndefined();
    const code = await generateModule(model, { schemaPath: "bank.zp" });
    const generated = [...code.matchAll(/^export (?:const|type|function|interface) (\w+)/gm)].map((m) => m[1]);
    const computed = [
      ...[...names.structs.values()].flatMap((s) => [s.type, ...(s.tagConst === undefined ? [] : [s.tagConst])]),
      ...[...names.services.values()].flatMap(({ errors, ...rest }) => [...Object.values(rest), ...Object.values(errors ?? {})]),
    ];
    expect(new Set(generated)).toEqual(new Set(computed));
  });

  it("`errors` stays usable as a method name (only `errors {` opens the list)", () => {
    const source = "errors 0x01 { .a:integer 1 }\nsum 0x02 { .v:integer 1 }\nservice s {\n errors -> sum\n}\n";
    expect(codes(source)).toEqual([]);
  });

  const CASES: ReadonlyArray<readonly [string, string, ReadonlyArray<readonly [string, number, number]>]> = [
    ["unknown option", `${STRUCTS}service s {\n add -> sum [retry]\n}`, [["unknown-option", 5, 14]]],
    ["unknown service option", `${STRUCTS}service s [fast] {\n add -> sum\n}`, [["unknown-option", 4, 12]]],
    ["duplicate option", `${STRUCTS}service s {\n add -> sum [errors errors]\n}`, [["duplicate-option", 5, 21]]],
    ["option on one-way", `${STRUCTS}service s {\n note [idempotent]\n}`, [["option-on-one-way", 5, 8]]],
    [
      "errors without status",
      "add 0x01 { .a:integer 1 }\nsum 0x02 { .v:integer 1 }\nservice s {\n add -> sum [errors]\n}",
      [["errors-without-status", 4, 13]],
    ],
    [
      "status code that is 64-bit or unsigned",
      "add 0x01 { .a:integer 1 }\nsum 0x02 { .code:uint32 1 }\nservice s [errors] {\n add -> sum\n}",
      [["errors-without-status", 3, 11]],
    ],
    [
      "message that is not a string",
      "add 0x01 { .a:integer 1 }\nsum 0x02 { .code:integer 1 .message:integer 2 }\nservice s {\n add -> sum [errors]\n}",
      [["errors-without-status", 2, 28]],
    ],
    [
      "two error lists",
      `${STRUCTS}service s {\n errors { a 1 }\n errors { b 2 }\n add -> sum [errors]\n}`,
      [["duplicate-error-list", 6, 2]],
    ],
    [
      "code named or valued twice",
      `${STRUCTS}service s {\n errors { a_b 1 aB 2 c 3 d 3 }\n add -> sum [errors]\n}`,
      [
        ["duplicate-error-code", 5, 17],
        ["duplicate-error-code", 5, 28],
      ],
    ],
    [
      "codes out of range",
      `${STRUCTS}service s {\n errors { a 0 b -1 c 010 d 2147483648 e 2147483647 }\n add -> sum [errors]\n}`,
      [
        ["error-code-out-of-range", 5, 13],
        ["error-code-out-of-range", 5, 17],
        ["error-code-out-of-range", 5, 22],
        ["error-code-out-of-range", 5, 28],
      ],
    ],
    ["unused codes", `${STRUCTS}service s {\n errors { a 1 }\n add -> sum\n}`, [["error-codes-unused", 5, 2]]],
    ["invalid code name", `${STRUCTS}service s {\n errors { _a 1 }\n add -> sum [errors]\n}`, [["invalid-name", 5, 11]]],
  ];

  it.each(CASES)("%s", (_name, source, expected) => {
    expect(codes(source).map((d) => [d.code, d.line, d.column])).toEqual(expected);
  });
});
