/**
 * The one call each generated top-level struct makes to get its {@link MessageCodec}:
 * positional, so that the generated line stays short.
 */
import { createMessageCodec, type MessageCodec, type MessageCodecParts } from "./codec.ts";

/**
 * Generated code: the codec of struct `name` with protocol tag `tag` (0 when it has none),
 * from its generated write/read/create functions (see {@link createMessageCodec}).
 */
export function messageCodec<T>(
  name: string,
  tag: number,
  write: MessageCodecParts<T>["write"],
  read: MessageCodecParts<T>["read"],
  create: MessageCodecParts<T>["create"],
): MessageCodec<T> {
  return createMessageCodec<T>({ name, tag, write, read, create });
}
