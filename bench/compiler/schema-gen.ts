/**
 * Generates synthetic zproto schemas of N top-level structs with services, for the
 * compiler part: every struct has scalar, string, float and array fields, refers to
 * the previous struct (a single field, and every third struct an array of it), carries
 * a protocol tag, and services group request → response pairs ten methods at a time.
 */

/** Returns the text of a schema with `structCount` structs and services over them. */
export function generateSchema(structCount: number): string {
  const out: string[] = [`# Synthetic schema: ${structCount} structs with services (clusterc bench).`, ""];
  for (let i = 0; i < structCount; i++) {
    out.push(`# Struct number ${i}.`, `s${i} 0x${(i + 1).toString(16)} {`);
    out.push("\t.id:int32 1", "\t.name:string 2", "\t.score:float 3", "\t.flags:boolean[] 4", "\t.big:uint64 5");
    if (i > 0) out.push(`\t.prev:s${i - 1} 6`);
    if (i > 0 && i % 3 === 0) out.push(`\t.history:s${i - 1}[] 7`);
    out.push("}", "");
  }
  const methods: string[] = [];
  for (let i = 0; i + 1 < structCount; i += 2) methods.push(`\ts${i} -> s${i + 1}`);
  if (structCount % 2 === 1) methods.push(`\ts${structCount - 1}`);
  for (let m = 0, k = 0; m < methods.length; m += 10, k++) {
    out.push(`# Service ${k}.`, `service svc${k} {`, ...methods.slice(m, m + 10), "}", "");
  }
  return out.join("\n");
}
