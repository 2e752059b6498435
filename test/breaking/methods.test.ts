/**
 * Method and service changes, proven by calls between real nodes over loopback: for every pair
 * of the corpus that has services, a node running one version serves every service of its
 * schema (and a raw handler for every tagged struct no service uses), a node running the other
 * version calls every method of its own schema (and sends every such struct by its cmd), and
 * a call that is not answered or a message that reaches no handler is a break in that
 * direction. It must break exactly in the directions the checker reports.
 */
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { pascalName, structTypeName } from "../../compiler/naming/ts-names.ts";
import { createCluster, listenerAddress } from "../../runtime/node/cluster.ts";
import type { ClusterNode } from "../../runtime/node/cluster-node.ts";
import { createServiceClient } from "../../runtime/rpc/client.ts";
import { serveService } from "../../runtime/rpc/server.ts";
import type { ServiceDescriptor } from "../../runtime/call/descriptor.ts";
import type { MessageCodec } from "../../runtime/zproto/codec.ts";
import { createMemoryLogger, waitFor } from "../runtime/helpers.ts";
import { CALLS, type ChangePair, SAFE, SOURCE_ONLY } from "./corpus.ts";
import { breaksCalls, checkerChanges, loadVersion, removeGenerated, type Version } from "./helpers/versions.ts";

afterAll(removeGenerated);

const nodes: ClusterNode[] = [];
afterEach(async () => {
  await Promise.all(nodes.splice(0).map((n) => n.shutdown()));
});

/** How long a call may take before it counts as unanswered (a healthy loopback call takes milliseconds). */
const CALL_TIMEOUT = 1500;

function descriptors(version: Version): ServiceDescriptor[] {
  return version.model.services.map((s) => version.module[`${pascalName(s.name)}Service`] as ServiceDescriptor);
}

/** The qualified names of the structs that `version`'s services use. */
function inServices(version: Version): Set<string> {
  return new Set(version.model.services.flatMap((s) => s.methods.flatMap((m) => [m.request, m.response ?? ""])));
}

/**
 * Messages nodes send and dispatch by cmd directly: tagged top-level structs that no service of
 * `version` uses, nor a service of the `other` version (where they are requests or responses).
 */
function looseMessages(version: Version, other: Version): MessageCodec<unknown>[] {
  const used = new Set([...inServices(version), ...inServices(other)]);
  return version.model.structs
    .filter((s) => s.parent === undefined && s.protocolTag !== 0 && !used.has(s.qualifiedName))
    .map((s) => version.module[structTypeName(s.qualifiedName)] as MessageCodec<unknown>);
}

/** True when `version`'s services offer a method on `cmd` or named `name`. */
function offers(version: Version, cmd: number, name: string): boolean {
  return version.model.services.some((s) => s.methods.some((m) => m.cmd === cmd || m.name === name));
}

/**
 * What fails when a node of `client`'s version calls a node of `server`'s: readable findings,
 * none when all works. Only what the old version offered (by cmd or by name) is called: a new
 * method that old servers lack is a feature not deployed yet, not a break.
 */
async function callAcross(client: Version, server: Version, old: Version): Promise<string[]> {
  const serverLog = createMemoryLogger();
  const serverNode = createCluster({ logger: serverLog });
  const clientNode = createCluster({ logger: createMemoryLogger() });
  nodes.push(serverNode, clientNode);
  const handled = new Set<number>();
  for (const service of descriptors(server)) {
    const impl: Record<string, () => object | undefined> = {};
    for (const [key, method] of Object.entries(service.methods)) {
      impl[key] = () => {
        handled.add(method.cmd);
        return method.response === undefined ? undefined : {};
      };
    }
    serveService(serverNode, service, impl as never);
  }
  for (const codec of looseMessages(server, client)) {
    serverNode.handle(codec.tag, (body) => {
      codec.decodePacked(body);
      handled.add(codec.tag);
      return undefined;
    });
  }
  const listener = await serverNode.listen("127.0.0.1:0");
  const peer = await clientNode.connect(listenerAddress(listener));
  const dropped = (cmd: number): boolean => serverLog.lines.some((l) => l.message.startsWith("no handler") && l.fields?.["cmd"] === cmd);
  const found: string[] = [];
  const oneWay = async (cmd: number, what: string, send: () => Promise<void>): Promise<void> => {
    await send();
    await waitFor(() => handled.has(cmd) || dropped(cmd), 10_000, `${what} handled or dropped`);
    if (!handled.has(cmd)) found.push(`${what}: no handler for cmd ${cmd}`);
  };
  for (const service of descriptors(client)) {
    const calls = createServiceClient(clientNode, peer, service) as Record<string, (req: object, opts?: object) => Promise<unknown>>;
    for (const [key, method] of Object.entries(service.methods)) {
      const what = `${service.name}.${method.name}`;
      if (!offers(old, method.cmd, method.name)) continue;
      if (method.response === undefined) {
        await oneWay(method.cmd, what, () => calls[key]!({}) as Promise<void>);
        continue;
      }
      try {
        await calls[key]!({}, { timeout: CALL_TIMEOUT });
      } catch (error) {
        found.push(`${what}: ${(error as { code?: string }).code ?? String(error)}`);
      }
    }
  }
  for (const codec of looseMessages(client, server)) {
    if (!looseMessages(old, old).some((c) => c.tag === codec.tag)) continue;
    await oneWay(codec.tag, `message ${codec.name}`, () => clientNode.sendRaw(peer, codec.tag, codec.encodePacked({})));
  }
  return found;
}

async function proveByCalls(c: ChangePair): Promise<void> {
  const changes = checkerChanges(c.old, c.neu);
  const [old, neu] = await Promise.all([loadVersion(c.old, "old.zp"), loadVersion(c.neu, "new.zp")]);
  const newToOld = await callAcross(neu, old, old);
  const oldToNew = await callAcross(old, neu, old);
  expect(newToOld.length > 0, `new → old: ${newToOld.join("; ")}`).toBe(breaksCalls(changes, "new-to-old"));
  expect(oldToNew.length > 0, `old → new: ${oldToNew.join("; ")}`).toBe(breaksCalls(changes, "old-to-new"));
}

const withServices = (pairs: readonly ChangePair[]): ChangePair[] =>
  pairs.filter((c) => c.old.includes("service") || c.neu.includes("service"));

describe("method and service changes break calls in exactly the directions reported", () => {
  it.each(CALLS.map((c) => [c.name, c] as const))("%s", async (_name, c) => proveByCalls(c), 30_000);
});

describe("renames and safe changes keep every call working both ways", () => {
  it.each(withServices([...SAFE, ...SOURCE_ONLY]).map((c) => [c.name, c] as const))("%s", async (_name, c) => proveByCalls(c), 30_000);
});
