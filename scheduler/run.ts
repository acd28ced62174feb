import type { Buffering, World, WorldOptions } from "../core/world.ts";
import type { Diagnostic } from "../core/diagnostic.ts";
import type { Program } from "../core/program.ts";
import type { TraceObserver, TraceRecord } from "../core/trace.ts";
import type { CostModel } from "../core/cost.ts";
import type { Strategy } from "./strategy.ts";
import { Session } from "./session.ts";
import { configureIo, ioFiles, type FileSystem } from "../core/io/index.ts";

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
  /** Back MPI-IO with this real directory (it must exist; files persist between runs). */
  ioDir?: string;
  /** Back MPI-IO with this file system, e.g. one MemoryFileSystem shared by chained runs (default: a fresh in-memory one). */
  fs?: FileSystem;
  /**
   * Wall-clock seconds a rank's code may run without reaching an MPI call before the run ends
   * with a no-progress diagnostic (a synchronous or microtask spin); 0 disables. Default 5.
   * Watched from a helper thread (scheduler/watchdog.ts): available in the main thread and in
   * exploration workers, not when the caller itself runs in another worker thread.
   */
  watchdog?: number;
  /** Checked after every step: true ends the run early, as a step limit does (a checker found a spin). */
  stopWhen?: () => boolean;
  /** The program's arguments: MPI.argv is [program name, ...argv], like sys.argv (default none). */
  argv?: readonly string[];
  /**
   * Report every wildcard race as a message-race, without running the other matching to see
   * whether it changes anything (index.ts run(); CLI --strict-wildcards).
   */
  strictWildcards?: boolean;
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
  /** Bytes of each file the run opened, created or deleted that exists at its end, by name (set by runProgram). */
  files?: Record<string, Uint8Array>;
  /** Findings that do not fail the run (`note: true`): harmless wildcard races (scheduler/wildcard.ts). */
  notes?: Diagnostic[];
}

/** Run a program once under one schedule: a Session stepped to the end (scheduler/session.ts holds the loop). */
export async function runProgram(program: Program, opts: RunOptions = {}): Promise<RunResult> {
  const session = new Session(program, withIo(opts));
  const stop = opts.stopWhen;
  if (stop === undefined) await session.run();
  else {
    await session.run(stop);
    if (stop()) session.status = "step-limit";
  }
  const result = session.finish();
  result.files = ioFiles(result.world);
  return result;
}

/** Options whose setup also gives the world the file system that ioDir / fs ask for. */
function withIo(opts: RunOptions): RunOptions {
  if (opts.ioDir === undefined && opts.fs === undefined) return opts;
  return {
    ...opts,
    setup: (world) => {
      configureIo(world, opts);
      opts.setup?.(world);
    },
  };
}
