import type { Buffering, World, WorldOptions } from "../core/world.ts";
import type { Diagnostic } from "../core/diagnostic.ts";
import type { Program } from "../core/program.ts";
import type { TraceObserver, TraceRecord } from "../core/trace.ts";
import type { CostModel } from "../core/cost.ts";
import type { Strategy } from "./strategy.ts";
import { Session } from "./session.ts";

export { Session, makeStrategy } from "./session.ts";

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

/** Run a program once under one schedule: a Session stepped to the end (scheduler/session.ts holds the loop). */
export async function runProgram(program: Program, opts: RunOptions = {}): Promise<RunResult> {
  const session = new Session(program, opts);
  await session.run();
  return session.finish();
}
