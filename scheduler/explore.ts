import { UsageError } from "../core/errors.ts";
import type { Diagnostic } from "../core/diagnostic.ts";
import type { Program } from "../core/program.ts";
import type { Buffering } from "../core/world.ts";
import type { DporStats } from "./dpor.ts";
import { compareOrder, runCore, treeQuota, type CoreConfig, type CoreResult, type ExecSummary, type Runner } from "./explore-core.ts";
import { PctStrategy, pctBound } from "./pct.ts";
import { diagnosticKey, parseShard, runCount, type ExploreStrategy, EXPLORE_STRATEGIES } from "./plan.ts";
import { runProgram, type RunOptions, type RunResult } from "./run.ts";
import { shrinkSchedule } from "./shrink.ts";
import type { Strategy } from "./strategy.ts";
import { decodeToken } from "./token.ts";
import { runInWorkers } from "./pool.ts";

export type { ExploreStrategy } from "./plan.ts";

export interface ExploreOptions {
  ranks?: number;
  /** Default "portfolio" (round-robin, then random and PCT d=2/3 by seed); "dpor" is exhaustive. */
  strategy?: ExploreStrategy;
  /** Sampled strategies: how many schedules (default 200); dpor: at most this many (default: all). */
  schedules?: number;
  seed?: number;
  /** PCT bug depth d (default 3). */
  depth?: number;
  /**
   * Default "both": eager and rendezvous share the schedule budget, so a deadlock that only
   * unbuffered standard-mode sends show (an unsafe program, MPI 4.1 §3.5) is found by default.
   * Sampled strategies alternate (even schedules eager, odd rendezvous); DPOR explores each mode
   * as its own tree, eager then rendezvous, each with an equal share of `schedules` (and of
   * `timeBudget`), a tree that ends under its share leaving the rest to the other.
   */
  buffering?: Buffering | "both";
  eagerLimit?: number;
  maxSteps?: number;
  /** dpor: at most this many non-default choices per schedule. */
  preemptionBound?: number;
  /** Collect every distinct diagnostic instead of stopping at the first failing schedule. */
  all?: boolean;
  /** Shrink failing schedules (default true). */
  shrink?: boolean;
  /** "i/n": this machine's share of the schedules (vitest's convention). */
  shard?: string | { index: number; count: number };
  /**
   * Threads that run schedules (default 1): this one and `workers - 1` pool threads
   * (scheduler/pool.ts). More than 1 needs a program loaded from a file and `runnerModule`.
   */
  workers?: number;
  /** Stop starting new schedules after this many seconds. */
  timeBudget?: number;
  /**
   * Each run's wall-clock watchdog, seconds (RunOptions.watchdog; default 5, 0 disables). A run it
   * cuts short is a no-progress failure, reported unshrunk, and no further schedule is started.
   */
  watchdog?: number;
  /** Strategy "replay": the tokens to run. */
  tokens?: string[];
  /** Only diagnostics of these kinds make a schedule fail (default: any diagnostic). */
  kinds?: readonly string[];
  /** Keep every schedule's outcome in the report (`runs`): for tests of shards and workers. */
  record?: boolean;
  /** Report every wildcard race as a message-race (default: only those whose other matching changes the outcome). */
  strictWildcards?: boolean;
  /** Called after each schedule (in exploration order). */
  onProgress?: (p: { explored: number; failures: number; elapsedMs: number }) => void;
  /** How one schedule is run (default runProgram; index.ts passes run(), which attaches the checkers). */
  runner?: Runner;
  /** Module exporting load(path) and run(program, opts), imported by workers (index.ts). */
  runnerModule?: string;
  /** The program's arguments, as in run(): MPI.argv is [program name, ...argv]. */
  argv?: readonly string[];
}

export interface Failure {
  /** Position in the exploration (schedule index, or DPOR execution number). */
  index: number;
  /** The shrunk token that reproduces it. */
  schedule: string;
  /** The token as found, before shrinking. */
  original: string;
  /** Which strategy found it ("random#123", "pct(d=2)#…", "dpor"). */
  foundBy: string;
  key: string;
  diagnostics: Diagnostic[];
  /** Non-default choices left after shrinking. */
  choices: number;
  /** The earliest choice after which every continuation tried failed. */
  critical?: { step: number; event: string; choice: number };
}

export interface ExploreReport {
  program: string;
  strategy: ExploreStrategy;
  ranks: number;
  /** The buffering modes explored, in exploration order. */
  bufferings: Buffering[];
  verdict: "clean" | "issues";
  /** Complete schedules run (for dpor: distinct traces). */
  explored: number;
  /** `explored` by buffering mode. */
  exploredBy: Partial<Record<Buffering, number>>;
  failures: Failure[];
  /** Distinct diagnostics (kind + source locations), each with its shrunk schedule. */
  diagnostics: Diagnostic[];
  /** False when stopped early (first failure, time budget, schedule limit). */
  complete: boolean;
  stoppedBy: "exhausted" | "schedules" | "failure" | "time-budget" | "watchdog";
  dpor?: { blocked: number; rootBranches: number };
  pct?: { depth: number; threads: number; steps: number; perRun: number; overall: number };
  /** Findings that do not fail (harmless wildcard races), first occurrence of each; absent when none. */
  notes?: Diagnostic[];
  /** With `record`: every schedule run, in exploration order. */
  runs?: { order: number[]; token: string; failed: boolean; kind: "complete" | "blocked" }[];
}

const DEFAULT_SCHEDULES = 200;

/** Explore many schedules of a program (SPEC §5). */
export async function explore(program: Program, o: ExploreOptions = {}): Promise<ExploreReport> {
  const started = Date.now();
  const runner = o.runner ?? runProgram;
  const strategy = o.strategy ?? "portfolio";
  if (!(EXPLORE_STRATEGIES as readonly string[]).includes(strategy)) throw new UsageError(`unknown strategy "${strategy}" (expected ${EXPLORE_STRATEGIES.join(", ")})`);
  const ranks = o.ranks ?? program.ranks ?? 2;
  if (!Number.isInteger(ranks) || ranks < 1) throw new UsageError(`rank count must be a positive integer, got ${ranks}`);
  const seed = o.seed ?? 0;
  const depth = o.depth ?? 3;
  if (!Number.isInteger(depth) || depth < 1) throw new UsageError(`PCT depth must be an integer ≥ 1, got ${depth}`);
  const buffering = o.buffering ?? "both";
  if (!["eager", "rendezvous", "both"].includes(buffering)) throw new UsageError(`buffering must be eager, rendezvous or both, got "${String(buffering)}"`);
  const bufferings: Buffering[] = buffering === "both" ? ["eager", "rendezvous"] : [buffering];
  const shard = parseShard(o.shard);
  const workers = Math.max(1, Math.floor(o.workers ?? 1));
  const deadline = o.timeBudget !== undefined ? started + o.timeBudget * 1000 : undefined;
  const base: RunOptions = { ranks, keepTrace: false, ...(o.strictWildcards ? { strictWildcards: true } : {}), ...(o.eagerLimit !== undefined ? { eagerLimit: o.eagerLimit } : {}), ...(o.maxSteps !== undefined ? { maxSteps: o.maxSteps } : {}), ...(o.argv ? { argv: o.argv } : {}), ...(o.watchdog !== undefined ? { watchdog: o.watchdog } : {}) };

  const report: ExploreReport = { program: program.name, strategy, ranks, bufferings, verdict: "clean", explored: 0, exploredBy: {}, failures: [], diagnostics: [], complete: true, stoppedBy: "exhausted" };
  const summaries: ExecSummary[] = [];

  if (strategy === "replay") {
    const tokens = o.tokens ?? [];
    if (tokens.length === 0) throw new UsageError("strategy replay needs tokens");
    for (let i = 0; i < tokens.length; i++) {
      if (i % shard.count !== shard.index) continue;
      // The session reads the token (token.ts pathOfToken: one decoder, one check against the program).
      const r = await runner(program, { ...base, ranks: undefined, schedule: tokens[i] });
      const t = decodeToken(r.schedule);
      const ds = o.kinds ? r.diagnostics.filter((d) => o.kinds!.includes(d.kind)) : r.diagnostics;
      summaries.push({ order: [i], label: "replay", buffering: t.buffering, kind: "complete", failed: ds.length > 0, token: r.schedule, diagnostics: ds, steps: r.steps, ...(r.notes ? { notes: r.notes } : {}) });
    }
    report.bufferings = [...new Set(summaries.map((s) => s.buffering))];
    return finish(program, o, report, summaries, runner, base, seed);
  }

  let cfg: CoreConfig;
  let limit: number | undefined;
  if (strategy === "dpor") {
    limit = o.schedules;
    cfg = {
      mode: "dpor",
      base,
      deadline,
      kinds: o.kinds,
      dpor: { bufferings, preemptionBound: o.preemptionBound, shard, worker: 0, workers: 1, limit },
    };
  } else {
    // PCT needs k (steps) and n (threads): one calibration run with PCT at depth 1 (no change points).
    let steps = 1;
    if (strategy === "pct" || strategy === "portfolio") {
      const cal = new PctStrategy(seed, 1, 1);
      const r = await runner(program, { ...base, buffering: buffering === "both" ? "eager" : buffering, strategy: cal });
      steps = Math.max(1, r.steps);
      if (strategy === "pct") report.pct = { depth, threads: cal.agents, steps, perRun: pctBound(cal.agents, steps, depth), overall: 0 };
    }
    const plan = { strategy: strategy as "portfolio" | "random" | "pct" | "round-robin", seed, depth, steps, buffering };
    const count = runCount(plan, o.schedules ?? DEFAULT_SCHEDULES);
    const indices: number[] = [];
    for (let i = 0; i < count; i++) if (i % shard.count === shard.index) indices.push(i);
    cfg = { mode: "sampled", base, deadline, kinds: o.kinds, plan, indices };
  }

  let stopAt: number[] | undefined;
  let complete = 0;
  const accept = (s: ExecSummary): boolean => {
    summaries.push(s);
    if (s.kind === "complete") complete++;
    if (s.failed && !o.all && (stopAt === undefined || compareOrder(s.order, stopAt) < 0)) stopAt = s.order;
    o.onProgress?.({ explored: complete, failures: summaries.filter((x) => x.failed).length, elapsedMs: Date.now() - started });
    if (stopAt !== undefined && workers === 1) return false;
    if (limit !== undefined && complete >= limit && workers === 1) return false;
    return true;
  };

  const r = workers > 1 && canUseWorkers(program, o) ? await runInWorkers(program, runner, o.runnerModule!, cfg, workers, accept, () => stopAt, !o.all) : await runCore(program, runner, cfg, accept);
  const finished = r.finished;
  const dporStats = r.dpor;
  if (!finished && summaries.some((s) => s.diagnostics.some((d) => d.watchdog !== undefined))) {
    report.complete = false;
    report.stoppedBy = "watchdog";
  }
  if (dporStats.length) report.dpor = { blocked: 0, rootBranches: Math.max(...dporStats.map((s) => s.rootBranches)) };
  if (!finished && deadline !== undefined && (r.timedOut || Date.now() > deadline)) {
    report.complete = false;
    report.stoppedBy = "time-budget";
  }
  if (strategy === "dpor" && limit !== undefined) {
    const over = cutToQuotas(summaries, limit, bufferings.length);
    if (over || (!finished && report.stoppedBy !== "time-budget" && report.stoppedBy !== "watchdog")) {
      report.complete = false;
      report.stoppedBy = "schedules";
    }
  }
  if (strategy !== "dpor" && strategy !== "round-robin") {
    report.complete = false;
    if (report.stoppedBy === "exhausted") report.stoppedBy = "schedules";
  }
  return finish(program, o, report, summaries, runner, base, seed);
}

/**
 * DPOR with a schedule limit: keep each tree's exploration-order prefix of its share (treeQuota,
 * as runCore stops each tree), dropping what workers ran beyond it. True when something was cut.
 */
function cutToQuotas(summaries: ExecSummary[], limit: number, trees: number): boolean {
  summaries.sort((a, b) => compareOrder(a.order, b.order));
  const kept: ExecSummary[] = [];
  let used = 0;
  let over = false;
  for (let bi = 0; bi < trees; bi++) {
    const quota = treeQuota(limit, trees, bi, used);
    let n = 0;
    for (const s of summaries) {
      if (s.order[0] !== bi) continue;
      // Past the quota-th complete execution (where runCore stops a tree) nothing is kept.
      if (n >= quota) {
        over = true;
        break;
      }
      if (s.kind === "complete") n++;
      kept.push(s);
    }
    used += n;
  }
  summaries.length = 0;
  summaries.push(...kept);
  return over;
}

function canUseWorkers(program: Program, o: ExploreOptions): boolean {
  return !!o.runnerModule && (!!program.path || program.name.startsWith("scenario:"));
}

/** Merge summaries in exploration order, keep the failures, shrink them. */
async function finish(program: Program, o: ExploreOptions, report: ExploreReport, summaries: ExecSummary[], runner: Runner, base: RunOptions, seed: number): Promise<ExploreReport> {
  summaries.sort((a, b) => compareOrder(a.order, b.order));
  const firstFailure = summaries.findIndex((s) => s.failed);
  if (firstFailure >= 0 && !o.all) {
    summaries.length = firstFailure + 1;
    report.complete = false;
    report.stoppedBy = "failure";
  }
  let explored = 0;
  let blocked = 0;
  for (const s of summaries) {
    if (s.kind === "complete") {
      explored++;
      report.exploredBy[s.buffering] = (report.exploredBy[s.buffering] ?? 0) + 1;
    } else blocked++;
  }
  report.explored = explored;
  if (o.record) report.runs = summaries.map((s) => ({ order: s.order, token: s.token, failed: s.failed, kind: s.kind }));
  if (report.dpor) report.dpor.blocked = blocked;
  if (report.pct) report.pct.overall = 1 - Math.pow(1 - report.pct.perRun, explored);

  // First occurrence of each distinct diagnostic, in exploration order.
  const seen = new Map<string, { s: ExecSummary; n: number; d: Diagnostic }>();
  summaries.forEach((s, n) => {
    if (!s.failed) return;
    for (const d of s.diagnostics) {
      const k = diagnosticKey(d);
      if (!seen.has(k)) seen.set(k, { s, n, d });
    }
  });
  for (const [key, { s, n, d }] of seen) {
    let token = s.token;
    let choices = decodeToken(token).branches.length;
    let critical: Failure["critical"];
    let diagnostics = s.diagnostics.filter((x) => diagnosticKey(x) === key);
    // A spin cut by the watchdog costs its wall-clock limit at every try: reported as found.
    if (o.shrink !== false && d.watchdog === undefined) {
      const t = decodeToken(s.token);
      const runWith = (x: { schedule?: string; strategy?: Strategy }) =>
        runner(program, x.schedule !== undefined ? { ...base, ranks: undefined, schedule: x.schedule } : { ...base, ranks: t.ranks, buffering: t.buffering, eagerLimit: t.eagerLimit, strategy: x.strategy });
      const fails = (r: RunResult) => r.diagnostics.some((x) => diagnosticKey(x) === key);
      const sh = await shrinkSchedule(s.token, runWith, fails, { seed });
      token = sh.token;
      choices = sh.choices;
      critical = sh.critical;
      const again = await runWith({ schedule: token });
      const ds = again.diagnostics.filter((x) => diagnosticKey(x) === key);
      if (ds.length) diagnostics = JSON.parse(JSON.stringify(ds)) as Diagnostic[];
      else token = s.token;
    }
    for (const x of diagnostics) x.schedule = token;
    report.failures.push({ index: n, schedule: token, original: s.token, foundBy: s.label, key, diagnostics, choices, ...(critical ? { critical } : {}) });
    const rep = { ...d, ...(diagnostics[0] ?? {}), schedule: token };
    report.diagnostics.push(rep);
  }
  report.verdict = report.failures.length ? "issues" : "clean";
  const notes = new Map<string, Diagnostic>();
  for (const s of summaries) for (const d of s.notes ?? []) if (!notes.has(diagnosticKey(d))) notes.set(diagnosticKey(d), d);
  if (notes.size) report.notes = [...notes.values()];
  return report;
}
