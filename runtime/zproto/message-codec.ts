/**
 * The one call each generated top-level struct makes to get its {@link MessageCodec}:
 * positional, so that the generated line stays short.
 */
import { createMessageCodec, type MessageCodec } from "./codec.ts";
import { createDefault } from "./partial.ts";
import type { FieldTable } from "./struct-table.ts";

/**
 * Generated code: the codec of the struct of `table` with protocol tag `tag` (0 when it
 * has none); the table has its name, encoder, decoder and defaults (see
 * {@link createMessageCodec}).
 */
export function messageCodec<T>(tag: number, table: FieldTable<T>): MessageCodec<T> {
  return createMessageCodec<T>({ name: table.name, tag, write: table.encode, read: table.decode, create: () => createDefault(table) });
}
