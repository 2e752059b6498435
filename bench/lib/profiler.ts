/**
 * Windowed CPU profiling for children: when the parent sets `BENCH_PROFILE_FILE`, a child
 * profiles only the part that matters (the measured modes, or a server's serving time)
 * with the inspector and writes a `.cpuprofile` there — unlike `node --cpu-prof`, which
 * would also record process start-up and the tsx loader.
 */
import { writeFileSync, mkdirSync } from "node:fs";
import * as path from "node:path";
import { Session } from "node:inspector/promises";

/** Environment variable naming the profile file a child should write. */
export const PROFILE_ENV = "BENCH_PROFILE_FILE";

/** Stops a running profile and writes it; resolves once written. */
export type StopProfiling = () => Promise<void>;

/** Starts profiling if the parent asked for it; the returned function stops and writes (a no-op otherwise). */
export async function startProfiling(): Promise<StopProfiling> {
  const file = process.env[PROFILE_ENV];
  if (!file) return async () => undefined;
  const session = new Session();
  session.connect();
  await session.post("Profiler.enable");
  await session.post("Profiler.setSamplingInterval", { interval: 100 });
  await session.post("Profiler.start");
  let stopped = false;
  return async () => {
    if (stopped) return;
    stopped = true;
    const { profile } = await session.post("Profiler.stop");
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify(profile));
    session.disconnect();
  };
}
