/**
 * Differential test against real Open MPI 4.1 + mpi4py (README.md here): seeded random cases of
 * derived datatypes as file views (every write and read mode), in collectives and in RMA, run
 * by runner.py under mpiexec and by interp.ts under mpisim; printed lines (bounds, data hashes,
 * error classes) and file bytes (sha256) must agree, except where a case may meet a recorded
 * Open MPI deviation from the standard (deviations.ts). Skipped, with one message, when mpiexec
 * or mpi4py is missing. MPISIM_DIFF_CASES raises the case count (default 200), MPISIM_DIFF_SEED
 * picks another seed.
 */
import { describe, expect, it } from "vitest";
import { runProgram } from "../../scheduler/run.ts";
import { prog } from "../helpers/program.ts";
import { generate, type Case } from "./gen.ts";
import { caseMain } from "./interp.ts";
import { DEVIATIONS } from "./deviations.ts";
import { openMpiMissing, runOpenMpi } from "./openmpi.ts";

const N = Number(process.env.MPISIM_DIFF_CASES ?? 200);
const SEED = Number(process.env.MPISIM_DIFF_SEED ?? 1);
const missing = openMpiMissing();
if (missing) console.warn(`differential test vs Open MPI skipped: ${missing}`);

async function runMpisim(c: Case): Promise<string[][]> {
  const r = await runProgram(prog(caseMain(c), c.np, `case${c.id}`), { seed: 0 });
  const out = r.outputs.map((l) => [...l]);
  const bad = r.diagnostics.filter((d) => d.kind !== "mpi-error");
  if (r.status !== "ok" || bad.length > 0) out[0].push(`status ${r.status} ${bad.map((d) => d.kind).join(",")}`);
  return out;
}

/** The outputs agree once every match of mask is blanked (no mask: any difference). */
function sameBut(a: string[][], b: string[][], mask: RegExp | undefined): boolean {
  if (!mask) return true;
  const blank = (x: string[][]) => JSON.stringify(x.map((lines) => lines.map((l) => l.replace(mask, "…"))));
  return blank(a) === blank(b);
}

describe.skipIf(missing !== null)("mpisim agrees with Open MPI 4.1 on generated programs", () => {
  it(`${N} cases from seed ${SEED}`, async () => {
    const cases = generate(SEED, N);
    const ompi = runOpenMpi(cases);
    const identical: number[] = [];
    const deviations = new Map<string, number[]>();
    const unexplained: string[] = [];
    for (const c of cases) {
      const mine = await runMpisim(c);
      const theirs = ompi.lines.get(c.id) ?? [];
      if (JSON.stringify(mine) === JSON.stringify(theirs)) {
        identical.push(c.id);
        continue;
      }
      const kind = c.risks.find((k) => k in DEVIATIONS && sameBut(mine, theirs, DEVIATIONS[k].mask));
      if (kind) {
        if (process.env.MPISIM_DIFF_SHOW) console.log(`deviation ${kind}, case ${JSON.stringify(c)}\n  mpisim:   ${JSON.stringify(mine)}\n  Open MPI: ${JSON.stringify(theirs)}`);
        deviations.set(kind, [...(deviations.get(kind) ?? []), c.id]);
        continue;
      }
      unexplained.push(`case ${c.id} ${JSON.stringify(c)}\n  mpisim:   ${JSON.stringify(mine)}\n  Open MPI: ${JSON.stringify(theirs)}`);
    }
    const summary = [
      `${cases.length} cases: ${identical.length} identical, ` +
        `${[...deviations.values()].reduce((a, b) => a + b.length, 0)} recorded Open MPI deviations, ${unexplained.length} unexplained`,
      ...[...deviations].map(([k, ids]) => `  ${k} (${DEVIATIONS[k].section}): ${ids.length} — cases ${ids.slice(0, 12).join(", ")}${ids.length > 12 ? ", …" : ""}`),
    ].join("\n");
    console.log(summary);
    expect(ompi.failures, "mpiexec launches that failed (not a case's fault)").toEqual([]);
    expect(unexplained, summary).toEqual([]);
    expect(cases.length).toBeGreaterThanOrEqual(Math.min(N, 200));
  });
});
