/**
 * The representative game message of the codec part (bench/schemas/game.zp,
 * bench/proto/game.proto) and the helpers to check a decoded copy against it.
 * Every float is exactly representable in binary32, so a correct round trip through any
 * contender gives back exactly the same values.
 */
import { isDeepStrictEqual } from "node:util";

/** `vec3` of game.zp. */
export interface Vec3 {
  x: number;
  y: number;
  z: number;
}

/** `item` of game.zp. */
export interface Item {
  id: number;
  count: number;
  name: string;
}

/** `player_update` of game.zp. */
export interface PlayerUpdate {
  id: number;
  level: number;
  gold: number;
  name: string;
  speed: number;
  online: boolean;
  tags: string[];
  pos: Vec3;
  items: Item[];
}

/** The sample message every contender encodes and decodes. */
export function createSampleMessage(): PlayerUpdate {
  return {
    id: 3_000_123_456,
    level: 42,
    gold: -987_654,
    name: "Aria the Brave",
    speed: 3.5,
    online: true,
    tags: ["pvp", "guild:northwind", "vip"],
    pos: { x: 1024.5, y: -77.25, z: 3.125 },
    items: [
      { id: 1001, count: 1, name: "iron sword" },
      { id: 2002, count: 20, name: "health potion" },
      { id: 3003, count: 5, name: "arrow bundle" },
      { id: 4004, count: 1, name: "dragon scale shield" },
      { id: 5005, count: 250, name: "gold ore" },
    ],
  };
}

function field(source: unknown, key: string): unknown {
  return typeof source === "object" && source !== null ? (source as Record<string, unknown>)[key] : undefined;
}

function list(source: unknown, key: string): unknown[] {
  const value = field(source, key);
  return Array.isArray(value) ? value : [];
}

/**
 * Copies the fields of the game message out of whatever a decoder returned (class
 * instances, records, plain objects) into a plain object, so results can be compared.
 */
export function normaliseMessage(decoded: unknown): unknown {
  const pos = field(decoded, "pos");
  return {
    id: field(decoded, "id"),
    level: field(decoded, "level"),
    gold: field(decoded, "gold"),
    name: field(decoded, "name"),
    speed: field(decoded, "speed"),
    online: field(decoded, "online"),
    tags: [...list(decoded, "tags")],
    pos: { x: field(pos, "x"), y: field(pos, "y"), z: field(pos, "z") },
    items: list(decoded, "items").map((item) => ({ id: field(item, "id"), count: field(item, "count"), name: field(item, "name") })),
  };
}

/** True if a decoded message carries exactly the sample's values. */
export function isSampleRoundTrip(decoded: unknown, sample: PlayerUpdate = createSampleMessage()): boolean {
  return isDeepStrictEqual(normaliseMessage(decoded), sample);
}
