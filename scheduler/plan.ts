import { UsageError } from "../core/errors.ts";
import type { Diagnostic } from "../core/diagnostic.ts";
import type { Buffering } from "../core/world.ts";
import { PctStrategy } from "./pct.ts";
import { deriveSeed } from "./prng.ts";
import { RandomStrategy, RoundRobinStrategy, type Strategy } from "./strategy.ts";

/** Exploration strategies (SPEC §5). "portfolio" mixes round-robin, random and PCT by seed. */
export const EXPLORE_STRATEGIES = ["portfolio", "random", "pct", "dpor", "round-robin", "replay"] as const;
export type ExploreStrategy = (typeof EXPLORE_STRATEGIES)[number];

/** One sampled schedule: how the i-th run of an exploration chooses. */
export interface PlannedRun {
  index: number;
  label: string;
  buffering: Buffering;
  make: () => Strategy;
}

export interface PlanOptions {
  strategy: Exclude<ExploreStrategy, "dpor" | "replay">;
  seed: number;
  /** PCT bug depth. */
  depth: number;
  /** PCT: steps k over which change points are drawn. */
  steps: number;
  buffering: Buffering | "both";
}

/** The portfolio's cycle after its first (round-robin) run. */
const PORTFOLIO: { kind: "random" | "pct"; depth?: number }[] = [{ kind: "random" }, { kind: "pct", depth: 2 }, { kind: "random" }, { kind: "pct", depth: 3 }];

/** The i-th run of a sampled exploration: a pure function of (options, i), so shards and workers agree. */
export function planRun(o: PlanOptions, index: number): PlannedRun {
  const both = o.buffering === "both";
  const buffering: Buffering = o.buffering === "both" ? (index % 2 === 0 ? "eager" : "rendezvous") : o.buffering;
  const i = both ? index >> 1 : index;
  const seed = deriveSeed(o.seed, index);
  const suffix = both ? ` ${buffering}` : "";
  switch (o.strategy) {
    case "round-robin":
      return { index, label: `round-robin${suffix}`, buffering, make: () => new RoundRobinStrategy() };
    case "random":
      return { index, label: `random#${seed}${suffix}`, buffering, make: () => new RandomStrategy(seed) };
    case "pct":
      return { index, label: `pct(d=${o.depth})#${seed}${suffix}`, buffering, make: () => new PctStrategy(seed, o.depth, o.steps) };
    case "portfolio": {
      if (i === 0) return { index, label: `round-robin${suffix}`, buffering, make: () => new RoundRobinStrategy() };
      const m = PORTFOLIO[(i - 1) % PORTFOLIO.length];
      if (m.kind === "random") return { index, label: `random#${seed}${suffix}`, buffering, make: () => new RandomStrategy(seed) };
      const d = m.depth!;
      return { index, label: `pct(d=${d})#${seed}${suffix}`, buffering, make: () => new PctStrategy(seed, d, o.steps) };
    }
  }
}

/** How many distinct runs a sampled strategy can have (round-robin is one schedule per buffering mode). */
export function runCount(o: PlanOptions, requested: number): number {
  if (o.strategy === "round-robin") return o.buffering === "both" ? 2 : 1;
  return requested;
}

/** "i/n" (1-based, vitest's convention) → { index: i-1, count: n }. */
export function parseShard(s: string | { index: number; count: number } | undefined): { index: number; count: number } {
  if (s === undefined) return { index: 0, count: 1 };
  if (typeof s !== "string") return s;
  const m = /^(\d+)\/(\d+)$/.exec(s.trim());
  const i = m ? Number(m[1]) : NaN;
  const n = m ? Number(m[2]) : NaN;
  if (!m || !(n >= 1) || !(i >= 1 && i <= n)) throw new UsageError(`--shard must be i/n with 1 ≤ i ≤ n, got "${s}"`);
  return { index: i - 1, count: n };
}

/** Distinct diagnostics: same kind at the same source locations. */
export function diagnosticKey(d: Diagnostic): string {
  const locs = new Set<string>();
  if (d.where) locs.add(d.where);
  for (const a of d.accesses ?? []) if (a.where) locs.add(a.where);
  if (locs.size === 0) {
    // No source locations (uninstrumented, or a property): the kind, the ranks and the calls.
    // (A property failure is one failure whatever its message says about this schedule.)
    for (const a of d.accesses ?? []) locs.add(`${a.op}@${a.rank}`);
    if (d.kind === "rank-exception") locs.add(d.message.replace(/^rank \d+ /, ""));
    if (d.errorClass) locs.add(`${d.errorClass}:${d.call ?? ""}`);
  }
  return `${d.kind}|${[...locs].sort().join(",")}`;
}
