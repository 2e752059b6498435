/**
 * The output cache of `clusterc gen`: generated text keyed by everything it is made from —
 * the schema's bytes and printed path, the generator options, clusterc's version, a
 * fingerprint of the generator code that runs (the bundle, or every compiler source: name,
 * size and modification time) and the versions of ts-morph and prettier. Re-running `gen` on
 * an unchanged schema (a build step, `--watch` touching a file, an editor saving) then writes
 * the same bytes in milliseconds, without loading the compiler, ts-morph, TypeScript or
 * prettier, which is most of a cold run's time. Only output without diagnostics is cached.
 *
 * Entries live in a per-user folder (`clusterc-gen-cache-<uid>` in the OS temp folder), one
 * file per key, written atomically; the oldest are dropped beyond {@link MAX_ENTRIES}. Reads
 * check the entry's own key line, so a damaged entry is a miss. `CLUSTERC_GEN_CACHE=off`
 * (or `0`) disables it; `CLUSTERC_GEN_CACHE=DIR` puts it in DIR. Any failure of the cache
 * only costs time.
 */
import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync, type Dirent } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir, userInfo } from "node:os";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** Entries kept; beyond this, the oldest are removed when one is written. */
const MAX_ENTRIES = 256;

/** What of the compiler package is not the generator when it runs from its sources. */
const SOURCE_SKIP: ReadonlySet<string> = new Set(["node_modules", "bin", "dist", "README.md", "LICENSE"]);

/** What a cache entry is keyed on besides the generator. */
export interface OutputKey {
  /** The schema's bytes. */
  readonly schema: Uint8Array;
  /** The schema path printed in the header. */
  readonly schemaPath: string;
  /** The generator options (JSON-serialisable). */
  readonly options: unknown;
}

/** A cache of generated modules. */
export interface OutputCache {
  /** The cached text for `key`, or undefined. */
  get(key: OutputKey): string | undefined;
  /** Stores `text` for `key` (best effort). */
  set(key: OutputKey, text: string): void;
}

function cacheDir(env: Readonly<Record<string, string | undefined>>): string | undefined {
  const setting = env["CLUSTERC_GEN_CACHE"];
  if (setting === "off" || setting === "0") return undefined;
  if (setting !== undefined && setting !== "") return setting;
  let user: string;
  try {
    user = String(userInfo().uid);
  } catch {
    user = "user";
  }
  return join(tmpdir(), `clusterc-gen-cache-${user}`);
}

/**
 * Names, sizes and modification times of the files under `dir` (recursively), into `hash`;
 * at the top, the names in `skip` and build folders in progress (`dist.*`) are left out.
 */
function hashTree(hash: ReturnType<typeof createHash>, dir: string, skip: ReadonlySet<string> | undefined): void {
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    if (skip !== undefined && (skip.has(e.name) || e.name.startsWith("dist."))) continue;
    const path = join(dir, e.name);
    if (e.isDirectory()) hashTree(hash, path, undefined);
    else {
      const s = statSync(path);
      hash.update(`${path}\0${s.size}\0${s.mtimeMs}\n`);
    }
  }
}

/** The version of package `name` as installed next to the compiler ("-" when missing). */
function packageVersion(name: string): string {
  try {
    const file = createRequire(import.meta.url).resolve(`${name}/package.json`);
    return `${name}@${(JSON.parse(readFileSync(file, "utf8")) as { version?: string }).version}:${statSync(file).mtimeMs}`;
  } catch {
    return `${name}@-`;
  }
}

/**
 * A fingerprint of the generator that runs: this module's package (the compiler's sources,
 * or the bundle folder it was built into), clusterc's version and the formatting packages.
 */
function generatorFingerprint(): string {
  const hash = createHash("sha256");
  // This file is compiler/cli/output-cache.ts, or a chunk of compiler/dist/: its package root is two levels up, or one.
  const here = dirname(fileURLToPath(import.meta.url));
  const root = dirname(here);
  hash.update(`${readFileSafe(join(root, "package.json"))}\n${packageVersion("ts-morph")}\n${packageVersion("prettier")}\n`);
  // The generator that runs is either the bundle (only dist/ counts: a source checkout's
  // sources may change beside it) or the sources (dist/ does not count: rebuilding the bundle,
  // as `npm pack` does, must not invalidate what the sources generated).
  if (basename(here) === "dist") hashTree(hash, here, new Set());
  else hashTree(hash, root, SOURCE_SKIP);
  return hash.digest("hex");
}

function readFileSafe(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return "-";
  }
}

/** The cache configured by `env` (default `process.env`), or undefined when it is off. */
export function openOutputCache(env: Readonly<Record<string, string | undefined>> = process.env): OutputCache | undefined {
  const dir = cacheDir(env);
  if (dir === undefined) return undefined;
  let fingerprint: string | undefined;
  const keyOf = (key: OutputKey): string => {
    fingerprint ??= generatorFingerprint();
    const hash = createHash("sha256");
    hash.update(`${fingerprint}\n${key.schemaPath}\n${JSON.stringify(key.options)}\n`);
    hash.update(key.schema);
    return hash.digest("hex");
  };
  return {
    get(key) {
      const id = keyOf(key);
      try {
        const text = readFileSync(join(dir, `${id}.ts`), "utf8");
        const nl = text.indexOf("\n");
        return text.slice(0, nl) === `// ${id}` ? text.slice(nl + 1) : undefined;
      } catch {
        return undefined;
      }
    },
    set(key, text) {
      const id = keyOf(key);
      try {
        mkdirSync(dir, { recursive: true });
        const tmp = join(dir, `${id}.${process.pid}.tmp`);
        writeFileSync(tmp, `// ${id}\n${text}`);
        renameSync(tmp, join(dir, `${id}.ts`));
        prune(dir);
      } catch {
        // Only time is lost.
      }
    },
  };
}

/** Removes the oldest entries beyond {@link MAX_ENTRIES}. */
function prune(dir: string): void {
  const names = readdirSync(dir).filter((n) => n.endsWith(".ts"));
  if (names.length <= MAX_ENTRIES) return;
  const byAge = names.map((n) => ({ n, t: statSync(join(dir, n)).mtimeMs })).sort((a, b) => a.t - b.t);
  for (const { n } of byAge.slice(0, names.length - MAX_ENTRIES)) rmSync(join(dir, n), { force: true });
}
