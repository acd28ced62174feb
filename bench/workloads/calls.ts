/**
 * MPI calls simulated per second — a persistent ring and a lock/put/flush loop on 4 ranks, checkers
 * off and on — against the floor (a bare async hand-off between 4 promises), interleaved run by run.
 */
import type { Program } from "../../core/program.ts";
import { cpuMs, interleave, median } from "../lib/measure.ts";
import type { Row, Section } from "../lib/report.ts";
import { benchProgramPath, callsOf, checkersAvailable, instrumentedProgram, mpiHas, plainProgram, setParams, simulate } from "../lib/sim.ts";
import { handoffFloor } from "./floor.ts";
import type { Ctx } from "./ctx.ts";

const RANKS = 4;

interface Variant {
  id: string;
  label: string;
  program: Program;
  checkers: boolean;
  iters: number;
  /** ≤ this many times the floor per call */
  limit: number;
}

export async function callsSection(ctx: Ctx): Promise<Section> {
  const id = "calls";
  const title = "MPI calls simulated per second (4 ranks) vs a bare async hand-off";
  const notes: string[] = [];
  const variants: Variant[] = [];
  const iters = { ring: ctx.quick ? 200 : 20_000, rma: ctx.quick ? 100 : 5_000 };
  const checkersWhyNot = await checkersAvailable();
  const rma = await mpiHas("Win");
  if (!rma) notes.push("lock/put/flush skipped: RMA (MPI.Win) has not landed");
  if (checkersWhyNot) notes.push(`checkers on skipped: ${checkersWhyNot}`);
  for (const [name, label, ok, n] of [
    ["ring", "persistent ring", true, iters.ring],
    ["lock-put", "lock/put/flush loop", rma, iters.rma],
  ] as const) {
    if (!ok) continue;
    const file = benchProgramPath(name);
    variants.push({ id: `${id}.${name}.off`, label: `${label}, checkers off`, program: await plainProgram(file), checkers: false, iters: n, limit: 5 });
    if (!checkersWhyNot) {
      const p = await instrumentedProgram(file);
      if (p) variants.push({ id: `${id}.${name}.on`, label: `${label}, all checkers`, program: p, checkers: true, iters: Math.max(10, Math.round(n / 5)), limit: 20 });
      else notes.push(`${label} with checkers skipped: the loader could not load ${name}.ts`);
    }
  }
  const floorSteps = ctx.quick ? 20_000 : 400_000;
  const series: Record<string, () => Promise<number>> = { floor: () => handoffFloor(RANKS, floorSteps) };
  const callCounts: Record<string, number> = {};
  for (const v of variants) {
    series[v.id] = async () => {
      setParams(v.program, { iters: v.iters });
      const t0 = cpuMs();
      const r = await simulate(v.program, { ranks: RANKS, checkers: v.checkers, strategy: "round-robin" });
      const ms = cpuMs() - t0;
      if (r.status !== "ok") throw new Error(`${v.label}: run ended ${r.status}: ${r.diagnostics[0]?.message ?? ""}`);
      callCounts[v.id] = callsOf(r);
      return (ms * 1e6) / callCounts[v.id];
    };
  }
  const rounds = ctx.quick ? 1 : 7;
  const samples = await interleave(series, rounds, 1);
  const floorNs = median(samples.floor);
  const rows: Row[] = [];
  for (const v of variants) {
    const ns = median(samples[v.id]);
    // Each round's figure over the floor measured just before it, under the same load; then the median.
    const ratio = median(samples[v.id].map((x, i) => x / samples.floor[i]));
    rows.push({
      id: v.id,
      figure: { label: v.label, value: 1e9 / ns, unit: "calls/s" },
      reference: { label: "floor: hand-offs/s between 4 promises", value: 1e9 / floorNs, unit: "hand-offs/s" },
      ratio,
      ratioMeaning: "× the floor's time per call",
      target: { text: `≤ ${v.limit}× the floor`, holds: ratio <= v.limit },
      extra: {
        nsPerCall: Math.round(ns),
        floorNsPerHandoff: Math.round(floorNs),
        callsPerRun: callCounts[v.id],
        iters: v.iters,
        samplesNs: samples[v.id].map((x) => Math.round(x)).join(" "),
        floorSamplesNs: samples.floor.map((x) => Math.round(x)).join(" "),
      },
    });
  }
  return {
    id,
    title,
    status: "ok",
    message: notes.length ? notes.join("; ") : undefined,
    setup: `CPU time; round-robin schedule, trace not kept; ring ${iters.ring} iterations, lock/put ${iters.rma} (÷5 with checkers); ${rounds} rounds, each run next to a floor run, ratio = median of the per-round ratios`,
    rows,
  };
}
