/**
 * Runs every example under examples/ as its own process (as `npx tsx examples/<name>.ts`
 * would) and checks what it prints. Each example must end by itself, exit 0 and print
 * the lines that show its scenario worked. The examples are independent (each listens on
 * ports of its own picking), so they run side by side: most of an example's time is its
 * process start and its scenario's waits.
 */
import { execFile } from "node:child_process";
import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../../", import.meta.url));
/** An example still running after this long is killed (its run then fails); several start at once on a busy machine. */
const EXAMPLE_TIMEOUT = 60_000;

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function runExample(name: string): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ["--import", "tsx", `examples/${name}.ts`],
      { cwd: root, timeout: EXAMPLE_TIMEOUT },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === "number" ? error.code : null;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** What each example must print (in order) to count as working. */
const EXPECTED: Record<string, readonly (string | RegExp)[]> = {
  "ping-pong": [
    "[server] listening",
    /\[server\] new connection from 127\.0\.0\.1:\d+/,
    "[server] received: Hello",
    "[client] received response: Hello from server",
    /\[server\] connection closed: .+/,
    "done",
  ],
  "listen-ports": [
    "[server] listening on 2 ports (backlog 128 and 256): distinct",
    "[client] echo from port #1: hello port #1",
    "[client] echo from port #2: hello port #2",
    "done",
  ],
  connect: [
    "[client] by IP: echo: via 127.0.0.1",
    "[client] by name: echo: via localhost",
    "[client] closed port: connect-failed",
    /\[client\] unknown host: [a-z-]+ \(message names the host: true\)/,
    "done",
  ],
  add: ["Calculation result: 30"],
  notify: [
    "[server] received notification: Notification #1",
    "[server] received notification: Notification #5",
    "[client] sent 5 notifications, server received 5",
  ],
  close: [
    "[client] before close",
    "[client] peer closed",
    "[client] call after close: peer-closed",
    "[server] listener closed: true",
    "[client] connect after listener close: connect-failed",
    "done",
  ],
  "rpc-service": ["[server] new connection", "[server] received: ping", "[client] response: pong from server", "done (served 1)"],
  "three-node-cluster": [
    "[node1] node registered: node2 @ in-process node2",
    "[node2] registration response: ok (members: node2)",
    "[node2] heartbeat answered: true",
    "[node3] registration response: ok (members: node2, node3)",
    "[node1] forward message to node2: Hello from node3",
    "[node2] delivered from node3: Hello from node3",
    "[node3] forward result: forwarded",
    "done",
  ],
  broadcast: ["[client] acks: node_1, node_2, node_3", "Broadcast complete, ack count: 3"],
  metrics: [
    "[client] 20 adds, 1 timeout, 1 notify",
    /^\[metrics\] serving http:\/\/127\.0\.0\.1:\d+\/metrics$/,
    '[scrape] clusterc_calls_total{side="server",service="calc",method="add",code="ok"} 20',
    '[scrape] clusterc_calls_total{side="client",service="calc",method="add",code="ok"} 20',
    '[scrape] clusterc_calls_total{side="client",service="calc",method="slow_add",code="timeout"} 1',
    "done",
  ],
  "load-balance": [...Array.from({ length: 10 }, (_, i) => `task #${i + 1} result: worker ${(i % 3) + 1} completed`), "done"],
};

/** Lines each example must print somewhere (their order depends on scheduling). */
const ANYWHERE: Record<string, readonly string[]> = {
  "load-balance": Array.from({ length: 10 }, (_, i) => `[worker ${(i % 3) + 1}] processing task #${i + 1}: task data ${i + 1}`),
};

function assertInOrder(stdout: string, expected: readonly (string | RegExp)[]): void {
  const lines = stdout.split("\n");
  let at = 0;
  for (const want of expected) {
    const found = lines.findIndex((line, i) => i >= at && (typeof want === "string" ? line === want : want.test(line)));
    expect(found, `expected ${String(want)} after line ${at} in:\n${stdout}`).toBeGreaterThanOrEqual(0);
    at = found + 1;
  }
}

describe.concurrent("examples", { timeout: EXAMPLE_TIMEOUT + 10_000 }, () => {
  it("covers every example file", () => {
    const files = readdirSync(new URL("../../examples/", import.meta.url))
      .filter((f) => f.endsWith(".ts"))
      .map((f) => f.slice(0, -3))
      .sort();
    expect(files).toEqual(Object.keys(EXPECTED).sort());
  });

  for (const [name, expected] of Object.entries(EXPECTED)) {
    it(`${name} runs, ends by itself and prints its story`, async () => {
      const run = await runExample(name);
      expect(run.code, run.stderr).toBe(0);
      assertInOrder(run.stdout, expected);
      const lines = run.stdout.split("\n");
      for (const line of ANYWHERE[name] ?? []) expect(lines, `missing ${line}`).toContain(line);
    });
  }
});
