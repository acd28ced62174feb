/**
 * Exploration worker threads (explore --workers N), kept between explorations: a thread loads
 * mpisim and the program once and then runs every share it is sent (scheduler/worker.ts). A fresh
 * thread pays its module loading and, worse, runs cold code: measured on the work-stealing queue,
 * a new worker spent ~5× the main thread's CPU per schedule over its first few hundred schedules
 * while V8 warmed up (issue 15). Idle threads are unref'd: they never keep the process alive.
 */
import { existsSync } from "node:fs";
import { Worker } from "node:worker_threads";
import type { Program } from "../core/program.ts";
import type { DporStats } from "./dpor.ts";
import { compareOrder, type CoreConfig, type CoreResult, type ExecSummary } from "./explore-core.ts";
import { releaseWatchdogSlot, watchdogSlots } from "./watchdog.ts";

type Reply = { type: "summary"; job: number; summary: ExecSummary } | { type: "done"; job: number; result: CoreResult } | { type: "error"; job: number; message: string };

/** One thread of the pool and the job it is running (its handler), if any. */
interface PoolThread {
  worker: Worker;
  key: string;
  onReply: ((m: Reply) => void) | null;
  onFail: ((e: Error) => void) | null;
}

/** Idle threads by runner module and watchdog (both fixed in a thread's workerData). */
const idle = new Map<string, PoolThread[]>();
let nextJob = 0;

function spawn(key: string, runnerModule: string, watchdog: SharedArrayBuffer | undefined): PoolThread {
  const worker = new Worker(new URL("./worker-boot.mjs", import.meta.url), { workerData: { runnerModule, watchdog } });
  const t: PoolThread = { worker, key, onReply: null, onFail: null };
  worker.on("message", (m: Reply) => t.onReply?.(m));
  worker.on("error", (e) => t.onFail?.(e instanceof Error ? e : new Error(String(e))));
  const thread = worker.threadId;
  worker.on("exit", () => {
    releaseWatchdogSlot(thread);
    const list = idle.get(key);
    if (list?.includes(t)) list.splice(list.indexOf(t), 1);
    t.onFail?.(new Error("exploration worker exited early"));
  });
  return t;
}

function take(runnerModule: string, watchdog: SharedArrayBuffer | undefined): PoolThread {
  const key = `${watchdog ? "w" : "-"}${runnerModule}`;
  const t = idle.get(key)?.pop() ?? spawn(key, runnerModule, watchdog);
  t.worker.ref();
  return t;
}

function giveBack(t: PoolThread): void {
  t.onReply = null;
  t.onFail = null;
  t.worker.unref();
  const list = idle.get(t.key) ?? [];
  list.push(t);
  idle.set(t.key, list);
}

function discard(t: PoolThread): void {
  t.onReply = null;
  t.onFail = null;
  void t.worker.terminate();
}

/**
 * Which worker runs schedule `index`. Not index mod workers: consecutive schedules alternate
 * buffering (and the portfolio cycles strategies), so with two workers one would get every eager
 * run and the other every rendezvous one, and finish at different times. A multiplicative hash
 * mixes them; each worker still runs its share in increasing order (the merge relies on it).
 */
function shareOf(index: number, workers: number): number {
  return (Math.imul(index + 1, 0x9e3779b1) >>> 16) % workers;
}

/** Run the configuration split over worker threads; summaries are accepted as they come. */
export async function runInWorkers(
  program: Program,
  runnerModule: string,
  cfg: CoreConfig,
  workers: number,
  accept: (s: ExecSummary) => boolean,
  stopAt: () => number[] | undefined,
): Promise<CoreResult> {
  // The name as the user gave it (a relative path stays relative: diagnostics' locations match).
  const ref = program.name.startsWith("scenario:") || existsSync(program.name) ? program.name : program.path!;
  const parts: CoreConfig[] = [];
  for (let w = 0; w < workers; w++) {
    if (cfg.mode === "sampled") parts.push({ ...cfg, indices: (cfg.indices ?? []).filter((index) => shareOf(index, workers) === w) });
    else parts.push({ ...cfg, dpor: { ...cfg.dpor!, worker: w, workers } });
  }
  const watchdog = cfg.base.watchdog === 0 ? undefined : watchdogSlots();
  const last: (number[] | undefined)[] = new Array(workers).fill(undefined);
  const done: boolean[] = new Array(workers).fill(false);
  const stats: DporStats[][] = new Array(workers).fill([]);
  let allFinished = true;
  let timedOut = false;
  await new Promise<void>((resolve, reject) => {
    const threads: PoolThread[] = [];
    let settled = false;
    const settle = (err?: Error) => {
      if (settled) return;
      settled = true;
      // A thread that finished its share goes back to the pool; one stopped mid-share cannot be
      // interrupted between two runs from here, so it ends.
      threads.forEach((t, w) => (done[w] && !err ? giveBack(t) : discard(t)));
      if (err) reject(err);
      else resolve();
    };
    const check = () => {
      // Every worker emits in increasing order: once each is done or past the first failure, the merged prefix is final.
      const s = stopAt();
      if (done.every((d, i) => d || (s !== undefined && last[i] !== undefined && compareOrder(last[i]!, s) >= 0))) {
        if (!done.every(Boolean)) allFinished = false;
        settle();
      }
    };
    parts.forEach((part, w) => {
      const t = take(runnerModule, watchdog);
      threads.push(t);
      const job = nextJob++;
      t.onReply = (m) => {
        if (m.job !== job) return;
        if (m.type === "summary") {
          last[w] = m.summary.order;
          accept(m.summary);
        } else if (m.type === "done") {
          done[w] = true;
          if (!m.result.finished) allFinished = false;
          if (m.result.timedOut) timedOut = true;
          stats[w] = m.result.dpor;
        } else {
          settle(new Error(`exploration worker failed: ${m.message}`));
          return;
        }
        check();
      };
      t.onFail = (e) => {
        if (!done[w]) settle(e);
      };
      t.worker.postMessage({ type: "job", job, program: ref, hash: program.hash, cfg: part });
    });
  });
  const merged: DporStats[] = [];
  for (const ws of stats) ws.forEach((s, i) => (merged[i] = merged[i] ? { ...merged[i], rootBranches: Math.max(merged[i].rootBranches, s.rootBranches) } : s));
  return { finished: allFinished, dpor: merged, timedOut };
}

/** Threads waiting in the pool (tests: a finished exploration gives its threads back). */
export function idleThreads(): number {
  let n = 0;
  for (const list of idle.values()) n += list.length;
  return n;
}
