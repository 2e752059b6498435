/** Locations used by the codec tests, relative to this repository (never absolute). */
import { fileURLToPath } from "node:url";

/** The zproto conformance vectors carried by the repository (`conformance/vectors/zproto/`). */
export const CONFORMANCE_DIR = fileURLToPath(new URL("../../../conformance/vectors/zproto/", import.meta.url));
/** The repository root. */
export const REPO_ROOT = fileURLToPath(new URL("../../../", import.meta.url));
/** file: URL of the runtime entry generated code imports (codegen-v1), used as `runtimeImport` for modules generated outside the repo. */
export const RUNTIME_URL = new URL("../../../runtime/codegen-v1.ts", import.meta.url).href;
/** Fixture schemas of these tests. */
export const FIXTURES_DIR = fileURLToPath(new URL("../fixtures/", import.meta.url));
/** Golden generated files. */
export const GOLDEN_DIR = fileURLToPath(new URL("../golden/", import.meta.url));
