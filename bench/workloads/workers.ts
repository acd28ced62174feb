/**
 * Exploration throughput with 2 threads versus 1 (--workers 2: this thread and one of the pool's):
 * index.ts explore() of the seed's work-stealing queue (loaded through mpisim, default checkers),
 * seeded random schedules, every schedule run (all: true, no shrinking), schedules per second:
 * first including the pool thread's start-up (a fresh pool), then again with the pool's thread
 * kept from that first exploration (scheduler/pool.ts: loaded and warm), as a later exploration
 * in the same process runs.
 */
import { now } from "../lib/measure.ts";
import type { Section } from "../lib/report.ts";
import { instrumentedProgram, mpiHas, publicEntry, workStealingPath } from "../lib/sim.ts";
import type { Ctx } from "./ctx.ts";

export async function workersSection(ctx: Ctx): Promise<Section> {
  const id = "workers";
  const title = "Exploration: --workers 2 vs 1";
  const e = await publicEntry();
  if (!e || typeof (e as { explore?: unknown }).explore !== "function") return { id, title, status: "skipped", message: "exploration (explore, workers) has not landed", rows: [] };
  const file = workStealingPath();
  if (!file || !(await mpiHas("Win"))) return { id, title, status: "skipped", message: "the work-stealing program (and RMA) is needed", rows: [] };
  if (ctx.quick) return { id, title, status: "skipped", message: "not run in --quick: starting the worker threads alone takes seconds", rows: [] };
  const program = await instrumentedProgram(file);
  if (!program) return { id, title, status: "skipped", message: `mpisim's loader cannot load ${file}`, rows: [] };
  // The figure: at 600 schedules (0.4 s) fixed costs weighed more than the runs.
  const schedules = 2000;
  const rates: Record<number, number[]> = { 1: [], 2: [] };
  const warm: Record<number, number[]> = { 1: [], 2: [] };
  // CPU time of the whole process (all threads, GC's included) per schedule, warm.
  const cpu: Record<number, number[]> = { 1: [], 2: [] };
  // rep 0: a fresh pool thread (start-up included); then the pool's thread, already warm, A/B
  // back to back in alternating order (the machine's load moves between samples).
  const reps = 6;
  for (let rep = 0; rep < reps; rep++) {
    const into = rep === 0 ? rates : warm;
    for (const workers of rep % 2 ? [2, 1] : [1, 2]) {
      const c0 = process.cpuUsage();
      const t0 = now();
      const r = await e.explore(program, { ranks: 4, strategy: "random", schedules, workers, seed: rep, shrink: false, all: true });
      const ms = now() - t0;
      const c = process.cpuUsage(c0);
      if (r.explored !== schedules) throw new Error(`explore with ${workers} worker(s) ran ${r.explored} of ${schedules} schedules (${r.stoppedBy})`);
      into[workers].push((r.explored * 1000) / ms);
      if (rep > 0) cpu[workers].push((c.user + c.system) / r.explored);
    }
  }
  const best = (xs: number[]) => Math.max(...xs);
  const one = best(rates[1]);
  const two = best(rates[2]);
  return {
    id,
    title,
    status: "ok",
    setup: `explore(work-stealing, { strategy: "random", schedules: ${schedules}, all: true, shrink: false }) with the default checkers and the default buffering (eager and rendezvous alternating); first with the pool thread's start-up included, then 5 more times with the pool's thread kept (warm; best of each)`,
    rows: [
      {
        id: `${id}.speedup`,
        figure: { label: "explore, 2 workers", value: two, unit: "schedules/s" },
        reference: { label: "explore, 1 worker", value: one, unit: "schedules/s" },
        ratio: two / one,
        ratioMeaning: "× the 1-worker throughput",
        extra: { schedules, samples1: rates[1].map((x) => x.toFixed(0)).join(" "), samples2: rates[2].map((x) => x.toFixed(0)).join(" ") },
      },
      {
        id: `${id}.speedup-warm`,
        figure: { label: "explore, 2 workers, pool warm", value: best(warm[2]), unit: "schedules/s" },
        reference: { label: "explore, 1 worker (warm)", value: best(warm[1]), unit: "schedules/s" },
        ratio: best(warm[2]) / best(warm[1]),
        ratioMeaning: "× the 1-worker throughput",
        target: { text: "≥ 1.8× on 2 idle cores", holds: best(warm[2]) / best(warm[1]) >= 1.8 },
        extra: {
          schedules,
          samples1: warm[1].map((x) => x.toFixed(0)).join(" "),
          samples2: warm[2].map((x) => x.toFixed(0)).join(" "),
          cpuPerSchedule1: warm[1].length ? `${Math.min(...cpu[1]).toFixed(0)} µs` : "",
          cpuPerSchedule2: warm[2].length ? `${Math.min(...cpu[2]).toFixed(0)} µs` : "",
        },
      },
    ],
  };
}
