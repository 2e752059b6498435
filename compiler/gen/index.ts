/** The code generator's public surface. */
export { DEFAULT_SECTIONS, generateModule, generatedHeader } from "./generate.ts";
export { computeStructNames } from "./context.ts";
export type { GenContext, GenerateOptions, GenSection, ResolvedOptions, StructNames } from "./context.ts";
export type { GeneratedFile, PropertySpec } from "./generated-file.ts";
export { GenerateError, propAccess, propKey, structTypeName } from "./names.ts";
