/**
 * The VS Code extension (editors/vscode): built with esbuild and packed into a `.vsix` with
 * @vscode/vsce, then checked from the inside — exactly the grammar, the language configuration,
 * the manifest, the license, the readme and one bundled client; a bundle that needs nothing but
 * `vscode` and Node's builtins and loads (in plain Node with a stand-in `vscode` module: VS Code's
 * extension host cannot be downloaded here, see docs/editor-support.md); and the client's search
 * for `clusterc` in the workspace's node_modules.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { builtinModules, createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findServer, LAUNCHER } from "../../editors/vscode/src/find-server.mts";
import { buildExtension, EXTENSION_DIR, packageExtension } from "../../scripts/build-vscode-extension.ts";
import { type ZipEntry, zipEntries } from "./support/zip.ts";

const work = mkdtempSync(join(tmpdir(), "clusterc-vsix-"));
let entries: ZipEntry[];

beforeAll(async () => {
  await buildExtension();
  const vsix = join(work, "clusterc.vsix");
  packageExtension(vsix);
  entries = zipEntries(readFileSync(vsix));
}, 180_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

const entry = (name: string): Buffer => {
  const found = entries.find((e) => e.name === name);
  if (found === undefined) throw new Error(`${name} is not in the .vsix`);
  return found.read();
};

describe("the .vsix packed by vsce", () => {
  it("holds the manifest, grammar, language configuration, license, readme and one bundled client, nothing else", () => {
    expect(entries.map((e) => e.name).sort()).toEqual(
      [
        "[Content_Types].xml",
        "extension.vsixmanifest",
        "extension/LICENSE.txt",
        "extension/dist/extension.js",
        "extension/language-configuration.json",
        "extension/package.json",
        "extension/readme.md",
        "extension/syntaxes/zproto.tmLanguage.json",
      ].sort(),
    );
  });

  it("carries the repository's grammar, configuration and manifest as they are", () => {
    for (const file of ["syntaxes/zproto.tmLanguage.json", "language-configuration.json"]) {
      expect(entry(`extension/${file}`).toString("utf8")).toBe(readFileSync(join(EXTENSION_DIR, file), "utf8"));
    }
    const manifest = JSON.parse(entry("extension/package.json").toString("utf8")) as Record<string, unknown>;
    const source = JSON.parse(readFileSync(join(EXTENSION_DIR, "package.json"), "utf8")) as Record<string, unknown>;
    expect(manifest["main"]).toBe("./dist/extension.js");
    expect(manifest["contributes"]).toEqual(source["contributes"]);
    expect(manifest["activationEvents"]).toEqual(["onLanguage:zproto"]);
    expect(entry("extension.vsixmanifest").toString("utf8")).toMatch(/<Identity [^>]*Id="clusterc-vscode"[^>]*Publisher="clusterc"/);
  });

  it("bundles vscode-languageclient: the client requires only vscode and Node's builtins, and loads", () => {
    const bundle = entry("extension/dist/extension.js").toString("utf8");
    const required = new Set([...bundle.matchAll(/\brequire\("([^"]+)"\)/g)].map((m) => m[1]!));
    const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
    expect([...required].filter((m) => m !== "vscode" && !builtins.has(m))).toEqual([]);
    expect(required.has("vscode")).toBe(true);
    // Load it as VS Code would (CommonJS), with a stand-in for the editor's `vscode` module.
    const dir = join(work, "load");
    mkdirSync(join(dir, "node_modules", "vscode"), { recursive: true });
    writeFileSync(join(dir, "node_modules", "vscode", "index.js"), "module.exports = new Proxy({}, { get: () => function () {} });\n");
    writeFileSync(join(dir, "extension.js"), bundle);
    const loaded = createRequire(join(dir, "extension.js"))("./extension.js") as Record<string, unknown>;
    expect(typeof loaded["activate"]).toBe("function");
    expect(typeof loaded["deactivate"]).toBe("function");
  });
});

describe("the client finds clusterc lsp", () => {
  const project = join(work, "project");
  const launcher = join(project, LAUNCHER);
  beforeAll(() => {
    mkdirSync(join(project, "node_modules", "clusterc", "bin"), { recursive: true });
    mkdirSync(join(project, "schemas", "deep"), { recursive: true });
    writeFileSync(launcher, "");
  });

  it("in the workspace folder's node_modules, or a folder above it", () => {
    expect(findServer([project], "")).toBe(launcher);
    expect(findServer([join(project, "schemas", "deep")], "")).toBe(launcher);
    expect(findServer([join(work, "elsewhere")], "")).toBeUndefined();
  });

  it("where clusterc.server.path points: the launcher itself or a folder to look in", () => {
    expect(findServer([join(work, "elsewhere")], launcher)).toBe(launcher);
    expect(findServer([work], "project")).toBe(launcher);
    expect(findServer([work], "nowhere")).toBeUndefined();
  });
});
