/**
 * Local scratch micro-benchmark of the zproto codec (not the project benchmark, see
 * bench/README.md): two game messages encoded/decoded by the generated codec (plain and
 * packed), protobufjs static code, msgpackr records, and pack/unpack alone.
 *
 * - "bench": `player_update` of bench/schemas/game.zp with the sample of
 *   bench/codec/game-message.ts and protobufjs code from bench/generated-peers/ — the
 *   message of the official codec benchmark.
 * - "small": the `player` message below (fewer strings), protobufjs code generated with
 *   pbjs into a temp folder.
 *
 * Rates are per CPU second (`process.cpuUsage`), rounds interleaved across contenders and
 * the median reported, so that load from other processes on a shared machine distorts the
 * ratios less than wall-clock timing would.
 * Usage: NODE_PATH=node_modules npx tsx bench/_codec-scratch.ts [rounds]
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { Packr } from "msgpackr";
import { compileSchema } from "../compiler/compile.ts";
import { generateModule } from "../compiler/gen/index.ts";
import { pack, unpack, type MessageCodec } from "../runtime/index.ts";
import { createSampleMessage, isSampleRoundTrip } from "./codec/game-message.ts";
import { game as benchPb } from "./generated-peers/game-pb.js";

const SMALL_ZP = `vec2 {\n.x:float 1\n.y:float 2\n}\nitem {\n.id:int32 1\n.count:int32 2\n}\nplayer 0x01 {\n.id:int32 1\n.name:string 2\n.level:int32 3\n.hp:float 4\n.online:boolean 5\n.tags:string[] 6\n.pos:vec2 7\n.items:item[] 8\n}\n`;
const SMALL_PROTO = `syntax = "proto3"; package game;
message Vec2 { float x = 1; float y = 2; }
message Item { int32 id = 1; int32 count = 2; }
message Player { int32 id = 1; string name = 2; int32 level = 3; float hp = 4; bool online = 5;
  repeated string tags = 6; Vec2 pos = 7; repeated Item items = 8; }`;
const SMALL_VALUE = {
  id: 123456,
  name: "warrior_of_light",
  level: 42,
  hp: 87.5,
  online: true,
  tags: ["guild:alpha", "vip", "pvp"],
  pos: { x: 101.25, y: -33.5 },
  items: [
    { id: 1001, count: 3 },
    { id: 1002, count: 1 },
    { id: 2001, count: 99 },
    { id: 3005, count: 12 },
  ],
};

interface Codec {
  encode(v: unknown): Uint8Array;
  decode(b: Uint8Array): unknown;
}
interface PbType {
  encode(v: unknown): { finish(): Uint8Array };
  decode(b: Uint8Array): unknown;
}

const dir = mkdtempSync(join(tmpdir(), "clusterc-bench-"));
writeFileSync(join(dir, "package.json"), '{"type":"module"}\n');
const runtimeImport = new URL("../runtime/index.ts", import.meta.url).href;

async function generated(schema: string, file: string, message: string): Promise<MessageCodec<unknown>> {
  const compiled = compileSchema(schema, file);
  if (compiled.model === undefined) throw new Error(`schema ${file} failed to compile`);
  writeFileSync(join(dir, `${file}.ts`), await generateModule(compiled.model, { runtimeImport }));
  const mod = (await import(pathToFileURL(join(dir, `${file}.ts`)).href)) as Record<string, unknown>;
  const codec = Object.values(mod).find((v) => (v as { name?: unknown } | null)?.name === message);
  if (codec === undefined) throw new Error(`no codec ${message} in ${file}`);
  return codec as MessageCodec<unknown>;
}

function smallPb(): PbType {
  writeFileSync(join(dir, "small.proto"), SMALL_PROTO);
  const pbjs = join("node_modules", "protobufjs-cli", "bin", "pbjs");
  execFileSync(process.execPath, [
    pbjs,
    "-t",
    "static-module",
    "-w",
    "commonjs",
    "-o",
    join(dir, "small_pb.cjs"),
    join(dir, "small.proto"),
  ]);
  const mod = createRequire(import.meta.url)(join(dir, "small_pb.cjs")) as {
    game: { Player: PbType & { fromObject(v: unknown): unknown } };
  };
  return mod.game.Player;
}

interface Job {
  readonly name: string;
  readonly size: number;
  readonly enc: () => number;
  readonly dec: () => number;
}

function jobsFor(zp: MessageCodec<unknown>, pb: PbType, value: unknown, check: (decoded: unknown) => boolean): Job[] {
  const packr = new Packr({ structures: [] });
  const codecs: Record<string, Codec> = {
    zproto: zp,
    "zproto+pack": { encode: (v) => zp.encodePacked(v), decode: (b) => zp.decodePacked(b) },
    "protobufjs static": { encode: (v) => pb.encode(v).finish(), decode: (b) => pb.decode(b) },
    "msgpackr records": { encode: (v) => packr.pack(v), decode: (b) => packr.unpack(b) as unknown },
  };
  const jobs: Job[] = [];
  for (const [name, c] of Object.entries(codecs)) {
    c.encode(value); // msgpackr records: the structure goes out with the first message only
    const bytes = c.encode(value).slice();
    if (!check(c.decode(bytes))) throw new Error(`${name}: decode(encode(value)) differs from value`);
    jobs.push({ name, size: bytes.length, enc: () => c.encode(value).length, dec: () => (c.decode(bytes) === undefined ? 0 : 1) });
  }
  const plain = zp.encode(value).slice();
  const packed = pack(plain).slice();
  jobs.push({ name: "pack / unpack", size: packed.length, enc: () => pack(plain).length, dec: () => unpack(packed).length });
  return jobs;
}

let sink = 0;
function rate(fn: () => number, n: number): number {
  const t0 = process.cpuUsage();
  for (let i = 0; i < n; i++) sink += fn();
  const t = process.cpuUsage(t0);
  return (n / (t.user + t.system)) * 1e6;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1] ?? 0;
}

function run(title: string, jobs: Job[], rounds: number): void {
  for (const j of jobs) for (let i = 0; i < 20; i++) rate(j.enc, 2000), rate(j.dec, 2000);
  const enc = new Map<string, number[]>();
  const dec = new Map<string, number[]>();
  for (let r = 0; r < rounds; r++) {
    for (const j of jobs) {
      enc.set(j.name, [...(enc.get(j.name) ?? []), rate(j.enc, 30000)]);
      dec.set(j.name, [...(dec.get(j.name) ?? []), rate(j.dec, 30000)]);
    }
  }
  const e = (name: string): number => median(enc.get(name) ?? []);
  const d = (name: string): number => median(dec.get(name) ?? []);
  const pb = "protobufjs static";
  const mp = "msgpackr records";
  console.log(`\n${title} (median of ${rounds} rounds, ops per CPU second)`);
  for (const j of jobs) {
    const vs = `(${(e(j.name) / e(pb)).toFixed(2)}x pb)  decode ${(d(j.name) / 1e6).toFixed(2)}M/s (${(d(j.name) / d(pb)).toFixed(2)}x pb, ${(d(j.name) / d(mp)).toFixed(2)}x msgpackr)`;
    console.log(`${j.name.padEnd(18)} size ${String(j.size).padStart(4)}  encode ${(e(j.name) / 1e6).toFixed(2)}M/s ${vs}`);
  }
}

const rounds = Number(process.argv[2] ?? 9);
const benchZp = await generated(readFileSync(new URL("./schemas/game.zp", import.meta.url), "utf8"), "game", "player_update");
const sample = createSampleMessage();
run(
  "bench: player_update (bench/schemas/game.zp)",
  jobsFor(benchZp, benchPb.PlayerUpdate as unknown as PbType, sample, (v) => isSampleRoundTrip(v, sample)),
  rounds,
);
const small = await generated(SMALL_ZP, "small", "player");
const smallJson = JSON.stringify(SMALL_VALUE);
const normalise = (v: unknown): string =>
  JSON.stringify(v, ["id", "name", "level", "hp", "online", "tags", "pos", "x", "y", "items", "count"]);
run(
  "small: player (fewer strings)",
  jobsFor(small, smallPb(), SMALL_VALUE, (v) => normalise(v) === smallJson),
  rounds,
);
if (sink === -1) console.log(sink);
