/**
 * `npm run demo` end to end: two real processes, a call, a one-way message, a timeout
 * and a reconnect after the server restarts — the demo must tell that story and exit 0.
 */
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";

const root = fileURLToPath(new URL("../../", import.meta.url));

it("the demo runs a server and a client process and exits 0", async () => {
  const { code, stdout, stderr } = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    execFile(process.execPath, ["--import", "tsx", "examples/demo/run.ts"], { cwd: root, timeout: 40_000 }, (error, out, err) => {
      resolve({ code: error === null ? 0 : typeof error.code === "number" ? error.code : null, stdout: out, stderr: err });
    });
  });
  expect(code, `${stdout}\n${stderr}`).toBe(0);
  const expected = [
    /server#1 listening on 127\.0\.0\.1:\d+/,
    /client\s+\| calc\.add\(\{ a: 10, b: 20 \}\) -> \{ result: 30 \}/,
    /server#1 \| notify: "hello from the client"/,
    /client\s+\| calc\.slowAdd\(\.\.\., \{ timeout: 200 \}\) -> rejected: timeout/,
    /server#2 listening/,
    /client\s+\| after the restart: calc\.add\(\{ a: 2, b: 40 \}\) -> \{ result: 42 \}/,
    /demo finished/,
  ];
  for (const re of expected) expect(stdout).toMatch(re);
}, 60_000);
