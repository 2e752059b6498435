/**
 * The schema parser: one chevrotain {@link EmbeddedActionsParser}, built once and reused,
 * that turns tokens into the AST of `ast.ts`. Error recovery is on, so one run reports
 * several syntax errors; parts that could not be read are left `undefined` in the AST.
 *
 * Every rule's grammar production is its doc comment, so the grammar reads off this file.
 */
import type { IRecognitionException, IToken, TokenType } from "chevrotain";
import { EmbeddedActionsParser } from "./chevrotain.ts";
import type {
  FieldNode,
  MemberNode,
  MethodNode,
  NameNode,
  NumberNode,
  SchemaNode,
  ServiceNode,
  StructNode,
  TopLevelNode,
  TypeRefNode,
  TypeSuffixNode,
} from "./ast.ts";
import type { SourceLocation } from "../diagnostics/source-location.ts";
import { ALL_TOKENS, Arrow, Colon, Dot, LBrace, LBracket, Name, NumberLiteral, RBrace, RBracket, ServiceKeyword } from "./lexer.ts";
import { createEndLocation, createTokenLocation, isRealToken } from "./locations.ts";
import { MAX_NESTING_DEPTH } from "./nesting-limit.ts";
import { syntaxMessages } from "./parser-messages.ts";

/** What a parse produced: the AST (always, possibly partial) and chevrotain's recognition errors. */
export interface ParseOutput {
  readonly ast: SchemaNode;
  readonly errors: readonly IRecognitionException[];
}

/** Options for {@link parseTokens}. */
export interface ParseOptions {
  readonly tokens: readonly IToken[];
  readonly file: string;
  readonly source: string;
  /** Doc comment text for a construct starting at the given location, if any. */
  readonly docFor: (at: SourceLocation) => string | undefined;
}

const NO_DOC = (): undefined => undefined;

class SchemaParser extends EmbeddedActionsParser {
  private file = "";
  private source = "";
  private docFor: (at: SourceLocation) => string | undefined = NO_DOC;
  /** The top-level items read so far in this run (kept when the rest of the file cannot be read). */
  private topLevel: TopLevelNode[] = [];
  /** How many struct bodies the parser is inside now. */
  private nesting = 0;

  constructor() {
    super([...ALL_TOKENS], { recoveryEnabled: true, errorMessageProvider: syntaxMessages, maxLookahead: 3 });
    this.performSelfAnalysis();
  }

  /**
   * Error recovery may invent a missing token, but never a `{`: inventing one makes the parser
   * read the following fields as a new struct's body and every later struct as nested in an
   * unclosed one (`.z:` typed above `.w:int32 4` would read `int32 4 {` …), so one typo turned
   * the rest of the file into errors. Without it, the broken member is skipped and the struct
   * goes on.
   */
  protected override canTokenTypeBeInsertedInRecovery(tokType: TokenType): boolean {
    return tokType !== LBrace;
  }

  /** Sets the per-run context; the parser instance itself is reused. */
  prepare(options: ParseOptions): void {
    this.file = options.file;
    this.source = options.source;
    this.docFor = options.docFor;
    this.topLevel = [];
    this.nesting = 0;
    this.input = [...options.tokens];
  }

  /** Location of a consumed token; a recovery-inserted one is anchored after the previous real token. */
  private locate(token: IToken): SourceLocation {
    const previous = this.LA(0);
    return createTokenLocation(token, { file: this.file, source: this.source, previous: isRealToken(previous) ? previous : undefined });
  }

  private nameNode(token: IToken): NameNode | undefined {
    return isRealToken(token) ? { kind: "name", text: token.image, loc: this.locate(token) } : undefined;
  }

  private numberNode(token: IToken): NumberNode | undefined {
    return isRealToken(token) ? { kind: "number", text: token.image, loc: this.locate(token) } : undefined;
  }

  private schemaNode(items: readonly TopLevelNode[]): SchemaNode {
    return { kind: "schema", file: this.file, items: [...items], loc: createEndLocation(this.file, this.source) };
  }

  /** Offset just past the last real token consumed. */
  private lastEnd(): number {
    const previous = this.LA(0);
    return isRealToken(previous) ? previous.startOffset + previous.image.length : this.source.length;
  }

  /** schema := (service | struct)* EOF */
  public schema = this.RULE(
    "schema",
    (): SchemaNode => {
      const items: TopLevelNode[] = [];
      this.ACTION(() => {
        this.topLevel = items;
      });
      this.MANY(() => {
        const item = this.OR([{ ALT: () => this.SUBRULE(this.serviceDecl) }, { ALT: () => this.SUBRULE(this.structDecl) }]);
        this.ACTION(() => {
          if (item !== undefined) items.push(item);
        });
      });
      return this.ACTION(() => this.schemaNode(items));
    },
    // A file whose end cannot be read (`a {} b` while typing `b`) keeps the items read before it.
    { recoveryValueFunc: () => this.schemaNode(this.topLevel) },
  );

  /** struct := NAME [NUMBER] '{' (struct | field)* '}' */
  public structDecl = this.RULE(
    "structDecl",
    (): StructNode | undefined => {
      this.nesting++;
      try {
        const nameTok = this.CONSUME(Name);
        const tagTok = this.OPTION(() => this.CONSUME(NumberLiteral));
        this.CONSUME(LBrace);
        const members: MemberNode[] = [];
        this.MANY(() => {
          const member = this.OR([
            { ALT: () => this.SUBRULE(this.field) },
            // Real files nest at most MAX_NESTING_DEPTH deep (checked on the tokens); deeper nesting
            // can only come from error recovery misreading later structs, and is cut off here.
            { GATE: () => this.nesting < MAX_NESTING_DEPTH, ALT: () => this.SUBRULE1(this.structDecl) },
          ]);
          this.ACTION(() => {
            if (member !== undefined) members.push(member);
          });
        });
        this.CONSUME(RBrace);
        return this.ACTION(() => {
          const name = this.nameNode(nameTok);
          if (name === undefined) return undefined;
          const protocolTag = tagTok === undefined ? undefined : this.numberNode(tagTok);
          const doc = this.docFor(name.loc);
          return { kind: "struct", name, protocolTag, members, doc, loc: name.loc, end: this.lastEnd() };
        });
      } finally {
        this.nesting--;
      }
    },
    { recoveryValueFunc: () => undefined },
  );

  /** field := '.' NAME ':' type NUMBER */
  public field = this.RULE(
    "field",
    (): FieldNode | undefined => {
      const dot = this.CONSUME(Dot);
      const nameTok = this.CONSUME(Name);
      this.CONSUME(Colon);
      const type = this.SUBRULE(this.typeRef);
      const tagTok = this.CONSUME(NumberLiteral);
      return this.ACTION(() => {
        const loc = this.locate(dot);
        return {
          kind: "field",
          name: this.nameNode(nameTok),
          type,
          tag: this.numberNode(tagTok),
          doc: this.docFor(loc),
          loc,
        };
      });
    },
    { recoveryValueFunc: () => undefined },
  );

  /** type := NAME ('[' [NAME] ']')*   (more than one suffix is rejected by the `array-of-array` check) */
  public typeRef = this.RULE(
    "typeRef",
    (): TypeRefNode | undefined => {
      const nameTok = this.CONSUME(Name);
      const suffixes: TypeSuffixNode[] = [];
      this.MANY(() => {
        const open = this.CONSUME(LBracket);
        const keyTok = this.OPTION(() => this.CONSUME1(Name));
        this.CONSUME(RBracket);
        this.ACTION(() => {
          const key = keyTok === undefined ? undefined : this.nameNode(keyTok);
          suffixes.push({ kind: "type-suffix", key, loc: this.locate(open) });
        });
      });
      return this.ACTION(() => {
        const name = this.nameNode(nameTok);
        return name === undefined ? undefined : { kind: "type-ref", name, suffixes, loc: name.loc };
      });
    },
    { recoveryValueFunc: () => undefined },
  );

  /** service := 'service' NAME '{' method* '}'   (`service` is a keyword only in this position) */
  public serviceDecl = this.RULE(
    "serviceDecl",
    (): ServiceNode | undefined => {
      const keyword = this.CONSUME(ServiceKeyword);
      const nameTok = this.CONSUME(Name);
      this.CONSUME(LBrace);
      const methods: MethodNode[] = [];
      this.MANY(() => {
        const method = this.SUBRULE(this.method);
        this.ACTION(() => {
          if (method !== undefined) methods.push(method);
        });
      });
      this.CONSUME(RBrace);
      return this.ACTION(() => {
        const name = this.nameNode(nameTok);
        if (name === undefined) return undefined;
        const loc = this.locate(keyword);
        return { kind: "service", name, methods, doc: this.docFor(loc), loc, end: this.lastEnd() };
      });
    },
    { recoveryValueFunc: () => undefined },
  );

  /** method := NAME ['->' NAME] */
  public method = this.RULE(
    "method",
    (): MethodNode | undefined => {
      const requestTok = this.CONSUME(Name);
      const responseTok = this.OPTION(() => {
        this.CONSUME(Arrow);
        return this.CONSUME1(Name);
      });
      return this.ACTION(() => {
        const request = this.nameNode(requestTok);
        if (request === undefined) return undefined;
        const response = responseTok === undefined ? undefined : this.nameNode(responseTok);
        return { kind: "method", request, response, doc: this.docFor(request.loc), loc: request.loc };
      });
    },
    { recoveryValueFunc: () => undefined },
  );
}

let shared: SchemaParser | undefined;

/** Parses a token vector into an AST; the one parser instance is created lazily and reused. */
export function parseTokens(options: ParseOptions): ParseOutput {
  shared ??= new SchemaParser();
  shared.prepare(options);
  const parsed: SchemaNode | undefined = shared.schema();
  const errors = [...shared.errors];
  const ast: SchemaNode = parsed ?? { kind: "schema", file: options.file, items: [], loc: createEndLocation(options.file, options.source) };
  shared.prepare({ ...options, tokens: [], docFor: NO_DOC });
  return { ast, errors };
}
