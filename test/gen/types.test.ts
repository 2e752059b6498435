/**
 * Generated code is typed: the TypeScript checker, with test/gen/fixtures/tsconfig.json (the
 * project's strict settings), must find no error in test/gen/fixtures/typed-usage.ts, which
 * proves both that correct usage compiles and that each line marked `@ts-expect-error` (wrong
 * request type, missing handler method, wrong response type, …) is rejected — an unused
 * `@ts-expect-error` is an error. A copy of the fixture without one of its markers, checked in
 * the same program (one type check of the generated code and the runtime for both), must fail
 * with the error that marker expected: the check is real.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { beforeAll, expect, it } from "vitest";

const root = fileURLToPath(new URL("../../", import.meta.url));
const FIXTURE = join(root, "test/gen/fixtures/typed-usage.ts");
/** The fixture without one marker: a file that exists only in the program, beside the fixture (same imports). */
const BROKEN = join(root, "test/gen/fixtures/typed-usage-unmarked.ts");
const MARKER = "// @ts-expect-error a string where the schema says integer\n";

/** The diagnostics of one program over the fixture and its unmarked copy, as `tsc --noEmit -p` reports them, by file. */
function checkFixtures(): Map<string, string[]> {
  const config = ts.getParsedCommandLineOfConfigFile(
    join(root, "test/gen/fixtures/tsconfig.json"),
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, "\n"));
      },
    },
  );
  if (config === undefined) throw new Error("tsconfig.json did not parse");
  const fixture = readFileSync(FIXTURE, "utf8");
  expect(fixture).toContain(MARKER);
  const unmarked = fixture.replace(MARKER, "");
  const host = ts.createCompilerHost(config.options);
  const getSourceFile = host.getSourceFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  const readFile = host.readFile.bind(host);
  host.getSourceFile = (name, language, ...rest) =>
    name === BROKEN ? ts.createSourceFile(name, unmarked, language) : getSourceFile(name, language, ...rest);
  host.fileExists = (name) => name === BROKEN || fileExists(name);
  host.readFile = (name) => (name === BROKEN ? unmarked : readFile(name));
  expect(config.fileNames).toEqual([FIXTURE]);
  const program = ts.createProgram({ rootNames: [FIXTURE, BROKEN], options: config.options, host });
  const byFile = new Map<string, string[]>();
  for (const d of [...config.errors, ...ts.getPreEmitDiagnostics(program)]) {
    const file = d.file?.fileName ?? "(no file)";
    const text = ts.formatDiagnostic(d, { getCanonicalFileName: (f) => f, getCurrentDirectory: () => root, getNewLine: () => "\n" });
    byFile.set(file, [...(byFile.get(file) ?? []), text]);
  }
  return byFile;
}

let diagnostics: Map<string, string[]>;
beforeAll(() => {
  diagnostics = checkFixtures();
}, 90_000);

it("typed usage compiles and every misuse is a type error", () => {
  const fixture = readFileSync(FIXTURE, "utf8");
  expect(fixture.match(/@ts-expect-error/g)?.length).toBeGreaterThanOrEqual(9);
  // Nothing anywhere but in the unmarked copy: the fixture, the generated code and the runtime are clean.
  expect(Object.fromEntries([...diagnostics].filter(([file]) => file !== BROKEN))).toEqual({});
});

it("removing one @ts-expect-error makes the check fail (the check is real)", () => {
  const broken = diagnostics.get(BROKEN) ?? [];
  expect(broken.length).toBeGreaterThan(0);
  expect(broken.join("\n")).toMatch(/Type 'string' is not assignable to type 'number'/);
});
