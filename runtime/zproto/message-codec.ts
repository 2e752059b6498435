/**
 * The one call each generated top-level struct makes to get its {@link MessageCodec}:
 * positional, so that the generated line stays short.
 */
import { createMessageCodec, type MessageCodec, type MessageCodecParts } from "./codec.ts";
import { createDefault, type FieldTable } from "./partial.ts";

/**
 * Generated code: the codec of struct `name` with protocol tag `tag` (0 when it has none),
 * from its generated encoder and its field table (which has its decoder and defaults; see
 * {@link createMessageCodec}).
 */
export function messageCodec<T>(name: string, tag: number, write: MessageCodecParts<T>["write"], table: FieldTable<T>): MessageCodec<T> {
  return createMessageCodec<T>({ name, tag, write, read: table.decode, create: () => createDefault(table) });
}
