/**
 * Scale: the persistent ring and a 2-D halo exchange at 64, 1,024 and 4,096 ranks × 100
 * iterations, each size in a fresh child process (clean peak memory), checkers off and on. The
 * reference of each size is the next smaller one: the ratio is the growth factor per 4× ranks
 * (linear growth is 4). Each child's node runs with the young generation that the `mpisim`
 * command gives a world of that size (cli/young-gen.ts: it starts itself again with it), so the
 * rows are what `mpisim run -n N` costs.
 */
import { now } from "../lib/measure.ts";
import type { Row, Section } from "../lib/report.ts";
import { DIST_DIR, checkersAvailable } from "../lib/sim.ts";
import { jsonFromChildOrTimeout } from "../lib/child.ts";
import { importDist } from "../lib/dist.ts";

const { semiSpaceMbFor } = await importDist<typeof import("../../cli/young-gen.ts")>(DIST_DIR, "cli/young-gen.js");

/** node's flags for a world of `ranks`, as the mpisim command starts it (none for a small world). */
function nodeFlagsFor(ranks: number): string[] {
  const mb = semiSpaceMbFor(ranks);
  return mb === null ? [] : [`--max-semi-space-size=${mb}`];
}
import type { Ctx } from "./ctx.ts";

interface ChildResult {
  program: string;
  ranks: number;
  iters: number;
  checkers: boolean;
  ms: number;
  /** CPU time of the run (scale-child), the steadier figure on a shared machine */
  cpuMs?: number;
  status: string;
  diagnostics: number;
  steps: number;
  calls: number;
  baseRss: number;
  peakRss: number;
}

const MB = 2 ** 20;
/** Linear is 4 per 4× ranks; allow measurement noise and per-run constant costs to tip it over a little (issue 15: ≤ 4.5). */
const LINEAR_LIMIT = 4.5;

/** One size in a fresh process; null when it did not finish within `timeoutMs`. */
function runChild(job: { program: string; ranks: number; iters: number; checkers: boolean }, timeoutMs: number): ChildResult | null {
  return jsonFromChildOrTimeout<ChildResult>("scale-child.ts", [JSON.stringify(job)], { nodeFlags: [...nodeFlagsFor(job.ranks), "--expose-gc"], timeoutMs });
}

export async function scaleSection(ctx: Ctx): Promise<Section> {
  const id = "scale";
  const sizes = ctx.quick ? [16, 64] : [64, 1024, 4096];
  const iters = ctx.quick ? 3 : 100;
  // Per size; a size that runs out is reported as such and the larger ones are skipped, so the
  // whole bench stays within its 10 minutes even when a checker grows faster than linearly.
  // Checkers on, 4,096 ranks has a 10 s target: 45 s is plenty to call it missed.
  const cap = (checkers: boolean) => (ctx.quick ? 60_000 : checkers ? 45_000 : 150_000);
  const notes: string[] = [];
  const modes = [false];
  const why = await checkersAvailable();
  if (why) notes.push(`checkers on skipped: ${why}`);
  else if (!ctx.quick) modes.push(true);
  const rows: Row[] = [];
  // Checkers off first (linear growth of the simulator itself), then on (the 10 s target).
  for (const checkers of modes) {
    for (const program of ["ring", "halo"]) {
      let prev: ChildResult | null | undefined = null;
      for (const ranks of sizes) {
        const label = `${program} ${ranks} ranks × ${iters}, checkers ${checkers ? "on" : "off"}`;
        const rowId = `${id}.${program}.${checkers ? "on" : "off"}.${ranks}`;
        if (prev === undefined) {
          notes.push(`${label}: not run (a smaller size ran out of time)`);
          continue;
        }
        const timeoutMs = Math.min(cap(checkers), Math.floor(ctx.deadline - now()));
        if (timeoutMs < 5_000) {
          notes.push(`${label}: not run (the bench's time budget is spent)`);
          prev = undefined;
          continue;
        }
        ctx.log(`scale: ${label} (at most ${(timeoutMs / 1000).toFixed(0)} s)`);
        const c = runChild({ program, ranks, iters, checkers }, timeoutMs);
        // growth per 4× ranks: (t2/t1)^(1/log4(r2/r1))
        const per4 = (a: number, b: number, r1: number) => Math.pow(b / a, Math.log(4) / Math.log(ranks / r1));
        if (c === null) {
          // Out of time: say so in the row (a missed target, growth at least this) and skip the larger sizes.
          rows.push({
            id: rowId,
            figure: { label: `${label} (stopped after ${Math.round(timeoutMs / 1000)} s)`, value: timeoutMs / 1000, unit: "s" },
            ...(prev ? { reference: { label: `${prev.ranks} ranks`, value: prev.ms / 1000, unit: "s" }, ratio: per4(prev.ms, timeoutMs, prev.ranks), ratioMeaning: "time growth per 4× ranks, at least (linear: 4)" } : {}),
            extra: { timedOut: true },
            target: { text: checkers ? "4,096 ranks under 10 s with checkers on; growth linear" : `measured within the bench's ${Math.round(timeoutMs / 1000)} s budget`, holds: false },
          });
          prev = undefined;
          continue;
        }
        if (c.status !== "ok") throw new Error(`${program} at ${ranks} ranks ended ${c.status}`);
        const row: Row = {
          id: rowId,
          figure: { label, value: c.ms / 1000, unit: "s" },
          extra: {
            ...(c.cpuMs !== undefined ? { cpuS: +(c.cpuMs / 1000).toFixed(2) } : {}),
            peakRssMB: +(c.peakRss / MB).toFixed(1),
            runRssMB: +((c.peakRss - c.baseRss) / MB).toFixed(1),
            steps: c.steps,
            calls: c.calls,
            usPerStep: +((c.ms * 1000) / c.steps).toFixed(3),
          },
        };
        if (prev) {
          const g = per4(prev.ms, c.ms, prev.ranks);
          row.reference = { label: `${prev.ranks} ranks`, value: prev.ms / 1000, unit: "s" };
          row.ratio = g;
          row.ratioMeaning = "time growth per 4× ranks (linear: 4)";
          row.extra!.memGrowthPer4x = +per4(Math.max(prev.peakRss - prev.baseRss, MB), Math.max(c.peakRss - c.baseRss, MB), prev.ranks).toFixed(2);
          if (!ctx.quick) row.target = { text: `time growth per 4× ranks ≤ ${LINEAR_LIMIT} (linear)`, holds: g <= LINEAR_LIMIT };
        }
        if (checkers && ranks === 4096) {
          row.target = { text: "4,096 ranks under 10 s with checkers on; growth linear", holds: c.ms < 10_000 && (row.ratio ?? 0) <= LINEAR_LIMIT };
        }
        rows.push(row);
        prev = c;
      }
    }
  }
  return {
    id,
    title: "Scale: persistent ring and 2-D halo exchange",
    status: "ok",
    message: notes.length ? notes.join("; ") : undefined,
    setup: `${sizes.join(", ")} ranks × ${iters} iterations, one fresh child process per size (peak = maxRSS), seeded random schedule, trace not kept; node's young generation as \`mpisim run -n N\` sets it (${sizes.map((n) => `${n}: ${semiSpaceMbFor(n) ?? "default"}`).join(", ")} MB semi-space, cli/young-gen.ts)`,
    rows,
  };
}
