/**
 * Where the extension finds `clusterc lsp`: the launcher `node_modules/clusterc/bin/clusterc.js`
 * of the workspace (in a workspace folder or a folder above it, as Node resolves packages), or
 * what the `clusterc.server.path` setting names — the launcher itself or a folder to look in.
 * Plain Node (no `vscode` import), so it is tested without an editor.
 */
import { existsSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";

/** The launcher's path inside a folder that has clusterc installed. */
export const LAUNCHER = join("node_modules", "clusterc", "bin", "clusterc.js");

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** The launcher installed in `folder` or the nearest folder above it, if any. */
export function launcherAbove(folder: string): string | undefined {
  for (let dir = resolve(folder); ; dir = dirname(dir)) {
    const candidate = join(dir, LAUNCHER);
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) return undefined;
  }
}

/** The launcher to run: from the setting when set (relative paths against the first folder), else from the workspace folders. */
export function findServer(folders: readonly string[], configured: string): string | undefined {
  if (configured.trim() !== "") {
    const path = resolve(folders[0] ?? ".", configured.trim());
    return isFile(path) ? path : launcherAbove(path);
  }
  for (const folder of folders) {
    const found = launcherAbove(folder);
    if (found !== undefined) return found;
  }
  return undefined;
}
