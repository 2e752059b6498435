/**
 * How schema names become TypeScript names: the one place that decides it, shared by the
 * checker (which reports names that clash after conversion), the generator (which emits
 * them) and tools such as the language server. Pure functions, no imports.
 *
 * - Types are PascalCase in every style: `slow_add` → `SlowAdd`; a nested struct joins its
 *   path with `_` (`player.stats_ex` → `Player_StatsEx`), as protobuf-es does.
 * - Members (fields and methods) depend on the {@link NamingStyle}: camelCase by default
 *   (`delay_ms` → `delayMs`, `slow_add` → `slowAdd`), or exactly as the schema spells them.
 * - A top-level struct's tag constant is its name in upper snake case (`ADD_TAG`); a service
 *   exports `CalcService`, `CalcClient`, `createCalcClient`, `CalcHandler` and `serveCalc`.
 *
 * These are the names before the generator makes them unique within one module (`Add_2` when
 * `Add` is taken: `gen/names.ts`'s registry, in the order `gen/exported-names.ts` states).
 *
 * Names never travel on the wire, so the style is purely a choice of generated code;
 * descriptors keep the schema's names for logs, metrics and span names.
 */

/**
 * How generated code names fields and methods: `camel` (default: `delayMs`, `slowAdd`, the
 * convention of TypeScript code and of protobuf-es and ts-proto) or `schema` (as written in
 * the schema: `delay_ms`, `slow_add`, the names Lua code of silly uses).
 */
export type NamingStyle = "camel" | "schema";

/** Every naming style, for option parsing and the config's JSON Schema. */
export const NAMING_STYLES: readonly NamingStyle[] = ["camel", "schema"];

/** The default naming style. */
export const DEFAULT_NAMING: NamingStyle = "camel";

/** `slow_add` → `SlowAdd`, `add` → `Add`, `HTTPReq` → `HTTPReq`: each `_`-separated part capitalised, `_` dropped. */
export function pascalName(name: string): string {
  return name
    .split("_")
    .map((part) => (part.length === 0 ? "" : part[0]!.toUpperCase() + part.slice(1)))
    .join("");
}

/**
 * `slow_add` → `slowAdd`, `delay_ms` → `delayMs`, `Add` → `add`, `HTTPReq` → `httpReq`,
 * `HP` → `hp`, `userID` → `userID`, `item_2` → `item2`: `_` dropped and the letter after it
 * capitalised, and the first word's leading run of capitals lowered (all of it, or all but
 * the last when a lower-case letter follows, so an acronym stays one word). A name that is
 * already camelCase is unchanged.
 */
export function camelName(name: string): string {
  const parts = name.split("_").filter((part) => part.length > 0);
  const first = parts.shift() ?? "";
  let run = 0;
  while (run < first.length && /[A-Z]/.test(first[run]!)) run++;
  const lower = run > 1 && run < first.length && /[a-z]/.test(first[run]!) ? run - 1 : run;
  return first.slice(0, lower).toLowerCase() + first.slice(lower) + pascalName(parts.join("_"));
}

/** The generated name of a field or method `name` in naming style `style`. */
export function memberName(name: string, style: NamingStyle): string {
  return style === "camel" ? camelName(name) : name;
}

/** Type name of a struct from its qualified name: `packet.phone_number` → `Packet_PhoneNumber`. */
export function structTypeName(qualifiedName: string): string {
  return qualifiedName.split(".").map(pascalName).join("_");
}

/** `player.stats` → `PLAYER_STATS` (for constants). */
export function upperSnake(qualifiedName: string): string {
  return qualifiedName.replace(/\./g, "_").toUpperCase();
}

/** The tag constant of top-level struct `qualifiedName`: `add` → `ADD_TAG`. */
export function tagConstName(qualifiedName: string): string {
  return `${upperSnake(qualifiedName)}_TAG`;
}

/** The identifiers a service exports, in the order the generator claims them. */
export interface ServiceExportNames {
  /** The descriptor const: `CalcService`. */
  readonly descriptor: string;
  /** The client interface: `CalcClient`. */
  readonly client: string;
  /** The client factory: `createCalcClient`. */
  readonly createClient: string;
  /** The handler interface a server implements: `CalcHandler`. */
  readonly handler: string;
  /** The function registering a handler on a node: `serveCalc`. */
  readonly serve: string;
  /** The identifiers of its errors, when a method declares `[errors]`. */
  readonly errors?: ServiceErrorExportNames;
}

/** The identifiers of a service's errors (claimed after the others, in this order). */
export interface ServiceErrorExportNames {
  /** The codes const: `BankErrors` (only when the service lists its codes in `errors { … }`). */
  readonly codes?: string;
  /** The union type of the codes a caller may see: `BankErrorCode`. */
  readonly codeType: string;
  /** The type guard of its `RemoteError`s: `isBankError`. */
  readonly guard: string;
}

/** What decides a service's error exports: whether a method declares `[errors]`, whether the service lists its codes. */
export interface ServiceErrorShape {
  readonly declaresErrors: boolean;
  readonly listsCodes: boolean;
}

/**
 * The identifiers service `name` exports: `calc` → `CalcService`, `CalcClient`, `createCalcClient`,
 * `CalcHandler`, `serveCalc`; with `shape` saying a method declares `[errors]`, also `errors`:
 * `BankErrors` (when it lists codes), `BankErrorCode`, `isBankError`.
 */
export function serviceExportNames(name: string, shape?: ServiceErrorShape): ServiceExportNames {
  const base = pascalName(name);
  const names = {
    descriptor: `${base}Service`,
    client: `${base}Client`,
    createClient: `create${base}Client`,
    handler: `${base}Handler`,
    serve: `serve${base}`,
  };
  if (shape?.declaresErrors !== true) return names;
  const codes = shape.listsCodes ? { codes: `${base}Errors` } : {};
  return { ...names, errors: { ...codes, codeType: `${base}ErrorCode`, guard: `is${base}Error` } };
}
