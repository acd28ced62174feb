/**
 * mpisim's public entry: load a program, run it under one schedule, (explore many schedules),
 * replay a token. See README.md for a tour.
 */
import { existsSync } from "node:fs";
import { UsageError } from "./core/errors.ts";
import type { Program } from "./core/program.ts";
import { runProgram, type RunOptions, type RunResult } from "./scheduler/run.ts";
import { loadProgram, programFromFunction } from "./checkers/instrument/loader.ts";
import { findScenario, SCENARIOS } from "./scenarios/index.ts";
import { explore as exploreSchedules, type ExploreOptions, type ExploreReport } from "./scheduler/explore.ts";
import { createCheckers, type CheckerOptions } from "./checkers/index.ts";
import { judgeWildcards } from "./scheduler/wildcard.ts";

export type { MPI } from "./core/api.ts";
// The classes a program's values have, for typing helpers and tests (instances come from MPI.*).
export type { Comm, Cartcomm } from "./core/comm.ts";
export type { Request } from "./core/request.ts";
export type { Prequest } from "./core/prequest.ts";
export type { Status } from "./core/status.ts";
export type { Group } from "./core/group.ts";
export type { Datatype, Op } from "./core/datatype/index.ts";
export type { Win } from "./core/rma/win.ts";
export type { File } from "./core/io/file.ts";
export type { Program } from "./core/program.ts";
export type { RunOptions, RunResult } from "./scheduler/run.ts";
export type { Diagnostic, DiagnosticKind, Access } from "./core/diagnostic.ts";
export type { TraceRecord, TraceObserver } from "./core/trace.ts";
export { createCheckers, type CheckerOptions, type CheckerSet } from "./checkers/index.ts";
export { MPIException, UsageError } from "./core/errors.ts";
export { SCENARIOS, programFromFunction };
export { h5, H5Error, type H5File, type H5Dataset, type H5Mode, type Selection } from "./core/io/h5/index.ts";
export { MemoryFileSystem, DirectoryFileSystem, type FileSystem } from "./core/io/index.ts";
export { schedules, ScheduleValue, type SchedulesOptions } from "./scheduler/arbitrary.ts";
export type { ExploreOptions, ExploreReport, Failure, ExploreStrategy } from "./scheduler/explore.ts";

/**
 * Load a program file (instrumented, so checkers see its loads and stores), or a built-in
 * scenario given as "scenario:NAME".
 */
export async function load(path: string): Promise<Program> {
  if (path.startsWith("scenario:")) {
    const s = findScenario(path.slice("scenario:".length));
    if (!s) throw new UsageError(`unknown scenario "${path}" (run \`mpisim list\` to see them)`);
    const p = await loadProgram(s.file);
    p.name = path;
    return p;
  }
  if (!existsSync(path)) throw new UsageError(`no such file: ${path}`);
  return loadProgram(path);
}

type ProgramLike = Program | ((MPI: never) => Promise<void> | void);

function asProgram(p: ProgramLike): Program {
  return typeof p === "function" ? programFromFunction(p as Parameters<typeof programFromFunction>[0]) : p;
}

/** Options of run() and replay(): a run's, plus the checkers (on by default; `false` turns them off). */
export type CheckedRunOptions = RunOptions & { checkers?: boolean | CheckerOptions };

/** Run a program once under one schedule (seeded random by default), with the default checkers. */
export async function run(program: ProgramLike, opts: CheckedRunOptions = {}): Promise<RunResult> {
  return runChecked(asProgram(program), opts);
}

/** Replay a schedule token: the same trace, byte for byte. */
export async function replay(program: ProgramLike, schedule: string, opts: Omit<CheckedRunOptions, "schedule" | "strategy" | "seed"> = {}): Promise<RunResult> {
  return runChecked(asProgram(program), { ...opts, schedule });
}

/** runProgram with the checkers observing the trace; their diagnostics join the run's. */
async function runChecked(program: Program, opts: CheckedRunOptions): Promise<RunResult> {
  const { checkers: want, ...rest } = opts;
  if (want === false) return runProgram(program, rest);
  const checkers = createCheckers(typeof want === "object" ? want : {});
  const result = await runProgram(program, {
    ...rest,
    observers: [...(rest.observers ?? []), checkers],
    setup: (world) => {
      checkers.attach(world.size);
      rest.setup?.(world);
    },
    stopWhen: () => checkers.stop,
  });
  for (const d of checkers.finish(result.world)) {
    d.schedule ??= result.schedule;
    result.diagnostics.push(d);
  }
  // Only a message-race is judged (and the check costs no promise in the runs, most of them, that have none).
  if (!rest.strictWildcards && result.diagnostics.some((d) => d.kind === "message-race")) {
    await judgeWildcards(result, rest, (o) => runChecked(program, { ...o, checkers: want }));
  }
  return result;
}

/**
 * Explore many schedules (portfolio, random, PCT, DPOR, round-robin, replay), each run like run()
 * (so with the default checkers), and shrink the failing ones (SPEC §5).
 */
export async function explore(program: ProgramLike, opts: ExploreOptions = {}): Promise<ExploreReport> {
  return exploreSchedules(asProgram(program), { runner: run, runnerModule: import.meta.url, ...opts });
}
