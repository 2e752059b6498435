import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compileSchema } from "../../compiler/compile.ts";
import { ZPROTO_DIR } from "./helpers.ts";

const BAD_DIR = join(ZPROTO_DIR, "bad-schemas");

/** What clusterc reports first for each of zproto's rejected schemas. */
const EXPECTED: Record<string, { code: string; line: number; column: number }> = {
  "01-descending-tags.zp": { code: "tag-not-ascending", line: 3, column: 11 },
  "02-duplicate-tag.zp": { code: "duplicate-tag", line: 3, column: 11 },
  "03-duplicate-field-name.zp": { code: "duplicate-field", line: 3, column: 3 },
  "04-duplicate-struct-name.zp": { code: "duplicate-struct", line: 4, column: 1 },
  "05-duplicate-protocol-tag.zp": { code: "duplicate-protocol-tag", line: 4, column: 3 },
  "06-tag-zero.zp": { code: "tag-out-of-range", line: 2, column: 11 },
  "07-tag-65536.zp": { code: "tag-out-of-range", line: 2, column: 11 },
  "08-forward-reference.zp": { code: "forward-reference", line: 2, column: 9 },
  "09-self-reference.zp": { code: "self-reference", line: 2, column: 8 },
  "10-nested-struct-with-protocol-tag.zp": { code: "protocol-tag-on-nested", line: 2, column: 4 },
  "11-nested-struct-used-outside-parent.zp": { code: "nested-not-visible", line: 8, column: 5 },
  "12-unknown-type.zp": { code: "unknown-type", line: 2, column: 5 },
  "13-mapkey-on-scalar-array.zp": { code: "map-key-on-scalar", line: 2, column: 11 },
  "14-mapkey-missing-field.zp": { code: "map-key-missing", line: 5, column: 10 },
  "15-mapkey-is-struct-field.zp": { code: "map-key-not-scalar", line: 8, column: 7 },
  "16-mapkey-is-array-field.zp": { code: "map-key-is-array", line: 5, column: 7 },
  "17-missing-closing-brace.zp": { code: "syntax-error", line: 3, column: 1 },
  "18-empty-file.zp": { code: "empty-schema", line: 1, column: 1 },
  "19-only-comments.zp": { code: "empty-schema", line: 2, column: 1 },
  "20-name-starts-with-underscore.zp": { code: "invalid-name", line: 1, column: 1 },
  "21-name-64-chars.zp": { code: "name-too-long", line: 1, column: 1 },
  "22-semicolon-after-field.zp": { code: "unexpected-character", line: 2, column: 12 },
  "23-stray-closing-brace.zp": { code: "syntax-error", line: 4, column: 1 },
  "24-field-before-nested-struct.zp": { code: "field-before-struct", line: 3, column: 2 },
  "25-missing-tag.zp": { code: "syntax-error", line: 3, column: 1 },
  "26-missing-colon.zp": { code: "syntax-error", line: 2, column: 5 },
  "27-negative-tag.zp": { code: "negative-number", line: 2, column: 11 },
  "28-array-of-array.zp": { code: "array-of-array", line: 2, column: 12 },
};

interface IndexEntry {
  readonly file: string;
  readonly error: string;
}

const index: IndexEntry[] = readFileSync(join(BAD_DIR, "index.jsonl"), "utf8")
  .split("\n")
  .filter((l) => l.trim() !== "")
  .map((l) => JSON.parse(l) as IndexEntry);

describe("zproto's rejected schemas (bad-schemas/)", () => {
  it("the table covers exactly the files of index.jsonl and of the folder", () => {
    const onDisk = readdirSync(BAD_DIR)
      .filter((f) => f.endsWith(".zp"))
      .sort();
    expect(onDisk).toHaveLength(28);
    expect(index.map((e) => e.file).sort()).toEqual(onDisk);
    expect(Object.keys(EXPECTED).sort()).toEqual(onDisk);
  });

  it.each(index)("$file is rejected with the expected code and location", (entry) => {
    const source = readFileSync(join(BAD_DIR, entry.file), "utf8");
    const result = compileSchema(source, entry.file);
    expect(result.model).toBeUndefined();
    const errors = result.diagnostics.filter((d) => d.severity === "error");
    expect(errors.length).toBeGreaterThan(0);
    const first = errors[0];
    expect({ code: first?.code, line: first?.loc.line, column: first?.loc.column }).toEqual(EXPECTED[entry.file]);
    const zprotoLine = Number(/line (\d+)/.exec(entry.error)?.[1]);
    expect(first?.loc.line).toBe(zprotoLine);
  });
});
