/** The code generator's public surface. */
/** The generator's entry: one schema model in, one formatted TypeScript module out. */
export { DEFAULT_SECTIONS, generateModule, generatedHeader } from "./generate.ts";
/** The TypeScript names given to a schema's structs. */
export { computeStructNames } from "./context.ts";
/** The generator's options and what its sections see. */
export type { GenContext, GenerateOptions, GenSection, ResolvedOptions, StructNames } from "./context.ts";
/** The facade sections write the module through. */
export type { GeneratedFile, PropertySpec } from "./generated-file.ts";
/** Identifier rules of the generated code and its error. */
export { GenerateError, propAccess, propKey, structTypeName } from "./names.ts";
