/**
 * Every fuzz target, set up (codecs generated and imported); `cleanup` removes the generated files.
 */
import { createCodecDecodeTarget, createCodecPackedTarget } from "./codec-target.ts";
import { createFrameTarget } from "./frame-target.ts";
import type { FuzzTarget } from "./target.ts";
import { loadCodecs } from "./load-codecs.ts";
import { createSchemaTarget } from "./schema-target.ts";

/** The targets and the number of generated codecs they cover. */
export interface AllTargets {
  /** Frame decoder, zproto decode, zproto decodePacked, schema compiler. */
  readonly targets: readonly FuzzTarget[];
  /** How many generated codecs the zproto targets pick from. */
  readonly codecCount: number;
  /** Removes generated files. */
  cleanup(): void;
}

/** Builds every target; `randomSchemas` random schemas join the project and conformance ones. */
export async function createAllTargets(options: { randomSchemas?: number } = {}): Promise<AllTargets> {
  const loaded = await loadCodecs({ randomSchemas: options.randomSchemas ?? 12 });
  return {
    targets: [createFrameTarget(), createCodecDecodeTarget(loaded.codecs), createCodecPackedTarget(loaded.codecs), createSchemaTarget()],
    codecCount: loaded.codecs.length,
    cleanup: () => loaded.cleanup(),
  };
}
