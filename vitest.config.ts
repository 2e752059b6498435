import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

/** The runtime package's entries, mapped to their sources like tsconfig.json's `paths` (tsc and tsx read those). */
const runtimeEntries = {
  "@clusterc/runtime/codegen-v1": "runtime/codegen-v1.ts",
  "@clusterc/runtime/zproto": "runtime/zproto/index.ts",
  "@clusterc/runtime/etcd": "runtime/etcd.ts",
  "@clusterc/runtime/prometheus": "runtime/prometheus.ts",
  "@clusterc/runtime/otel": "runtime/otel.ts",
  "@clusterc/runtime": "runtime/index.ts",
};

export default defineConfig({
  resolve: {
    alias: Object.entries(runtimeEntries).map(([name, file]) => ({
      find: new RegExp(`^${name.replace(/[/]/g, "\\/")}$`),
      replacement: fileURLToPath(new URL(file, import.meta.url)),
    })),
  },
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    pool: "forks",
  },
});
