/**
 * The schema's abstract syntax tree: what the parser builds and the checks visit.
 *
 * One discriminated union (`kind`), every node carrying its {@link SourceLocation}.
 * Parts the parser could not read (error recovery) are `undefined`; a syntax error has
 * always been reported for them, so checks skip them silently.
 */
import type { SourceLocation } from "../diagnostics/source-location.ts";

/** An identifier as written: struct, field, type, key, service or method name. */
export interface NameNode {
  readonly kind: "name";
  readonly text: string;
  readonly loc: SourceLocation;
}

/** A number literal as written (`16`, `0x10`, `010`, `-1`); its value is interpreted by `number-literal.ts`. */
export interface NumberNode {
  readonly kind: "number";
  readonly text: string;
  readonly loc: SourceLocation;
}

/** One `'[' [KEY] ']'` suffix of a field type. */
export interface TypeSuffixNode {
  readonly kind: "type-suffix";
  readonly key?: NameNode;
  readonly loc: SourceLocation;
}

/** A field type: a type name followed by zero or more `[...]` suffixes (more than one is an error). */
export interface TypeRefNode {
  readonly kind: "type-ref";
  readonly name: NameNode;
  readonly suffixes: readonly TypeSuffixNode[];
  readonly loc: SourceLocation;
}

/** `'.' NAME ':' TYPE TAG` */
export interface FieldNode {
  readonly kind: "field";
  readonly name?: NameNode;
  readonly type?: TypeRefNode;
  readonly tag?: NumberNode;
  readonly doc?: string;
  readonly loc: SourceLocation;
}

/** `NAME [NUMBER] '{' member* '}'`, members being nested structs and fields (structs must come first). */
export interface StructNode {
  readonly kind: "struct";
  readonly name: NameNode;
  readonly protocolTag?: NumberNode;
  readonly members: readonly MemberNode[];
  readonly doc?: string;
  /** Location of the struct's name; `end` is the offset just past its closing brace (or of the last token read). */
  readonly loc: SourceLocation;
  readonly end: number;
}

/** A member of a struct body. */
export type MemberNode = StructNode | FieldNode;

/** `REQUEST ['->' RESPONSE]` inside a service block. */
export interface MethodNode {
  readonly kind: "method";
  readonly request: NameNode;
  readonly response?: NameNode;
  readonly doc?: string;
  readonly loc: SourceLocation;
}

/** `'service' NAME '{' method* '}'`: clusterc's extension. */
export interface ServiceNode {
  readonly kind: "service";
  readonly name: NameNode;
  readonly methods: readonly MethodNode[];
  readonly doc?: string;
  /** Location of the `service` keyword. */
  readonly loc: SourceLocation;
  /** The offset just past its closing brace (or of the last token read). */
  readonly end: number;
}

/** A top-level definition. */
export type TopLevelNode = StructNode | ServiceNode;

/** A whole schema file. */
export interface SchemaNode {
  readonly kind: "schema";
  readonly file: string;
  readonly items: readonly TopLevelNode[];
  /** Location of the end of the file (where "at end of input" diagnostics point). */
  readonly loc: SourceLocation;
}

/** Any AST node. */
export type AstNode = SchemaNode | TopLevelNode | FieldNode | MethodNode | TypeRefNode | TypeSuffixNode | NameNode | NumberNode;
