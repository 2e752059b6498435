/**
 * Command-line options of the commands that use it (format, breaking, init): boolean flags,
 * options with a value (`--level source` or `--level=source`), short aliases, positional
 * arguments (`-` included: standard input), and `--` ending the options.
 */

/** The options a command accepts. */
export interface OptionSpec {
  /** Boolean flags: `--check`. */
  readonly flags?: readonly string[];
  /** Options that take a value: `--against`. */
  readonly values?: readonly string[];
  /** Short names: `{ "-h": "--help" }`. */
  readonly aliases?: Readonly<Record<string, string>>;
  /** What a valued option takes, for messages: `{ "--out": "a folder" }` (default "a value"). */
  readonly takes?: Readonly<Record<string, string>>;
}

/** Parsed options: positional arguments, flags set, and the last value of each valued option. */
export interface ParsedOptions {
  readonly positional: readonly string[];
  readonly flags: ReadonlySet<string>;
  readonly values: ReadonlyMap<string, string>;
}

/** Parses `args` by `spec`; returns `{ error }` for an unknown option or a missing value. */
export function parseOptions(args: readonly string[], spec: OptionSpec): ParsedOptions | { readonly error: string } {
  const positional: string[] = [];
  const flags = new Set<string>();
  const values = new Map<string, string>();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? "";
    if (arg === "--") {
      positional.push(...args.slice(i + 1));
      break;
    }
    if (!arg.startsWith("-") || arg === "-") {
      positional.push(arg);
      continue;
    }
    const eq = arg.startsWith("--") ? arg.indexOf("=") : -1;
    const raw = eq > 0 ? arg.slice(0, eq) : arg;
    const name = spec.aliases?.[raw] ?? raw;
    if (spec.flags?.includes(name)) {
      if (eq > 0) return { error: `${name} takes no value` };
      flags.add(name);
    } else if (spec.values?.includes(name)) {
      const value = eq > 0 ? arg.slice(eq + 1) : args[++i];
      if (value === undefined || value === "") return { error: `${raw} needs ${spec.takes?.[name] ?? "a value"}` };
      values.set(name, value);
    } else {
      return { error: `unknown option '${raw}'` };
    }
  }
  return { positional, flags, values };
}

/** `value` if it is one of `allowed`, else an error message naming `option` and the choices. */
export function oneOf<T extends string>(
  option: string,
  value: string | undefined,
  allowed: readonly T[],
): T | undefined | { readonly error: string } {
  if (value === undefined) return undefined;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  return { error: `${option} must be ${allowed.map((a) => `'${a}'`).join(" or ")}, got '${value}'` };
}
