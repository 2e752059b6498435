/**
 * A V8 code cache for the large CommonJS files `clusterc gen` loads: TypeScript (bundled in
 * @ts-morph/common, 9 MB) and ts-morph. Compiling them is most of ts-morph's ~0.25 s load;
 * with V8's cached code for them it takes about half. The first run writes the cache (when
 * the process exits, so it also holds the functions compiled while generating); later runs
 * read it. Node 22.8+ has this built in (`module.enableCompileCache`, which TypeScript's
 * own `tsc` turns on) and gets it from there; on older Node the CommonJS loader's compile
 * step is wrapped for those files only, giving each the loader's own `require` (so module
 * parents and children are as usual). Code compiled from the cache cannot use `import()`
 * (Node 20 loses its dynamic-import hook there); TypeScript and ts-morph do not use it,
 * which is why only they are cached. V8 checks that cached code matches
 * the source and the engine and rejects it otherwise; then the file compiles as usual and
 * the cache is rewritten. Any failure to read or write the cache only costs time.
 *
 * The cache is per user (`clusterc-compile-cache-<uid>` in the OS temp folder); a file's
 * entry replaces the entries of its earlier versions, so reinstalls do not pile up.
 * `CLUSTERC_COMPILE_CACHE=off` (or `0`) disables it; `CLUSTERC_COMPILE_CACHE=DIR` puts it
 * in DIR (whose parent folder must exist).
 */
import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import * as nodeModule from "node:module";
import { createRequire } from "node:module";
import { tmpdir, userInfo } from "node:os";
import { dirname, join } from "node:path";
import { Script } from "node:vm";

/** Files whose compiled code is cached: big, loaded on every `gen`, never changed in place. */
const CACHED_FILES = /[\\/](?:typescript|ts-morph|ts-morph-common)\.js$/;

/** Options of {@link enableCompileCache}. */
export interface CompileCacheOptions {
  /** Folder of the cache files (default: from `CLUSTERC_COMPILE_CACHE`, else the temp folder). */
  readonly dir?: string;
  /** Which CommonJS files are cached (default: TypeScript and ts-morph; ignored by Node's own cache). */
  readonly files?: RegExp;
  /** Environment to read `CLUSTERC_COMPILE_CACHE` from (default `process.env`). */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/** What the cache did in this process (for tests and diagnostics). */
export interface CompileCacheStats {
  /** "node" when Node's own compile cache is used, "wrapped" for ours, "off" otherwise. */
  mode: "node" | "wrapped" | "off";
  /** Files compiled from cached code. */
  hits: number;
  /** Files compiled without usable cached code (none yet, or rejected by V8). */
  misses: number;
  /** Cache files written. */
  written: number;
}

const stats: CompileCacheStats = { mode: "off", hits: 0, misses: 0, written: 0 };

/** What {@link enableCompileCache} has done so far in this process. */
export function compileCacheStats(): Readonly<CompileCacheStats> {
  return { ...stats };
}

/** The CommonJS loader's internals this module uses (stable since Node 12). */
interface CjsModule {
  _compile(content: string, filename: string, ...rest: unknown[]): unknown;
  require(id: string): unknown;
  exports: unknown;
}
interface CjsModuleClass {
  prototype: CjsModule;
  wrap(script: string): string;
  _resolveFilename(request: string, parent: CjsModule, isMain: boolean, options?: unknown): string;
  _cache: unknown;
  _extensions: unknown;
}

/** Node 22.8+: `module.enableCompileCache(dir)` and the statuses it answers with. */
interface BuiltInCache {
  enableCompileCache?: (dir: string) => { status: number };
  constants?: { compileCacheStatus?: { ENABLED: number; ALREADY_ENABLED: number } };
}

/** The default folder: per user, in the OS temp folder. */
function defaultDir(): string {
  let user: string;
  try {
    user = String(process.getuid?.() ?? userInfo().username);
  } catch {
    user = "user";
  }
  return join(tmpdir(), `clusterc-compile-cache-${user}`);
}

/** `<hash of the path>-<hash of path, size, time and engine>.v8`: one prefix per file. */
function cacheName(filename: string): { prefix: string; name: string } {
  const { size, mtimeMs } = statSync(filename);
  const prefix = createHash("sha1").update(filename).digest("hex").slice(0, 16);
  const version = createHash("sha1").update([filename, size, mtimeMs, process.version, process.arch].join("\0")).digest("hex").slice(0, 16);
  return { prefix, name: `${prefix}-${version}.v8` };
}

/** Writes `data` as `dir/name` through a temporary file (a reader never sees half a file) and removes the file's older entries. */
function writeEntry(dir: string, prefix: string, name: string, data: Uint8Array): void {
  const temp = join(dir, `${name}.${process.pid}.tmp`);
  writeFileSync(temp, data);
  renameSync(temp, join(dir, name));
  for (const old of readdirSync(dir)) {
    if (old.startsWith(`${prefix}-`) && old.endsWith(".v8") && old !== name) rmSync(join(dir, old), { force: true });
  }
}

/** Makes the cache folder (not its parents: a missing parent means no cache). */
function makeDir(dir: string): boolean {
  try {
    mkdirSync(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "EEXIST") return false;
  }
  try {
    return statSync(dir).isDirectory();
  } catch {
    return false;
  }
}

/** The `require` the loader would give `module`: through its own `require`, so parents and children are recorded. */
function requireFor(Module: CjsModuleClass, module: CjsModule): NodeJS.Require {
  const req = ((id: string) => module.require(id)) as NodeJS.Require;
  req.resolve = ((request: string, options?: unknown) => Module._resolveFilename(request, module, false, options)) as NodeJS.RequireResolve;
  Object.assign(req, { main: mainModule(), cache: Module._cache, extensions: Module._extensions });
  return req;
}

/** `require.main` of this process. */
function mainModule(): NodeJS.Module | undefined {
  return createRequire(import.meta.url).main;
}

/**
 * Turns the cache on for this process (once; later calls do nothing). Call it before the
 * cached files are first required.
 */
export function enableCompileCache(options: CompileCacheOptions = {}): void {
  if (stats.mode !== "off") return;
  const setting = (options.env ?? process.env)["CLUSTERC_COMPILE_CACHE"];
  if (setting === "off" || setting === "0") return;
  const dir = options.dir ?? (setting !== undefined && setting !== "" ? setting : defaultDir());
  const builtIn = nodeModule as BuiltInCache;
  if (typeof builtIn.enableCompileCache === "function") {
    const statuses = builtIn.constants?.compileCacheStatus;
    const { status } = builtIn.enableCompileCache(dir);
    if (statuses !== undefined && (status === statuses.ENABLED || status === statuses.ALREADY_ENABLED)) stats.mode = "node";
    return;
  }
  const Module = createRequire(import.meta.url)("node:module") as CjsModuleClass;
  const original = Module.prototype._compile;
  if (typeof original !== "function" || typeof Module.wrap !== "function" || !makeDir(dir)) return;
  const files = options.files ?? CACHED_FILES;
  const toWrite: Array<{ script: Script; prefix: string; name: string }> = [];
  Module.prototype._compile = function compileWithCache(this: CjsModule, content: string, filename: string, ...rest: unknown[]) {
    if (!files.test(filename)) return original.call(this, content, filename, ...rest);
    let script: Script;
    try {
      const { prefix, name } = cacheName(filename);
      let cached: Buffer | undefined;
      try {
        cached = readFileSync(join(dir, name));
      } catch {
        cached = undefined;
      }
      script = new Script(Module.wrap(content), { filename, cachedData: cached });
      if (cached !== undefined && script.cachedDataRejected !== true) stats.hits++;
      else {
        stats.misses++;
        toWrite.push({ script, prefix, name });
      }
    } catch {
      return original.call(this, content, filename, ...rest);
    }
    const run = script.runInThisContext({ displayErrors: true }) as (...args: unknown[]) => unknown;
    return run.call(this.exports, this.exports, requireFor(Module, this), this, filename, dirname(filename));
  };
  stats.mode = "wrapped";
  // Written at exit: the cached code then includes every function compiled during the run.
  process.once("exit", () => {
    for (const { script, prefix, name } of toWrite) {
      try {
        writeEntry(dir, prefix, name, script.createCachedData());
        stats.written++;
      } catch {
        // A read-only or full disk only means no cache.
      }
    }
  });
}
