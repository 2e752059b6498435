/**
 * The language server at the protocol level, feature by feature, on the real `clusterc lsp`
 * child process and a real protocol client (vscode-languageserver-protocol): diagnostics as
 * `clusterc check` reports them, hover, definition, references, highlights, completion,
 * symbols, formatting, rename and quick fixes.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type CodeAction,
  CodeActionRequest,
  type CompletionItem,
  CompletionRequest,
  DefinitionRequest,
  DidChangeWatchedFilesNotification,
  DocumentFormattingRequest,
  DocumentHighlightRequest,
  type DocumentSymbol,
  DocumentSymbolRequest,
  FileChangeType,
  HoverRequest,
  type Location,
  type MarkupContent,
  PrepareRenameRequest,
  ReferencesRequest,
  RenameRequest,
  type SymbolInformation,
  type TextEdit,
  type WorkspaceEdit,
  WorkspaceSymbolRequest,
} from "vscode-languageserver-protocol/node";
import { runCli } from "../compiler/cli/process.ts";
import { killAllServers, type LspSession, RICH_CLIENT, startLspSession, uriOf } from "./support/lsp-session.ts";
import { applyEdits, positionOf } from "./support/text-positions.ts";

const FIXTURES = new URL("./fixtures/", import.meta.url);
const GAME = readFileSync(new URL("game.zp", FIXTURES), "utf8");
const BROKEN_PATH = new URL("broken.zp", FIXTURES).pathname;
const BROKEN = readFileSync(BROKEN_PATH, "utf8");

let session: LspSession;
let workspace: string;
let gameUri: string;

/** Opens `text` as a new document and waits for its first diagnostics. */
async function openDoc(name: string, text: string): Promise<string> {
  const uri = uriOf(join(workspace, name));
  await session.open(uri, text);
  await session.waitForDiagnostics(uri, () => true, `diagnostics of ${name}`);
  return uri;
}

const at = (uri: string, text: string, needle: string, nth = 0, delta = 0) => ({
  textDocument: { uri },
  position: positionOf(text, needle, nth, delta),
});

async function hoverText(uri: string, text: string, needle: string, nth = 0): Promise<string> {
  const hover = await session.connection.sendRequest(HoverRequest.type, at(uri, text, needle, nth, 1));
  return (hover?.contents as MarkupContent | undefined)?.value ?? "";
}

async function complete(uri: string, text: string, needle: string, nth = 0, delta = needle.length): Promise<CompletionItem[]> {
  const result = await session.connection.sendRequest(CompletionRequest.type, at(uri, text, needle, nth, delta));
  return Array.isArray(result) ? result : (result?.items ?? []);
}

beforeAll(async () => {
  workspace = mkdtempSync(join(tmpdir(), "clusterc-lsp-"));
  writeFileSync(join(workspace, "on-disk.zp"), "# Only on disk.\nledger_row 0x09 {\n\t.amount:int64 1\n}\n");
  session = await startLspSession({ rootPath: workspace });
  gameUri = await openDoc("game.zp", GAME);
});

afterAll(async () => {
  await session?.stop();
  killAllServers();
  rmSync(workspace, { recursive: true, force: true });
});

describe("diagnostics", () => {
  it("carry the codes, messages and positions of `clusterc check`, with related locations", async () => {
    const uri = await openDoc("broken.zp", BROKEN);
    const published = session.diagnostics(uri)!.diagnostics;
    const check = await runCli(["check", "--format", "json", BROKEN_PATH]);
    const report = JSON.parse(check.stdout) as { diagnostics: Array<{ code: string; message: string; line: number; column: number }> };
    expect(published.map((d) => [d.code, d.message, d.range.start.line + 1, d.range.start.character + 1])).toEqual(
      report.diagnostics.map((d) => [d.code, d.message, d.line, d.column]),
    );
    expect(published.every((d) => d.source === "clusterc")).toBe(true);
    const notAscending = published.find((d) => d.code === "tag-not-ascending")!;
    expect(notAscending.relatedInformation).toEqual([
      {
        location: { uri, range: { start: positionOf(BROKEN, "32 2", 0, 3), end: positionOf(BROKEN, "32 2", 0, 4) } },
        message: "tag 2 of field 'x'",
      },
    ]);
    const duplicate = published.find((d) => d.code === "duplicate-struct")!;
    expect(duplicate.relatedInformation?.[0]?.location.range.start).toEqual(positionOf(BROKEN, "a 0x01"));
  });

  it("follow edits: fixing the error clears it, and the version is the edited one", async () => {
    const text = "a 0x01 {\n\t.x:strng 1\n}\n";
    const uri = await openDoc("edit.zp", text);
    expect(session.diagnostics(uri)!.diagnostics.map((d) => d.code)).toEqual(["unknown-type"]);
    const start = positionOf(text, "strng");
    await session.change(uri, 2, [{ range: { start, end: { line: start.line, character: start.character + 5 } }, text: "string" }]);
    const cleared = await session.waitForDiagnostics(uri, (p) => p.version === 2, "diagnostics of version 2");
    expect(cleared.diagnostics).toEqual([]);
    await session.close(uri);
    await session.waitForDiagnostics(uri, (p) => p.version === undefined, "diagnostics cleared on close");
  });
});

describe("hover", () => {
  it("on a struct: doc comment, protocol tag, generated TypeScript names and wire size", async () => {
    const text = await hoverText(gameUri, GAME, "item 0x01");
    expect(text).toContain("**struct `item`** — protocol tag `0x01`");
    expect(text).toContain("An item in a bag.");
    expect(text).toContain("`interface Item`, codec `Item`, tag constant `ITEM_TAG`");
    expect(text).toContain("6 bytes with no field present; at least 18 bytes with all 2 fields present");
  });

  it("on a field: type, tag, doc, TypeScript property and wire cost", async () => {
    const text = await hoverText(gameUri, GAME, ".hp", 0);
    expect(text).toContain("**field `hp`** of `player.stats` — `int32`, tag `1`");
    expect(text).toContain("Hit points.");
    expect(text).toContain("`hp?: number | undefined` in `interface Player_Stats`");
    expect(text).toContain("2 bytes in the tag table + 4 bytes; the name is not sent");
  });

  it("on a type reference, a builtin, a map key, a service and a method", async () => {
    expect(await hoverText(gameUri, GAME, "item 3")).toContain("**struct `player.item`**");
    const long = await hoverText(gameUri, GAME, "long");
    expect(long).toContain("**builtin type `long`** (zproto's `int64`)");
    expect(long).toContain("`bigint`");
    expect(await hoverText(gameUri, GAME, "key]")).toContain("**field `key`** of `entry`");
    const service = await hoverText(gameUri, GAME, "game {");
    expect(service).toContain("descriptor `GameService`, client `GameClient` (`createGameClient`), handler `GameHandler` (`serveGame`)");
    const method = await hoverText(gameUri, GAME, "item -> player");
    expect(method).toContain("**method** `item -> player` of service `game`");
    expect(method).toContain("**struct `item`**");
  });

  it("is empty between names", async () => {
    expect(await session.connection.sendRequest(HoverRequest.type, at(gameUri, GAME, "{\n\t.id", 0, 0))).toBeNull();
  });
});

describe("definition, references and highlights", () => {
  const definitionOf = async (needle: string, nth = 0): Promise<Location | null> =>
    (await session.connection.sendRequest(DefinitionRequest.type, at(gameUri, GAME, needle, nth, 1))) as Location | null;

  it("go to definition: field types (nested scoping included), service methods and map keys", async () => {
    expect((await definitionOf("stats 2"))?.range.start).toEqual(positionOf(GAME, "stats {"));
    expect((await definitionOf("item 3"))?.range.start).toEqual(positionOf(GAME, "item {"));
    expect((await definitionOf("item -> player"))?.range.start).toEqual(positionOf(GAME, "item 0x01"));
    expect((await definitionOf("player\n"))?.range.start).toEqual(positionOf(GAME, "player 0x02"));
    expect((await definitionOf("key]"))?.range.start).toEqual(positionOf(GAME, "key:int32"));
    expect(await definitionOf("int32")).toBeNull();
  });

  it("find references: every use of a struct, with or without its declaration", async () => {
    const refs = async (includeDeclaration: boolean) =>
      (
        await session.connection.sendRequest(ReferencesRequest.type, {
          ...at(gameUri, GAME, "entry 0x03"),
          context: { includeDeclaration },
        })
      )?.map((l) => l.range.start);
    expect(await refs(true)).toEqual([positionOf(GAME, "entry 0x03"), positionOf(GAME, "entry[key]"), positionOf(GAME, "entry\n}")]);
    expect(await refs(false)).toEqual([positionOf(GAME, "entry[key]"), positionOf(GAME, "entry\n}")]);
  });

  it("highlights: the definition written, the uses read", async () => {
    const highlights = await session.connection.sendRequest(DocumentHighlightRequest.type, at(gameUri, GAME, ".key", 0, 1));
    expect(highlights?.map((h) => [h.range.start, h.kind])).toEqual([
      [positionOf(GAME, "key:int32"), 3],
      [positionOf(GAME, "key]"), 2],
    ]);
  });
});

describe("completion", () => {
  it("type names visible at the cursor: nested scoping first, no forward references, and the builtins", async () => {
    const text = "first 0x01 {\n}\nouter 0x02 {\n\tinner {\n\t}\n\t.a:\n}\nlater 0x03 {\n}\n";
    const uri = await openDoc("complete-types.zp", text);
    const labels = (await complete(uri, text, ".a:")).map((i) => i.label);
    expect(labels).toEqual(expect.arrayContaining(["inner", "first", "int32", "string", "integer", "blob"]));
    expect(labels).not.toContain("later");
    expect(labels).not.toContain("outer");
    expect(labels.indexOf("inner")).toBeLessThan(labels.indexOf("first"));
  });

  it("the next free field tag, between the tags before and after the cursor", async () => {
    const text = "a 0x01 {\n\t.x:int32 1\n\t.y:int32 2\n\t.z:string \n}\nb 0x02 {\n\t.x:int32 1\n\t.n:int32 \n\t.y:int32 2\n}\n";
    const uri = await openDoc("complete-tags.zp", text);
    expect((await complete(uri, text, ".z:string ")).map((i) => i.label)).toEqual(["3"]);
    expect(await complete(uri, text, ".n:int32 ")).toEqual([]);
  });

  it("the next free protocol tag after a top-level struct's name, in the schema's spelling", async () => {
    const text = "a 0x01 {\n}\nb 0x0a {\n}\nc \n";
    const uri = await openDoc("complete-protocol.zp", text);
    expect((await complete(uri, text, "c ")).map((i) => i.label)).toEqual(["0x0b"]);
  });

  it("map keys, service requests and responses, and a field snippet with the next tag", async () => {
    const text = "k 0x01 {\n\t.id:int32 1\n\t.tags:string[] 2\n\t.s:string 3\n}\nm 0x02 {\n\t.all:k[\n}\nservice s {\n\tk -> \n}\n";
    const uri = await openDoc("complete-more.zp", text);
    expect((await complete(uri, text, "k[")).map((i) => i.label)).toEqual(["id", "s"]);
    expect((await complete(uri, text, "k -> ")).map((i) => i.label)).toEqual(["k", "m"]);
    const fields = await complete(uri, text, "\t.s:string 3\n", 0);
    // biome-ignore lint/suspicious/noTemplateCurlyInString: LSP snippet syntax, not a template
    expect(fields.find((i) => i.label === ".field")?.insertText).toBe(".${1:name}:${2:int32} 4");
  });

  it("nothing inside a comment", async () => {
    expect(await complete(gameUri, GAME, "# An item")).toEqual([]);
  });
});

describe("symbols", () => {
  it("the outline: structs with nested structs and fields, services with methods", async () => {
    const symbols = (await session.connection.sendRequest(DocumentSymbolRequest.type, {
      textDocument: { uri: gameUri },
    })) as DocumentSymbol[];
    const outline = (s: DocumentSymbol): unknown => (s.children?.length ? { [s.name]: s.children.map(outline) } : s.name);
    expect(symbols.map(outline)).toEqual([
      { item: ["id", "name"] },
      { entry: ["key", "note"] },
      { player: [{ stats: ["hp", "mp"] }, { item: ["weight"] }, "name", "stats", "held", "ledger", "gold"] },
      { game: ["item", "entry"] },
    ]);
    expect(symbols[3]?.children?.[0]?.detail).toBe("-> player");
  });

  it("workspace symbols: open documents as edited and the other schema files on disk", async () => {
    const find = async (query: string) =>
      ((await session.connection.sendRequest(WorkspaceSymbolRequest.type, { query })) as SymbolInformation[]).map((s) => [
        s.name,
        s.location.uri.split("/").pop(),
      ]);
    expect(await find("ledger")).toEqual([["ledger_row", "on-disk.zp"]]);
    expect(await find("stats")).toEqual([["stats", "game.zp"]]);
    expect((await find("plyr")).map(([name]) => name)).toContain("player");
  });
});

describe("formatting", () => {
  const format = async (uri: string): Promise<TextEdit[]> =>
    (await session.connection.sendRequest(DocumentFormattingRequest.type, {
      textDocument: { uri },
      options: { tabSize: 2, insertSpaces: true },
    })) as TextEdit[];

  it("gives clusterc format's canonical layout, as one edit of the changed span only", async () => {
    const text = "# Head.\n\n# A.\na 0x01 {   .x:int32 1   # trailing\n  inner {\n.y:int32 1 }\n   }\nb{}";
    const uri = await openDoc("format.zp", text);
    const path = join(workspace, "format.zp");
    writeFileSync(path, text);
    const cli = await runCli(["format", path]);
    expect(cli.code).toBe(0);
    const edits = await format(uri);
    expect(edits).toHaveLength(1);
    expect(edits[0]!.range.start).toEqual(positionOf(text, "a 0x01 {", 0, 8));
    expect(applyEdits(text, edits)).toBe(cli.stdout);
    expect(cli.stdout).toBe("# Head.\n\n# A.\na 0x01 {\n\t.x:int32 1 # trailing\n\tinner {\n\t\t.y:int32 1\n\t}\n}\n\nb {}\n");
    await session.change(uri, 2, [{ text: cli.stdout }]);
    await session.waitForDiagnostics(uri, (p) => p.version === 2, "diagnostics of the formatted version");
    expect(await format(uri)).toEqual([]);
  });

  it("never cuts a CRLF in two", async () => {
    const text = "a {\r\n.x:int32 1\r\n}\r\n";
    const uri = await openDoc("format-crlf.zp", text);
    const edits = await format(uri);
    expect(edits.map((e) => e.range)).toEqual([{ start: { line: 0, character: 3 }, end: { line: 3, character: 0 } }]);
    expect(applyEdits(text, edits)).toBe("a {\n\t.x:int32 1\n}\n");
  });

  it("leaves a file that does not parse as it is", async () => {
    const uri = await openDoc("format-broken.zp", "a {\n  .x:int32\n}\n");
    expect(await format(uri)).toEqual([]);
  });
});

describe("generated names follow the naming of clusterc.json (camelCase by default)", () => {
  const BANK = "ledger_row 0x09 {\n\t.amount_due:int64 1\n\t.user_id:int32 2\n}\n\nservice bank {\n\tledger_row\n}\n";
  const CLASH = "a {\n\t.user_id:int32 1\n\t.userId:int32 2\n}\n";

  it("camelCase without a config: hover, rename warning and name-clash", async () => {
    const uri = await openDoc("bank.zp", BANK);
    expect(await hoverText(uri, BANK, "amount_due")).toContain("`amountDue?: bigint | undefined` in `interface LedgerRow`");
    expect(await hoverText(uri, BANK, "ledger_row\n}")).toContain("(TypeScript: `ledgerRow` of `BankClient` and `BankHandler`)");
    const edit = (await session.connection.sendRequest(RenameRequest.type, {
      ...at(uri, BANK, "amount_due", 0, 1),
      newName: "amount_owed",
    })) as WorkspaceEdit;
    const warning = Object.values(edit.changeAnnotations ?? {})[0]?.description ?? "";
    expect(warning).toContain("property `amountDue` → `amountOwed` of `LedgerRow`");
    expect(warning).toContain("key in the JSON of `clusterc encode`");
    const same = (await session.connection.sendRequest(RenameRequest.type, {
      ...at(uri, BANK, "user_id", 0, 1),
      newName: "userId",
    })) as WorkspaceEdit;
    expect(Object.values(same.changeAnnotations ?? {})[0]?.description).toContain("The generated TypeScript names stay the same.");
    const clash = await openDoc("clash.zp", CLASH);
    expect(session.diagnostics(clash)?.diagnostics.map((d) => d.code)).toEqual(["name-clash"]);
  });

  it("schema names and number with gen.naming 'schema' and gen.int64 'number', and a changed clusterc.json is read again", async () => {
    const root = mkdtempSync(join(tmpdir(), "clusterc-lsp-naming-"));
    writeFileSync(join(root, "clusterc.json"), '{ "gen": { "naming": "schema", "int64": "number" } }\n');
    const other = await startLspSession({
      rootPath: root,
      capabilities: { ...RICH_CLIENT, workspace: { ...RICH_CLIENT.workspace, didChangeWatchedFiles: { dynamicRegistration: true } } },
    });
    try {
      const uri = uriOf(join(root, "bank.zp"));
      await other.open(uri, BANK);
      await other.waitForDiagnostics(uri, () => true, "diagnostics of bank.zp");
      const hover = await other.connection.sendRequest(HoverRequest.type, at(uri, BANK, "amount_due", 0, 1));
      expect((hover?.contents as MarkupContent | undefined)?.value).toContain("`amount_due?: number | undefined` in `interface LedgerRow`");
      const clash = uriOf(join(root, "clash.zp"));
      await other.open(clash, CLASH);
      const first = await other.waitForDiagnostics(clash, () => true, "diagnostics of clash.zp");
      expect(first.diagnostics).toEqual([]);
      writeFileSync(join(root, "clusterc.json"), '{ "gen": { "naming": "camel" } }\n');
      await other.connection.sendNotification(DidChangeWatchedFilesNotification.type, {
        changes: [{ uri: uriOf(join(root, "clusterc.json")), type: FileChangeType.Changed }],
      });
      const again = await other.waitForDiagnostics(clash, (p) => p.diagnostics.length > 0, "name-clash after the config changed");
      expect(again.diagnostics.map((d) => d.code)).toEqual(["name-clash"]);
    } finally {
      await other.stop();
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe("rename", () => {
  const renameAt = (uri: string, text: string, needle: string, newName: string) =>
    session.connection.sendRequest(RenameRequest.type, { ...at(uri, text, needle, 0, 1), newName });

  it("renames a struct everywhere, warning that the wire is untouched and generated names change", async () => {
    const before = session.messages.length;
    const edit = (await renameAt(gameUri, GAME, "entry 0x03", "row")) as WorkspaceEdit;
    const change = edit.documentChanges?.[0] as { edits: TextEdit[] };
    expect(applyEdits(GAME, change.edits)).toBe(
      GAME.replace("entry 0x03", "row 0x03").replace("entry[key]", "row[key]").replace("\tentry\n", "\trow\n"),
    );
    const annotation = Object.values(edit.changeAnnotations ?? {})[0];
    expect(annotation?.needsConfirmation).toBe(true);
    expect(annotation?.description).toContain("changes nothing on the wire");
    expect(annotation?.description).toContain(
      "`Entry` → `Row`, `ENTRY_TAG` → `ROW_TAG`, method `entry` → `row` of `GameClient` and `GameHandler`",
    );
    await expect.poll(() => session.messages.length).toBeGreaterThan(before);
    expect(session.messages.at(-1)?.message).toBe(annotation?.description);
  });

  it("renames a field with its map keys", async () => {
    const edit = (await renameAt(gameUri, GAME, "key:int32", "code")) as WorkspaceEdit;
    const change = edit.documentChanges?.[0] as { edits: TextEdit[] };
    expect(change.edits.map((e) => e.range.start)).toEqual([positionOf(GAME, "key:int32"), positionOf(GAME, "key]")]);
  });

  it("refuses names that are not zproto names, builtins, and renames that change the schema's meaning", async () => {
    await expect(renameAt(gameUri, GAME, "item 0x01", "1tem")).rejects.toThrow(/not a zproto name/);
    await expect(renameAt(gameUri, GAME, "item 0x01", "int32")).rejects.toThrow(/builtin type name/);
    await expect(renameAt(gameUri, GAME, "item 0x01", "entry")).rejects.toThrow(/duplicate-struct/);
    await expect(renameAt(gameUri, GAME, "long", "x")).rejects.toThrow(/builtin type/);
    const prepare = await session.connection.sendRequest(PrepareRenameRequest.type, at(gameUri, GAME, "player 0x02", 0, 2));
    expect(prepare).toEqual({
      range: { start: positionOf(GAME, "player 0x02"), end: positionOf(GAME, "player 0x02", 0, 6) },
      placeholder: "player",
    });
  });
});

describe("code actions", () => {
  const actionsFor = async (uri: string, text: string, needle: string): Promise<CodeAction[]> => {
    const start = positionOf(text, needle);
    const result = await session.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri },
      range: { start, end: start },
      context: { diagnostics: [] },
    });
    return (result ?? []) as CodeAction[];
  };
  const applied = (text: string, action: CodeAction | undefined): string =>
    applyEdits(text, Object.values(action?.edit?.changes ?? {})[0] ?? []);

  it("did-you-mean for a misspelled type and another language's type name", async () => {
    const text = "player 0x01 {\n\t.n:strng 1\n\t.b:int8 2\n}\nservice s {\n\tplayr\n}\n";
    const uri = await openDoc("actions-names.zp", text);
    const typo = await actionsFor(uri, text, "strng");
    expect(typo.map((a) => a.title)).toEqual(["Change 'strng' to 'string'"]);
    expect(applied(text, typo[0])).toContain(".n:string 1");
    expect((await actionsFor(uri, text, "int8"))[0]?.title).toBe("Change 'int8' to 'byte'");
    expect((await actionsFor(uri, text, "playr"))[0]?.title).toBe("Change 'playr' to 'player'");
  });

  it("tags not ascending: sort the fields (wire unchanged, preferred) or renumber them", async () => {
    const text = "a 0x01 {\n\t# The first.\n\t.x:int32 3\n\t.y:int32 1 # inline\n\t.z:int32 2\n}\n";
    const uri = await openDoc("actions-tags.zp", text);
    const actions = await actionsFor(uri, text, "1 # inline");
    expect(actions.map((a) => [a.title, a.isPreferred ?? false])).toEqual([
      ["Sort the fields of 'a' by tag (the wire format stays the same)", true],
      ["Renumber the tags of 'a' in declaration order (changes the wire format)", false],
    ]);
    expect(applied(text, actions[0])).toBe("a 0x01 {\n\t.y:int32 1 # inline\n\t.z:int32 2\n\t# The first.\n\t.x:int32 3\n}\n");
    expect(applied(text, actions[1])).toBe("a 0x01 {\n\t# The first.\n\t.x:int32 3\n\t.y:int32 4 # inline\n\t.z:int32 5\n}\n");
  });

  it("a request without a protocol tag gets the next free one", async () => {
    const text = "a 0x01 {\n}\nb {\n}\nservice s {\n\tb -> a\n}\n";
    const uri = await openDoc("actions-request.zp", text);
    const actions = await actionsFor(uri, text, "b -> a");
    expect(actions.map((a) => a.title)).toEqual(["Give 'b' the next free protocol tag, 0x02"]);
    expect(applied(text, actions[0])).toContain("b 0x02 {");
  });
});
