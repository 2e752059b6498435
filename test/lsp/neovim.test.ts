/**
 * The language server in a real editor: Debian's Neovim (`nvim --headless`), configured with the
 * five-line Lua config of docs/editor-support.md (test/lsp/fixtures/nvim/init.lua, which starts
 * `npx --no clusterc lsp` from the workspace's node_modules), opens a schema with an error;
 * fixtures/nvim/checks.lua then drives Neovim's own LSP client — the diagnostic arrives with its
 * code, hover returns the doc comment, go-to-definition jumps to the struct, and an edit that
 * fixes the error clears it — and writes what it saw to a file. Neovim is bounded in time and
 * killed by its PID at the end, even on failure; `.ci/run` installs it (apt-get install neovim).
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { REPO_ROOT } from "../compiler/helpers.ts";
import { waitFor } from "./support/lsp-session.ts";

const NVIM_FIXTURES = fileURLToPath(new URL("./fixtures/nvim/", import.meta.url));
const work = mkdtempSync(join(tmpdir(), "clusterc-nvim-"));
let nvim: ChildProcess | undefined;

afterAll(() => {
  if (nvim?.pid !== undefined && nvim.exitCode === null && nvim.signalCode === null) process.kill(nvim.pid, "SIGKILL");
  rmSync(work, { recursive: true, force: true });
});

const SCHEMA = [
  "# A player of the game.",
  "player 0x01 {",
  "\t.name:strng 1",
  "}",
  "",
  "# Request: who is there?",
  "who 0x02 {",
  "\t.p:player 1",
  "}",
  "",
].join("\n");

interface NvimResult {
  ok: boolean;
  error?: string;
  client?: string;
  diagnostic?: { code: string; source: string; message: string; line: number; col: number };
  hover?: string;
  definition?: [number, number];
  diagnostics_after_fix?: number;
}

describe("Neovim's LSP client against clusterc lsp", () => {
  it("gets the diagnostic with its code, hover with the doc comment, a jump to the struct, and the fix clears it", async () => {
    const version = execFileSync("nvim", ["--version"], { encoding: "utf8" }).split("\n")[0];
    expect(version, "nvim must be installed (apt-get install neovim; .ci/run does)").toMatch(/^NVIM v\d/);
    const file = join(work, "broken.zp");
    const resultFile = join(work, "result.json");
    writeFileSync(file, SCHEMA);
    const env = { ...process.env, HOME: work, XDG_CONFIG_HOME: work, XDG_DATA_HOME: work, XDG_STATE_HOME: work, XDG_CACHE_HOME: work };
    const args = [
      "--headless",
      "-n",
      "-i",
      "NONE",
      "-u",
      join(NVIM_FIXTURES, "init.lua"),
      file,
      "-c",
      `luafile ${join(NVIM_FIXTURES, "checks.lua")}`,
    ];
    nvim = spawn("nvim", args, { cwd: REPO_ROOT, env: { ...env, CLUSTERC_NVIM_RESULT: resultFile }, stdio: ["pipe", "pipe", "pipe"] });
    let output = "";
    nvim.stdout?.on("data", (c: Buffer) => (output = (output + c.toString()).slice(-4000)));
    nvim.stderr?.on("data", (c: Buffer) => (output = (output + c.toString()).slice(-4000)));
    const started = nvim;
    await waitFor(() => started.exitCode !== null || started.signalCode !== null, 90_000, `nvim to finish its checks (output: ${output})`);
    expect(existsSync(resultFile), `nvim wrote no result (exit ${started.exitCode}): ${output}`).toBe(true);
    const result = JSON.parse(readFileSync(resultFile, "utf8")) as NvimResult;
    expect(result.error).toBeUndefined();
    expect(result.ok).toBe(true);
    expect(result.client).toBe("clusterc");
    expect(result.diagnostic).toEqual({
      code: "unknown-type",
      source: "clusterc",
      message: "unknown type 'strng': no builtin type or struct has this name",
      line: 2,
      col: 7,
    });
    expect(result.hover).toContain("**struct `player`**");
    expect(result.hover).toContain("A player of the game.");
    expect(result.definition).toEqual([2, 0]);
    expect(result.diagnostics_after_fix).toBe(0);
  }, 120_000);

  it("the config is the one docs/editor-support.md shows", () => {
    const docs = readFileSync(join(REPO_ROOT, "docs", "editor-support.md"), "utf8");
    const config = readFileSync(join(NVIM_FIXTURES, "init.lua"), "utf8").trim();
    expect(config.split("\n")).toHaveLength(5);
    expect(docs).toContain(`\`\`\`lua\n${config}\n\`\`\``);
  });
});
