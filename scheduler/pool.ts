/**
 * Exploration worker threads (explore --workers N runs schedules on this thread and N-1 of them),
 * kept between explorations: a thread loads
 * mpisim and the program once and then runs every share it is sent (scheduler/worker.ts). A fresh
 * thread pays its module loading and, worse, runs cold code: measured on the work-stealing queue,
 * a new worker spent ~5× the main thread's CPU per schedule over its first few hundred schedules
 * while V8 warmed up (issue 15). Idle threads are unref'd: they never keep the process alive.
 */
import { existsSync } from "node:fs";
import { Worker } from "node:worker_threads";
import type { Program } from "../core/program.ts";
import type { DporStats } from "./dpor.ts";
import { DealTaker, newDeal } from "./deal.ts";
import { compareOrder, runCore, type CoreConfig, type CoreResult, type ExecSummary, type Runner } from "./explore-core.ts";
import { releaseWatchdogSlot, watchdogSlots } from "./watchdog.ts";

type Reply = { type: "summaries"; job: number; summaries: ExecSummary[] } | { type: "done"; job: number; result: CoreResult } | { type: "error"; job: number; message: string };

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

/** Let the event loop run (worker threads' summaries arrive as messages) between two schedules. */
const YIELD_EVERY = 8;

/**
 * Run the configuration on `threads` threads: this one (with `runner`) and threads - 1 of the
 * pool. Sampled schedules are dealt as they come (scheduler/deal.ts); DPOR's root branches are
 * split in turn, this thread taking share 0. Summaries are accepted as they come.
 */
export async function runInWorkers(
  program: Program,
  runner: Runner,
  runnerModule: string,
  cfg: CoreConfig,
  threads: number,
  accept: (s: ExecSummary) => boolean,
  stopAt: () => number[] | undefined,
  stopOnFailure: boolean,
): Promise<CoreResult> {
  // The name as the user gave it (a relative path stays relative: diagnostics' locations match).
  const ref = program.name.startsWith("scenario:") || existsSync(program.name) ? program.name : program.path!;
  const deal = cfg.mode === "sampled" ? newDeal(stopOnFailure) : undefined;
  const parts: CoreConfig[] = [];
  for (let w = 0; w < threads; w++) parts.push(deal ? { ...cfg, deal } : { ...cfg, dpor: { ...cfg.dpor!, worker: w, workers: threads } });
  const watchdog = cfg.base.watchdog === 0 ? undefined : watchdogSlots();
  // Per thread (0 is this one): the last summary's order, whether it ran to the end, its result.
  const last: (number[] | undefined)[] = new Array(threads).fill(undefined);
  const done: boolean[] = new Array(threads).fill(false);
  const results: CoreResult[] = [];
  const pool: PoolThread[] = [];
  let settled = false;
  let failure: Error | undefined;
  let finishPool: () => void = () => {};
  const poolDone = new Promise<void>((resolve) => (finishPool = resolve));
  const settle = (err?: Error) => {
    if (settled) return;
    settled = true;
    failure = err;
    if (err && deal) new DealTaker(deal).stopAll();
    // A thread that finished its share goes back to the pool; one stopped mid-share cannot be
    // interrupted between two runs from here, so it ends.
    pool.forEach((t, i) => (done[i + 1] && !err ? giveBack(t) : discard(t)));
    finishPool();
  };
  const check = () => {
    // Every thread emits in increasing order: once each is done or past the first failure, the merged prefix is final.
    const s = stopAt();
    if (done.every((d, i) => d || (s !== undefined && last[i] !== undefined && compareOrder(last[i]!, s) >= 0))) settle();
  };
  const emitted = (w: number, summary: ExecSummary) => {
    last[w] = summary.order;
    accept(summary);
  };
  for (let w = 1; w < threads; w++) {
    const t = take(runnerModule, watchdog);
    pool.push(t);
    const job = nextJob++;
    t.onReply = (m) => {
      if (m.job !== job || settled) return;
      if (m.type === "summaries") for (const s of m.summaries) emitted(w, s);
      else if (m.type === "done") {
        done[w] = true;
        results.push(m.result);
      } else return settle(new Error(`exploration worker failed: ${m.message}`));
      check();
    };
    t.onFail = (e) => {
      if (!done[w]) settle(e);
    };
    t.worker.postMessage({ type: "job", job, program: ref, hash: program.hash, cfg: parts[w] });
  }
  // This thread's share, with a turn of the event loop now and then so that the pool threads'
  // summaries are taken in (and a DPOR share learns of their failures) while it runs. Where the
  // turns fall changes no result: each schedule's outcome is fixed by its place in the exploration.
  let ran = 0;
  const here: Runner = async (p, o) => {
    if (++ran % YIELD_EVERY === 0) await new Promise<void>((resolve) => setImmediate(resolve));
    return runner(p, o);
  };
  try {
    results.push(
      await runCore(program, here, parts[0], (summary) => {
        emitted(0, summary);
        const s = stopAt();
        return failure === undefined && (s === undefined || compareOrder(summary.order, s) < 0);
      }),
    );
  } catch (e) {
    settle(e instanceof Error ? e : new Error(String(e)));
  }
  done[0] = true;
  check();
  await poolDone;
  if (failure) throw failure;
  const merged: DporStats[] = [];
  for (const r of results) r.dpor.forEach((s, i) => (merged[i] = merged[i] ? { ...merged[i], rootBranches: Math.max(merged[i].rootBranches, s.rootBranches) } : s));
  return { finished: done.every(Boolean) && results.every((r) => r.finished), dpor: merged, timedOut: results.some((r) => r.timedOut) };
}

/** Threads waiting in the pool (tests: a finished exploration gives its threads back). */
export function idleThreads(): number {
  let n = 0;
  for (const list of idle.values()) n += list.length;
  return n;
}
