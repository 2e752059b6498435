/** The registry of codec contenders, in table order. */
import { clustercCodecContender, clustercPackedContender } from "./clusterc-codec.ts";
import type { CodecContender } from "./contender.ts";
import { jsonContender, msgpackrContender, msgpackrRecordsContender, protobufjsContender } from "./peer-codecs.ts";

/** Every codec contender. */
export const CODEC_CONTENDERS: readonly CodecContender[] = [
  clustercCodecContender,
  clustercPackedContender,
  protobufjsContender,
  msgpackrContender,
  msgpackrRecordsContender,
  jsonContender,
];

/** Finds a codec contender by id (undefined when unknown). */
export function findCodecContender(id: string): CodecContender | undefined {
  return CODEC_CONTENDERS.find((c) => c.id === id);
}
