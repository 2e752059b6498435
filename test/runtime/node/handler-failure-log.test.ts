/**
 * How a failing handler is logged by the default console logger, seen from outside the process:
 * one line with the peer, the method name, the cmd, the trace id in hex (as spans show it) and the
 * user's error as it was thrown — never relabelled `[internal]`, which is kept for clusterc's own
 * bugs — followed by the error's stack frames.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { CalcService, createCalcClient } from "../../../generated/calc.ts";
import { createCluster, isClusterError, runWithTrace, type ClusterNode } from "../../../runtime/index.ts";
import { createMemoryLogger, waitFor } from "../helpers.ts";

const REPO = fileURLToPath(new URL("../../../", import.meta.url));
const children: ChildProcess[] = [];
const nodes: ClusterNode[] = [];

afterEach(async () => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill("SIGKILL");
  await Promise.all(nodes.splice(0).map((n) => n.shutdown()));
});

/** Starts the failing calc server; its stderr is collected in `stderr.text`. */
function startServer(): Promise<{ port: number; stderr: { text: string } }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", "test/runtime/fixtures/failing-calc-server.ts"], {
      cwd: REPO,
      stdio: ["ignore", "pipe", "pipe"],
    });
    children.push(child);
    const stderr = { text: "" };
    child.stderr?.on("data", (chunk: Buffer) => (stderr.text += chunk.toString()));
    let out = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const m = /LISTENING (\d+)/.exec(out);
      if (m) resolve({ port: Number(m[1]), stderr });
    });
    child.once("exit", (code) => reject(new Error(`fixture server exited early with ${code}: ${stderr.text}`)));
  });
}

describe("a failing handler's log line (default console logger)", () => {
  it("names the method, the cmd and the trace id in hex, and shows the user's error as it is, with its stack", async () => {
    const { port, stderr } = await startServer();
    const client = createCluster({ logger: createMemoryLogger(), nodeId: 7 });
    nodes.push(client);
    const calc = createCalcClient(client, await client.connect(`127.0.0.1:${port}`));
    const root = 0x0123_4567_89ab_0000n;
    const outcome = await runWithTrace(root, () => calc.add({ a: 1 }, { timeout: 200 })).catch((e: unknown) => e);
    expect(isClusterError(outcome, "timeout")).toBe(true);
    await waitFor(() => stderr.text.includes("\n"), 10_000, "the server's log line");
    const [line, ...rest] = stderr.text.split("\n");
    expect(line).toMatch(
      new RegExp(
        `^clusterc: handler failed, no response sent peer=127\\.0\\.0\\.1:\\d+ method=calc/add cmd=${CalcService.methods.add.cmd} traceId=0123456789ab0007 error=Error: unlucky$`,
      ),
    );
    expect(line).not.toContain("internal");
    // The stack frames follow, pointing at the handler that threw.
    expect(rest[0]).toMatch(/^\s+at .*failing-calc-server\.ts/);

    stderr.text = "";
    await calc.slowAdd({}, { timeout: 200 }).catch(() => undefined);
    await waitFor(() => stderr.text.includes("\n"), 10_000, "the server's second log line");
    expect(stderr.text.split("\n")[0]).toMatch(/ method=calc\/slow_add cmd=\d+ traceId=[0-9a-f]{16} error=TypeError: async unlucky$/);
  });

  it("logs a handler that answers null or rejects with a non-Error (42) as the user's failure, never as [internal] (issue 23)", async () => {
    const log = createMemoryLogger();
    const server = createCluster({ logger: log });
    nodes.push(server);
    server.handle(1, () => null as never);
    server.handle(2, () => Promise.reject(42));
    server.handle(3, () => {
      throw 42;
    });
    const listener = await server.listen("127.0.0.1:0");
    const client = createCluster({ logger: createMemoryLogger(), timeout: 200 });
    nodes.push(client);
    const peer = await client.connect(`127.0.0.1:${listener.address.port}`);
    for (const cmd of [1, 2, 3]) {
      const outcome = await client.callRaw(peer, cmd, Uint8Array.of(cmd)).catch((e: unknown) => e);
      expect(isClusterError(outcome, "timeout")).toBe(true);
    }
    await waitFor(() => log.lines.filter((l) => l.level === "error").length === 3, 5000, "three failures logged");
    const failures = log.lines.filter((l) => l.level === "error");
    for (const line of failures) {
      expect(isClusterError(line.fields?.error, "internal")).toBe(false);
      expect(String(line.fields?.error)).not.toContain("[internal]");
    }
    expect(failures[0]?.message).toMatch(/not a Uint8Array/);
    // What the handler threw or rejected with, as it was.
    expect(failures[1]?.fields?.error).toBe(42);
    expect(failures[2]?.fields?.error).toBe(42);
  });
});
