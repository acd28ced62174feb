import type { Diagnostic } from "../core/diagnostic.ts";
import type { Program } from "../core/program.ts";
import type { Buffering } from "../core/world.ts";
import { DealTaker, type Deal } from "./deal.ts";
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
  /** The buffering mode the schedule ran under (the token carries it too). */
  buffering: Buffering;
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
  /** The options every run shares (ranks, eager limit, step cap, argv, watchdog, strictWildcards; plain data: workers get a copy). */
  base: RunOptions;
  /** Absolute time (ms since epoch) after which no new run starts. */
  deadline?: number;
  /** Only diagnostics of these kinds make a schedule fail (default: any). */
  kinds?: readonly string[];
  plan?: PlanOptions;
  indices?: number[];
  /** Sampled, several threads: positions of `indices` are taken from this shared deal, not all in turn. */
  deal?: Deal;
  dpor?: {
    bufferings: Buffering[];
    preemptionBound?: number;
    /** Root branches b with b % count === index belong here. */
    shard: { index: number; count: number };
    /** Of those, the k-th (k = (b - shard.index) / shard.count) goes to worker k % workers. */
    worker: number;
    workers: number;
    /**
     * Stop after this many complete executions in all. Several bufferings share it: each tree
     * gets an equal share of what is left (treeQuota), so a tree that ends under its share leaves
     * the rest to the next.
     */
    limit?: number;
  };
}

export interface CoreResult {
  dpor: DporStats[];
  /** False when the deadline or a stop request cut the runs short. */
  finished: boolean;
  /** True when a time share ran out (the deadline, or one DPOR tree's share of it). */
  timedOut?: boolean;
}

function summarize(r: RunResult, order: number[], label: string, buffering: Buffering, kind: ExecSummary["kind"], kinds: readonly string[] | undefined): ExecSummary {
  const ds = kind !== "complete" ? [] : kinds ? r.diagnostics.filter((d) => kinds.includes(d.kind)) : r.diagnostics;
  return {
    order,
    label,
    buffering,
    kind,
    failed: ds.length > 0,
    token: r.schedule,
    // Plain JSON: summaries cross thread boundaries.
    diagnostics: JSON.parse(JSON.stringify(ds)) as Diagnostic[],
    steps: r.steps,
    ...(kind === "complete" && r.notes?.length ? { notes: JSON.parse(JSON.stringify(r.notes)) as Diagnostic[] } : {}),
  };
}

/**
 * The watchdog cut this run short (a rank spun): the schedules after it would most likely spin
 * too, each costing the watchdog's limit, so the exploration stops there (ExploreOptions.watchdog).
 */
function spun(r: RunResult): boolean {
  return r.diagnostics.some((d) => d.watchdog !== undefined);
}

/** Run the configured schedules; `emit` returns false to stop. */
export async function runCore(program: Program, runner: Runner, cfg: CoreConfig, emit: (s: ExecSummary) => boolean): Promise<CoreResult> {
  const base = cfg.base;
  const late = () => cfg.deadline !== undefined && Date.now() > cfg.deadline;
  if (cfg.mode === "sampled") {
    const indices = cfg.indices ?? [];
    // Alone: every position in turn; one of several threads: the positions it takes from the deal.
    const taker = cfg.deal ? new DealTaker(cfg.deal) : undefined;
    let mine = 0;
    const next = () => (taker ? taker.take(indices.length) : mine++);
    for (let pos = next(); pos >= 0 && pos < indices.length; pos = next()) {
      if (late()) return { dpor: [], finished: false, timedOut: true };
      const index = indices[pos];
      const p = planRun(cfg.plan!, index);
      const r = await runner(program, { ...base, buffering: p.buffering, strategy: p.make() });
      const s = summarize(r, [index], p.label, p.buffering, "complete", cfg.kinds);
      const cut = spun(r);
      const stop = taker?.ranInto(pos, s.failed, cut);
      if (!emit(s) || cut || stop) return { dpor: [], finished: false };
    }
    // Dealt: another thread may have stopped the exploration (its own report says so).
    return { dpor: [], finished: true };
  }
  const d = cfg.dpor!;
  const stats: DporStats[] = [];
  // DPOR's trees are per buffering (the mode changes which events exist): one after the other,
  // each with its share of the schedule limit and of the time left.
  let used = 0;
  let cut = false;
  let timedOut = false;
  for (let bi = 0; bi < d.bufferings.length; bi++) {
    const buffering = d.bufferings[bi];
    const quota = d.limit === undefined ? undefined : treeQuota(d.limit, d.bufferings.length, bi, used);
    const left = d.bufferings.length - bi;
    const treeDeadline = cfg.deadline === undefined || left === 1 ? cfg.deadline : Date.now() + Math.max(0, cfg.deadline - Date.now()) / left;
    const treeLate = () => treeDeadline !== undefined && Date.now() > treeDeadline;
    if (quota === 0) {
      // The trees before this one used the whole limit.
      cut = true;
      continue;
    }
    const mine = (b: number) => b % d.shard.count === d.shard.index && Math.floor((b - d.shard.index) / d.shard.count) % d.workers === d.worker;
    const tree = new DporTree({ branches: (b) => mine(b), preemptionBound: d.preemptionBound });
    const perBranch = new Map<number, number>();
    let complete = 0;
    for (let run = tree.next(); run; run = tree.next()) {
      if (late()) {
        stats.push(tree.stats);
        return { dpor: stats, finished: false, timedOut: true };
      }
      if (treeLate()) {
        // This tree's share of the time is spent: the next buffering gets the rest.
        cut = timedOut = true;
        break;
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
      if (!emit(summarize(r, [bi, branch, n], label, buffering, kind, cfg.kinds)) || spun(r)) {
        stats.push(tree.stats);
        return { dpor: stats, finished: false };
      }
      if (kind === "complete") complete++;
      if (quota !== undefined && complete >= quota) {
        cut = true;
        break;
      }
    }
    used += complete;
    stats.push(tree.stats);
  }
  return { dpor: stats, finished: !cut, timedOut };
}

/**
 * How many complete executions the bi-th of n DPOR trees may run when `limit` is shared and the
 * trees before it ran `used`: an equal share of what is left. With one tree, the whole limit.
 */
export function treeQuota(limit: number, n: number, bi: number, used: number): number {
  return Math.ceil(Math.max(0, limit - used) / (n - bi));
}

/** Compare exploration orders. */
export function compareOrder(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i] - b[i];
  return a.length - b.length;
}
