/**
 * Human wording for chevrotain's syntax errors ("expected '{' but found '0x01'"),
 * plugged into the parser as its error message provider.
 */
import type { IParserErrorMessageProvider, IToken, TokenType } from "chevrotain";
import { EOF } from "./chevrotain.ts";

/** Describes a token the parser met: `'}'`, `name 'foo'`, `end of input`. */
export function describeToken(token: IToken | undefined): string {
  if (token === undefined || token.tokenType === EOF) return "end of input";
  const name = token.tokenType.name;
  if (name === "Name" || name === "ServiceKeyword") return `name '${token.image}'`;
  if (name === "NumberLiteral") return `number '${token.image}'`;
  return `'${token.image}'`;
}

/** Describes a token type the parser expected: `'{'`, `a name`, `a number`. */
export function describeTokenType(type: TokenType): string {
  if (type === EOF) return "end of input";
  return typeof type.LABEL === "string" ? type.LABEL : type.name;
}

function describeAlternatives(paths: readonly (readonly TokenType[])[]): string {
  const firsts = new Set<string>();
  for (const path of paths) {
    const first = path[0];
    if (first !== undefined) firsts.add(describeTokenType(first));
  }
  const list = [...firsts];
  if (list.length === 0) return "something else";
  if (list.length === 1) return list[0] ?? "something else";
  return `${list.slice(0, -1).join(", ")} or ${list[list.length - 1] ?? ""}`;
}

const RULE_WHAT: Record<string, string> = {
  schema: "a struct or service definition",
  structDecl: "a struct body",
  field: "a field",
  typeRef: "a field type",
  serviceDecl: "a service body",
  method: "a method",
};

/** The parser's error message provider: short messages without chevrotain's arrows. */
export const syntaxMessages: IParserErrorMessageProvider = {
  buildMismatchTokenMessage({ expected, actual }) {
    if (expected === EOF) return `unexpected ${describeToken(actual)}: expected a struct or service definition`;
    return `expected ${describeTokenType(expected)} but found ${describeToken(actual)}`;
  },
  buildNotAllInputParsedMessage({ firstRedundant }) {
    return `unexpected ${describeToken(firstRedundant)}: expected a struct or service definition`;
  },
  buildNoViableAltMessage({ expectedPathsPerAlt, actual, ruleName }) {
    const what = RULE_WHAT[ruleName] ?? ruleName;
    return `expected ${describeAlternatives(expectedPathsPerAlt.flat())} (${what}) but found ${describeToken(actual[0])}`;
  },
  buildEarlyExitMessage({ expectedIterationPaths, actual }) {
    return `expected ${describeAlternatives(expectedIterationPaths)} but found ${describeToken(actual[0])}`;
  },
};
