/**
 * Reads the entries of a zip file (a `.vsix` is one) from its central directory, and the bytes
 * of an entry (stored or deflated): enough to check what a package holds without an unzip tool.
 */
import { inflateRawSync } from "node:zlib";

/** One entry of a zip file. */
export interface ZipEntry {
  readonly name: string;
  /** The entry's uncompressed bytes. */
  read(): Buffer;
}

/** The entries of the zip file `zip`, in central-directory order. */
export function zipEntries(zip: Buffer): ZipEntry[] {
  const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0) throw new Error("not a zip file: no end of central directory");
  const count = zip.readUInt16LE(eocd + 10);
  let at = zip.readUInt32LE(eocd + 16);
  const out: ZipEntry[] = [];
  for (let i = 0; i < count; i++) {
    if (zip.readUInt32LE(at) !== 0x02014b50) throw new Error(`bad central directory entry at ${at}`);
    const method = zip.readUInt16LE(at + 10);
    const compressed = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const extra = zip.readUInt16LE(at + 30);
    const comment = zip.readUInt16LE(at + 32);
    const local = zip.readUInt32LE(at + 42);
    const name = zip.toString("utf8", at + 46, at + 46 + nameLength);
    out.push({
      name,
      read() {
        const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
        const data = zip.subarray(start, start + compressed);
        return method === 0 ? Buffer.from(data) : inflateRawSync(data);
      },
    });
    at += 46 + nameLength + extra + comment;
  }
  return out;
}
