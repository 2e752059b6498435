/**
 * `clusterc call`, run as a real process against real nodes started here on 127.0.0.1: typed
 * calls on both wires (JSON in, JSON out), one-way sends, the trace id the request carried (as
 * the server saw it), calls by service name through a real etcd, and the failure modes — each
 * one line on stderr with its exit code: usage (2), schema and data (1), the call itself (3).
 * The cases run the CLI's own main in process (no process start each: the schema's codecs are
 * generated once); the real executable is run once, for a call with its request on stdin.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type CalcHandler, serveCalc } from "../../../generated/calc.ts";
import {
  createCluster,
  createSilentLogger,
  formatTraceId,
  listenerAddress,
  type ClusterNode,
  type WireVersion,
} from "../../../runtime/index.ts";
import { createEtcdRegistry } from "../../../runtime/etcd.ts";
import type { Registry } from "../../../runtime/discovery/registry.ts";
import { startEtcd, type EtcdServer } from "../../discovery/support/etcd.ts";
import { runCliInProcess } from "./in-process.ts";
import { runCli } from "./process.ts";

const SCHEMA = "schemas/calc.zp";
const nodes: ClusterNode[] = [];
const registries: Registry[] = [];

afterEach(async () => {
  await Promise.all(nodes.splice(0).map((n) => n.shutdown()));
  await Promise.all(registries.splice(0).map((r) => r.close()));
});

/** A calc server on 127.0.0.1 speaking `wire`; records the notes and the trace ids it served. */
async function calcServer(wire: WireVersion, registry?: Registry) {
  const node = createCluster({ wire, logger: createSilentLogger(), ...(registry ? { registry } : {}) });
  nodes.push(node);
  const seen = { notes: [] as string[], traces: [] as string[] };
  const impl: CalcHandler = {
    add: ({ a = 0, b = 0 }, ctx) => {
      seen.traces.push(formatTraceId(ctx.traceId));
      return { result: a + b };
    },
    slowAdd: async ({ a = 0, b = 0, delayMs = 0 }) => {
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      return { result: a + b };
    },
    notify: ({ message = "" }) => void seen.notes.push(message),
  };
  serveCalc(node, impl);
  const listener = await node.listen("127.0.0.1:0");
  return { node, listener, address: listenerAddress(listener), seen };
}

describe.each(["silly-0.7.0", "silly-0.7.1"] as const)("clusterc call over %s", (wire) => {
  it("calls a method with a JSON request and prints the response as JSON", { timeout: 90_000 }, async () => {
    const { address } = await calcServer(wire);
    const run = await runCliInProcess(["call", SCHEMA, address, "add", '{"a":10,"b":32}', "--wire", wire]);
    expect(run).toMatchObject({ code: 0, stdout: '{"result":42}\n', stderr: "" });
    const named = await runCliInProcess(["call", SCHEMA, address, "calc/add", "-", "--wire", wire, "--pretty"], { input: '{"a":1}' });
    expect(named).toMatchObject({ code: 0, stdout: '{\n  "result": 1\n}\n' });
  });

  it("sends a one-way method, printing nothing; --trace names the trace id the server saw", { timeout: 90_000 }, async () => {
    const { address, seen } = await calcServer(wire);
    const sent = await runCliInProcess(["call", SCHEMA, address, "notify", '{"message":"hello"}', "--wire", wire]);
    expect(sent).toMatchObject({ code: 0, stdout: "", stderr: "" });
    expect(seen.notes).toEqual(["hello"]);
    const traced = await runCliInProcess(["call", SCHEMA, address, "add", "{}", "--wire", wire, "--trace"]);
    expect(traced.code).toBe(0);
    const trace = /, trace ([0-9a-f]{16})\n$/.exec(traced.stderr)?.[1];
    expect(traced.stderr).toMatch(
      new RegExp(`^clusterc call: calc/add \\(cmd 1\\) answered by ${address.replace(/\./g, "\\.")} over ${wire} in [\\d.]+ ms`),
    );
    expect(seen.traces).toEqual([trace]);
  });
});

describe("the clusterc call process", () => {
  it("reads the request on stdin, prints the response as JSON and exits 0", { timeout: 90_000 }, async () => {
    const { address } = await calcServer("silly-0.7.1");
    const run = await runCli(["call", SCHEMA, address, "add", "-", "--wire", "silly-0.7.1"], { input: '{"a":20,"b":22}' });
    expect(run).toMatchObject({ code: 0, stdout: '{"result":42}\n', stderr: "" });
  });
});

describe("clusterc call --etcd", () => {
  let etcd: EtcdServer;
  beforeAll(async () => {
    etcd = await startEtcd();
  }, 30_000);
  afterAll(async () => {
    await etcd?.dispose();
  });

  it("calls a member of the method's service found in etcd", { timeout: 90_000 }, async () => {
    const prefix = `/clusterc-call-${process.pid}/`;
    const registry = createEtcdRegistry({ hosts: etcd.url, prefix, logger: createSilentLogger() });
    registries.push(registry);
    const { listener } = await calcServer("silly-0.7.0", registry);
    await registry.announce("calc", listener);
    const run = await runCliInProcess(["call", SCHEMA, "--etcd", etcd.url, "--prefix", prefix, "add", '{"a":2,"b":3}']);
    expect(run).toMatchObject({ code: 0, stdout: '{"result":5}\n', stderr: "" });
  });

  it("with nothing announced or etcd unreachable, fails with one line and exit 3", { timeout: 90_000 }, async () => {
    const empty = await runCliInProcess(["call", SCHEMA, "--etcd", etcd.url, "--prefix", "/clusterc-nobody/", "add"]);
    expect(empty.code).toBe(3);
    expect(empty.stderr).toMatch(
      /^clusterc call: error: calc\/add on service calc in etcd at \S+: \[connect-failed\] no live member of service calc/,
    );
    const down = await runCliInProcess(["call", SCHEMA, "--etcd", "http://127.0.0.1:1", "add", "--timeout", "30000"]);
    expect(down.code).toBe(3);
    expect(down.stderr).toContain("[connect-failed] no member list of service calc: etcd registry at http://127.0.0.1:1 is unreachable");
    expect(down.stderr.trim().split("\n")).toHaveLength(1);
  });
});

describe("clusterc call failures: one line on stderr, an exit code", () => {
  it.each([
    [["call"], 2, /^clusterc call: error: expected SCHEMA, ADDRESS and METHOD/],
    [["call", SCHEMA, "127.0.0.1:1", "add", "--wire", "silly-0.8"], 2, /--wire must be silly-0\.7\.0 or silly-0\.7\.1/],
    [["call", SCHEMA, "127.0.0.1:1", "add", "--timeout", "soon"], 2, /--timeout must be a whole number of ms/],
    [["call", SCHEMA, "h:99999", "add"], 2, /bad address "h:99999": port 99999 is out of range/],
    [["call", "missing.zp", "127.0.0.1:1", "add"], 1, /^clusterc call: error: .*missing\.zp/],
    [["call", SCHEMA, "127.0.0.1:1", "nope"], 1, /no method 'nope' in schemas\/calc\.zp \(have: calc\/add, calc\/slow_add, calc\/notify\)/],
    [["call", SCHEMA, "127.0.0.1:1", "add", "{a:1}"], 1, /the request is not valid JSON/],
    [["call", SCHEMA, "127.0.0.1:1", "add", '{"a":"x"}'], 1, /the request does not fit 'add'/],
  ] as const)("%j exits %i", async (args, code, message) => {
    const run = await runCliInProcess(args);
    expect(run.code).toBe(code);
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(message);
    expect(run.stderr.trim().split("\n")).toHaveLength(1);
  });

  it("a refused connection, a timeout and a wire mismatch fail the call: exit 3, the runtime's code in the line", {
    timeout: 120_000,
  }, async () => {
    const { address } = await calcServer("silly-0.7.0");
    const { node } = await calcServer("silly-0.7.0");
    const free = listenerAddress(await node.listen("127.0.0.1:0"));
    await node.shutdown();
    const refused = await runCliInProcess(["call", SCHEMA, free, "add"]);
    expect(refused.code).toBe(3);
    expect(refused.stderr).toMatch(/^clusterc call: error: calc\/add on 127\.0\.0\.1:\d+: \[connect-failed\]/);
    const slow = await runCliInProcess(["call", SCHEMA, address, "slow_add", '{"delay_ms":5000}', "--timeout", "200"]);
    expect(slow.code).toBe(3);
    expect(slow.stderr).toContain("[timeout] call timed out after 200 ms");
    const mismatch = await runCliInProcess(["call", SCHEMA, address, "add", "--wire", "silly-0.7.1", "--timeout", "10000"]);
    expect(mismatch.code).toBe(3);
    expect(mismatch.stderr).toContain("try --wire silly-0.7.0");
    for (const run of [refused, slow, mismatch]) expect(run.stderr.trim().split("\n")).toHaveLength(1);
  });
});
