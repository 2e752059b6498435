/**
 * Shared test helpers for the runtime tests (not a test file).
 */
import { readFileSync } from "node:fs";
import * as net from "node:net";
import type { Logger, LogFields } from "../../runtime/index.ts";

/** The conformance vectors carried by the repository (`conformance/vectors/`). */
export const CONFORMANCE = new URL("../../conformance/vectors/", import.meta.url);

/** One line of frames/v07x.jsonl. */
export interface FrameVector {
  readonly kind: "request" | "response";
  readonly session: number;
  readonly cmd: number | null;
  readonly traceid: string | null;
  readonly body: string;
  readonly frame: string;
  readonly source: string;
  readonly note?: string;
}

/** Reads a frames jsonl file ("v070" or "v071"). */
export function loadFrameVectors(name: "v070" | "v071"): FrameVector[] {
  const text = readFileSync(new URL(`frames/${name}.jsonl`, CONFORMANCE), "utf8");
  return text
    .split("\n")
    .filter((line) => line.trim().length > 0)
    .map((line) => JSON.parse(line) as FrameVector);
}

/** One captured log line. */
export interface LogLine {
  readonly level: "debug" | "info" | "warn" | "error";
  readonly message: string;
  readonly fields: LogFields | undefined;
}

/** A logger that records every line. */
export function createMemoryLogger(): Logger & { readonly lines: LogLine[] } {
  const lines: LogLine[] = [];
  const at =
    (level: LogLine["level"]) =>
    (message: string, fields?: LogFields): void => {
      lines.push({ level, message, fields });
    };
  return { lines, debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error") };
}

/** Polls `check` until it is true or `timeout` ms pass (then throws). */
export async function waitFor(check: () => boolean, timeout = 5000, what = "condition"): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeout) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** Resolves after `ms`. */
export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Opens a raw TCP socket to a port on 127.0.0.1. */
export function rawConnect(port: number, host = "127.0.0.1"): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host, port }, () => {
      socket.off("error", reject);
      resolve(socket);
    });
    socket.once("error", reject);
  });
}

/** A port that was free a moment ago (listen on 0, close). */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address !== null ? address.port : 0;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A raw TCP server counting accepted connections and collecting bytes; for wire-level tests. */
export interface RawServer {
  readonly port: number;
  readonly sockets: net.Socket[];
  accepted: number;
  close(): Promise<void>;
}

/** Starts a raw server; `onSocket` sees every accepted socket. */
export async function startRawServer(onSocket: (socket: net.Socket) => void = () => {}): Promise<RawServer> {
  const sockets: net.Socket[] = [];
  const state = { accepted: 0 };
  const server = net.createServer((socket) => {
    state.accepted++;
    sockets.push(socket);
    socket.on("error", () => {});
    onSocket(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address !== null ? address.port : 0;
  return {
    port,
    sockets,
    get accepted() {
      return state.accepted;
    },
    set accepted(n: number) {
      state.accepted = n;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Hex to bytes. */
export function hex(text: string): Buffer {
  return Buffer.from(text, "hex");
}
