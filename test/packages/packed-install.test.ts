/**
 * The packages as a user gets them: `npm pack` both workspaces (their `prepack` builds them),
 * install the tarballs into a fresh app outside the repository, then on every Node.js line
 * pinned in `.ci/node-versions` (20, 22, 24, 26): `clusterc gen` a schema there with the
 * installed bin, start its language server (`clusterc lsp --version`, then an initialize
 * handshake), compile the app with that runtime's tsc under every strict flag (NodeNext and
 * Bundler resolution, library checking on), and run a server and a client with plain `node` —
 * no tsx — making typed calls over TCP on 127.0.0.1; a client on the newest line calls a server
 * on the oldest. One install, four runtimes: the binaries come from `.cache/node/`
 * (`.ci/node.sh`), fetched from the npm registry when missing, and a runtime that cannot be had
 * fails the test rather than skipping it. A second app installs the runtime alone: it must pull
 * in no other package, its installed size is reported, and it runs on every line, imported from
 * an ES module and required from CommonJS.
 */
import { type ChildProcess, execFileSync, spawn, spawnSync } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createProtocolConnection,
  ExitNotification,
  InitializeRequest,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
} from "vscode-languageserver-protocol/node";
import { envWith, mainLine, type NodeRuntime, nodeRuntime, pinnedLines } from "../node-versions/runtimes.ts";

const REPO_ROOT = fileURLToPath(new URL("../../", import.meta.url));
const FIXTURE_APP = fileURLToPath(new URL("fixtures/app/", import.meta.url));
const TSC = join(REPO_ROOT, "node_modules", "typescript", "bin", "tsc");
/** TypeScript 7 (what `npm i typescript` installs today): it loads no `@types/*` by itself. */
const TSC_7 = join(REPO_ROOT, "node_modules", "typescript-7", "bin", "tsc");
const NPM_CLI = process.env["npm_execpath"];

const work = mkdtempSync(join(tmpdir(), "clusterc-packed-"));
const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children) child.kill("SIGKILL");
  rmSync(work, { recursive: true, force: true });
});

/** The tested Node.js lines, oldest first. */
const LINES = pinnedLines();
/** `[title, line]` rows for `describe.each`/`it.each` ("%s" in the title: "24 (v24.22.3)"). */
const ROWS = LINES.map((pin) => [`${pin.line} (v${pin.version})`, pin] as const);
/** Time to fetch a missing runtime (`.ci/node.sh` bounds npm to 300 s). */
const FETCH_TIMEOUT = 340_000;

/** Runs `file args` in `cwd`; on failure throws with the command's output, not just its exit code. */
function run(file: string, args: readonly string[], cwd: string, timeout = 170_000, env: NodeJS.ProcessEnv = process.env): string {
  try {
    return execFileSync(file, args, { cwd, encoding: "utf8", stdio: "pipe", timeout, env });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`${file} ${args.join(" ")} failed in ${cwd}:\n${stdout ?? ""}${stderr ?? ""}`);
  }
}

/** Runs npm with `args` in `cwd` (the npm that runs this suite when known, else the one on PATH). */
function npm(args: readonly string[], cwd: string): string {
  const all = [...args, "--no-audit", "--no-fund", "--loglevel=error"];
  if (NPM_CLI?.endsWith(".js")) return run(process.execPath, [NPM_CLI, ...all], cwd);
  return run("npm", all, cwd);
}

/** Total size in bytes of the files under `dir` (symbolic links not followed). */
function du(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) total += du(path);
    else if (entry.isFile()) total += statSync(path).size;
  }
  return total;
}

/** Makes an empty ESM app folder named `name` under the work folder. */
function createApp(name: string): string {
  const dir = join(work, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "package.json"), `${JSON.stringify({ name, private: true, type: "module" }, null, 2)}\n`);
  return dir;
}

/** Resolves with the first stdout line of `child` that matches `pattern`, or rejects when it exits first. */
function lineMatching(child: ChildProcess, pattern: RegExp): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    let seen = "";
    child.stdout?.setEncoding("utf8");
    child.stdout?.on("data", (chunk: string) => {
      seen += chunk;
      const match = seen.match(pattern);
      if (match !== null) resolve(match);
    });
    child.once("exit", (code) => reject(new Error(`exited (${code}) before printing ${pattern}: ${seen}`)));
  });
}

let tarballs: { runtime: string; compiler: string };

beforeAll(() => {
  const out = join(work, "tarballs");
  mkdirSync(out);
  npm(["pack", "-w", "@clusterc/runtime", "-w", "clusterc", "--pack-destination", out], REPO_ROOT);
  const files = readdirSync(out);
  const find = (prefix: string): string => {
    const file = files.find((f) => f.startsWith(prefix) && f.endsWith(".tgz"));
    if (file === undefined) throw new Error(`no ${prefix}*.tgz among ${files.join(", ")}`);
    return join(out, file);
  };
  tarballs = { runtime: find("clusterc-runtime-"), compiler: find("clusterc-0") };
}, 180_000);

describe("the packed tarballs", () => {
  it("ship only what users run: built JavaScript, declarations, README, LICENSE", () => {
    const list = (tgz: string): string[] =>
      execFileSync("tar", ["tzf", tgz], { encoding: "utf8" })
        .trim()
        .split("\n")
        .map((f) => f.replace(/^package\//, ""));
    const runtime = list(tarballs.runtime);
    expect(runtime).toEqual(
      expect.arrayContaining([
        "package.json",
        "README.md",
        "LICENSE",
        "dist/index.js",
        "dist/index.d.ts",
        "dist/codegen-v1.js",
        "dist/codegen-v1.d.ts",
      ]),
    );
    expect(runtime.filter((f) => !/^(package\.json|README\.md|LICENSE|dist\/.*\.(js|d\.ts))$/.test(f))).toEqual([]);
    const compiler = list(tarballs.compiler);
    expect(compiler).toEqual(
      expect.arrayContaining([
        "package.json",
        "README.md",
        "LICENSE",
        "bin/clusterc.js",
        "dist/clusterc.mjs",
        "config/clusterc.schema.json",
      ]),
    );
    expect(compiler.filter((f) => /(^|\/)(test|bench|\.ci|scripts)\//.test(f) || (f.endsWith(".ts") && !f.endsWith(".d.ts")))).toEqual([]);
  });
});

describe("an app that installs both tarballs", () => {
  let app: string;
  let bin: string;

  beforeAll(() => {
    app = createApp("typed-app");
    npm(["install", "--prefer-offline", tarballs.runtime, tarballs.compiler], app);
    bin = join(app, "node_modules", ".bin", "clusterc");
    // The app's type check uses this repository's @types/node (a user's app brings its own).
    mkdirSync(join(app, "node_modules", "@types"), { recursive: true });
    symlinkSync(join(REPO_ROOT, "node_modules", "@types", "node"), join(app, "node_modules", "@types", "node"));
    mkdirSync(join(app, "src"));
    for (const file of ["server.ts", "client.ts"]) cpSync(join(FIXTURE_APP, file), join(app, "src", file));
    for (const file of ["tsconfig.json", "tsconfig.bundler.json"]) cpSync(join(FIXTURE_APP, file), join(app, file));
    cpSync(join(REPO_ROOT, "schemas", "calc.zp"), join(app, "calc.zp"));
  }, 180_000);

  /** What `clusterc gen` wrote on the first line, to compare the others with. */
  let firstGenerated: string | undefined;

  describe.each(ROWS)("on Node %s", (_title, { line, version }) => {
    let runtime: NodeRuntime;
    beforeAll(() => {
      runtime = nodeRuntime(line);
    }, FETCH_TIMEOUT);

    it("generates with the installed clusterc bin, importing only @clusterc/runtime/codegen-v1, the same code on every line", () => {
      // `.bin/clusterc` starts with `#!/usr/bin/env node`: the runtime first on PATH runs it, as for a user.
      const env = envWith(runtime);
      expect(run("node", ["--version"], app, 10_000, env).trim()).toBe(`v${version}`);
      rmSync(join(app, "src", "gen"), { recursive: true, force: true });
      run(bin, ["gen", "calc.zp", "-o", "src/gen"], app, 60_000, env);
      const generated = readFileSync(join(app, "src", "gen", "calc.ts"), "utf8");
      const imports = generated.split("\n").filter((l) => l.includes('from "'));
      expect(imports.length).toBeGreaterThan(0);
      expect(imports.every((l) => l.includes('"@clusterc/runtime/codegen-v1"'))).toBe(true);
      firstGenerated ??= generated;
      expect(generated).toBe(firstGenerated);
      expect(run(bin, ["--version"], app, 30_000, env).trim()).toMatch(/^\d+\.\d+\.\d+$/);
    }, 90_000);

    it("runs the installed language server: clusterc lsp --version, then an initialize handshake", async () => {
      const env = envWith(runtime);
      expect(run(bin, ["lsp", "--version"], app, 30_000, env).trim()).toMatch(/^\d+\.\d+\.\d+$/);
      const server = spawn(bin, ["lsp", "--stdio"], { cwd: app, stdio: "pipe", env });
      children.push(server);
      const exited = new Promise<number | null>((resolve) => server.once("exit", resolve));
      const connection = createProtocolConnection(new StreamMessageReader(server.stdout), new StreamMessageWriter(server.stdin));
      connection.listen();
      try {
        const result = await connection.sendRequest(InitializeRequest.type, { processId: process.pid, rootUri: null, capabilities: {} });
        expect(result.serverInfo).toEqual({ name: "clusterc", version: expect.stringMatching(/^\d+\.\d+\.\d+$/) });
        expect(result.capabilities.hoverProvider).toBe(true);
        await connection.sendRequest(ShutdownRequest.type);
        await connection.sendNotification(ExitNotification.type);
        expect(await exited).toBe(0);
      } finally {
        connection.dispose();
      }
    }, 60_000);

    it("type-checks under every strict flag with NodeNext and with Bundler resolution, library checking on", () => {
      // Throws with tsc's output on any error.
      run(runtime.bin, [TSC, "-p", "tsconfig.json", "--outDir", `dist-${line}`], app);
      run(runtime.bin, [TSC, "-p", "tsconfig.bundler.json"], app);
    }, 120_000);

    it("runs a server and a client with plain node, making typed calls over TCP", async () => {
      const { address, notified } = await startServer(runtime, app, `dist-${line}`);
      const client = run(runtime.bin, [`dist-${line}/client.js`, address], app, 30_000);
      expect(client).toContain(`add 30 slow_add 42 on v${version}`);
      expect(client).toContain("bad timeout: invalid-argument");
      // The client shut down right after its one-way notify resolved: the message still arrived.
      expect(await notified).toBe("bye");
    }, 60_000);
  });

  it("type-checks with TypeScript 7 too, NodeNext and Bundler, with no `types` setting in the app", () => {
    // The app's tsconfig names no `types`: the runtime's declarations bring Node's types themselves.
    expect(JSON.parse(readFileSync(join(app, "tsconfig.json"), "utf8")).compilerOptions.types).toBeUndefined();
    const main = nodeRuntime(mainLine());
    expect(run(main.bin, [TSC_7, "--version"], app).trim()).toMatch(/^Version 7\./);
    run(main.bin, [TSC_7, "-p", "tsconfig.json", "--noEmit"], app);
    run(main.bin, [TSC_7, "-p", "tsconfig.bundler.json"], app);
  }, 120_000);

  it(`lets a client on Node ${LINES.at(-1)?.line} call a server on Node ${LINES[0]?.line}`, async () => {
    const [oldest, newest] = [nodeRuntime(LINES[0]!.line), nodeRuntime(LINES.at(-1)!.line)];
    const { address, notified } = await startServer(oldest, app, `dist-${oldest.line}`);
    const client = run(newest.bin, [`dist-${newest.line}/client.js`, address], app, 30_000);
    expect(client).toContain(`add 30 slow_add 42 on v${newest.version}`);
    expect(await notified).toBe("bye");
  }, 60_000);

  it("runs init, format and breaking from the installed package (their dependencies installed with it)", () => {
    run(bin, ["init", "--force"], app);
    // The $schema that init writes resolves in the installed package.
    expect(existsSync(join(app, "node_modules", "clusterc", "config", "clusterc.schema.json"))).toBe(true);
    run(bin, ["format", "--check", "*.zp"], app);
    run(bin, ["breaking", "calc.zp", "--against", "calc.zp"], app);
  }, 60_000);
});

/** Starts `dir/server.js` of `app` on `runtime`; resolves with its address once it listens, and the message its notify handler will get. */
async function startServer(runtime: NodeRuntime, app: string, dir: string): Promise<{ address: string; notified: Promise<string> }> {
  const server = spawn(runtime.bin, [`${dir}/server.js`], { cwd: app, stdio: ["ignore", "pipe", "inherit"] });
  children.push(server);
  const [, address, version] = await lineMatching(server, /listening (\S+) on (\S+)\n/);
  expect(version).toBe(`v${runtime.version}`);
  const notified = lineMatching(server, /notified (\S+)\n/).then((m) => m[1]!);
  return { address: address!, notified };
}

describe("an app that installs only the runtime", () => {
  let app: string;

  it("gets no other package", () => {
    app = createApp("runtime-only");
    npm(["install", "--prefer-offline", tarballs.runtime], app);
    const modules = join(app, "node_modules");
    const installed = readdirSync(modules).filter((f) => !f.startsWith("."));
    expect(installed).toEqual(["@clusterc"]);
    expect(readdirSync(join(modules, "@clusterc"))).toEqual(["runtime"]);
    const bytes = du(modules);
    console.log(`runtime-only app: node_modules holds ${(bytes / 1024).toFixed(0)} KiB in one package`);
    expect(bytes).toBeLessThan(2 * 1024 * 1024);
    const script =
      'import { createCluster, pack } from "@clusterc/runtime"; const n = createCluster(); const l = await n.listen("127.0.0.1:0"); console.log(typeof pack, l.address.port > 0, process.version); await n.shutdown();';
    writeFileSync(join(app, "main.js"), script);
    // A CommonJS app: require() of an ES module, unflagged from Node 20.19 and 22.12 (hence `engines`).
    const commonJs =
      'const { createCluster, pack } = require("@clusterc/runtime"); console.log(typeof pack, typeof createCluster, process.version);';
    writeFileSync(join(app, "main.cjs"), commonJs);
  }, 120_000);

  it.each(ROWS)(
    "works under plain node, imported and required, on Node %s",
    (_title, { line, version }) => {
      const runtime = nodeRuntime(line);
      expect(run(runtime.bin, ["main.js"], app, 20_000).trim()).toBe(`function true v${version}`);
      // No warning either: require(esm) is no longer experimental on these lines.
      const cjs = spawnSync(runtime.bin, ["main.cjs"], { cwd: app, encoding: "utf8", timeout: 20_000 });
      expect({ status: cjs.status, stdout: cjs.stdout.trim(), stderr: cjs.stderr }).toEqual({
        status: 0,
        stdout: `function function v${version}`,
        stderr: "",
      });
    },
    FETCH_TIMEOUT,
  );
});
