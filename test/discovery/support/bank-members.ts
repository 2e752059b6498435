/**
 * Members of service `bank` in child processes (test/discovery/fixtures/bank-member.ts), for the declared-errors
 * and idempotent-retry tests: start on a wire, count the balance requests each received, kill.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { REPO_ROOT, transpiledEntry } from "./transpile.ts";
import type { WireVersion } from "../../../runtime/wire/frames.ts";

/** A running bank member. */
export interface BankMember {
  readonly child: ChildProcess;
  /** "127.0.0.1:port". */
  readonly address: string;
  /** Balance requests it received so far. */
  balances(): number;
  /** SIGKILLs it and resolves once it is gone. */
  kill(): Promise<void>;
}

const started: BankMember[] = [];

/** Starts a member on `wire`; resolves once it listens (rejects after `timeout` ms). */
export function startBankMember(wire: WireVersion, timeout = 20_000): Promise<BankMember> {
  const entry = transpiledEntry("test/discovery/fixtures/bank-member.ts");
  const child = spawn(process.execPath, [entry, JSON.stringify({ wire })], { cwd: REPO_ROOT, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    out += chunk.toString();
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    out += chunk.toString();
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const kill = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    await exited;
  };
  return new Promise<BankMember>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`bank member did not start within ${timeout} ms:\n${out}`));
    }, timeout);
    child.once("exit", () => {
      clearTimeout(timer);
      reject(new Error(`bank member exited before listening:\n${out}`));
    });
    const onData = (): void => {
      const match = /LISTENING (\d+)/.exec(out);
      if (match === null) return;
      clearTimeout(timer);
      child.stdout?.off("data", onData);
      const member: BankMember = {
        child,
        address: `127.0.0.1:${match[1]}`,
        balances: () => out.split("\n").filter((l) => l.startsWith("BALANCE ")).length,
        kill,
      };
      started.push(member);
      resolve(member);
    };
    child.stdout?.on("data", onData);
  });
}

/** Kills every member started since the last call. */
export async function killBankMembers(): Promise<void> {
  await Promise.all(started.splice(0).map((m) => m.kill()));
}
