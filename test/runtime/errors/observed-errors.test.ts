/**
 * A remote error as metrics and OpenTelemetry see it, on real sockets: both sides count the call
 * under `remote:<code>`, and both spans end as errors carrying `clusterc.error_code` and
 * `clusterc.remote_code` (the client's with `clusterc.idempotent` for a marked method).
 */
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base";
import { SpanStatusCode } from "@opentelemetry/api";
import { afterEach, describe, expect, it } from "vitest";
import { BankErrors, createBankClient, serveBank } from "../../../generated/bank.ts";
import { createCluster, listenerAddress } from "../../../runtime/node/cluster.ts";
import { createOtelInterceptor } from "../../../runtime/observability/otel-bridge.ts";
import { RemoteError } from "../../../runtime/core/remote-error.ts";
import type { ClusterMetrics } from "../../../runtime/observability/metrics-hook.ts";
import type { ClusterNode } from "../../../runtime/node/cluster-node.ts";
import { createMemoryLogger, waitFor } from "../helpers.ts";

const nodes: ClusterNode[] = [];
afterEach(async () => {
  await Promise.all(nodes.splice(0).map((n) => n.shutdown()));
});

function recorder(outcomes: string[]): ClusterMetrics {
  return { method: (labels) => ({ started() {}, finished: (outcome) => outcomes.push(`${labels.side}:${labels.method}:${outcome}`) }) };
}

describe.each(["silly-0.7.0", "silly-0.7.1"] as const)("remote errors observed on %s", (wire) => {
  it("metrics count remote:<code> on both sides; spans carry the code", async () => {
    const exporter = new InMemorySpanExporter();
    const tracer = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }).getTracer("clusterc-test");
    const outcomes: string[] = [];
    const server = createCluster({
      wire,
      logger: createMemoryLogger(),
      metrics: recorder(outcomes),
      interceptors: [createOtelInterceptor({ tracer })],
    });
    const client = createCluster({
      wire,
      logger: createMemoryLogger(),
      metrics: recorder(outcomes),
      interceptors: [createOtelInterceptor({ tracer })],
    });
    nodes.push(server, client);
    serveBank(server, {
      transfer: () => {
        throw new RemoteError(BankErrors.accountLocked, "locked");
      },
      balance: () => {
        throw new Error("boom");
      },
    });
    const bank = createBankClient(client, await client.connect(listenerAddress(await server.listen("127.0.0.1:0"))));
    await expect(bank.transfer({ amount: 1 })).rejects.toMatchObject({ name: "RemoteError", code: 2 });
    await expect(bank.balance({})).rejects.toMatchObject({ name: "RemoteError", code: -1 });
    await waitFor(() => outcomes.length === 4 && exporter.getFinishedSpans().length === 4, 5000, "four outcomes and spans");
    expect(outcomes.sort()).toEqual([
      "client:balance:remote:-1",
      "client:transfer:remote:2",
      "server:balance:error",
      "server:transfer:remote:2",
    ]);
    // [kind (1 server, 2 client), method, clusterc.error_code, clusterc.remote_code, clusterc.idempotent, failed]
    const spans = exporter
      .getFinishedSpans()
      .map((s) => [
        s.kind,
        s.attributes["rpc.method"],
        s.attributes["clusterc.error_code"],
        s.attributes["clusterc.remote_code"],
        s.attributes["clusterc.idempotent"],
        s.status.code === SpanStatusCode.ERROR,
      ]);
    expect(spans).toContainEqual([2, "transfer", "remote:2", 2, undefined, true]);
    expect(spans).toContainEqual([1, "transfer", "remote:2", 2, undefined, true]);
    expect(spans).toContainEqual([2, "balance", "remote:-1", -1, true, true]);
  });
});
