import { formatLoc, UsageError } from "../core/errors.ts";
import { createNamespace } from "../core/api.ts";
import { World, formatConsoleArgs, type Buffering, type WorldOptions } from "../core/world.ts";
import type { Diagnostic } from "../core/diagnostic.ts";
import type { Program } from "../core/program.ts";
import { hashTrace, type TraceObserver, type TraceRecord } from "../core/trace.ts";
import type { CostModel } from "../core/cost.ts";
import { RandomStrategy, ReplayStrategy, RoundRobinStrategy, type Choice, type Strategy } from "./strategy.ts";
import { DEFAULT_EAGER_LIMIT, checkTokenFor, decodeToken, encodeToken } from "./token.ts";

export type StrategyName = "random" | "round-robin";

export interface RunOptions {
  /** Rank count (default: the program's `ranks` export, else 2). */
  ranks?: number;
  /** Seed of the random strategy (default 0). */
  seed?: number;
  /** How to choose among enabled events (default "random"), or a Strategy object. */
  strategy?: StrategyName | Strategy;
  /** Replay this schedule token instead of choosing. */
  schedule?: string;
  buffering?: Buffering;
  eagerLimit?: number;
  cost?: CostModel;
  /** Stop after this many scheduler steps with a no-progress diagnostic (default 2,000,000). */
  maxSteps?: number;
  /** Keep the full trace in the result (default true). */
  keepTrace?: boolean;
  /** Extra trace observers (checkers, recorders). */
  observers?: TraceObserver[];
  onRankError?: WorldOptions["onRankError"];
  /** Called with the world before the ranks start (subsystems configure themselves: I/O dir…). */
  setup?: (world: World) => void;
}

export interface RunResult {
  program: string;
  ranks: number;
  /** Lines each rank printed, by rank. */
  outputs: string[][];
  diagnostics: Diagnostic[];
  /** The token that replays this run. */
  schedule: string;
  /** The trace (empty when keepTrace is false). */
  trace: TraceRecord[];
  /** Hash of the trace: equal hashes, identical runs. */
  traceHash: string;
  /** "ok": every rank finished; "deadlock"; "aborted" (a rank failed or called Abort); "step-limit". */
  status: "ok" | "deadlock" | "aborted" | "step-limit";
  steps: number;
  /** Largest virtual clock of any rank, seconds. */
  virtualTime: number;
  /** The world after the run, for tools that inspect it (files, windows). */
  world: World;
}

/** Console methods captured as rank output while a run is active. */
const CONSOLE_METHODS = ["log", "info", "warn", "error", "debug"] as const;

function captureConsole(world: World): () => void {
  const saved = CONSOLE_METHODS.map((m) => console[m]);
  CONSOLE_METHODS.forEach((m, i) => {
    const orig = saved[i];
    console[m] = (...args: unknown[]) => {
      if (world.current >= 0) world.print(world.current, formatConsoleArgs(args));
      else orig.apply(console, args);
    };
  });
  return () => CONSOLE_METHODS.forEach((m, i) => (console[m] = saved[i]));
}

function makeStrategy(opts: RunOptions): Strategy {
  const s = opts.strategy ?? "random";
  if (typeof s !== "string") return s;
  if (s === "random") return new RandomStrategy(opts.seed ?? 0);
  if (s === "round-robin") return new RoundRobinStrategy();
  throw new UsageError(`unknown strategy "${String(s)}" (expected random or round-robin)`);
}

/** Run a program once under one schedule. */
export async function runProgram(program: Program, opts: RunOptions = {}): Promise<RunResult> {
  let ranks = opts.ranks ?? program.ranks ?? 2;
  let buffering: Buffering = opts.buffering ?? "eager";
  let eagerLimit = opts.eagerLimit ?? DEFAULT_EAGER_LIMIT;
  let strategy: Strategy;
  if (opts.schedule !== undefined) {
    const s = decodeToken(opts.schedule);
    checkTokenFor(s, program.hash, program.name);
    if (opts.ranks !== undefined && opts.ranks !== s.ranks) throw new UsageError(`schedule token is for ${s.ranks} ranks, not ${opts.ranks}`);
    ranks = s.ranks;
    buffering = s.buffering;
    eagerLimit = s.eagerLimit;
    strategy = new ReplayStrategy(s.choices);
  } else strategy = makeStrategy(opts);
  if (!Number.isInteger(ranks) || ranks < 1) throw new UsageError(`rank count must be a positive integer, got ${ranks}`);

  const world = new World({
    ranks,
    buffering,
    eagerLimit,
    keepTrace: opts.keepTrace ?? true,
    onRankError: opts.onRankError ?? "abort",
    ...(opts.cost ? { cost: opts.cost } : {}),
  });
  for (const o of opts.observers ?? []) world.addObserver(o);
  opts.setup?.(world);
  const maxSteps = opts.maxSteps ?? 2_000_000;
  const choices: Choice[] = [];
  const restore = captureConsole(world);
  let status: RunResult["status"] = "ok";
  try {
    const main = program.main as (mpi: unknown) => Promise<void> | void;
    world.start((rank) => {
      const ns = createNamespace(world, rank);
      world.ranks[rank].mpi = ns;
      return main(ns);
    });
    const enabled = world.enabled;
    while (!world.aborted) {
      const n = enabled.size;
      if (n === 0) break;
      if (world.step >= maxSteps) {
        status = "step-limit";
        world.report({
          kind: "no-progress",
          message: `the run did not finish within ${maxSteps} scheduler steps (a rank spinning on Test/Iprobe/a lock loop while nothing else progresses?)`,
          ranks: world.ranks.filter((s) => s.status === "blocked").map((s) => s.rank),
          pending: world.blockedRanks().map((s) => ({ rank: s.rank, call: s.pending?.call ?? "?", where: s.pendingLoc ? formatLoc(s.pendingLoc) : undefined })),
        });
        break;
      }
      let ev;
      if (n === 1) ev = enabled.items[0];
      else {
        ev = strategy.choose(enabled, world);
        if (ev !== enabled.oldest()) choices.push({ step: world.step, kind: ev.kind, rank: ev.rank, seq: ev.seq });
      }
      const p = world.fire(ev);
      if (p) await p;
    }
  } finally {
    restore();
  }
  if (world.aborted) status = "aborted";
  else if (status === "ok" && world.blockedRanks().length > 0) {
    status = "deadlock";
    reportDeadlock(world);
  }
  world.finish();
  const schedule = encodeToken({ hash: program.hash, ranks, buffering, eagerLimit, choices });
  for (const d of world.diagnostics) d.schedule ??= schedule;
  const result: RunResult = {
    program: program.name,
    ranks,
    outputs: world.ranks.map((s) => s.output),
    diagnostics: world.diagnostics,
    schedule,
    trace: world.trace,
    traceHash: hashTrace(world.trace),
    status,
    steps: world.step,
    virtualTime: Math.max(...world.ranks.map((s) => s.clock)),
    world,
  };
  if (program.check) runCheck(program, result, schedule);
  return result;
}

function runCheck(program: Program, result: RunResult, schedule: string): void {
  let failure: string | undefined;
  try {
    const r = (program.check as (res: RunResult) => unknown)(result);
    if (r === false) failure = "check(result) returned false";
  } catch (e) {
    failure = `check(result) threw: ${e instanceof Error ? e.message : String(e)}`;
  }
  if (failure) result.diagnostics.push({ kind: "property", message: failure, ranks: [], schedule });
}

/** No event is enabled while ranks wait: report each blocked rank's call and a wait-for cycle. */
function reportDeadlock(world: World): void {
  const blocked = world.blockedRanks();
  const waits = new Map<number, number[]>();
  for (const s of blocked) waits.set(s.rank, s.pending?.waitsFor?.() ?? []);
  const cycle = findCycle(waits);
  const pending = blocked.map((s) => ({
    rank: s.rank,
    call: s.pending?.describe?.() ?? s.pending?.call ?? "?",
    where: s.pendingLoc ? formatLoc(s.pendingLoc) : undefined,
    waitsFor: waits.get(s.rank),
  }));
  const what = pending.map((p) => `rank ${p.rank} in ${p.call}${p.where ? ` at ${p.where}` : ""}`).join("; ");
  world.report({
    kind: "deadlock",
    message: `deadlock: no event can happen while ${blocked.length} rank(s) wait${cycle.length ? ` (wait-for cycle ${[...cycle, cycle[0]].join(" → ")})` : ""}: ${what}`,
    ranks: blocked.map((s) => s.rank),
    cycle,
    pending,
    accesses: pending.map((p) => ({ op: p.call, rank: p.rank, where: p.where, loc: world.ranks[p.rank].pendingLoc })),
  });
}

function findCycle(waits: Map<number, number[]>): number[] {
  const color = new Map<number, number>();
  const stack: number[] = [];
  let found: number[] = [];
  const dfs = (r: number): boolean => {
    color.set(r, 1);
    stack.push(r);
    for (const n of waits.get(r) ?? []) {
      if (!waits.has(n)) continue;
      const c = color.get(n) ?? 0;
      if (c === 1) {
        found = stack.slice(stack.indexOf(n));
        return true;
      }
      if (c === 0 && dfs(n)) return true;
    }
    stack.pop();
    color.set(r, 2);
    return false;
  };
  for (const r of [...waits.keys()].sort((a, b) => a - b)) {
    if ((color.get(r) ?? 0) === 0 && dfs(r)) break;
  }
  return found;
}
