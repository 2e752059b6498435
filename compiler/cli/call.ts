/**
 * `clusterc call SCHEMA ADDRESS METHOD [JSON]` — pokes a running node the way `buf curl` or
 * `grpcurl` does: reads the schema at run time, encodes the JSON request with the generated
 * codec, calls METHOD on the node at ADDRESS (`host:port`) — or, with `--etcd URL` instead of an
 * address, on a member of the method's service found in etcd — and prints the decoded response
 * as JSON (the conformance convention of `clusterc decode`). A one-way method is sent with
 * `send` and prints nothing. Works against any silly cluster node that serves the schema.
 *
 * Exit: 0 answered (or sent), 1 schema or data error, 2 usage error (a bad address among them), 3 the call failed (the
 * `[code]` of the runtime's ClusterError is in the message: timeout, connect-failed, …),
 * 70 internal error. Every failure is one line on stderr.
 */
import {
  createCluster,
  createRootTraceId,
  createSilentLogger,
  formatTraceId,
  isClusterError,
  runWithTrace,
  type WireVersion,
} from "@clusterc/runtime";
import { fromJsonValue, toJsonValue } from "@clusterc/runtime/zproto";
import type { MethodModel, SchemaModel, ServiceModel } from "../model/schema-model.ts";
import { loadCodecs } from "./codec-loader.ts";
import { parseJson } from "./encode.ts";
import { CliError, EXIT_FAILURE, EXIT_OK, EXIT_USAGE, reportFailures, reportUsageError } from "./errors.ts";
import { checkReadableFile } from "./files.ts";
import { errorText, processIo, readStdin, type CliIo } from "./output.ts";

/** Exit code of a call that was made and failed (timeout, connect-failed, closed, …). */
export const EXIT_CALL_FAILED = 3;

/** The usage text of `clusterc call`. */
export const CALL_USAGE = [
  "usage: clusterc call SCHEMA ADDRESS METHOD [JSON] [options]",
  "       clusterc call SCHEMA --etcd URL METHOD [JSON] [options]",
  "",
  "Calls METHOD (`add` or `calc/add`) of a running node with the JSON request (default {}; - reads",
  "stdin) and prints the response as JSON. A one-way method is sent, and prints nothing.",
  "",
  "options:",
  "  --etcd URL        find a member of the method's service in etcd instead of ADDRESS (needs npm etcd3)",
  "  --prefix PREFIX   etcd key prefix (default /clusterc/)",
  "  --wire WIRE       silly-0.7.0 (default) or silly-0.7.1",
  "  --timeout MS      call timeout in ms (default 5000)",
  "  --trace           print the trace id the request carried, where it went and how long it took (stderr)",
  "  --pretty          indent the JSON",
  "  -h, --help        print this help",
].join("\n");

interface CallArgs {
  readonly schema: string;
  readonly address: string | undefined;
  readonly etcd: string | undefined;
  readonly prefix: string;
  readonly method: string;
  readonly json: string;
  readonly wire: WireVersion;
  readonly timeout: number;
  readonly trace: boolean;
  readonly pretty: boolean;
}

/** Options that take a value. */
const VALUED = new Set(["--etcd", "--prefix", "--wire", "--timeout"]);

function parse(args: readonly string[]): CallArgs | { error: string } | "help" {
  const pos: string[] = [];
  const values = new Map<string, string>();
  let trace = false;
  let pretty = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i] ?? "";
    if (a === "-h" || a === "--help") return "help";
    if (a === "--trace") trace = true;
    else if (a === "--pretty") pretty = true;
    else if (a.startsWith("--") && a.includes("=") && VALUED.has(a.slice(0, a.indexOf("=")))) {
      values.set(a.slice(0, a.indexOf("=")), a.slice(a.indexOf("=") + 1));
    } else if (VALUED.has(a)) {
      const value = args[++i];
      if (value === undefined) return { error: `${a} needs a value` };
      values.set(a, value);
    } else if (a.startsWith("-") && a !== "-") return { error: `unknown option '${a}'` };
    else pos.push(a);
  }
  const etcd = values.get("--etcd");
  const want = etcd === undefined ? "SCHEMA, ADDRESS and METHOD" : "SCHEMA and METHOD (with --etcd, no ADDRESS)";
  const fixed = etcd === undefined ? 3 : 2;
  if (pos.length < fixed || pos.length > fixed + 1) return { error: `expected ${want}, then an optional JSON request` };
  const wire = values.get("--wire") ?? "silly-0.7.0";
  if (wire !== "silly-0.7.0" && wire !== "silly-0.7.1") return { error: `--wire must be silly-0.7.0 or silly-0.7.1, got '${wire}'` };
  const timeoutText = values.get("--timeout") ?? "5000";
  const timeout = Number(timeoutText);
  if (!/^\d+$/.test(timeoutText) || !Number.isSafeInteger(timeout))
    return { error: `--timeout must be a whole number of ms, got '${timeoutText}'` };
  const [schema = "", second = "", third, fourth] = pos;
  return {
    schema,
    address: etcd === undefined ? second : undefined,
    etcd,
    prefix: values.get("--prefix") ?? "/clusterc/",
    method: etcd === undefined ? (third ?? "") : second,
    json: (etcd === undefined ? fourth : third) ?? "{}",
    wire,
    timeout,
    trace,
    pretty,
  };
}

/** The service and method METHOD (`add` or `calc/add`) names in `model`, or a CliError listing what there is. */
function findMethod(model: SchemaModel, name: string, schema: string): { service: ServiceModel; method: MethodModel } {
  const slash = name.indexOf("/");
  const serviceName = slash < 0 ? undefined : name.slice(0, slash);
  const methodName = slash < 0 ? name : name.slice(slash + 1);
  for (const service of model.services) {
    if (serviceName !== undefined && service.name !== serviceName) continue;
    const method = service.methods.find((m) => m.name === methodName);
    if (method !== undefined) return { service, method };
  }
  const all = model.services.flatMap((s) => s.methods.map((m) => `${s.name}/${m.name}`));
  const have = all.length === 0 ? "it has no service" : `have: ${all.join(", ")}`;
  throw new CliError(`no method '${name}' in ${schema} (${have})`);
}

/** The etcd registry entry, loaded only for `--etcd` (etcd3 is an optional peer of the runtime). */
async function etcdRegistry(url: string, prefix: string) {
  try {
    const { createEtcdRegistry } = await import("@clusterc/runtime/etcd");
    return createEtcdRegistry({ hosts: url, prefix, logger: createSilentLogger(), requestTimeout: 3000 });
  } catch (e) {
    if (/etcd3/.test(errorText(e))) throw new CliError("--etcd needs the etcd3 package: npm install etcd3");
    throw e;
  }
}

/** Runs `clusterc call` and returns the exit code. */
export async function run(args: readonly string[], io: CliIo = processIo): Promise<number> {
  const parsed = parse(args);
  if (parsed === "help") {
    io.out(`${CALL_USAGE}\n`);
    return 0;
  }
  if ("error" in parsed) return reportUsageError("call", io, parsed.error);
  return reportFailures("call", io, async () => {
    await checkReadableFile(parsed.schema, "schema");
    const loaded = await loadCodecs(parsed.schema);
    if ("error" in loaded) {
      io.err(`${loaded.error}\n`);
      return EXIT_FAILURE;
    }
    const { service, method } = findMethod(loaded.model, parsed.method, parsed.schema);
    const requestCodec = loaded.codec(method.request);
    const responseCodec = method.response === undefined ? undefined : loaded.codec(method.response);
    if (requestCodec === undefined || (method.response !== undefined && responseCodec === undefined)) {
      throw new Error(`no generated codec for method ${service.name}/${method.name}`);
    }
    const text = parsed.json === "-" ? await readStdin(io) : parsed.json;
    let body: Uint8Array;
    try {
      body = requestCodec.encodePacked(
        fromJsonValue(loaded.model, method.request, parseJson(text, parsed.json === "-" ? "stdin" : "the request")),
      );
    } catch (e) {
      if (e instanceof CliError) throw e;
      throw new CliError(`the request does not fit '${method.request}': ${errorText(e)}`);
    }
    const registry = parsed.etcd === undefined ? undefined : await etcdRegistry(parsed.etcd, parsed.prefix);
    const node = createCluster({
      wire: parsed.wire,
      timeout: parsed.timeout,
      connectTimeout: Math.max(1, Math.min(parsed.timeout || 3000, 3000)),
      logger: createSilentLogger(),
      ...(registry !== undefined ? { registry } : {}),
    });
    const where = parsed.etcd === undefined ? (parsed.address ?? "") : `service ${service.name} in etcd at ${parsed.etcd}`;
    const started = performance.now();
    // A fresh root trace id (node id 0): the request carries it, and --trace prints it, to find it in the server's logs.
    const traceId = createRootTraceId(0);
    let sent = false;
    try {
      const peer = registry !== undefined ? node.service(service.name) : await node.connect(parsed.address ?? "");
      const outcome = await runWithTrace(traceId, async () => {
        sent = true;
        if (method.response === undefined) {
          await node.sendRaw(peer, method.cmd, body);
          return undefined;
        }
        return node.callRaw(peer, method.cmd, body, { timeout: parsed.timeout });
      });
      if (outcome !== undefined && responseCodec !== undefined) {
        let value: unknown;
        try {
          value = toJsonValue(loaded.model, method.response ?? "", responseCodec.decodePacked(outcome));
        } catch (e) {
          throw new CliError(`the response does not decode as '${method.response}': ${errorText(e)}`);
        }
        io.out(`${JSON.stringify(value, null, parsed.pretty ? 2 : undefined)}\n`);
      }
      if (parsed.trace) {
        const what = method.response === undefined ? "sent one-way, no response expected" : "answered";
        const ms = (performance.now() - started).toFixed(1);
        io.err(
          `clusterc call: ${service.name}/${method.name} (cmd ${method.cmd}) ${what} by ${where} over ${parsed.wire} in ${ms} ms, trace ${formatTraceId(traceId)}\n`,
        );
      }
      return EXIT_OK;
    } catch (e) {
      if (isClusterError(e, "invalid-argument")) throw new CliError(e.detail, EXIT_USAGE);
      if (isClusterError(e)) {
        const other = parsed.wire === "silly-0.7.0" ? "silly-0.7.1" : "silly-0.7.0";
        const hint = e.code === "closed" ? ` (a node that speaks the other wire closes the connection: try --wire ${other})` : "";
        const trace = parsed.trace && sent ? `, trace ${formatTraceId(traceId)}` : "";
        io.err(`clusterc call: error: ${service.name}/${method.name} on ${where}: ${e.message}${hint}${trace}\n`);
        return EXIT_CALL_FAILED;
      }
      throw e;
    } finally {
      await node.shutdown();
      await registry?.close();
    }
  });
}
