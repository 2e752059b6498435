/**
 * Ending a connection's socket: gracefully (what is still queued is written, then the socket is
 * half-closed so the peer reads every byte before it sees the end), bounded by a timeout after
 * which the socket is destroyed; or at once.
 */
import type { Socket } from "node:net";

/** Largest delay `setTimeout` honours (a larger one fires at once); longer flush timeouts wait without a timer. */
const MAX_TIMER_MS = 0x7fffffff;

/**
 * Writes `tail` (the bytes queued in user space, if any) to `socket`, ends it, and resolves once
 * it is closed: when the peer, having read everything, closes its side too, or when `timeout` ms
 * have passed (the socket is then destroyed; whatever it had not flushed is lost). `timeout` 0
 * destroys the socket at once without writing `tail`; Infinity waits for the peer however long
 * it takes. Never rejects. Incoming bytes are discarded meanwhile (the socket keeps reading, so
 * the peer's end of stream is seen and a peer blocked on writing to us is not stalled).
 */
export function endSocket(socket: Socket, tail: Uint8Array | null, timeout: number): Promise<void> {
  return new Promise<void>((resolve) => {
    if (socket.destroyed) {
      resolve();
      return;
    }
    let timer: NodeJS.Timeout | undefined;
    socket.once("close", () => {
      if (timer !== undefined) clearTimeout(timer);
      resolve();
    });
    if (!(timeout > 0)) {
      socket.destroy();
      return;
    }
    // A socket error destroys the socket ('close' follows); the connection's own listener reports it.
    if (tail !== null && tail.length > 0) socket.write(tail);
    socket.end();
    socket.resume();
    if (timeout <= MAX_TIMER_MS) timer = setTimeout(() => socket.destroy(), timeout);
  });
}
