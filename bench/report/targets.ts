/**
 * The targets of issue 6, evaluated on ratios measured in the same run, and the headline
 * ratios ("clusterc 0.7.1 = 64% of raw", "encode 2.1× protobufjs").
 */
import type { CodecResult } from "../codec/run-codec.ts";
import type { CompilerResult } from "../compiler/run-compiler.ts";
import type { LspResult } from "../lsp/run-lsp.ts";
import type { MemoryResult } from "../memory/run-memory.ts";
import type { OverheadResult } from "../overhead/run-overhead.ts";
import type { DiscoveryResult } from "../discovery/run-discovery.ts";
import type { MembershipResult } from "../membership/scale.ts";
import { membershipGrowth } from "./print-membership.ts";
import type { ModeResult } from "../rpc/drive.ts";
import type { RpcContenderResult } from "../rpc/run-rpc.ts";
import { formatDeltaMiB, formatPercent, formatTimes } from "./format.ts";
import type { TargetResult } from "./results.ts";

/** Inputs of the evaluation (any part may be missing). */
export interface TargetInputs {
  readonly rpc?: readonly RpcContenderResult[];
  readonly overhead?: OverheadResult;
  readonly discovery?: DiscoveryResult;
  readonly membership?: MembershipResult;
  readonly codec?: readonly CodecResult[];
  readonly compiler?: readonly CompilerResult[];
  readonly lsp?: readonly LspResult[];
  readonly memory?: readonly MemoryResult[];
}

/** RSS growth between the two memory checkpoints that still counts as noise. */
export function rssNoiseBytes(firstRss: number): number {
  return Math.max(5 * 2 ** 20, firstRss * 0.05);
}

const CLUSTERC_RPC = ["clusterc-0.7.0", "clusterc-0.7.1"];

function mode(results: readonly RpcContenderResult[] | undefined, id: string, m: ModeResult["mode"]): ModeResult | undefined {
  return results?.find((r) => r.id === id && r.status === "ok")?.modes.find((x) => x.mode === m);
}

function codec(results: readonly CodecResult[] | undefined, id: string): CodecResult | undefined {
  return results?.find((r) => r.id === id && r.status === "ok");
}

function verdict(ok: boolean | undefined): TargetResult["status"] {
  return ok === undefined ? "n/a" : ok ? "pass" : "fail";
}

function rpcTargets(inputs: TargetInputs): TargetResult[] {
  const out: TargetResult[] = [];
  const raw256 = mode(inputs.rpc, "raw", "inflight")?.callsPerSec;
  const rawP50 = mode(inputs.rpc, "raw", "sequential")?.p50Us;
  for (const id of CLUSTERC_RPC) {
    const c256 = mode(inputs.rpc, id, "inflight")?.callsPerSec;
    const ratio = c256 !== undefined && raw256 !== undefined ? c256 / raw256 : undefined;
    out.push({
      id: `rpc-inflight-${id}`,
      description: `RPC 256 in flight: ${id} ≥ 50% of raw`,
      status: verdict(ratio === undefined ? undefined : ratio >= 0.5),
      measured: `${formatPercent(ratio)} of raw`,
    });
    const p50 = mode(inputs.rpc, id, "sequential")?.p50Us;
    const pr = p50 !== undefined && rawP50 !== undefined ? p50 / rawP50 : undefined;
    out.push({
      id: `rpc-p50-${id}`,
      description: `RPC sequential p50: ${id} ≤ 1.15× raw`,
      status: verdict(pr === undefined ? undefined : pr <= 1.15),
      measured: `${formatTimes(pr)} raw`,
    });
  }
  const g256 = mode(inputs.rpc, "grpc", "inflight")?.callsPerSec;
  if (g256 !== undefined && raw256 !== undefined) {
    out.push({
      id: "rpc-inflight-grpc",
      description: "RPC 256 in flight: grpc-js (context: issue says < 1% of raw)",
      status: "info",
      measured: `${formatPercent(g256 / raw256)} of raw`,
    });
  }
  return out;
}

/** Issue 14: an interceptor, and the metrics hook, cost at most 10% of the calls/s at 256 in flight. */
function overheadTargets(inputs: TargetInputs): TargetResult[] {
  const out: TargetResult[] = [];
  const variants = inputs.overhead?.variants ?? [];
  for (const [id, what] of [
    ["clusterc-0.7.0+interceptor", "one pass-through interceptor"],
    ["clusterc-0.7.0+metrics", "prom-client metrics"],
  ] as const) {
    const v = variants.find((x) => x.id === id && x.status === "ok");
    const ratio = v?.rateVsNone;
    const cpu = v?.cpuVsNone;
    out.push({
      id: `overhead-${id}`,
      description: `256 in flight with ${what} on both nodes: ≤ 10% fewer calls/s than with none (issue 14)`,
      status: verdict(ratio === undefined ? undefined : ratio >= 0.9),
      measured: `${formatPercent(ratio)} of none (median of per-round ratios)${cpu === undefined ? "" : `, CPU per call ${formatTimes(cpu)} none`}`,
    });
  }
  return out;
}

/** Issue 12: calls by service name over 3 members reach ≥ 0.9× the calls/s of direct peer calls (256 in flight); the other balancers and the idempotent methods (issue 25) for information. */
function discoveryTargets(inputs: TargetInputs): TargetResult[] {
  const variants = inputs.discovery?.variants ?? [];
  return (["round-robin", "least-pending", "key-hash", "idempotent", "errors-idempotent"] as const).map((id) => {
    const ratio = variants.find((x) => x.id === id && x.status === "ok")?.rateVsDirect;
    const target = id === "round-robin";
    return {
      id: `discovery-${id}`,
      description: `by service name (${id}) over ${inputs.discovery?.members ?? 3} members, 256 in flight: ≥ 0.9× direct peer calls (issue 12)${target ? "" : ", info"}`,
      status: target ? verdict(ratio === undefined ? undefined : ratio >= 0.9) : ratio === undefined ? "n/a" : "info",
      measured: `${formatTimes(ratio)} direct (median of per-round ratios)`,
    };
  });
}

/**
 * Membership (issues 21, 23): one change costs O(log N) on the caller, so from 100 members to
 * the largest N its time grows far slower than N (exponent < 0.5; a rebuild per change would
 * show ≈ 1 or more), for the key-hash ring and for round-robin; the event-loop delay during
 * churn is reported.
 */
function membershipTargets(inputs: TargetInputs): TargetResult[] {
  const m = inputs.membership;
  const out: TargetResult[] = [];
  for (const [balancer, what, pick] of [
    ["key-hash", "added", (b: { addUs: number }) => b.addUs],
    ["key-hash", "removed", (b: { removeUs: number }) => b.removeUs],
    ["round-robin", "added", (b: { addUs: number }) => b.addUs],
  ] as const) {
    const g = membershipGrowth(m, balancer, pick);
    out.push({
      id: `membership-${what}-${balancer}`,
      description: `one member ${what} (${balancer}, static registry): time grows slower than N^0.5 (issues 21, 23)`,
      status: verdict(g.k === undefined ? undefined : g.k < 0.5),
      measured: g.k === undefined ? "-" : `N^${g.k.toFixed(2)} from ${g.n1} to ${g.n2} members`,
    });
  }
  const largest = [...(m?.runs ?? [])].filter((r) => r.registry === "static" && r.result).pop()?.result;
  const kh = largest?.balancers.find((b) => b.id === "key-hash");
  if (kh) {
    out.push({
      id: "membership-loop-delay",
      description: `event-loop delay during churn of ${m?.changesPerSec ?? 10} changes/s, ${largest?.n} members, key-hash (issue 23)`,
      status: "info",
      measured: `p99 ${kh.churnLoopP99Ms.toFixed(1)} ms, max ${kh.churnLoopMaxMs.toFixed(1)} ms; calls/s in churn ${formatTimes(kh.churnCallsPerSec / kh.callsPerSec)} steady`,
    });
  }
  return out;
}

/** A codec's ratio to protobufjs: the median of per-round ratios, else the ratio of the medians. */
export function vsProtobufjs(c: CodecResult | undefined, pb: CodecResult | undefined, op: "encode" | "decode"): number | undefined {
  const paired = op === "encode" ? c?.encodeVsProtobufjs : c?.decodeVsProtobufjs;
  if (paired !== undefined) return paired;
  const mine = op === "encode" ? c?.encodeOpsPerSec : c?.decodeOpsPerSec;
  const theirs = op === "encode" ? pb?.encodeOpsPerSec : pb?.decodeOpsPerSec;
  return mine !== undefined && theirs ? mine / theirs : undefined;
}

/**
 * Codec targets (issues 6 and 21): the plain codec encodes ≥ 1.8× and decodes ≥ 1.5×
 * protobufjs and decodes at least as fast as msgpackr records; the packed codec (what silly
 * puts on the wire) encodes and decodes ≥ 1.5× protobufjs.
 */
function codecTargets(inputs: TargetInputs): TargetResult[] {
  const out: TargetResult[] = [];
  const pb = codec(inputs.codec, "protobufjs");
  const mr = codec(inputs.codec, "msgpackr-records");
  const limits: Record<string, { encode: number; decode: number; issue: string }> = {
    clusterc: { encode: 1.8, decode: 1.5, issue: "issues 6, 21" },
    "clusterc-pack": { encode: 1.5, decode: 1.5, issue: "issue 21" },
  };
  for (const [id, limit] of Object.entries(limits)) {
    const c = codec(inputs.codec, id);
    for (const op of ["encode", "decode"] as const) {
      const ratio = vsProtobufjs(c, pb, op);
      out.push({
        id: `codec-${op}-${id}`,
        description: `Codec ${op}: ${id} ≥ ${limit[op]}× protobufjs (${limit.issue})`,
        status: verdict(ratio === undefined ? undefined : ratio >= limit[op]),
        measured: `${formatTimes(ratio)} protobufjs (median of per-round ratios)`,
      });
    }
    const decMr = c?.decodeOpsPerSec !== undefined && mr?.decodeOpsPerSec ? c.decodeOpsPerSec / mr.decodeOpsPerSec : undefined;
    const target = id === "clusterc";
    out.push({
      id: `codec-decode-msgpackr-${id}`,
      description: `Codec decode: ${id} ≥ msgpackr records${target ? "" : ", info"}`,
      status: target ? verdict(decMr === undefined ? undefined : decMr >= 1) : decMr === undefined ? "n/a" : "info",
      measured: `${formatTimes(decMr)} msgpackr records`,
    });
  }
  return out;
}

/**
 * A `gen` target (issue 21) on the unchanged-schema row of `structs` (an output cache hit):
 * its CPU time where measured (on a busy machine wall time is mostly the wait for a CPU; a
 * hit runs on one thread, so its CPU time is its wall time on an idle machine), else its wall
 * time. The changed-schema rows are reported beside it.
 */
function compilerTarget(inputs: TargetInputs, structs: number, limitMs: number, description: string): TargetResult {
  const id = `gen-${structs}`;
  const r = inputs.compiler?.find((x) => x.structs === structs && x.outputCache === "hit" && x.compileCache === undefined);
  const miss = inputs.compiler?.find((x) => x.structs === structs && x.outputCache === "miss" && x.compileCache === undefined);
  const missText =
    miss?.status === "ok"
      ? `; schema changed: ${((miss.cpuMs ?? miss.wallMs ?? 0) / 1000).toFixed(2)} s CPU, ${((miss.wallMs ?? 0) / 1000).toFixed(2)} s wall`
      : "";
  if (r?.status === "ok" && r.wallMs !== undefined) {
    const ms = r.cpuMs ?? r.wallMs;
    return {
      id,
      description,
      status: verdict(ms <= limitMs),
      measured: `${(ms / 1000).toFixed(2)} s ${r.cpuMs === undefined ? "wall" : `CPU (${(r.wallMs / 1000).toFixed(2)} s wall)`}${missText}`,
    };
  }
  // A run killed at (or a size skipped after another exceeded) a limit above the target has missed it.
  const slower = inputs.compiler?.find((x) => x.timedOutMs !== undefined && x.structs <= structs && x.compileCache === undefined);
  if (slower?.timedOutMs !== undefined && slower.timedOutMs >= limitMs) {
    return {
      id,
      description,
      status: "fail",
      measured: `> ${slower.timedOutMs / 1000} s${slower.structs === structs ? "" : ` (${slower.structs} structs already took that long)`}`,
    };
  }
  return { id, description, status: "n/a", measured: r?.error ?? "-" };
}

function compilerTargets(inputs: TargetInputs): TargetResult[] {
  return [
    compilerTarget(inputs, 1000, 1500, "clusterc gen, 1000 structs, schema unchanged ≤ 1.5 s (issue 21; cold process)"),
    compilerTarget(inputs, 10, 300, "clusterc gen, 10 structs, schema unchanged ≤ 0.3 s (issue 21; cold process)"),
  ];
}

/** Issue 18: diagnostics after an edit of a 1000-struct schema arrive within 50 ms (median). */
function lspTargets(inputs: TargetInputs): TargetResult[] {
  const r = inputs.lsp?.find((x) => x.structs === 1000 && !x.wholeFile);
  const peer = inputs.lsp?.find((x) => x.structs === 1000 && x.wholeFile && x.status === "ok")?.diagnostics?.median;
  const ms = r?.status === "ok" && r.wrong === 0 ? r.diagnostics?.median : undefined;
  return [
    {
      id: "lsp-diagnostics-1000",
      description: "clusterc lsp: diagnostics after an edit of a 1000-struct schema < 50 ms (median, issue 18)",
      status: verdict(ms === undefined ? undefined : ms < 50),
      measured:
        ms === undefined
          ? (r?.error ?? (r?.wrong ? `${r.wrong} wrong answers` : "-"))
          : `${ms.toFixed(1)} ms median, ${r?.diagnostics?.p95.toFixed(1)} ms p95 over ${r?.diagnostics?.samples} edits` +
            (peer === undefined ? "" : ` (whole-file analysis in the same run: ${peer.toFixed(1)} ms, ${formatTimes(peer / ms)} slower)`),
    },
  ];
}

function memoryTargets(inputs: TargetInputs): TargetResult[] {
  const out: TargetResult[] = [];
  for (const id of CLUSTERC_RPC) {
    const r = inputs.memory?.find((m) => m.id === id && m.status === "ok")?.report;
    const [first, last] = [r?.samples[0], r?.samples[r.samples.length - 1]];
    const growth = first && last ? last.rss - first.rss : undefined;
    out.push({
      id: `memory-rss-${id}`,
      description: `RSS growth ${first?.calls ?? "N"} → ${last?.calls ?? "M"} calls, ${id} ≤ noise (max(5 MiB, 5%))`,
      status: verdict(growth === undefined || !first ? undefined : growth <= rssNoiseBytes(first.rss)),
      measured: `${formatDeltaMiB(growth)} MiB`,
    });
    const t = r?.timeouts;
    out.push({
      id: `memory-pending-${id}`,
      description: `Pending calls after ${t?.calls ?? "N"} timed-out calls, ${id} = 0`,
      status: verdict(t === undefined ? undefined : t.pendingAfter === 0 && t.rejected === t.calls),
      measured: t === undefined ? "-" : `${t.pendingAfter} pending, ${t.rejected}/${t.calls} rejected`,
    });
  }
  return out;
}

/** Evaluates every target on what was measured. */
export function evaluateTargets(inputs: TargetInputs): TargetResult[] {
  return [
    ...(inputs.rpc ? rpcTargets(inputs) : []),
    ...(inputs.overhead ? overheadTargets(inputs) : []),
    ...(inputs.discovery ? discoveryTargets(inputs) : []),
    ...(inputs.membership ? membershipTargets(inputs) : []),
    ...(inputs.codec ? codecTargets(inputs) : []),
    ...(inputs.compiler ? compilerTargets(inputs) : []),
    ...(inputs.lsp ? lspTargets(inputs) : []),
    ...(inputs.memory ? memoryTargets(inputs) : []),
  ];
}

/** Headline ratios vs the peers of the same run. */
export function headline(inputs: TargetInputs): string[] {
  const lines: string[] = [];
  const raw256 = mode(inputs.rpc, "raw", "inflight")?.callsPerSec;
  const rawMulti = mode(inputs.rpc, "raw", "multi")?.callsPerSec;
  const rawP50 = mode(inputs.rpc, "raw", "sequential")?.p50Us;
  const g256 = mode(inputs.rpc, "grpc", "inflight")?.callsPerSec;
  for (const id of [...CLUSTERC_RPC, "grpc"]) {
    const c256 = mode(inputs.rpc, id, "inflight")?.callsPerSec;
    if (c256 === undefined || raw256 === undefined) continue;
    const multi = mode(inputs.rpc, id, "multi")?.callsPerSec;
    const p50 = mode(inputs.rpc, id, "sequential")?.p50Us;
    const parts = [`${id}: 256 in flight = ${formatPercent(c256 / raw256)} of raw`];
    if (multi !== undefined && rawMulti !== undefined) parts.push(`16×64 = ${formatPercent(multi / rawMulti)} of raw`);
    if (p50 !== undefined && rawP50 !== undefined) parts.push(`seq p50 = ${formatTimes(p50 / rawP50)} raw`);
    if (id !== "grpc" && g256 !== undefined) parts.push(`${formatTimes(c256 / g256)} grpc-js`);
    lines.push(parts.join(", "));
  }
  const pb = codec(inputs.codec, "protobufjs");
  const mr = codec(inputs.codec, "msgpackr-records");
  for (const id of ["clusterc", "clusterc-pack"]) {
    const c = codec(inputs.codec, id);
    if (!c?.encodeOpsPerSec || !c.decodeOpsPerSec) continue;
    const parts: string[] = [];
    if (pb?.encodeOpsPerSec && pb.decodeOpsPerSec)
      parts.push(
        `encode ${formatTimes(vsProtobufjs(c, pb, "encode"))} protobufjs`,
        `decode ${formatTimes(vsProtobufjs(c, pb, "decode"))} protobufjs`,
      );
    if (mr?.decodeOpsPerSec) parts.push(`decode ${formatTimes(c.decodeOpsPerSec / mr.decodeOpsPerSec)} msgpackr records`);
    if (c.bytes !== undefined && pb?.bytes) parts.push(`${c.bytes} B vs ${pb.bytes} B protobuf`);
    lines.push(`${id} codec: ${parts.join(", ")}`);
  }
  return lines;
}
