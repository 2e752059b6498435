/**
 * `clusterc format` and the error/retry syntax: option lists and `errors { … }` blocks come out in
 * the canonical layout, comments stay in place, the model is unchanged, and formatting again
 * changes nothing.
 */
import { describe, expect, it } from "vitest";
import { formatSchema } from "../../compiler/format/format-schema.ts";
import { compileSchema } from "../../compiler/compile.ts";

function format(text: string): string {
  const result = formatSchema(text);
  if (!("text" in result)) throw new Error(`not formatted: ${JSON.stringify(result.diagnostics)}`);
  return result.text;
}

const MESSY = `a 1 { .x:int32 1 }
b 2 { .code:integer 1 .message:string 2 }
n 3 { .m:string 1 }
# The service.
service s   [ errors   idempotent ]{ # hi
# Codes.
errors{ x 1 # one
 y   0x2 }
  a->b[ errors ] # m
  n
}
`;

const CANONICAL = `a 1 {
\t.x:int32 1
}

b 2 {
\t.code:integer 1
\t.message:string 2
}

n 3 {
\t.m:string 1
}

# The service.
service s [errors idempotent] { # hi
\t# Codes.
\terrors {
\t\tx 1 # one
\t\ty 0x2
\t}
\ta -> b [errors] # m
\tn
}
`;

describe("format: method options and error lists", () => {
  it("lays them out canonically, keeping every comment", () => {
    expect(format(MESSY)).toBe(CANONICAL);
  });

  it("is idempotent and keeps the model (options, codes and their docs)", () => {
    expect(format(CANONICAL)).toBe(CANONICAL);
    const strip = (text: string): unknown =>
      JSON.parse(JSON.stringify(compileSchema(text, "s.zp").model?.services, (key, value) => (key === "loc" ? undefined : value)));
    expect(strip(CANONICAL)).toEqual(strip(MESSY));
  });

  it("an errors list after the methods stays after them", () => {
    const text = "a 1 {\n\t.x:int32 1\n}\n\nb 2 {\n\t.code:integer 1\n}\n\nservice s {\n\ta -> b [errors]\n\terrors {\n\t\tx 1\n\t}\n}\n";
    expect(format(text)).toBe(text);
  });
});
