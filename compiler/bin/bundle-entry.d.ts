/** Types of bundle-entry.js (the launcher's plain-JavaScript entry choice). */

/** Subcommands the bundle serves (`undefined`: no command, prints usage). */
export declare const BUNDLED_COMMANDS: ReadonlySet<string | undefined>;

/** The bundle's entry, relative to the compiler package's root. */
export declare const BUNDLE_ENTRY: string;

/** The sources' entry, relative to the compiler package's root (absent from the published package). */
export declare const SOURCE_ENTRY: string;

/** Whether `bundle` exists and is at least as new as every file under `sourceDirs` and in `sourceFiles`. */
export declare function isBundleFresh(options: {
  readonly bundle: string;
  readonly sourceDirs: readonly string[];
  readonly sourceFiles?: readonly string[];
}): boolean;

/** "bundle" in an installed package (no sources), or when the bundle serves the command, is not disabled by `CLUSTERC_NO_BUNDLE` and is fresh. */
export declare function chooseEntry(options: {
  readonly root: string;
  readonly argv: readonly string[];
  readonly env: Readonly<Record<string, string | undefined>>;
}): "bundle" | "sources";
