/**
 * `npm run demo`: starts the calc server and a client as separate processes on
 * 127.0.0.1, lets the client make typed calls (a call, a one-way message, a timeout),
 * restarts the server, and shows the client's next call reconnecting. Exits 0 on success.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

const here = (name: string): string => fileURLToPath(new URL(name, import.meta.url));
const DEADLINE_MS = 30_000;

/** A child running a demo script with tsx, its stdout lines forwarded and watched. */
interface Child {
  readonly process: ChildProcess;
  /** Resolves with the first line (not forwarded) that starts with `prefix`. */
  waitFor(prefix: string): Promise<string>;
}

function start(script: string, args: string[]): Child {
  const child = spawn(process.execPath, ["--import", "tsx", here(script), ...args], {
    stdio: ["pipe", "pipe", "inherit"],
  });
  const waiters: Array<{ prefix: string; resolve: (line: string) => void }> = [];
  createInterface({ input: child.stdout! }).on("line", (line) => {
    const i = waiters.findIndex((w) => line.startsWith(w.prefix));
    if (i >= 0) waiters.splice(i, 1)[0]!.resolve(line);
    else process.stdout.write(`${line}\n`);
  });
  return {
    process: child,
    waitFor: (prefix) => new Promise((resolve) => waiters.push({ prefix, resolve })),
  };
}

function exited(child: Child): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.process.exitCode !== null) resolve(child.process.exitCode);
    else child.process.once("exit", (code) => resolve(code));
  });
}

const children: Child[] = [];
const timer = setTimeout(() => {
  console.error("demo: timed out");
  for (const c of children) c.process.kill("SIGKILL");
  process.exit(1);
}, DEADLINE_MS);

console.log("clusterc demo: a typed calc service between two processes on 127.0.0.1\n");
const server1 = start("server.ts", ["0", "1"]);
children.push(server1);
const port = (await server1.waitFor("listening ")).split(" ")[1]!;
console.log(`server#1 listening on 127.0.0.1:${port}`);

const client = start("client.ts", [port]);
children.push(client);
await client.waitFor("waiting");

console.log("\nrestarting the server (SIGTERM, then a new process on the same port)…");
server1.process.kill("SIGTERM");
await exited(server1);
const server2 = start("server.ts", [port, "2"]);
children.push(server2);
await server2.waitFor("listening ");
console.log(`server#2 listening on 127.0.0.1:${port}\n`);

client.process.stdin!.write("go\n");
const code = await exited(client);
server2.process.kill("SIGTERM");
await exited(server2);
clearTimeout(timer);
console.log(code === 0 ? "\ndemo finished: every call behaved as expected" : `\ndemo failed: client exited with ${code}`);
process.exit(code === 0 ? 0 : 1);
