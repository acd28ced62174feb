/**
 * MPI-IO: bytes per second written through a subarray file view (bench/programs/io-view.ts, 4
 * ranks, collective Write_all to the in-memory file system) against a plain Buffer copy of the
 * same number of bytes.
 */
import { interleave, median, now } from "../lib/measure.ts";
import type { Section } from "../lib/report.ts";
import { benchProgramPath, mpiHas, plainProgram, setParams, simulate } from "../lib/sim.ts";
import type { Ctx } from "./ctx.ts";

export async function ioSection(ctx: Ctx): Promise<Section> {
  const id = "io";
  const title = "MPI-IO: subarray file view write vs a plain Buffer copy";
  if (!(await mpiHas("File"))) return { id, title, status: "skipped", message: "MPI-IO (MPI.File, core/io) has not landed", rows: [] };
  const p = ctx.quick ? { iters: 2, rows: 32, cols: 32 } : { iters: 20, rows: 512, cols: 512 };
  const bytesPerRun = 4 * p.rows * p.cols * 8 * p.iters;
  const program = await plainProgram(benchProgramPath("io-view"));
  const src = Buffer.alloc(p.rows * p.cols * 8 * 4, 1);
  const dst = Buffer.alloc(src.length);
  const samples = await interleave(
    {
      view: async () => {
        setParams(program, p);
        const t0 = now();
        const r = await simulate(program, { ranks: 4, checkers: false, strategy: "round-robin" });
        const ms = now() - t0;
        if (r.status !== "ok" || r.diagnostics.length) throw new Error(`io-view run: ${r.status} ${r.diagnostics[0]?.message ?? ""}`);
        return (bytesPerRun * 1000) / ms;
      },
      copy: async () => {
        const t0 = now();
        for (let i = 0; i < p.iters; i++) {
          src[0] = i;
          src.copy(dst, 0);
        }
        const ms = now() - t0;
        return (bytesPerRun * 1000) / Math.max(ms, 1e-3);
      },
    },
    ctx.quick ? 1 : 5,
  );
  const view = median(samples.view);
  const copy = median(samples.copy);
  return {
    id,
    title,
    status: "ok",
    setup: `4 ranks, 2×2 blocks of ${p.rows}×${p.cols} doubles, ${p.iters} Write_at_all per run (${(bytesPerRun / 2 ** 20).toFixed(0)} MiB), in-memory files; reference: Buffer.copy of the same bytes`,
    rows: [
      {
        id: `${id}.view-write`,
        figure: { label: "Write_at_all through a subarray view", value: view, unit: "B/s" },
        reference: { label: "Buffer.copy", value: copy, unit: "B/s" },
        ratio: copy / view,
        ratioMeaning: "× slower than a plain copy",
      },
    ],
  };
}
