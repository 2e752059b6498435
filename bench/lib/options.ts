/** Command-line options of `npm run bench`. */
import { BenchError } from "./errors.ts";

/** The parts of the benchmark. */
export type BenchPart = "rpc" | "overhead" | "discovery" | "membership" | "codec" | "compiler" | "lsp" | "memory";

/** Every part, in run order. */
export const ALL_PARTS: readonly BenchPart[] = ["rpc", "overhead", "discovery", "membership", "codec", "compiler", "lsp", "memory"];

/** How much work each part does: the default run, `--quick`, or the test's tiny `--smoke`. */
export type BenchScale = "full" | "quick" | "smoke";

/** Parsed options. */
export interface BenchOptions {
  readonly scale: BenchScale;
  readonly parts: readonly BenchPart[];
  /** Restrict RPC/codec contenders to these ids (all when undefined). */
  readonly contenders?: readonly string[];
  /** Write `.cpuprofile` files of every child into the results directory. */
  readonly cpuProf: boolean;
  /** Pin server and client children to different CPUs with taskset (default true). */
  readonly pin: boolean;
  /** Echo child logs. */
  readonly verbose: boolean;
  /** Write the JSON result file (default true). */
  readonly writeJson: boolean;
}

/** Usage text of the bench command. */
export const BENCH_USAGE = `usage: npm run bench -- [--quick] [--only rpc|overhead|discovery|membership|codec|compiler|lsp|memory[,…]] [--contenders id,…]
                        [--cpu-prof] [--no-pin] [--no-json] [--verbose]
  --quick       a reduced run (< 30 s)
  --only        run only the named part(s)
  --contenders  restrict RPC/codec contenders (e.g. raw,clusterc-0.7.1)
  --cpu-prof    write a .cpuprofile per child into bench/results/<timestamp>-profiles/
  --no-pin      do not pin server/client to different CPUs`;

function isPart(value: string): value is BenchPart {
  return (ALL_PARTS as readonly string[]).includes(value);
}

/** Parses `argv` (without node and the script). Throws BenchError("usage") on bad input. */
export function parseBenchOptions(argv: readonly string[]): BenchOptions {
  let scale: BenchScale = "full";
  const parts: BenchPart[] = [];
  let contenders: string[] | undefined;
  let cpuProf = false;
  let pin = true;
  let verbose = false;
  let writeJson = true;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [flag, inline] = arg.includes("=") ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)] : [arg, undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined || v === "") throw new BenchError("usage", `${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case "--quick":
        scale = "quick";
        break;
      case "--smoke":
        scale = "smoke";
        break;
      case "--only":
        for (const p of value().split(",")) {
          if (!isPart(p)) throw new BenchError("usage", `unknown part '${p}' (parts: ${ALL_PARTS.join(", ")})`);
          if (!parts.includes(p)) parts.push(p);
        }
        break;
      case "--contenders":
        contenders = value()
          .split(",")
          .filter((c) => c !== "");
        break;
      case "--cpu-prof":
        cpuProf = true;
        break;
      case "--no-pin":
        pin = false;
        break;
      case "--no-json":
        writeJson = false;
        break;
      case "--verbose":
        verbose = true;
        break;
      default:
        throw new BenchError("usage", `unknown option '${arg}'\n${BENCH_USAGE}`);
    }
  }
  return {
    scale,
    parts: parts.length > 0 ? ALL_PARTS.filter((p) => parts.includes(p)) : ALL_PARTS,
    ...(contenders ? { contenders } : {}),
    cpuProf,
    pin,
    verbose,
    writeJson,
  };
}
