import { afterEach, describe, expect, it } from "vitest";
import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { createCluster, isClusterError, type ClusterNode, type WireVersion } from "../../../runtime/index.ts";
import { createMemoryLogger, waitFor } from "../helpers.ts";

const REPO = fileURLToPath(new URL("../../../", import.meta.url));
const children: ChildProcess[] = [];
const nodes: ClusterNode[] = [];

afterEach(async () => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill("SIGKILL");
  await Promise.all(nodes.splice(0).map((n) => n.shutdown()));
});

/** Spawns the fixture server and resolves with its process and port. */
function startServer(wire: WireVersion, port = 0): Promise<{ child: ChildProcess; port: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", "test/runtime/fixtures/server.ts", wire, String(port)], {
      cwd: REPO,
      stdio: ["ignore", "pipe", "inherit"],
    });
    children.push(child);
    let out = "";
    const timer = setTimeout(() => reject(new Error("fixture server did not start")), 15000);
    child.stdout?.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const m = /LISTENING (\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ child, port: Number(m[1]) });
      }
    });
    child.once("exit", (code) => reject(new Error(`fixture server exited early with ${code}`)));
  });
}

function killed(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once("exit", () => resolve());
  });
}

describe.each(["silly-0.7.0", "silly-0.7.1"] as const)("crash and restart (%s)", (wire) => {
  it("a SIGKILLed server fails every call in flight with closed, well before the timeout", async () => {
    const { child, port } = await startServer(wire);
    const c = createCluster({ wire, logger: createMemoryLogger() });
    nodes.push(c);
    const peer = await c.connect(`127.0.0.1:${port}`);
    expect([...(await c.callRaw(peer, 1, Uint8Array.of(9)))]).toEqual([9]);
    const n = 2000;
    const calls = Array.from({ length: n }, () =>
      c.callRaw(peer, 2, Uint8Array.of(1), { timeout: 60000 }).then(
        () => "resolved",
        (e: unknown) => (isClusterError(e) ? e.code : "other"),
      ),
    );
    await waitFor(() => c.stats().pending === n);
    const t0 = Date.now();
    child.kill("SIGKILL");
    const codes = await Promise.all(calls);
    expect(Date.now() - t0).toBeLessThan(10000);
    expect(codes.every((code) => code === "closed")).toBe(true);
    expect(c.stats().pending).toBe(0);
    expect(c.stats().timers).toBe(0);
  });

  it("calls succeed again through the same peer after each restart", async () => {
    let { child, port } = await startServer(wire);
    const c = createCluster({ wire, logger: createMemoryLogger(), reconnect: { initialDelay: 20, maxDelay: 100 } });
    nodes.push(c);
    const peer = await c.connect(`127.0.0.1:${port}`);
    for (let round = 0; round < 3; round++) {
      let ok = false;
      await waitFor(() => {
        void c.callRaw(peer, 1, Uint8Array.of(round), { timeout: 2000 }).then(
          (r) => (ok = ok || r[0] === round),
          (e: unknown) => {
            if (!isClusterError(e)) throw e;
          },
        );
        return ok;
      }, 15000);
      child.kill("SIGKILL");
      await killed(child);
      ({ child } = await startServer(wire, port));
    }
    await waitFor(() => c.stats().pending === 0, 5000);
    expect(c.stats().connections).toBeLessThanOrEqual(1);
  });
});
