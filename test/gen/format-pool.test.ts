/**
 * The prettier worker pool: formatting a large generated module in pieces across workers
 * gives exactly the bytes of prettier on the whole text in this thread, errors come back
 * as errors with prettier's message, and a closed pool refuses work.
 */
import { afterAll, describe, expect, it } from "vitest";
import { compileSchema } from "../../compiler/compile.ts";
import { formatInProcess, moduleText, type UnformattedModule } from "../../compiler/gen/format.ts";
import { createFormatPool } from "../../compiler/gen/format-pool.ts";
import { WARM_UP_MODULE } from "../../compiler/gen/format-warm-up.ts";
import { generateModule } from "../../compiler/gen/index.ts";

/** A schema of `count` structs referring to each other, with a service over them. */
function bigSchema(count: number): string {
  const lines: string[] = [];
  for (let i = 0; i < count; i++) {
    lines.push(
      `# Struct ${i}.`,
      `s${i} 0x${(i + 1).toString(16)} {`,
      "\t.id:int32 1",
      "\t.name:string 2",
      "\t.flags:boolean[] 3",
      "\t.big:uint64 4",
    );
    if (i > 0) lines.push(`\t.prev:s${i - 1} 5`, `\t.history:s${i - 1}[] 6`);
    lines.push("}", "");
  }
  lines.push("service svc {");
  for (let i = 0; i + 1 < count; i += 2) lines.push(`\ts${i} -> s${i + 1}`);
  lines.push("}", "");
  return lines.join("\n");
}

/** A module of one piece. */
function textModule(text: string): UnformattedModule {
  return { pieces: () => [text] };
}

/** Captures the unformatted module the generator hands to its formatter. */
async function unformatted(source: string): Promise<UnformattedModule> {
  const model = compileSchema(source, "big.zp").model;
  if (model === undefined) throw new Error("test schema does not compile");
  let captured: UnformattedModule | undefined;
  await generateModule(model, {
    schemaPath: "big.zp",
    format: async (m) => {
      captured = m;
      return "";
    },
  });
  if (captured === undefined) throw new Error("generator did not format");
  return captured;
}

describe("format warm-up module", () => {
  it("is valid input that prettier formats (a worker ignores warm-up failures, so a broken one would go unnoticed)", async () => {
    const module: UnformattedModule = { pieces: () => [WARM_UP_MODULE] };
    const formatted = await formatInProcess(module);
    expect(formatted).toContain("export function serveStore(node: ClusterNode, impl: StoreHandler): () => void {");
    expect(formatted).not.toBe(WARM_UP_MODULE);
  });
});

describe("createFormatPool", () => {
  const pool = createFormatPool({ maxWorkers: 2, minPieceChars: 1 });
  afterAll(() => pool.close());

  it("formats a large module in parallel pieces exactly like prettier on the whole file", async () => {
    const module = await unformatted(bigSchema(12));
    const pieces = [...module.pieces(1)];
    expect(pieces.length).toBeGreaterThan(2);
    expect(pieces.join("")).toBe(moduleText(module));
    const [pooled, whole] = await Promise.all([pool.format(module), formatInProcess(module)]);
    expect(pooled).toBe(whole);
    expect(pooled).toContain("export interface S11 {");
  }, 60_000);

  it("gives the same bytes through generateModule with the pool as without", async () => {
    const model = compileSchema(bigSchema(6), "six.zp").model;
    if (model === undefined) throw new Error("test schema does not compile");
    const viaPool = await generateModule(model, { schemaPath: "six.zp", format: pool.format });
    expect(viaPool).toBe(await generateModule(model, { schemaPath: "six.zp" }));
  }, 60_000);

  it("rejects with prettier's message on invalid text, and keeps working", async () => {
    await expect(pool.format(textModule("export const = ;\n"))).rejects.toThrow(/^prettier: /);
    expect(await pool.format(textModule("const  a=1\n"))).toBe("const a = 1;\n");
  }, 60_000);

  it("refuses work once closed", async () => {
    const closed = createFormatPool({ maxWorkers: 1 });
    await closed.close();
    await expect(closed.format(textModule("const a = 1;\n"))).rejects.toThrow(/closed/);
  });
});
