/**
 * A V8 code cache for the large CommonJS files `clusterc gen` loads: TypeScript (bundled in
 * @ts-morph/common, 9 MB) and ts-morph. Compiling them is most of ts-morph's ~0.25 s load;
 * with V8's cached code for them it takes about half. The first run writes the cache (when
 * the process exits, so it also holds the functions compiled while generating); later runs
 * read it. Node 22.1+ has this built in (`module.enableCompileCache`, which TypeScript's
 * own `tsc` turns on) and gets it from there; on Node 20 the CommonJS loader's compile step
 * is wrapped for those files only. V8 checks that cached code matches the source and the
 * engine and rejects it otherwise; then the file compiles as usual and the cache is
 * rewritten. Any failure to read or write the cache only costs time.
 *
 * `CLUSTERC_COMPILE_CACHE=off` disables it; `CLUSTERC_COMPILE_CACHE=DIR` puts it in DIR
 * (default: `clusterc-compile-cache` in the OS temp folder).
 */
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import * as nodeModule from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { Script } from "node:vm";

/** Files whose compiled code is cached: big, loaded on every `gen`, never changed in place. */
const CACHED_FILES = /[\\/](?:typescript|ts-morph|ts-morph-common)\.js$/;

/** Options of {@link enableCompileCache}. */
export interface CompileCacheOptions {
  /** Folder of the cache files (default: from `CLUSTERC_COMPILE_CACHE`, else the temp folder). */
  readonly dir?: string;
  /** Which CommonJS files are cached (default: TypeScript and ts-morph). */
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

/** The CommonJS loader's internals this module wraps (stable since Node 12, absent in others). */
interface CjsModule {
  _compile(content: string, filename: string, ...rest: unknown[]): unknown;
  exports: unknown;
}
type CjsModuleClass = { prototype: CjsModule; wrap(script: string): string };

/** A cache file's name: the file's path, size and time and the engine, hashed. */
function cacheKey(filename: string): string {
  const { size, mtimeMs } = statSync(filename);
  const id = [filename, size, mtimeMs, process.version, process.arch].join("\0");
  return `${createHash("sha1").update(id).digest("hex")}.v8`;
}

/** Writes `data` to `path` through a temporary file, so a reader never sees half a file. */
function writeAtomically(path: string, data: Uint8Array): void {
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, data);
  renameSync(temp, path);
}

/**
 * Turns the cache on for this process (once; later calls do nothing). Call it before the
 * cached files are first required.
 */
export function enableCompileCache(options: CompileCacheOptions = {}): void {
  if (stats.mode !== "off") return;
  const setting = (options.env ?? process.env)["CLUSTERC_COMPILE_CACHE"];
  if (setting === "off" || setting === "0") return;
  const dir = options.dir ?? (setting !== undefined && setting !== "" ? setting : join(tmpdir(), "clusterc-compile-cache"));
  const builtIn = (nodeModule as { enableCompileCache?: (dir: string) => unknown }).enableCompileCache;
  if (typeof builtIn === "function") {
    builtIn(dir);
    stats.mode = "node";
    return;
  }
  const Module = createRequire(import.meta.url)("node:module") as CjsModuleClass;
  const original = Module.prototype._compile;
  if (typeof original !== "function" || typeof Module.wrap !== "function") return;
  try {
    mkdirSync(dir, { recursive: true });
  } catch {
    return;
  }
  const files = options.files ?? CACHED_FILES;
  const toWrite: Array<{ script: Script; path: string }> = [];
  Module.prototype._compile = function compileWithCache(this: CjsModule, content: string, filename: string, ...rest: unknown[]) {
    if (!files.test(filename)) return original.call(this, content, filename, ...rest);
    let script: Script;
    let path: string;
    try {
      path = join(dir, cacheKey(filename));
      let cached: Buffer | undefined;
      try {
        cached = readFileSync(path);
      } catch {
        cached = undefined;
      }
      script = new Script(Module.wrap(content), { filename, cachedData: cached });
      if (cached !== undefined && script.cachedDataRejected !== true) stats.hits++;
      else {
        stats.misses++;
        toWrite.push({ script, path });
      }
    } catch {
      return original.call(this, content, filename, ...rest);
    }
    const run = script.runInThisContext({ displayErrors: true }) as (...args: unknown[]) => unknown;
    return run.call(this.exports, this.exports, createRequire(filename), this, filename, dirname(filename));
  };
  stats.mode = "wrapped";
  // Written at exit: the cached code then includes every function compiled during the run.
  process.once("exit", () => {
    for (const { script, path } of toWrite) {
      try {
        writeAtomically(path, script.createCachedData());
        stats.written++;
      } catch {
        // A read-only or full disk only means no cache.
      }
    }
  });
}
