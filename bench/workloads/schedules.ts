/**
 * Schedules per second on the seed's work-stealing queue (4 ranks, 8 tasks): many seeded random
 * schedules back to back, checkers off and on, under `check`'s default buffering (eager and
 * rendezvous alternating: the performance target applies to the default); the reference is one `mpiexec -n 4 python3` run of
 * the lecture's original (bench/python/work_stealing.py) when Open MPI and mpi4py are installed.
 */
import { median, now } from "../lib/measure.ts";
import type { Row, Section } from "../lib/report.ts";
import { benchBuffering, checkersAvailable, instrumentedProgram, mpiHas, plainProgram, simulate, workStealingPath } from "../lib/sim.ts";
import { timeMpiexec } from "../lib/mpiexec.ts";
import type { Ctx } from "./ctx.ts";

const TARGET = 5000;
const TARGET_CHECKERS = 2000;

export async function schedulesSection(ctx: Ctx): Promise<Section> {
  const id = "schedules";
  const title = "Schedules per second, seed work-stealing queue (4 ranks, 8 tasks)";
  const file = workStealingPath();
  if (!file) return { id, title, status: "skipped", message: "no work-stealing program (scenarios/work-stealing.ts or shared/conformance/seed/04-work-stealing.ts)", rows: [] };
  if (!(await mpiHas("Win"))) return { id, title, status: "skipped", message: "RMA (MPI.Win) has not landed: the work-stealing queue needs it", rows: [] };
  const notes: string[] = [];
  const variants: { id: string; label: string; checkers: boolean; program: Awaited<ReturnType<typeof plainProgram>> }[] = [
    { id: `${id}.work-stealing.off`, label: "work-stealing, checkers off, eager+rendezvous", checkers: false, program: await plainProgram(file) },
  ];
  const why = await checkersAvailable();
  if (why) notes.push(`checkers on skipped: ${why}`);
  else {
    const p = await instrumentedProgram(file);
    if (p) variants.push({ id: `${id}.work-stealing.on`, label: "work-stealing, all checkers, eager+rendezvous", checkers: true, program: p });
  }

  const ref = ctx.quick ? { skipped: "mpiexec reference not run in --quick" } : timeMpiexec(ctx);
  if ("skipped" in ref) notes.push(ref.skipped);

  const batch = ctx.quick ? 20 : 1000;
  // Measured batches, after `warm` batches that are not: V8 still tiers the hot paths up over the
  // first ~2,000 schedules (rates rose batch after batch: 4,700, 5,170, 5,215… with one warm-up
  // batch), and the figure is the rate of a long exploration. The first batch's rate is kept in
  // `extra.coldFirstBatch`.
  const reps = ctx.quick ? 1 : 5;
  const warm = ctx.quick ? 0 : 2;
  const rows: Row[] = [];
  for (const v of variants) {
    const n = v.checkers ? Math.max(10, batch / 5) : batch;
    const rates: number[] = [];
    let steps = 0;
    let failures = 0;
    let seed = 0;
    let cold = 0;
    for (let rep = 0; rep < reps + warm; rep++) {
      const t0 = now();
      for (let i = 0; i < n; i++) {
        const r = await simulate(v.program, { ranks: 4, seed, buffering: benchBuffering(seed), checkers: v.checkers });
        seed++;
        steps += r.steps;
        if (r.status !== "ok" || (!v.checkers && r.diagnostics.length)) failures++;
      }
      const ms = now() - t0;
      if (rep === 0) cold = (n * 1000) / ms;
      if (rep >= warm) rates.push((n * 1000) / ms);
    }
    const rate = median(rates);
    const row: Row = {
      id: v.id,
      figure: { label: v.label, value: rate, unit: "schedules/s" },
      extra: { schedules: seed, stepsPerSchedule: Math.round(steps / seed), failedRuns: failures, samples: rates.map((x) => Math.round(x)).join(" "), coldFirstBatch: Math.round(cold) },
    };
    if (!("skipped" in ref)) {
      row.reference = { label: "mpiexec -n 4 python3, one run", value: ref.seconds, unit: "s" };
      row.ratio = rate * ref.seconds;
      row.ratioMeaning = "schedules in the time of one mpiexec run";
    }
    // Issue 15: ≥ 5,000 schedules/s with checkers off, ≥ 2,000 with all checkers.
    const target = v.checkers ? TARGET_CHECKERS : TARGET;
    row.target = { text: `≥ ${target} schedules/s`, holds: rate >= target };
    rows.push(row);
  }
  return {
    id,
    title,
    status: "ok",
    message: notes.length ? notes.join("; ") : undefined,
    setup: `${file.replace(/^.*\/(shared|main)\//, "")}; seeded random schedules under check's default buffering (eager and rendezvous alternating), trace not kept; ${batch} schedules per sample (÷5 with checkers), median of ${reps} after ${warm} unmeasured warm-up samples (the first sample's rate: extra.coldFirstBatch)`,
    rows,
  };
}
