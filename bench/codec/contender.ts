/** The interface of a codec contender. */
import type { PlayerUpdate } from "./game-message.ts";

/** A loaded codec: bytes out, a message back. */
export interface Codec {
  encode(message: PlayerUpdate): Uint8Array;
  decode(bytes: Uint8Array): unknown;
}

/** One contender of the codec part. */
export interface CodecContender {
  /** Stable id for the command line and JSON. */
  readonly id: string;
  readonly label: string;
  /** What exactly is measured (shown under the table). */
  readonly note?: string;
  /** Loads the codec (throws BenchError("unavailable") when it cannot). */
  load(): Promise<Codec>;
}
