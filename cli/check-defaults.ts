/**
 * What `mpisim check` does when no option says otherwise, in one place: the CLI's option
 * defaults and the detection suite (test/detection) both take them from here, so the suite
 * measures exactly what a user running `mpisim check prog.ts` gets.
 */
import type { ExploreOptions, ExploreStrategy } from "../scheduler/explore.ts";
import type { Buffering } from "../core/world.ts";

export interface CheckDefaults {
  strategy: ExploreStrategy;
  buffering: Buffering | "both";
  seed: number;
  depth: number;
  workers: number;
  shrink: boolean;
  /** undefined: the strategy's own default (200 sampled schedules; dpor: all). */
  schedules: number | undefined;
}

export function checkDefaults(): CheckDefaults {
  return { strategy: "portfolio", buffering: "both", seed: 0, depth: 3, workers: 1, shrink: true, schedules: undefined };
}

/** The explore() options of a `mpisim check` with no flags. */
export function checkExploreOptions(): ExploreOptions {
  const d = checkDefaults();
  return { strategy: d.strategy, buffering: d.buffering, seed: d.seed, depth: d.depth, workers: d.workers, shrink: d.shrink, schedules: d.schedules };
}
