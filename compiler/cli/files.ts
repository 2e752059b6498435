/**
 * The CLI's file-system steps, each failing with a one-line {@link CliError} that names the
 * path and the reason (`cannot write 'out/a.ts': it is a directory`) instead of a Node stack.
 */
import { constants } from "node:fs";
import { access, mkdir, stat, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { CliError, describeFsError, systemErrorCode } from "./errors.ts";

/** Checks that `path` is a readable file (not a folder); `what` names it in the error (`schema`). */
export async function checkReadableFile(path: string, what: string): Promise<void> {
  try {
    const st = await stat(path);
    if (st.isDirectory()) throw new CliError(`cannot read ${what} '${path}': it is a directory`);
    await access(path, constants.R_OK);
  } catch (e) {
    if (e instanceof CliError) throw e;
    throw new CliError(`cannot read ${what} '${path}': ${describeFsError(e)}`);
  }
}

/** The nearest ancestor of `path` (or `path` itself) that exists and is not a folder, if any. */
async function fileInTheWay(path: string): Promise<string | undefined> {
  for (let p = path; ; p = dirname(p)) {
    const st = await stat(p).catch(() => undefined);
    if (st !== undefined) return st.isDirectory() ? undefined : p;
    if (dirname(p) === p) return undefined;
  }
}

/**
 * Creates folder `dir` and its missing parents (an existing folder is fine). Folders are
 * created one at a time rather than with `mkdir -p` semantics: Node's recursive mkdir never
 * returns on some pseudo file systems (`/proc`).
 */
export async function ensureDir(dir: string): Promise<void> {
  const fail = async (e: unknown): Promise<never> => {
    const blocker = await fileInTheWay(dir);
    if (blocker === dir) throw new CliError(`cannot create output folder '${dir}': a file of that name exists`);
    if (blocker !== undefined) throw new CliError(`cannot create output folder '${dir}': '${blocker}' is a file`);
    throw new CliError(`cannot create output folder '${dir}': ${describeFsError(e)}`);
  };
  try {
    await mkdir(dir);
    return;
  } catch (e) {
    const code = systemErrorCode(e);
    if (code === "EEXIST") {
      if ((await stat(dir).catch(() => undefined))?.isDirectory() === true) return;
      return fail(e);
    }
    const parent = dirname(dir);
    if (code !== "ENOENT" || parent === dir) return fail(e);
    await ensureDir(parent);
  }
  try {
    await mkdir(dir);
  } catch (e) {
    if (systemErrorCode(e) === "EEXIST" && (await stat(dir).catch(() => undefined))?.isDirectory() === true) return;
    return fail(e);
  }
}

/** Checks that output file `path` can be replaced: it is absent or a file (not a folder). */
export async function checkOutputFile(path: string): Promise<void> {
  const st = await stat(path).catch(() => undefined);
  if (st?.isDirectory() === true) throw new CliError(`cannot write '${path}': it is a directory`);
}

/** Writes `text` to `path`. */
export async function writeOutputFile(path: string, text: string): Promise<void> {
  try {
    await writeFile(path, text);
  } catch (e) {
    throw new CliError(`cannot write '${path}': ${describeFsError(e)}`);
  }
}
