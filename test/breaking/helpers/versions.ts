/**
 * Two versions of a schema for the breaking-change tests: compiled, compared by the checker,
 * and their generated codecs imported (the real generated code, with the schema's own
 * names so values read like the schema), so the tests can send bytes between them.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { findBreakingChanges, type BreakingChange, type BreakingOptions, type Direction } from "../../../compiler/breaking/index.ts";
import { compileSchema } from "../../../compiler/compile.ts";
import { generateModule } from "../../../compiler/gen/index.ts";
import type { SchemaModel } from "../../../compiler/model/schema-model.ts";
import { RUNTIME_URL } from "../../codec/helpers/paths.ts";

/** One compiled version with its imported generated module. */
export interface Version {
  readonly text: string;
  readonly model: SchemaModel;
  readonly module: Record<string, unknown>;
}

let dir: string | undefined;
let counter = 0;

/** The temporary folder of this test file's generated modules. */
function tempDir(): string {
  dir ??= mkdtempSync(join(tmpdir(), "clusterc-breaking-"));
  return dir;
}

/** Removes the generated modules (call in afterAll). */
export function removeGenerated(): void {
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
}

/** Compiles `text` (as file `file`), throwing on schema errors. */
export function compileOrThrow(text: string, file: string): SchemaModel {
  const result = compileSchema(text, file, { naming: "schema" });
  if (result.model === undefined) throw new Error(`schema does not compile:\n${text}\n${JSON.stringify(result.diagnostics, null, 1)}`);
  return result.model;
}

/** Compiles, generates (unformatted: prettier is not under test here) and imports one version. */
export async function loadVersion(text: string, file: string): Promise<Version> {
  const model = compileOrThrow(text, file);
  const source = await generateModule(model, {
    runtimeImport: RUNTIME_URL,
    naming: "schema",
    format: async (m) => [...m.pieces(Number.POSITIVE_INFINITY)].join(""),
  });
  const path = join(tempDir(), `v${counter++}`);
  mkdirSync(path);
  writeFileSync(join(path, "schema.ts"), source);
  const module = (await import(pathToFileURL(join(path, "schema.ts")).href)) as Record<string, unknown>;
  return { text, model, module };
}

/** What the checker says about `old` → `neu` (one file `x.zp`; the old side shown as `old:x.zp`). */
export function checkerChanges(old: string, neu: string, options: BreakingOptions = {}): BreakingChange[] {
  return findBreakingChanges(
    { old: new Map([["x.zp", compileOrThrow(old, "old:x.zp")]]), neu: new Map([["x.zp", compileOrThrow(neu, "x.zp")]]) },
    options,
  );
}

/** Wire rules whose breakage is in calls and dispatch by cmd, not in the bytes of a message. */
const CALL_RULES = new Set([
  "struct-removed",
  "protocol-tag-changed",
  "method-removed",
  "method-kind-changed",
  "service-removed",
  "file-removed",
]);

/** True when the checker reports a change that makes messages lose data in `direction`. */
export function breaksBytes(changes: readonly BreakingChange[], direction: Direction): boolean {
  return changes.some((c) => c.level === "wire" && !CALL_RULES.has(c.code) && c.directions.includes(direction));
}

/** True when the checker reports a change that makes calls or sends by cmd fail in `direction`. */
export function breaksCalls(changes: readonly BreakingChange[], direction: Direction): boolean {
  return changes.some((c) => c.level === "wire" && CALL_RULES.has(c.code) && c.directions.includes(direction));
}
