/**
 * Generated code is typed: `tsc --strict --noEmit` over test/gen/fixtures/typed-usage.ts
 * must pass, which proves both that correct usage compiles and that each line marked
 * `@ts-expect-error` (wrong request type, missing handler method, wrong response type, …)
 * is rejected — tsc fails on an unused `@ts-expect-error`.
 */
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";

const root = fileURLToPath(new URL("../../", import.meta.url));

function tsc(project: string): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ["node_modules/typescript-7/bin/tsc", "--noEmit", "-p", project],
      { cwd: root, timeout: 60_000 },
      (error, stdout, stderr) => {
        resolve({ code: error === null ? 0 : typeof error.code === "number" ? error.code : 1, output: stdout + stderr });
      },
    );
  });
}

it("typed usage compiles and every misuse is a type error", async () => {
  const fixture = readFileSync(new URL("fixtures/typed-usage.ts", import.meta.url), "utf8");
  expect(fixture.match(/@ts-expect-error/g)?.length).toBeGreaterThanOrEqual(9);
  const { code, output } = await tsc("test/gen/fixtures/tsconfig.json");
  expect(output).toBe("");
  expect(code).toBe(0);
}, 90_000);

it("removing one @ts-expect-error makes tsc fail (the check is real)", async () => {
  const { mkdtempSync, writeFileSync, rmSync } = await import("node:fs");
  const { join } = await import("node:path");
  const dir = mkdtempSync(join(root, "test/gen/fixtures/.tmp-"));
  try {
    const fixture = readFileSync(new URL("fixtures/typed-usage.ts", import.meta.url), "utf8");
    const broken = fixture.replace("// @ts-expect-error a string where the schema says integer\n", "");
    writeFileSync(join(dir, "typed-usage.ts"), broken.replaceAll("../../../generated/", "../../../../generated/"));
    writeFileSync(join(dir, "tsconfig.json"), JSON.stringify({ extends: "../../../../tsconfig.json", include: ["typed-usage.ts"] }));
    const { code, output } = await tsc(join(dir, "tsconfig.json"));
    expect(code).not.toBe(0);
    expect(output).toMatch(/Type 'string' is not assignable to type 'number'/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 90_000);
