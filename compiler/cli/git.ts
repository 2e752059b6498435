/**
 * Reading schemas from a git revision with the git CLI (`git ls-tree`, `git show`), as
 * `clusterc breaking --against REF` does. Paths are relative to the working directory, as
 * git itself takes and prints them. Every failure is one clear {@link CliError}.
 */
import { execFile } from "node:child_process";
import { CliError, oneLine, systemErrorCode } from "./errors.ts";

/** The outcome of one git command. */
interface GitRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs git with `args` in the working directory; rejects only when git cannot be started. */
function runGit(args: readonly string[]): Promise<GitRun> {
  return new Promise((resolve, reject) => {
    execFile("git", [...args], { maxBuffer: 256 * 1024 * 1024, encoding: "utf8" }, (error, stdout, stderr) => {
      if (error !== null && typeof error.code !== "number") {
        reject(systemErrorCode(error) === "ENOENT" ? new CliError("git is not installed (needed to read schemas from a git ref)") : error);
        return;
      }
      resolve({ code: error === null ? 0 : (error.code as number), stdout, stderr });
    });
  });
}

/** A git revision of the working directory's repository. */
export interface GitRevision {
  /** The ref as given: `main`, `origin/main`, `HEAD~1`, a tag or a commit. */
  readonly ref: string;
  /** Every file under `dir` (relative to the working directory) in the revision. */
  listFiles(dir: string): Promise<string[]>;
  /** True when the revision has file `path`. */
  hasFile(path: string): Promise<boolean>;
  /** The text of file `path` in the revision. */
  readFile(path: string): Promise<string>;
}

/** `./path`: how git reads a path relative to the working directory in `REF:path`. */
function here(path: string): string {
  return path.startsWith("../") || path.startsWith("./") ? path : `./${path}`;
}

/**
 * The revision `ref` of the repository around the working directory. Throws a one-line error
 * when there is no repository (`what` says what else `ref` could have been) or no such ref.
 */
export async function openGitRevision(ref: string, what: string): Promise<GitRevision> {
  const inside = await runGit(["rev-parse", "--is-inside-work-tree"]);
  if (inside.code !== 0) throw new CliError(`'${ref}' is ${what}, and '${process.cwd()}' is not in a git repository`);
  if (ref.startsWith("-")) throw new CliError(`'${ref}' is not a git ref`);
  const commit = await runGit(["rev-parse", "--verify", "--quiet", `${ref}^{commit}`]);
  if (commit.code !== 0) throw new CliError(`unknown git ref '${ref}' (and no file or folder of that name)`);
  const sha = commit.stdout.trim();
  return {
    ref,
    async listFiles(dir) {
      const listed = await runGit(["ls-tree", "-r", "--name-only", sha, "--", dir]);
      if (listed.code !== 0) throw new CliError(`cannot list '${dir}' in git ref '${ref}': ${oneLine(listed.stderr)}`);
      return listed.stdout.split("\n").filter((l) => l !== "");
    },
    async hasFile(path) {
      return (await runGit(["cat-file", "-e", `${sha}:${here(path)}`])).code === 0;
    },
    async readFile(path) {
      const shown = await runGit(["show", `${sha}:${here(path)}`]);
      if (shown.code !== 0) throw new CliError(`cannot read '${path}' in git ref '${ref}': ${oneLine(shown.stderr)}`);
      return shown.stdout;
    },
  };
}
