/**
 * The language server under bad input, at the protocol level: a file that does not parse at
 * all, a 5 MB file, a file deleted while open, positions outside the file, malformed requests,
 * and a client that goes away. Each gets a clean error or an empty answer; the server keeps
 * answering, logs no internal error, and exits when its client is gone.
 */
import { mkdtempSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CodeActionRequest,
  CompletionRequest,
  DefinitionRequest,
  DidChangeWatchedFilesNotification,
  DocumentFormattingRequest,
  DocumentHighlightRequest,
  DocumentSymbolRequest,
  FileChangeType,
  HoverRequest,
  type MarkupContent,
  type Position,
  PrepareRenameRequest,
  ReferencesRequest,
  RenameRequest,
  type SymbolInformation,
  WorkspaceSymbolRequest,
} from "vscode-languageserver-protocol/node";
import { killAllServers, type LspSession, startLspSession, uriOf, waitFor } from "./support/lsp-session.ts";

let session: LspSession;
let workspace: string;

/** Every position request the server answers, at `position` of `uri`, with the answers. */
async function askEverything(uri: string, position: Position): Promise<unknown[]> {
  const c = session.connection;
  const doc = { textDocument: { uri }, position };
  const answers = await Promise.all([
    c.sendRequest(HoverRequest.type, doc),
    c.sendRequest(DefinitionRequest.type, doc),
    c.sendRequest(ReferencesRequest.type, { ...doc, context: { includeDeclaration: true } }),
    c.sendRequest(DocumentHighlightRequest.type, doc),
    c.sendRequest(CompletionRequest.type, doc),
    c.sendRequest(PrepareRenameRequest.type, doc).catch((e: Error) => `error: ${e.message}`),
    c.sendRequest(RenameRequest.type, { ...doc, newName: "x" }).catch((e: Error) => `error: ${e.message}`),
    c.sendRequest(CodeActionRequest.type, {
      textDocument: { uri },
      range: { start: position, end: position },
      context: { diagnostics: [] },
    }),
  ]);
  return answers;
}

/** True for an answer that is empty or a clean refusal: null, a list, an object, or a rename error saying why. */
const isCleanAnswer = (a: unknown): boolean =>
  a === null || typeof a === "object" || (typeof a === "string" && /^error: (there is no struct|'.*' is a builtin type)/.test(a));

/** A deterministic string of `size` characters no schema is made of: brackets, punctuation, control characters. */
function garbage(size: number): string {
  const alphabet = "ab{}[]:.@#$%^&*() \n\t09->xyz\u0000\u00ff\u2028é";
  let seed = 7;
  let out = "";
  for (let i = 0; i < size; i++) {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    out += alphabet[seed % alphabet.length];
  }
  return out;
}

beforeAll(async () => {
  workspace = mkdtempSync(join(tmpdir(), "clusterc-lsp-bad-"));
  session = await startLspSession({ rootPath: workspace });
});

afterAll(async () => {
  const code = await session?.stop();
  killAllServers();
  rmSync(workspace, { recursive: true, force: true });
  expect(code).toBe(0);
});

describe("bad input gets a clean error or an empty answer", () => {
  it("a file that does not parse at all: located syntax diagnostics, and every request answers", async () => {
    const uri = uriOf(join(workspace, "garbage.zp"));
    const text = garbage(20_000);
    await session.open(uri, text);
    const published = await session.waitForDiagnostics(uri, () => true, "diagnostics of the garbage file");
    expect(published.diagnostics.length).toBeGreaterThan(10);
    expect(new Set(published.diagnostics.map((d) => d.code))).toEqual(new Set(["unexpected-character", "syntax-error"]));
    for (const position of [
      { line: 0, character: 0 },
      { line: 3, character: 2 },
      { line: 40, character: 1 },
    ]) {
      const answers = await askEverything(uri, position);
      expect(answers.filter((a) => !isCleanAnswer(a))).toEqual([]);
    }
    const symbols = await session.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } });
    expect(Array.isArray(symbols)).toBe(true);
    const format = await session.connection.sendRequest(DocumentFormattingRequest.type, {
      textDocument: { uri },
      options: { tabSize: 2, insertSpaces: true },
    });
    expect(Array.isArray(format)).toBe(true);
  });

  it("a 5 MB file: one file-too-large warning and empty answers, until it shrinks", async () => {
    const uri = uriOf(join(workspace, "huge.zp"));
    const struct = "s0 0x01 {\n\t.id:int32 1\n\t.name:string 2\n}\n";
    const text = struct.repeat(Math.ceil((5 * 1024 * 1024) / struct.length));
    await session.open(uri, text);
    const published = await session.waitForDiagnostics(uri, () => true, "diagnostics of the huge file");
    expect(published.diagnostics.map((d) => [d.code, d.severity])).toEqual([["file-too-large", 2]]);
    expect(published.diagnostics[0]?.message).toMatch(/more than the language server analyses/);
    expect(
      await session.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 0, character: 1 } }),
    ).toBeNull();
    expect(await session.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } })).toEqual([]);
    await session.change(uri, 2, [{ text: struct }]);
    const small = await session.waitForDiagnostics(uri, (p) => p.version === 2, "diagnostics after shrinking");
    expect(small.diagnostics).toEqual([]);
    await session.close(uri);
  });

  it("a file deleted while open: answers come from the editor's text until it is closed", async () => {
    const path = join(workspace, "doomed.zp");
    const text = "# Soon gone.\ndoomed 0x01 {\n\t.x:int32 1\n}\n";
    writeFileSync(path, text);
    const uri = uriOf(path);
    await session.open(uri, text);
    await session.waitForDiagnostics(uri, () => true, "diagnostics of the doomed file");
    unlinkSync(path);
    await session.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri, type: FileChangeType.Deleted }] });
    const hover = await session.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 1, character: 1 } });
    expect((hover?.contents as MarkupContent | undefined)?.value).toContain("Soon gone.");
    const find = async () =>
      ((await session.connection.sendRequest(WorkspaceSymbolRequest.type, { query: "doomed" })) as SymbolInformation[]).map((s) => s.name);
    expect(await find()).toEqual(["doomed"]);
    await session.close(uri);
    await session.waitForDiagnostics(uri, (p) => p.diagnostics.length === 0 && p.version === undefined, "diagnostics cleared");
    expect(await find()).toEqual([]);
    expect(
      await session.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 1, character: 1 } }),
    ).toBeNull();
  });

  it("positions outside the file, and documents never opened, get empty answers", async () => {
    const uri = uriOf(join(workspace, "small.zp"));
    // Every position below, if clamped into the file, would land on a name and get an answer.
    const text = "aaa 0x01 {\n}\nservice s {\n\taaa\n\taaa";
    await session.open(uri, text);
    await session.waitForDiagnostics(uri, () => true, "diagnostics of small.zp");
    for (const position of [
      { line: 1000, character: 0 },
      { line: 3, character: 1000 },
      { line: -1, character: 0 },
      { line: 0, character: -5 },
      { line: 0.5, character: 1 },
    ]) {
      expect(await askEverything(uri, position)).toEqual([null, null, [], [], [], null, null, []]);
    }
    const never = uriOf(join(workspace, "never-opened.zp"));
    expect(await askEverything(never, { line: 0, character: 0 })).toEqual([null, null, [], [], [], null, null, []]);
    expect(await session.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri: never } })).toEqual([]);
  });

  it("malformed requests get an error or an empty answer, and unknown methods MethodNotFound", async () => {
    const c = session.connection;
    await expect(c.sendRequest("textDocument/hover", { textDocument: {} })).resolves.toBeNull();
    await expect(c.sendRequest("textDocument/hover", null)).rejects.toThrow();
    await expect(c.sendRequest("textDocument/definition", { position: "here" })).resolves.toBeNull();
    await expect(c.sendRequest("clusterc/nothing", {})).rejects.toThrow(/Unhandled method|not found/i);
    await expect(c.sendRequest(WorkspaceSymbolRequest.type, { query: 42 as unknown as string })).resolves.toEqual([]);
  });

  it("the server is still up and logged no internal error", async () => {
    const uri = uriOf(join(workspace, "after.zp"));
    await session.open(uri, "after 0x01 {\n}\n");
    await session.waitForDiagnostics(uri, () => true, "diagnostics after the bad input");
    expect(session.child.exitCode).toBeNull();
    expect(session.stderr()).not.toMatch(/internal error|failed:/);
  });
});

describe("a client that goes away", () => {
  it("closing the server's stdin without shutdown ends the server", async () => {
    const other = await startLspSession({ rootPath: workspace });
    const exited = new Promise<number | null>((resolve) => other.child.on("exit", (code) => resolve(code)));
    other.child.stdin.end();
    let code: number | null | undefined;
    void exited.then((c) => (code = c));
    await waitFor(() => code !== undefined, 10_000, "the server to exit after its input closed");
    expect(code).toBe(1);
    other.connection.dispose();
  });
});
