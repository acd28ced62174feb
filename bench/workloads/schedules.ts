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
import { jsonFromChild } from "../lib/child.ts";
import type { Ctx } from "./ctx.ts";

const TARGET = 5000;
const TARGET_CHECKERS = 2000;

/** One variant's samples: schedules/s per measured batch, and what the runs did. */
export interface VariantSamples {
  rates: number[];
  cold: number;
  schedules: number;
  steps: number;
  failures: number;
}

/** Schedules run before the measured batches, per variant. */
const WARM_SCHEDULES = 2000;

/** A variant of the measurement: checkers off (the plain program) or all checkers (the instrumented one). */
export type Variant = "off" | "on";

/**
 * Seeded random schedules of the work-stealing queue in batches, one variant: after
 * WARM_SCHEDULES that are not measured, `reps` batches that are. V8 still tiers the hot paths up
 * over the first ~2,000 schedules (rates rose batch after batch: 4,700, 5,170, 5,215… with one
 * warm-up batch; with checkers, 1,100, 1,300, 1,780, 1,810, 1,890 after 400), and the figure is
 * the rate of a long exploration; the first batch's rate is kept as `cold`.
 */
export async function measureVariant(file: string, variant: Variant, quick: boolean): Promise<VariantSamples> {
  const checkers = variant === "on";
  const n = quick ? 20 : 1000;
  const reps = quick ? 1 : 5;
  const program = checkers ? await instrumentedProgram(file) : await plainProgram(file);
  if (!program) throw new Error(`cannot load ${file}`);
  const warm = quick ? 0 : Math.ceil(WARM_SCHEDULES / n);
  const out: VariantSamples = { rates: [], cold: 0, schedules: 0, steps: 0, failures: 0 };
  for (let rep = 0; rep < reps + warm; rep++) {
    const t0 = now();
    for (let i = 0; i < n; i++) {
      const seed = out.schedules++;
      const r = await simulate(program, { ranks: 4, seed, buffering: benchBuffering(seed), checkers });
      out.steps += r.steps;
      if (r.status !== "ok" || (!checkers && r.diagnostics.length)) out.failures++;
    }
    const rate = (n * 1000) / (now() - t0);
    if (rep === 0) out.cold = rate;
    if (rep >= warm) out.rates.push(rate);
  }
  return out;
}

export async function schedulesSection(ctx: Ctx): Promise<Section> {
  const id = "schedules";
  const title = "Schedules per second, seed work-stealing queue (4 ranks, 8 tasks)";
  const file = workStealingPath();
  if (!file) return { id, title, status: "skipped", message: "no work-stealing program (scenarios/work-stealing.ts or shared/conformance/seed/04-work-stealing.ts)", rows: [] };
  if (!(await mpiHas("Win"))) return { id, title, status: "skipped", message: "RMA (MPI.Win) has not landed: the work-stealing queue needs it", rows: [] };
  const notes: string[] = [];
  const why = await checkersAvailable();
  if (why) notes.push(`checkers on skipped: ${why}`);
  const on = !why;

  const ref = ctx.quick ? { skipped: "mpiexec reference not run in --quick" } : timeMpiexec(ctx);
  if ("skipped" in ref) notes.push(ref.skipped);

  // The figure: a fresh process that runs only this program, as `mpisim check` does (bench/lib/child.ts
  // says why). The same measurement in the bench's own process, after the other sections, is kept
  // beside it (extra.inBenchProcess).
  // Each variant in its own child: a `check` run loads one program, instrumented, and runs it with
  // the checkers; the plain program's runs before it in the same process made the with-checkers
  // figure 4–5 % lower (V8's feedback at the shared core functions then covers both).
  const rows: Row[] = [];
  for (const checkers of on ? [false, true] : [false]) {
    const variant: Variant = checkers ? "on" : "off";
    const inBench = await measureVariant(file, variant, ctx.quick);
    const v = ctx.quick ? inBench : jsonFromChild<VariantSamples>("schedules-child.ts", [file, variant]);
    const rate = median(v.rates);
    const row: Row = {
      id: `${id}.work-stealing.${checkers ? "on" : "off"}`,
      figure: { label: `work-stealing, ${checkers ? "all checkers" : "checkers off"}, eager+rendezvous${ctx.quick ? "" : ", fresh process"}`, value: rate, unit: "schedules/s" },
      extra: {
        schedules: v.schedules,
        stepsPerSchedule: Math.round(v.steps / v.schedules),
        failedRuns: v.failures,
        samples: v.rates.map((x) => Math.round(x)).join(" "),
        coldFirstBatch: Math.round(v.cold),
        ...(ctx.quick ? {} : { inBenchProcess: Math.round(median(inBench.rates)), inBenchProcessSamples: inBench.rates.map((x) => Math.round(x)).join(" ") }),
      },
    };
    if (!("skipped" in ref)) {
      row.reference = { label: "mpiexec -n 4 python3, one run", value: ref.seconds, unit: "s" };
      row.ratio = rate * ref.seconds;
      row.ratioMeaning = "schedules in the time of one mpiexec run";
    }
    // Issue 15: ≥ 5,000 schedules/s with checkers off, ≥ 2,000 with all checkers.
    const target = checkers ? TARGET_CHECKERS : TARGET;
    row.target = { text: `≥ ${target} schedules/s`, holds: rate >= target };
    rows.push(row);
  }
  return {
    id,
    title,
    status: "ok",
    message: notes.length ? notes.join("; ") : undefined,
    setup: `${file.replace(/^.*\/(shared|main)\//, "")}; seeded random schedules under check's default buffering (eager and rendezvous alternating), trace not kept; ${ctx.quick ? 20 : 1000} schedules per sample, median of ${ctx.quick ? 1 : 5} after ${ctx.quick ? 0 : 2000} unmeasured warm-up schedules (the first sample's rate: extra.coldFirstBatch)${ctx.quick ? "" : "; in a fresh child process per variant (bench/schedules-child.ts), and again in the bench's own process (extra.inBenchProcess)"}`,
    rows,
  };
}
