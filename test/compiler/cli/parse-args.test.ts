import { describe, expect, it } from "vitest";
import { parseCheckArgs } from "../../../compiler/cli/check.ts";

describe("clusterc check argument parsing", () => {
  it("collects files and the format in any order", () => {
    expect(parseCheckArgs(["a.zp", "--format", "json", "b.zp"])).toEqual({ files: ["a.zp", "b.zp"], format: "json", help: false });
    expect(parseCheckArgs(["--format=text", "a.zp"])).toEqual({ files: ["a.zp"], format: "text", help: false });
  });

  it("treats everything after -- as files", () => {
    expect(parseCheckArgs(["--", "--weird.zp"])).toEqual({ files: ["--weird.zp"], format: "text", help: false });
  });

  it("rejects a missing or wrong format value, unknown options and no files", () => {
    expect(parseCheckArgs(["a.zp", "--format"])).toEqual({ error: "--format must be 'text' or 'json', got nothing" });
    expect(parseCheckArgs(["--format", "xml", "a.zp"])).toHaveProperty("error");
    expect(parseCheckArgs(["-x", "a.zp"])).toEqual({ error: "unknown option '-x'" });
    // No files: the config's inputs, or a usage error when running (see cli-failures.test.ts).
    expect(parseCheckArgs([])).toEqual({ files: [], format: "text", help: false });
  });

  it("--help needs no files", () => {
    expect(parseCheckArgs(["--help"])).toEqual({ files: [], format: "text", help: true });
  });
});
