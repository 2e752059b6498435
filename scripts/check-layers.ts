/**
 * `npm run lint`'s layering check: reads the import graph of runtime/, compiler/, generated/, bench/ and examples/
 * and prints every broken layering rule as `file:line rule: message` (scripts/layers/rules.ts);
 * exits 1 when there is one.
 */
import { fileURLToPath } from "node:url";
import { listSources, readImportGraph } from "./layers/import-graph.ts";
import { checkLayers } from "./layers/rules.ts";
import { LAYER_POLICY } from "./layers/policy.ts";

const root = fileURLToPath(new URL("../", import.meta.url));
const graph = readImportGraph(root, listSources(root, ["runtime", "compiler", "generated", "bench", "examples"]));
const violations = checkLayers(graph, LAYER_POLICY);
for (const v of violations) console.error(`${v.file}:${v.line} ${v.rule}: ${v.message}`);
console.log(`layers: ${graph.size} files, ${violations.length} violation(s)`);
process.exitCode = violations.length === 0 ? 0 : 1;
