/**
 * The corpus of schema changes: every breaking rule, every change the checker calls safe, and
 * mixed ones, each with what the checker must report. `rules.test.ts` runs the checker on
 * each and proves every verdict by sending bytes between the two versions' generated codecs.
 */
import type { Direction } from "../../compiler/breaking/index.ts";

/** One expected change: `[code, level, directions]` (source changes have no directions). */
export type Expected = readonly [code: string, level: "wire" | "source", directions: readonly Direction[]];

/** One pair of versions. */
export interface ChangePair {
  readonly name: string;
  readonly old: string;
  readonly neu: string;
  /** Every change the checker reports at level `source` (which includes the wire ones), in report order. */
  readonly expect: readonly Expected[];
}

const BOTH: readonly Direction[] = ["new-to-old", "old-to-new"];
const NEW_TO_OLD: readonly Direction[] = ["new-to-old"];
const OLD_TO_NEW: readonly Direction[] = ["old-to-new"];

const ITEM = "item 0x02 {\n\t.id:int32 1\n\t.name:string 5\n}\n";
const CALC = [
  "add 0x01 {\n\t.a:int32 1\n\t.b:int32 2\n}",
  "sum 0x02 {\n\t.result:int32 1\n}",
  "notify 0x10 {\n\t.message:string 1\n}",
  "service calc {\n\tadd -> sum\n\tnotify\n}",
].join("\n");

/** Changes the checker calls safe at every level: the round trip loses nothing either way. */
export const SAFE: readonly ChangePair[] = [
  {
    name: "a field appended above every tag",
    old: ITEM,
    neu: "item 0x02 {\n\t.id:int32 1\n\t.name:string 5\n\t.level:short 6\n}\n",
    expect: [],
  },
  {
    name: "several fields appended",
    old: ITEM,
    neu: "item 0x02 {\n\t.id:int32 1\n\t.name:string 5\n\t.a:int64 9\n\t.b:blob[] 300\n}\n",
    expect: [],
  },
  {
    name: "the same types spelled otherwise",
    old: "t 1 {\n\t.a:integer 1\n\t.b:long 2\n\t.c:byte[] 3\n\t.d:ubyte[] 4\n\t.e:uinteger 5\n}\n",
    neu: "t 1 {\n\t.a:int32 1\n\t.b:int64 2\n\t.c:string 3\n\t.d:blob 4\n\t.e:uint32 5\n}\n",
    expect: [],
  },
  { name: "a field added to a struct without fields", old: "e 1 {\n}\n", neu: "e 1 {\n\t.x:int32 4\n}\n", expect: [] },
  {
    name: "a struct, a method and a service added",
    old: CALC,
    neu: `${CALC}\nmul 0x03 {\n\t.a:int32 1\n}\nservice more {\n\tmul -> sum\n}\n`,
    expect: [],
  },
  { name: "a protocol tag given to a struct that had none", old: "p {\n\t.x:int32 1\n}\n", neu: "p 0x07 {\n\t.x:int32 1\n}\n", expect: [] },
  {
    name: "the only field renumbered (tags travel relative to the lowest)",
    old: "t 1 {\n\t.x:string 1\n}\n",
    neu: "t 1 {\n\t.x:string 7\n}\n",
    expect: [],
  },
  {
    name: "every field moved by the same amount",
    old: "t 1 {\n\t.a:int32 1\n\t.b:string 3\n}\n",
    neu: "t 1 {\n\t.a:int32 11\n\t.b:string 13\n}\n",
    expect: [],
  },
  {
    name: "a field appended inside a nested struct",
    old: "v {\n\t.x:float 1\n}\nm 1 {\n\t.pos:v 1\n\t.hp:int32 2\n}\n",
    neu: "v {\n\t.x:float 1\n\t.y:float 2\n}\nm 1 {\n\t.pos:v 1\n\t.hp:int32 2\n}\n",
    expect: [],
  },
  {
    name: "a map read as an array of the same elements (by old readers)",
    old: "e {\n\t.id:int32 1\n\t.v:string 2\n}\nm 1 {\n\t.es:e[] 1\n}\n",
    neu: "e {\n\t.id:int32 1\n\t.v:string 2\n}\nm 1 {\n\t.es:e[] 1\n\t.n:int32 2\n}\n",
    expect: [],
  },
  { name: "comments and layout only", old: ITEM, neu: "# the item\nitem 0x02 { .id:int32 1 # its id\n .name:string 5 }\n", expect: [] },
];

/** Changes that break only generated TypeScript names (level source): the round trip loses nothing. */
export const SOURCE_ONLY: readonly ChangePair[] = [
  {
    name: "a field renamed",
    old: ITEM,
    neu: "item 0x02 {\n\t.id:int32 1\n\t.title:string 5\n}\n",
    expect: [["field-renamed", "source", []]],
  },
  { name: "the last field removed", old: ITEM, neu: "item 0x02 {\n\t.id:int32 1\n}\n", expect: [["field-removed", "source", []]] },
  {
    name: "a message renamed on its protocol tag",
    old: CALC,
    neu: CALC.replaceAll("add", "plus"),
    expect: [
      ["struct-renamed", "source", []],
      ["method-renamed", "source", []],
    ],
  },
  {
    name: "a service renamed",
    old: CALC,
    neu: CALC.replace("service calc", "service calculator"),
    expect: [["service-renamed", "source", []]],
  },
  {
    name: "an untagged struct removed",
    old: "u {\n\t.x:int32 1\n}\nm 1 {\n\t.y:int32 1\n}\n",
    neu: "m 1 {\n\t.y:int32 1\n}\n",
    expect: [["struct-removed", "source", []]],
  },
  {
    name: "a response replaced by a struct of the same layout",
    old: CALC,
    neu: `${CALC.replace("add -> sum", "add -> total")}\ntotal 0x03 {\n\t.result:int32 1\n}\n`,
    expect: [["method-response-changed", "source", []]],
  },
  {
    name: "a method moved to another service",
    old: `${CALC}\nservice other {\n}\n`.replace("service other {\n}\n", "ping 0x20 {\n}\nservice other {\n\tping\n}\n"),
    neu: `${CALC.replace("\tnotify\n", "")}\nping 0x20 {\n}\nservice other {\n\tping\n\tnotify\n}\n`,
    expect: [["method-moved", "source", []]],
  },
];

/** Changes that break the wire: the round trip shows the loss in exactly the directions given. */
export const WIRE: readonly ChangePair[] = [
  {
    name: "a field inserted below an existing tag (conformance compat_item v1 → v2)",
    old: ITEM,
    neu: "item 0x02 {\n\t.id:int32 1\n\t.level:short 3\n\t.name:string 5\n}\n",
    expect: [["field-inserted", "wire", NEW_TO_OLD]],
  },
  {
    name: "a field added below the lowest tag",
    old: "t 1 {\n\t.a:int32 2\n\t.b:string 3\n}\n",
    neu: "t 1 {\n\t.z:int32 1\n\t.a:int32 2\n\t.b:string 3\n}\n",
    expect: [["base-tag-changed", "wire", BOTH]],
  },
  {
    name: "the lowest field removed (conformance compat_item v1 → v3)",
    old: ITEM,
    neu: "item 0x02 {\n\t.name:string 5\n}\n",
    expect: [["base-tag-changed", "wire", BOTH]],
  },
  {
    name: "a field removed between others",
    old: "t 1 {\n\t.a:int32 1\n\t.b:int32 2\n\t.c:string 3\n}\n",
    neu: "t 1 {\n\t.a:int32 1\n\t.c:string 3\n}\n",
    expect: [["field-removed", "wire", OLD_TO_NEW]],
  },
  {
    name: "two fields swapped",
    old: "t 1 {\n\t.a:int32 1\n\t.b:string 2\n}\n",
    neu: "t 1 {\n\t.b:string 1\n\t.a:int32 2\n}\n",
    expect: [
      ["field-renumbered", "wire", BOTH],
      ["field-renumbered", "wire", BOTH],
    ],
  },
  {
    name: "a field moved to a free tag",
    old: "t 1 {\n\t.a:int32 1\n\t.b:string 2\n\t.c:int32 3\n}\n",
    neu: "t 1 {\n\t.a:int32 1\n\t.c:int32 3\n\t.b:string 4\n}\n",
    expect: [["field-renumbered", "wire", BOTH]],
  },
  {
    name: "a tag reused by another field",
    old: "t 1 {\n\t.a:int32 1\n\t.level:short 2\n\t.c:int32 3\n}\n",
    neu: "t 1 {\n\t.a:int32 1\n\t.title:string 2\n\t.c:int32 3\n}\n",
    expect: [["tag-reused", "wire", BOTH]],
  },
  {
    name: "a type widened (int32 → int64)",
    old: "t 1 {\n\t.hp:int32 1\n\t.name:string 2\n}\n",
    neu: "t 1 {\n\t.hp:int64 1\n\t.name:string 2\n}\n",
    expect: [["field-type-changed", "wire", BOTH]],
  },
  {
    name: "signedness changed (int32 → uint32)",
    old: "t 1 {\n\t.hp:int32 1\n}\n",
    neu: "t 1 {\n\t.hp:uint32 1\n}\n",
    expect: [["field-type-changed", "wire", BOTH]],
  },
  {
    name: "an integer became a float",
    old: "t 1 {\n\t.x:int32 1\n}\n",
    neu: "t 1 {\n\t.x:float 1\n}\n",
    expect: [["field-type-changed", "wire", BOTH]],
  },
  {
    name: "a string became a blob",
    old: "t 1 {\n\t.s:string 1\n}\n",
    neu: "t 1 {\n\t.s:blob 1\n}\n",
    expect: [["field-type-changed", "wire", BOTH]],
  },
  {
    name: "a boolean became a byte",
    old: "t 1 {\n\t.f:boolean 1\n}\n",
    neu: "t 1 {\n\t.f:byte 1\n}\n",
    expect: [["field-type-changed", "wire", BOTH]],
  },
  {
    name: "a field's struct type replaced by another layout",
    old: "a {\n\t.x:int32 1\n}\nb {\n\t.x:string 1\n}\nm 1 {\n\t.v:a 1\n}\n",
    neu: "a {\n\t.x:int32 1\n}\nb {\n\t.x:string 1\n}\nm 1 {\n\t.v:b 1\n}\n",
    expect: [["field-type-changed", "wire", BOTH]],
  },
  {
    name: "a value became an array",
    old: "t 1 {\n\t.x:int32 1\n\t.y:int32 2\n}\n",
    neu: "t 1 {\n\t.x:int32[] 1\n\t.y:int32 2\n}\n",
    expect: [["field-shape-changed", "wire", BOTH]],
  },
  {
    name: "an array became a map",
    old: "e {\n\t.id:int32 1\n\t.v:string 2\n}\nm 1 {\n\t.es:e[] 1\n}\n",
    neu: "e {\n\t.id:int32 1\n\t.v:string 2\n}\nm 1 {\n\t.es:e[id] 1\n}\n",
    expect: [["field-shape-changed", "wire", OLD_TO_NEW]],
  },
  {
    name: "a map became an array",
    old: "e {\n\t.id:int32 1\n\t.v:string 2\n}\nm 1 {\n\t.es:e[id] 1\n}\n",
    neu: "e {\n\t.id:int32 1\n\t.v:string 2\n}\nm 1 {\n\t.es:e[] 1\n}\n",
    expect: [["field-shape-changed", "wire", NEW_TO_OLD]],
  },
  {
    name: "a map key changed",
    old: "e {\n\t.id:int32 1\n\t.name:string 2\n}\nm 1 {\n\t.es:e[id] 1\n}\n",
    neu: "e {\n\t.id:int32 1\n\t.name:string 2\n}\nm 1 {\n\t.es:e[name] 1\n}\n",
    expect: [["map-key-changed", "wire", BOTH]],
  },
  {
    name: "a nested struct's field inserted (reported in the nested struct)",
    old: "m 1 {\n\tv {\n\t\t.x:float 1\n\t\t.z:float 3\n\t}\n\t.pos:v 1\n}\n",
    neu: "m 1 {\n\tv {\n\t\t.x:float 1\n\t\t.y:float 2\n\t\t.z:float 3\n\t}\n\t.pos:v 1\n}\n",
    expect: [["field-inserted", "wire", NEW_TO_OLD]],
  },
  {
    name: "mixed: an insert, a rename and a type change in one struct",
    old: "p 1 {\n\t.id:int32 1\n\t.hp:int32 3\n\t.nick:string 4\n}\n",
    neu: "p 1 {\n\t.id:int32 1\n\t.mp:short 2\n\t.hp:int64 3\n\t.name:string 4\n}\n",
    expect: [
      ["field-inserted", "wire", NEW_TO_OLD],
      ["field-type-changed", "wire", BOTH],
      ["field-renamed", "source", []],
    ],
  },
  {
    name: "mixed: a response whose fields moved",
    old: CALC,
    neu: `${CALC.replace("add -> sum", "add -> total")}\ntotal 0x03 {\n\t.carry:int32 1\n\t.result:int32 2\n}\n`,
    expect: [["method-response-changed", "wire", BOTH]],
  },
];

/** Changes of methods and services (wire): proven by calls between real nodes in `methods.test.ts`. */
export const CALLS: readonly ChangePair[] = [
  { name: "a method removed", old: CALC, neu: CALC.replace("\tadd -> sum\n", ""), expect: [["method-removed", "wire", OLD_TO_NEW]] },
  { name: "a one-way method removed", old: CALC, neu: CALC.replace("\tnotify\n", ""), expect: [["method-removed", "wire", OLD_TO_NEW]] },
  {
    name: "a call turned one-way",
    old: CALC,
    neu: CALC.replace("add -> sum", "add"),
    expect: [["method-kind-changed", "wire", OLD_TO_NEW]],
  },
  {
    name: "a one-way method turned into a call",
    old: CALC,
    neu: CALC.replace("\tnotify\n", "\tnotify -> sum\n"),
    expect: [["method-kind-changed", "wire", NEW_TO_OLD]],
  },
  {
    name: "a request's protocol tag changed",
    old: CALC,
    neu: CALC.replace("add 0x01", "add 0x05"),
    expect: [["protocol-tag-changed", "wire", BOTH]],
  },
  {
    name: "a service removed",
    old: CALC,
    neu: CALC.replace("service calc {\n\tadd -> sum\n\tnotify\n}", ""),
    expect: [["service-removed", "wire", OLD_TO_NEW]],
  },
  {
    name: "a tagged struct that no service uses removed",
    old: `${CALC}\nping 0x20 {\n\t.x:int32 1\n}\n`,
    neu: CALC,
    expect: [["struct-removed", "wire", OLD_TO_NEW]],
  },
];
