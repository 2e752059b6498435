/**
 * Local scratch micro-benchmark of the zproto codec (not the project benchmark): a game
 * message encoded/decoded by the generated codec, protobufjs static code, msgpackr (records)
 * and JSON. Usage: NODE_PATH=node_modules npx tsx bench/_codec-scratch.ts
 * (protobufjs static code is generated into a temp folder with pbjs first).
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { Packr } from "msgpackr";
import { compileSchema } from "../compiler/compile.ts";
import { generateModule } from "../compiler/gen/index.ts";
import { pack, unpack, type MessageCodec } from "../runtime/index.ts";

const ZP = `vec2 {\n.x:float 1\n.y:float 2\n}\nitem {\n.id:int32 1\n.count:int32 2\n}\nplayer 0x01 {\n.id:int32 1\n.name:string 2\n.level:int32 3\n.hp:float 4\n.online:boolean 5\n.tags:string[] 6\n.pos:vec2 7\n.items:item[] 8\n}\n`;
const PROTO = `syntax = "proto3"; package game;
message Vec2 { float x = 1; float y = 2; }
message Item { int32 id = 1; int32 count = 2; }
message Player { int32 id = 1; string name = 2; int32 level = 3; float hp = 4; bool online = 5;
  repeated string tags = 6; Vec2 pos = 7; repeated Item items = 8; }`;

interface Codec {
  encode(v: unknown): Uint8Array;
  decode(b: Uint8Array): unknown;
}

const dir = mkdtempSync(join(tmpdir(), "clusterc-bench-"));
const compiled = compileSchema(ZP, "game.zp");
if (compiled.model === undefined) throw new Error("schema failed");
const src = await generateModule(compiled.model, { runtimeImport: new URL("../runtime/index.ts", import.meta.url).href });
writeFileSync(join(dir, "package.json"), '{"type":"module"}\n');
writeFileSync(join(dir, "game.ts"), src);
const gen = (await import(pathToFileURL(join(dir, "game.ts")).href)) as { Player: MessageCodec<unknown> };
writeFileSync(join(dir, "game.proto"), PROTO);
execFileSync(process.execPath, [join("node_modules", "protobufjs-cli", "bin", "pbjs"), "-t", "static-module", "-w", "commonjs", "-o", join(dir, "game_pb.cjs"), join(dir, "game.proto")]);
const pb = createRequire(import.meta.url)(join(dir, "game_pb.cjs")) as {
  game: { Player: { encode(v: unknown): { finish(): Uint8Array }; decode(b: Uint8Array): unknown; fromObject(v: unknown): unknown } };
};

const value = {
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

const packr = new Packr({ useRecords: true });
const enc = new TextEncoder();
const dec = new TextDecoder();
const codecs: Record<string, Codec> = {
  zproto: gen.Player,
  "zproto+pack": { encode: (v) => gen.Player.encodePacked(v), decode: (b) => gen.Player.decodePacked(b) },
  "protobufjs static": { encode: (v) => pb.game.Player.encode(v).finish(), decode: (b) => pb.game.Player.decode(b) },
  "msgpackr records": { encode: (v) => packr.pack(v), decode: (b) => packr.unpack(b) as unknown },
  JSON: { encode: (v) => enc.encode(JSON.stringify(v)), decode: (b) => JSON.parse(dec.decode(b)) as unknown },
};

function timeOnce(fn: () => void, n: number): number {
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) fn();
  return n / (Number(process.hrtime.bigint() - t0) / 1e9);
}

let sink = 0;
interface Job {
  readonly name: string;
  readonly size: number;
  readonly enc: () => void;
  readonly dec: () => void;
}
const jobs: Job[] = [];
for (const [name, c] of Object.entries(codecs)) {
  const input = name === "protobufjs static" ? pb.game.Player.fromObject(value) : value;
  const bytes = c.encode(input);
  jobs.push({
    name,
    size: bytes.length,
    enc: () => void (sink += c.encode(input).length),
    dec: () => void (sink += c.decode(bytes) === null ? 1 : 0),
  });
}
const zp = gen.Player.encode(value);
const zpPacked = pack(zp);
jobs.push({ name: "pack / unpack", size: zpPacked.length, enc: () => void (sink += pack(zp).length), dec: () => void (sink += unpack(zpPacked).length) });
// Interleaved rounds (best of each) so that load from other processes hits all codecs alike.
const results: Record<string, { encode: number; decode: number; size: number }> = {};
for (const j of jobs) for (let i = 0; i < 30000; i++) (j.enc(), j.dec());
for (let round = 0; round < 7; round++) {
  for (const j of jobs) {
    const r = (results[j.name] ??= { encode: 0, decode: 0, size: j.size });
    r.encode = Math.max(r.encode, timeOnce(j.enc, 100000));
    r.decode = Math.max(r.decode, timeOnce(j.dec, 100000));
  }
}
const base = results["protobufjs static"]!;
for (const [name, r] of Object.entries(results)) {
  console.log(
    `${name.padEnd(18)} size ${String(r.size).padStart(4)}  encode ${(r.encode / 1e6).toFixed(2)}M/s (${(r.encode / base.encode).toFixed(2)}x pb)  decode ${(r.decode / 1e6).toFixed(2)}M/s (${(r.decode / base.decode).toFixed(2)}x pb)`,
  );
}
if (sink === -1) console.log(sink);
