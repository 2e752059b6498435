/**
 * The language server and the error/retry syntax, at the protocol level on the real `clusterc lsp`
 * process: hover on `errors` and `idempotent`, on an error code (its value, doc and generated
 * constant) and on a method (its options); hover and rename naming the service's error exports
 * as the generator does when a name is taken; completion of the options inside `[ … ]` (without
 * those given) and of the next free error code.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type CompletionItem,
  CompletionRequest,
  HoverRequest,
  type MarkupContent,
  RenameRequest,
  type WorkspaceEdit,
} from "vscode-languageserver-protocol/node";
import { killAllServers, type LspSession, startLspSession, uriOf } from "./support/lsp-session.ts";
import { positionOf } from "./support/text-positions.ts";

const BANK = readFileSync(new URL("../../schemas/bank.zp", import.meta.url), "utf8");

let session: LspSession;
let workspace: string;

async function openDoc(name: string, text: string): Promise<string> {
  const uri = uriOf(join(workspace, name));
  await session.open(uri, text);
  await session.waitForDiagnostics(uri, () => true, `diagnostics of ${name}`);
  return uri;
}

const at = (uri: string, text: string, needle: string, delta: number) => ({
  textDocument: { uri },
  position: positionOf(text, needle, 0, delta),
});

async function hoverText(uri: string, text: string, needle: string): Promise<string> {
  const hover = await session.connection.sendRequest(HoverRequest.type, at(uri, text, needle, 1));
  return (hover?.contents as MarkupContent | undefined)?.value ?? "";
}

async function labels(uri: string, text: string, needle: string): Promise<string[]> {
  const result = await session.connection.sendRequest(CompletionRequest.type, at(uri, text, needle, needle.length));
  return (Array.isArray(result) ? result : (result?.items ?? [])).map((i: CompletionItem) => i.label);
}

beforeAll(async () => {
  workspace = mkdtempSync(join(tmpdir(), "clusterc-lsp-errors-"));
  session = await startLspSession({ rootPath: workspace });
});

afterAll(async () => {
  await session?.stop();
  killAllServers();
  rmSync(workspace, { recursive: true, force: true });
});

describe("errors and idempotent in the language server", () => {
  it("hover: the options, an error code and a method with its options", async () => {
    const uri = await openDoc("bank.zp", BANK);
    expect(session.diagnostics(uri)!.diagnostics).toEqual([]);
    expect(await hoverText(uri, BANK, "errors idempotent")).toContain("**option `errors`**");
    expect(await hoverText(uri, BANK, "idempotent]")).toContain("**option `idempotent`**");
    const code = await hoverText(uri, BANK, "insufficient_funds 1");
    expect(code).toContain("**error code `insufficient_funds`** of service `bank` = `1`");
    expect(code).toContain("The source account holds less than the amount.");
    expect(code).toContain("`BankErrors.insufficientFunds`");
    expect(await hoverText(uri, BANK, "balance -> receipt")).toContain("`balance -> receipt` [errors idempotent] of service `bank`");
  });

  it("hover and rename name the error exports as gen does, `_2` when the name is taken", async () => {
    // A struct `bank_errors` takes `BankErrors` (structs are claimed first): the codes const is `BankErrors_2`.
    const text = `bank_errors 0x30 {\n\t.a:integer 1\n}\n${BANK}`;
    const uri = await openDoc("bank-taken.zp", text);
    expect(session.diagnostics(uri)!.diagnostics).toEqual([]);
    const code = await hoverText(uri, text, "insufficient_funds 1");
    expect(code).toContain("`BankErrors_2.insufficientFunds`, a member of the union `BankErrorCode`");
    expect(await hoverText(uri, text, "bank {")).toContain("errors: codes `BankErrors_2`, code type `BankErrorCode`, guard `isBankError`");
    const edit = (await session.connection.sendRequest(RenameRequest.type, {
      ...at(uri, text, "bank {", 1),
      newName: "vault",
    })) as WorkspaceEdit;
    const warning = Object.values(edit.changeAnnotations ?? {})[0]?.description;
    expect(warning).toContain("`BankErrors_2` → `VaultErrors`, `BankErrorCode` → `VaultErrorCode`, `isBankError` → `isVaultError`");
  });

  it("completion: the options not given yet, and the next free error code", async () => {
    const text = `${BANK.replace("\t\taccount_locked 2\n", "\t\taccount_locked 2\n\t\tfrozen \n")}service more [\n}\n`;
    const uri = await openDoc("bank-edit.zp", text);
    expect(await labels(uri, text, "frozen ")).toEqual(["3"]);
    expect(await labels(uri, text, "service more [")).toEqual(["errors", "idempotent"]);
    const partial = text.replace("transfer -> receipt [errors]", "transfer -> receipt [errors ]");
    const uri2 = await openDoc("bank-edit-2.zp", partial);
    expect(await labels(uri2, partial, "receipt [errors ")).toEqual(["idempotent"]);
  });
});
