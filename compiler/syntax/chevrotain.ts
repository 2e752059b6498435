/**
 * The chevrotain values the front end uses, loaded from chevrotain's single-file bundle.
 *
 * chevrotain's package entry pulls in several hundred small lodash-es modules, which costs
 * about 0.4 s (1 s under tsx's loader) on every cold `clusterc` run; its bundled build
 * `lib/chevrotain.min.mjs` (same version, same API) loads in a few milliseconds. The
 * package's `exports` map does not list the bundle, so it is located next to the resolved
 * entry point. Types still come from the package itself.
 */
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import type * as ChevrotainApi from "chevrotain";

const entry = createRequire(import.meta.url).resolve("chevrotain"); // …/chevrotain/lib/src/api.js
const bundle = pathToFileURL(join(dirname(entry), "..", "chevrotain.min.mjs")).href;
const api = (await import(bundle)) as typeof ChevrotainApi;

/** chevrotain's `createToken`. */
export const createToken = api.createToken;
/** chevrotain's `Lexer`. */
export const Lexer = api.Lexer;
/** chevrotain's `EmbeddedActionsParser`. */
export const EmbeddedActionsParser = api.EmbeddedActionsParser;
/** chevrotain's `EOF` token type. */
export const EOF = api.EOF;
