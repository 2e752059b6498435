/**
 * The checked, resolved schema model: the contract between the compiler front end
 * (lexer → parser → AST → checks → model) and the code generators.
 *
 * Everything here is plain, JSON-serialisable data. Structs reference each other by
 * qualified name (`player.stats.buff`), and `SchemaModel.structs` lists every struct
 * (top-level and nested) in definition order — which, because zproto forbids forward
 * and self references, is also a valid dependency order: a struct only ever refers to
 * structs listed before it. Locations are {@link SourceLocation}s (`diagnostics/`).
 */
import type { SourceLocation } from "../diagnostics/source-location.ts";

/**
 * The canonical scalar kinds of zproto. The schema's spelling (e.g. `integer`,
 * `byte[]`) is kept separately in {@link ScalarFieldType.spelling}.
 */
export type ScalarKind =
  | "boolean"
  | "int8"
  | "uint8"
  | "int16"
  | "uint16"
  | "int32"
  | "uint32"
  | "int64"
  | "uint64"
  | "float"
  | "string"
  | "blob";

/** A field whose value is a scalar (or an array/map of scalars). */
export interface ScalarFieldType {
  readonly kind: "scalar";
  readonly scalar: ScalarKind;
  /** The type name exactly as written in the schema: `integer`, `int32`, `byte[]`, … */
  readonly spelling: string;
  /** Fixed wire width in bytes (1, 2, 4 or 8); 0 for `string` and `blob` (length-prefixed). */
  readonly width: 0 | 1 | 2 | 4 | 8;
}

/** A field whose value is a struct (or an array/map of structs). */
export interface StructFieldType {
  readonly kind: "struct";
  /** Qualified name of the referenced struct, a key into {@link SchemaModel.structs}. */
  readonly struct: string;
}

/** The element type of a field. */
export type FieldType = ScalarFieldType | StructFieldType;

/** How many values a field holds. */
export type FieldShape = "single" | "array" | "map";

/** One field of a struct. */
export interface FieldModel {
  readonly name: string;
  /** Field tag, 1..65535, strictly ascending within a struct. */
  readonly tag: number;
  /** The element type (for arrays and maps, the type of each element). */
  readonly type: FieldType;
  readonly shape: FieldShape;
  /**
   * For `shape: "map"` only: the name of the key field inside the element struct
   * (always a non-array scalar field of that struct).
   */
  readonly mapKey?: string;
  /** Text of the `#` comment lines directly above the field, if any. */
  readonly doc?: string;
  readonly loc: SourceLocation;
}

/** One struct (message), top-level or nested. */
export interface StructModel {
  /** The struct's own name as written: `buff`. */
  readonly name: string;
  /** Dot-joined path from the top level: `player.stats.buff`. Unique in a schema. */
  readonly qualifiedName: string;
  /** Qualified name of the enclosing struct; absent for top-level structs. */
  readonly parent?: string;
  /** Protocol tag (the RPC `cmd` on the wire); 0 = none. Always 0 for nested structs. */
  readonly protocolTag: number;
  /** Fields in declaration order (which is ascending tag order). */
  readonly fields: readonly FieldModel[];
  /** Qualified names of the structs declared directly inside this one, in order. */
  readonly nested: readonly string[];
  readonly doc?: string;
  readonly loc: SourceLocation;
}

/** One method of a service. */
export interface MethodModel {
  /** The method name: the request struct's name. */
  readonly name: string;
  /** Qualified name of the request struct (always top-level, non-zero protocol tag). */
  readonly request: string;
  /** Qualified name of the response struct (top-level); absent for one-way methods. */
  readonly response?: string;
  /** The wire `cmd`: the request struct's protocol tag. */
  readonly cmd: number;
  readonly doc?: string;
  readonly loc: SourceLocation;
}

/** A `service NAME { … }` block: clusterc's extension to zproto. */
export interface ServiceModel {
  readonly name: string;
  readonly methods: readonly MethodModel[];
  readonly doc?: string;
  readonly loc: SourceLocation;
}

/** A whole checked schema file. */
export interface SchemaModel {
  /** The schema file path as given to the compiler. */
  readonly file: string;
  /** Every struct, top-level and nested, in definition (= dependency) order. */
  readonly structs: readonly StructModel[];
  /** Services in declaration order. */
  readonly services: readonly ServiceModel[];
}
