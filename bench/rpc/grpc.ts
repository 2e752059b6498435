/**
 * The @grpc/grpc-js contender: unary `calc.Calc/Add` loaded with @grpc/proto-loader from
 * `bench/proto/calc.proto`, insecure HTTP/2 on 127.0.0.1. Every client gets its own
 * channel and subchannel pool, so N clients really are N TCP connections.
 */
import * as grpc from "@grpc/grpc-js";
import * as protoLoader from "@grpc/proto-loader";
import { fileURLToPath } from "node:url";
import { BenchError } from "../lib/errors.ts";
import type { RpcContender } from "./contender.ts";

interface AddRequest {
  a: number;
  b: number;
}
interface SumReply {
  result: number;
}

const PROTO_PATH = fileURLToPath(new URL("../proto/calc.proto", import.meta.url));

function isServiceClientConstructor(value: unknown): value is grpc.ServiceClientConstructor {
  return typeof value === "function" && "service" in value;
}

let cached: grpc.ServiceClientConstructor | undefined;

/** Loads the Calc service constructor from the .proto (once per process). */
export function loadCalcService(): grpc.ServiceClientConstructor {
  if (cached) return cached;
  const definition = protoLoader.loadSync(PROTO_PATH, { keepCase: true, defaults: true });
  const calcPackage = grpc.loadPackageDefinition(definition)["calc"];
  const ctor =
    calcPackage !== undefined && !isServiceClientConstructor(calcPackage) && "Calc" in calcPackage ? calcPackage["Calc"] : undefined;
  if (!isServiceClientConstructor(ctor)) throw new BenchError("unavailable", "calc.Calc not found in calc.proto");
  cached = ctor;
  return ctor;
}

/** The @grpc/grpc-js unary contender. */
export const grpcContender: RpcContender = {
  id: "grpc",
  label: "@grpc/grpc-js unary",
  supportsTimeouts: true,
  async startServer() {
    const Calc = loadCalcService();
    const server = new grpc.Server();
    const add: grpc.handleUnaryCall<AddRequest, SumReply> = (call, callback) => {
      callback(null, { result: (call.request.a + call.request.b) | 0 });
    };
    server.addService(Calc.service, { Add: add });
    const port = await new Promise<number>((resolve, reject) => {
      server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, bound) => (err ? reject(err) : resolve(bound)));
    });
    return {
      port,
      close: () =>
        new Promise<void>((resolve) => {
          server.forceShutdown();
          resolve();
        }),
    };
  },
  async connect(port) {
    const Calc = loadCalcService();
    const method: grpc.MethodDefinition<AddRequest, SumReply> | undefined = Calc.service["Add"];
    if (method === undefined) throw new BenchError("unavailable", "calc.Calc has no Add method");
    const client = new Calc(`127.0.0.1:${port}`, grpc.credentials.createInsecure(), {
      "grpc.use_local_subchannel_pool": 1,
    });
    await new Promise<void>((resolve, reject) => {
      client.waitForReady(Date.now() + 5000, (err) => (err ? reject(err) : resolve()));
    });
    const serialize = method.requestSerialize;
    const deserialize = method.responseDeserialize;
    return {
      add(a, b, options) {
        return new Promise<number>((resolve, reject) => {
          const callback: grpc.requestCallback<SumReply> = (err, reply) => {
            if (err) reject(err);
            else if (reply === undefined) reject(new BenchError("protocol", "grpc reply missing"));
            else resolve(reply.result);
          };
          if (options?.timeoutMs !== undefined) {
            client.makeUnaryRequest(method.path, serialize, deserialize, { a, b }, { deadline: Date.now() + options.timeoutMs }, callback);
          } else {
            client.makeUnaryRequest(method.path, serialize, deserialize, { a, b }, callback);
          }
        });
      },
      async close() {
        client.close();
      },
    };
  },
};
