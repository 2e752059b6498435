/**
 * The `.zp` files of the workspace folders on disk, for workspace symbols: listed afresh on each
 * use (so a file created, changed or deleted outside the editor is seen without file watchers),
 * and analysed again only when its size or modification time changed. The walk skips
 * `node_modules`, `.git` and hidden folders, and stops after {@link WORKSPACE_LIMITS}, so a huge
 * tree costs a bounded time; a file that vanishes or cannot be read in between is skipped.
 */
import { readdir, readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { analyzeSchema, type SchemaAnalysis } from "../compile.ts";

/** How much of a workspace is looked at. */
export const WORKSPACE_LIMITS = { entries: 20_000, files: 2_000 } as const;

/** One schema file found on disk. */
export interface WorkspaceSchema {
  readonly uri: string;
  readonly file: string;
  readonly schema: SchemaAnalysis;
}

/** The schema files under a set of folders. */
export interface WorkspaceFiles {
  /** Replaces the folders looked at. */
  setRoots(roots: readonly string[]): void;
  /** Every readable schema file under the folders, no larger than `maxFileSize` characters. */
  list(): Promise<WorkspaceSchema[]>;
}

const SKIPPED = new Set(["node_modules", "dist", "out", "build"]);

async function findSchemas(roots: readonly string[]): Promise<string[]> {
  const found: string[] = [];
  let entries = 0;
  const queue = [...roots];
  while (queue.length > 0 && entries < WORKSPACE_LIMITS.entries && found.length < WORKSPACE_LIMITS.files) {
    const dir = queue.shift()!;
    const listed = await readdir(dir, { withFileTypes: true }).catch(() => []);
    for (const entry of listed) {
      entries++;
      if (entry.name.startsWith(".") || SKIPPED.has(entry.name)) continue;
      if (entry.isDirectory()) queue.push(join(dir, entry.name));
      else if (entry.isFile() && entry.name.endsWith(".zp")) found.push(join(dir, entry.name));
    }
  }
  return found.slice(0, WORKSPACE_LIMITS.files);
}

/** Creates the workspace file list with its per-file analysis cache. */
export function createWorkspaceFiles(maxFileSize: number): WorkspaceFiles {
  let roots: readonly string[] = [];
  const cache = new Map<string, { stamp: string; schema: SchemaAnalysis }>();
  const analyse = async (file: string): Promise<WorkspaceSchema | undefined> => {
    try {
      const info = await stat(file);
      if (info.size > maxFileSize * 4) return undefined;
      const stamp = `${info.size}:${info.mtimeMs}`;
      let entry = cache.get(file);
      if (entry?.stamp !== stamp) {
        const text = await readFile(file, "utf8");
        if (text.length > maxFileSize) return undefined;
        entry = { stamp, schema: analyzeSchema(text, file) };
        cache.set(file, entry);
      }
      return { uri: pathToFileURL(file).href, file, schema: entry.schema };
    } catch {
      cache.delete(file);
      return undefined;
    }
  };
  return {
    setRoots(next) {
      roots = [...next];
      cache.clear();
    },
    async list() {
      const files = await findSchemas(roots);
      const present = new Set(files);
      for (const file of cache.keys()) if (!present.has(file)) cache.delete(file);
      const out: WorkspaceSchema[] = [];
      for (const file of files) {
        const found = await analyse(file);
        if (found !== undefined) out.push(found);
      }
      return out;
    },
  };
}
