/**
 * How the bench reaches mpisim: bench programs loaded plain (no instrumentation: the simulator's
 * own cost) or through mpisim's loader (instrumented, what checkers need), runs with checkers off
 * or on, and probes for subsystems that other engineers are still landing (RMA, MPI-IO, checkers,
 * exploration) so a workload can skip with a message instead of failing.
 */
import { createHash } from "node:crypto";
import { readFileSync, existsSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";
import { dirname, join, resolve } from "node:path";
import type { Program } from "../../core/program.ts";
import type { RunOptions, RunResult } from "../../scheduler/run.ts";
import { ensureDist, importDist } from "./dist.ts";

export const BENCH_DIR = resolve(dirname(fileURLToPath(import.meta.url)), "..");
export const REPO_DIR = resolve(BENCH_DIR, "..");
export const SHARED_DIR = resolve(REPO_DIR, "..", "shared");
/** The built package the bench measures (bench/lib/dist.ts). */
export const DIST_DIR = ensureDist(REPO_DIR);

/** mpisim's runProgram, from the built package. */
export const { runProgram } = await importDist<typeof import("../../scheduler/run.ts")>(DIST_DIR, "scheduler/run.js");

export function benchProgramPath(name: string): string {
  return join(BENCH_DIR, "programs", `${name}.ts`);
}

/** The seed work-stealing program: the built-in scenario when it exists, else the conformance seed file. */
export function workStealingPath(): string | null {
  const scenario = join(REPO_DIR, "scenarios", "work-stealing.ts");
  if (existsSync(scenario)) return scenario;
  const seed = join(SHARED_DIR, "conformance", "seed", "04-work-stealing.ts");
  return existsSync(seed) ? seed : null;
}

/** Load a program module as it is, without instrumentation (the simulator's own cost). */
export async function plainProgram(file: string): Promise<Program> {
  const mod = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  const src = readFileSync(file, "utf8");
  return {
    name: file,
    path: file,
    hash: createHash("sha256").update(src).digest("hex").slice(0, 16),
    main: mod.default as Program["main"],
    ranks: typeof mod.ranks === "number" ? mod.ranks : undefined,
    check: typeof mod.check === "function" ? (mod.check as Program["check"]) : undefined,
    instrumented: false,
    exports: mod,
  };
}

/** Optional modules of the built package: null when the module (or the export) has not landed yet. */
async function optionalImport<T>(rel: string): Promise<T | null> {
  const file = join(DIST_DIR, rel);
  if (!existsSync(file)) return null;
  try {
    return (await import(pathToFileURL(file).href)) as T;
  } catch (e) {
    if (process.env.MPISIM_BENCH_DEBUG) console.error(`bench: import ${rel} failed:`, e);
    return null;
  }
}

type PublicEntry = typeof import("../../index.ts");

let entry: PublicEntry | null | undefined;
/** mpisim's public entry (index.ts), or null when it does not load yet. */
export async function publicEntry(): Promise<PublicEntry | null> {
  if (entry === undefined) entry = await optionalImport<PublicEntry>("index.js");
  return entry;
}

/** Load a program through mpisim (instrumented), or null when the loader is not there yet. */
export async function instrumentedProgram(file: string): Promise<Program | null> {
  const e = await publicEntry();
  if (!e) return null;
  try {
    return await e.load(file);
  } catch (err) {
    if (process.env.MPISIM_BENCH_DEBUG) console.error(`bench: load ${file} failed:`, err);
    return null;
  }
}

/** Set a bench program's parameters (its exported `params` object) before a run. */
export function setParams(p: Program, params: Record<string, number>): void {
  const target = p.exports.params as Record<string, number> | undefined;
  if (!target) throw new Error(`bench program ${p.name} has no exported params`);
  Object.assign(target, params);
}

export interface SimRun {
  ranks: number;
  seed?: number;
  strategy?: RunOptions["strategy"];
  /** Default eager (run's default); `check` alternates eager and rendezvous (benchBuffering). */
  buffering?: RunOptions["buffering"];
  checkers: boolean;
  maxSteps?: number;
}

/** Whether `run(…, { checkers })` can attach every checker (index.ts `run()`), else null and why. */
export async function checkersAvailable(): Promise<string | null> {
  const e = await publicEntry();
  if (!e) return "index.ts does not load yet (program loader missing?)";
  if (typeof (e as { createCheckers?: unknown }).createCheckers !== "function") return "checkers have not landed yet (no createCheckers in index.ts)";
  return null;
}

/** One run, trace not kept (only observers see records), the step limit raised for big runs. */
export async function simulate(program: Program, o: SimRun): Promise<RunResult> {
  const opts: RunOptions = {
    ranks: o.ranks,
    seed: o.seed ?? 0,
    strategy: o.strategy ?? "random",
    buffering: o.buffering ?? "eager",
    keepTrace: false,
    maxSteps: o.maxSteps ?? 1e9,
  };
  if (!o.checkers) return runProgram(program, opts);
  const e = await publicEntry();
  if (!e) throw new Error("checkers on needs index.ts");
  return e.run(program, { ...opts, checkers: true });
}

/**
 * The buffering of the i-th schedule of an exploration under `check`'s default (both bufferings,
 * alternating: even eager, odd rendezvous, as scheduler/plan.ts planRun), so schedules/s figures
 * are measured on the mix the performance targets apply to.
 */
export function benchBuffering(i: number): "eager" | "rendezvous" {
  return i % 2 === 0 ? "eager" : "rendezvous";
}

/** MPI calls a finished run made (every rank's call counter, minus its start pseudo-call). */
export function callsOf(r: RunResult): number {
  let n = 0;
  for (const s of r.world.ranks) n += s.callSeq - 1;
  return n;
}

let namespaceKeys: Set<string> | undefined;
/** Whether a rank's MPI namespace has `name` (e.g. "Win", "File"): skip workloads whose API has not landed. */
export async function mpiHas(name: string): Promise<boolean> {
  if (!namespaceKeys) {
    const keys = new Set<string>();
    const probe: Program = {
      name: "bench:probe",
      hash: "probe",
      main: ((MPI: Record<string, unknown>) => {
        for (const k in MPI) keys.add(k);
      }) as unknown as Program["main"],
      instrumented: false,
      exports: {},
    };
    await runProgram(probe, { ranks: 1, keepTrace: false });
    namespaceKeys = keys;
  }
  return namespaceKeys.has(name);
}
