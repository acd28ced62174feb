import type { Diagnostic } from "../core/diagnostic.ts";
import type { Program } from "../core/program.ts";
import type { Buffering } from "../core/world.ts";
import { DporTree, type DporStats } from "./dpor.ts";
import { planRun, type PlanOptions } from "./plan.ts";
import type { RunOptions, RunResult } from "./run.ts";
import type { Strategy } from "./strategy.ts";

/**
 * The part of an exploration that runs schedules: the same code in the main thread and in each
 * worker, so a schedule's outcome does not depend on where it ran. Every execution is summarised
 * with its position in the exploration order (`order`); the caller merges summaries in that order.
 */

/** How one schedule is run: index.ts passes its run(), which attaches the default checkers. */
export type Runner = (program: Program, opts: RunOptions) => Promise<RunResult>;

export interface ExecSummary {
  /** Position in the exploration order (lexicographic): [index] or [buffering, branch, n]. */
  order: number[];
  label: string;
  kind: "complete" | "blocked";
  failed: boolean;
  token: string;
  diagnostics: Diagnostic[];
  steps: number;
  /** Findings that do not fail (RunResult.notes). */
  notes?: Diagnostic[];
}

/** Plain data (it crosses to workers). */
export interface CoreConfig {
  mode: "sampled" | "dpor";
  ranks: number;
  eagerLimit?: number;
  maxSteps?: number;
  strictWildcards?: boolean;
  /** Absolute time (ms since epoch) after which no new run starts. */
  deadline?: number;
  /** Only diagnostics of these kinds make a schedule fail (default: any). */
  kinds?: readonly string[];
  plan?: PlanOptions;
  indices?: number[];
  dpor?: {
    bufferings: Buffering[];
    preemptionBound?: number;
    /** Root branches b with b % count === index belong here. */
    shard: { index: number; count: number };
    /** Of those, the k-th (k = (b - shard.index) / shard.count) goes to worker k % workers. */
    worker: number;
    workers: number;
    /** Stop after this many complete executions. */
    limit?: number;
  };
}

export interface CoreResult {
  dpor: DporStats[];
  /** False when the deadline or a stop request cut the runs short. */
  finished: boolean;
}

function summarize(r: RunResult, order: number[], label: string, kind: ExecSummary["kind"], kinds: readonly string[] | undefined): ExecSummary {
  const ds = kind !== "complete" ? [] : kinds ? r.diagnostics.filter((d) => kinds.includes(d.kind)) : r.diagnostics;
  return {
    order,
    label,
    kind,
    failed: ds.length > 0,
    token: r.schedule,
    // Plain JSON: summaries cross thread boundaries.
    diagnostics: JSON.parse(JSON.stringify(ds)) as Diagnostic[],
    steps: r.steps,
    ...(kind === "complete" && r.notes?.length ? { notes: JSON.parse(JSON.stringify(r.notes)) as Diagnostic[] } : {}),
  };
}

/** Run the configured schedules; `emit` returns false to stop. */
export async function runCore(program: Program, runner: Runner, cfg: CoreConfig, emit: (s: ExecSummary) => boolean): Promise<CoreResult> {
  const base: RunOptions = { ranks: cfg.ranks, keepTrace: false, ...(cfg.strictWildcards ? { strictWildcards: true } : {}), ...(cfg.eagerLimit !== undefined ? { eagerLimit: cfg.eagerLimit } : {}), ...(cfg.maxSteps !== undefined ? { maxSteps: cfg.maxSteps } : {}) };
  const late = () => cfg.deadline !== undefined && Date.now() > cfg.deadline;
  if (cfg.mode === "sampled") {
    for (const index of cfg.indices ?? []) {
      if (late()) return { dpor: [], finished: false };
      const p = planRun(cfg.plan!, index);
      const r = await runner(program, { ...base, buffering: p.buffering, strategy: p.make() });
      if (!emit(summarize(r, [index], p.label, "complete", cfg.kinds))) return { dpor: [], finished: false };
    }
    return { dpor: [], finished: true };
  }
  const d = cfg.dpor!;
  const stats: DporStats[] = [];
  for (let bi = 0; bi < d.bufferings.length; bi++) {
    const buffering = d.bufferings[bi];
    const mine = (b: number) => b % d.shard.count === d.shard.index && Math.floor((b - d.shard.index) / d.shard.count) % d.workers === d.worker;
    const tree = new DporTree({ branches: (b) => mine(b), preemptionBound: d.preemptionBound });
    const perBranch = new Map<number, number>();
    let complete = 0;
    for (let run = tree.next(); run; run = tree.next()) {
      if (late()) {
        stats.push(tree.stats);
        return { dpor: stats, finished: false };
      }
      const r = await runner(program, { ...base, buffering, strategy: run as Strategy });
      const kind = tree.report(run);
      if (kind === "probe") continue;
      // A program with one schedule has no root branching: branch 0 owns it.
      const branch = Math.max(0, tree.branchOf());
      if (tree.root < 0 && !mine(0)) continue;
      const n = perBranch.get(branch) ?? 0;
      perBranch.set(branch, n + 1);
      const label = `dpor${d.bufferings.length > 1 ? ` ${buffering}` : ""}`;
      if (!emit(summarize(r, [bi, branch, n], label, kind, cfg.kinds))) {
        stats.push(tree.stats);
        return { dpor: stats, finished: false };
      }
      if (kind === "complete") complete++;
      if (d.limit !== undefined && complete >= d.limit) break;
    }
    stats.push(tree.stats);
  }
  return { dpor: stats, finished: true };
}

/** Compare exploration orders. */
export function compareOrder(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i] - b[i];
  return a.length - b.length;
}
