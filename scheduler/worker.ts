/**
 * A worker thread of explorations (scheduler/pool.ts keeps it between them): loads the runner
 * module (index.ts: load() instruments a program, run() attaches the default checkers) once, each
 * program once per content hash, and runs its part of every exploration it is sent with runCore
 * (sampled schedules taken from the exploration's shared deal, or its share of DPOR's root
 * branches), posting the summaries back in small batches. The main thread merges them in exploration order, so the result does
 * not depend on the number of workers.
 */
import { parentPort, workerData } from "node:worker_threads";
import type { Program } from "../core/program.ts";
import { runCore, type CoreConfig, type ExecSummary, type Runner } from "./explore-core.ts";
import { adoptWatchdogSlots } from "./watchdog.ts";

interface WorkerInput {
  runnerModule: string;
  /** The main thread's watchdog slots: its helper thread watches this worker's runs too. */
  watchdog?: SharedArrayBuffer;
}

interface Job {
  type: "job";
  job: number;
  /** The program as the user named it (path or scenario:name) and the hash of what the main thread loaded. */
  program: string;
  hash: string;
  cfg: CoreConfig;
}

type RunnerModule = { load: (p: string) => Promise<Program>; run: Runner };

const input = workerData as WorkerInput;
const port = parentPort!;
adoptWatchdogSlots(input.watchdog);

let runner: Promise<RunnerModule> | undefined;
const programs = new Map<string, Promise<Program>>();
const MAX_PROGRAMS = 16;

async function runJob(m: Job): Promise<void> {
  runner ??= import(input.runnerModule) as Promise<RunnerModule>;
  const mod = await runner;
  // Keyed by content as well: a file edited between two explorations is loaded again.
  const key = `${m.hash}\0${m.program}`;
  let p = programs.get(key);
  if (p === undefined) {
    p = mod.load(m.program);
    programs.set(key, p);
    // A long-lived process (a test suite) explores many programs: keep the most recent few.
    if (programs.size > MAX_PROGRAMS) programs.delete(programs.keys().next().value!);
  }
  const program = await p;
  // Summaries go back in batches: a message per schedule cost the two threads ~10 µs of CPU per
  // summary, one message per 16 about 1 µs. A failed schedule is sent at once with those before it
  // (the main thread settles the exploration on it); the order of summaries is unchanged.
  const batch: ExecSummary[] = [];
  const flush = () => {
    if (batch.length === 0) return;
    port.postMessage({ type: "summaries", job: m.job, summaries: batch.splice(0) });
  };
  const result = await runCore(program, mod.run, m.cfg, (s) => {
    batch.push(s);
    if (s.failed || batch.length >= SUMMARY_BATCH) flush();
    return true;
  });
  flush();
  port.postMessage({ type: "done", job: m.job, result });
}

/** Summaries per message at most. */
const SUMMARY_BATCH = 16;

port.on("message", (m: Job) => {
  runJob(m).catch((e: unknown) => {
    programs.delete(`${m.hash}\0${m.program}`);
    port.postMessage({ type: "error", job: m.job, message: e instanceof Error ? `${e.name}: ${e.message}` : String(e) });
  });
});
