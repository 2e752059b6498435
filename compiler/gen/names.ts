/**
 * Identifier rules of the generator: type names from struct names, unique names within a
 * generated module, and safe property access for field names.
 */

/** Thrown for schemas the generator cannot express (e.g. a field named `__proto__`). */
export class GenerateError extends Error {
  /** Creates an error with a full message. */
  constructor(message: string) {
    super(message);
    this.name = "GenerateError";
  }
}

/** How schema names become TypeScript names, shared with the checker (`naming/ts-names.ts`). */
export {
  camelName,
  DEFAULT_NAMING,
  memberName,
  pascalName,
  structTypeName,
  tagConstName,
  type NamingStyle,
} from "../naming/ts-names.ts";

const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** True when `name` can be written as `obj.name`. */
export function isIdentifier(name: string): boolean {
  return IDENT.test(name);
}

/** `.name` or `["1st"]`: property access for a field name. */
export function propAccess(name: string): string {
  return isIdentifier(name) ? `.${name}` : `[${JSON.stringify(name)}]`;
}

/**
 * Expression reading field `name` of object expression `obj`. Names inherited from
 * `Object.prototype` (`constructor`, `toString`, …) are read as own properties only, so a
 * plain object without the field reads `undefined`.
 */
export function readField(obj: string, name: string): string {
  if (name in Object.prototype) return `(Object.hasOwn(${obj}, ${JSON.stringify(name)}) ? ${obj}${propAccess(name)} : undefined)`;
  return `${obj}${propAccess(name)}`;
}

/** `name` or `"1st"`: a property key in an interface or object literal. */
export function propKey(name: string): string {
  return isIdentifier(name) ? name : JSON.stringify(name);
}

/** Identifiers generated code relies on that schema-derived names must not shadow. */
const RESERVED = [
  "Array",
  "BigInt",
  "Error",
  "Map",
  "Math",
  "MessageCodec",
  "Number",
  "Object",
  "Readonly",
  "Reader",
  "Record",
  "String",
  "Uint8Array",
  "Writer",
  "MAX_DEPTH",
];

/** Hands out module-level identifiers, never the same twice (`Add`, then `Add_2`). */
export interface NameRegistry {
  /** Claims `base` (or `base_2`, `base_3`, … when taken) and returns it. */
  claim(base: string): string;
  /** True when `name` is taken. */
  has(name: string): boolean;
}

/** Creates a registry with the generator's reserved identifiers pre-claimed. */
export function createNameRegistry(reserved: readonly string[] = []): NameRegistry {
  const taken = new Set<string>([...RESERVED, ...reserved]);
  return {
    claim(base: string): string {
      let name = base;
      for (let i = 2; taken.has(name); i++) name = `${base}_${i}`;
      taken.add(name);
      return name;
    },
    has: (name) => taken.has(name),
  };
}
