import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { configDefaults, defineConfig } from "vitest/config";

/** The runtime package's entries, mapped to their sources like tsconfig.json's `paths` (tsc and tsx read those). */
const runtimeEntries = {
  "@clusterc/runtime/codegen-v1": "runtime/codegen-v1.ts",
  "@clusterc/runtime/zproto": "runtime/zproto/index.ts",
  "@clusterc/runtime/etcd": "runtime/etcd.ts",
  "@clusterc/runtime/prometheus": "runtime/prometheus.ts",
  "@clusterc/runtime/otel": "runtime/otel.ts",
  "@clusterc/runtime": "runtime/index.ts",
};

/** Test folders whose files run in the vitest worker's own process, sharing it file after file (see `projects`). */
const SHARED_FOLDERS = ["compiler", "codec", "gen", "runtime", "conformance", "docs", "scripts"];

/**
 * The cross-version tests: each starts children on all four Node lines (eight strict type checks
 * among them). CI runs them alone (`--project versions`), after the rest (`--project in-process
 * --project isolated`), so that they neither slow the timing-sensitive files nor hide their cost.
 */
const VERSION_FILES = ["test/node-versions/**/*.test.ts", "test/packages/packed-install.test.ts"];

export default defineConfig({
  resolve: {
    alias: Object.entries(runtimeEntries).map(([name, file]) => ({
      find: new RegExp(`^${name.replace(/[/]/g, "\\/")}$`),
      replacement: fileURLToPath(new URL(file, import.meta.url)),
    })),
  },
  test: {
    // No `include` here: projects extend this config and vitest concatenates arrays, so each
    // project names its own files.
    testTimeout: 20_000,
    hookTimeout: 20_000,
    pool: "forks",
    // Test files run side by side, 1.5 per CPU: most files wait more than they compute (on
    // sockets, child processes, etcd, timeouts they provoke), so three files on two CPUs keep
    // both busy. Measured on two CPUs (whole suite, nearly idle machine): 1 worker 485 s,
    // 2 workers 271 s, 3 workers 178 s, 4 workers 171 s (those with the in-process folders shared).
    maxWorkers: Math.max(2, Math.ceil(availableParallelism() * 1.5)),
    projects: [
      {
        // Tests that run in this process only (no servers of their own in other processes, no
        // process-wide counts): their files share a worker's module cache instead of each
        // importing the runtime and the compiler anew (about 0.6 s a file).
        extends: true,
        test: { name: "in-process", include: SHARED_FOLDERS.map((folder) => `test/${folder}/**/*.test.ts`), isolate: false },
      },
      {
        // Everything else, each file in a fresh process: child processes, etcd, network
        // namespaces, assertions about this process's handles and children.
        extends: true,
        test: {
          name: "isolated",
          include: ["test/**/*.test.ts"],
          exclude: [...configDefaults.exclude, ...VERSION_FILES, ...SHARED_FOLDERS.map((folder) => `test/${folder}/**`)],
        },
      },
      { extends: true, test: { name: "versions", include: VERSION_FILES } },
    ],
  },
});
