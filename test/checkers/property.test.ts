/**
 * Property tests: random fence-synchronised RMA programs. Since fences are the only
 * synchronisation, happens-before is the same in every schedule, so the checkers must say the
 * same thing whatever the schedule (they predict), and what they say must match a direct model of
 * MPI 4.1 §12.7: within one fence epoch, two operations on the same target element conflict when
 * one writes, unless both are accumulate-family and atomic together (same datatype; same op or
 * NO_OP, or the same origin).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { programFromFunction, run } from "../../index.ts";
import type { MPI } from "../../core/api.ts";

type Kind = "Put" | "Get" | "AccSum" | "AccMax" | "GaccNoop" | "FopSum" | "Cas";
interface Op {
  origin: number;
  kind: Kind;
  target: number;
  disp: number;
}

const RANKS = 3;
const KINDS: Kind[] = ["Put", "Get", "AccSum", "AccMax", "GaccNoop", "FopSum", "Cas"];

const opArb = fc.record({
  origin: fc.integer({ min: 0, max: RANKS - 1 }),
  kind: fc.constantFrom(...KINDS),
  target: fc.integer({ min: 0, max: RANKS - 1 }),
  disp: fc.integer({ min: 0, max: 2 }),
});
const programArb = fc.array(fc.array(opArb, { maxLength: 5 }), { minLength: 1, maxLength: 3 });

const MODE: Record<Kind, { write: boolean; atomic: boolean; op: string }> = {
  Put: { write: true, atomic: false, op: "" },
  Get: { write: false, atomic: false, op: "" },
  AccSum: { write: true, atomic: true, op: "SUM" },
  AccMax: { write: true, atomic: true, op: "MAX" },
  GaccNoop: { write: false, atomic: true, op: "NO_OP" },
  FopSum: { write: true, atomic: true, op: "SUM" },
  Cas: { write: true, atomic: true, op: "CAS" },
};

function modelRaces(phases: Op[][]): boolean {
  for (const ops of phases) {
    for (let i = 0; i < ops.length; i++) {
      for (let j = i + 1; j < ops.length; j++) {
        const a = ops[i], b = ops[j];
        if (a.target !== b.target || a.disp !== b.disp) continue;
        const ma = MODE[a.kind], mb = MODE[b.kind];
        if (!ma.write && !mb.write) continue;
        if (ma.atomic && mb.atomic && (a.origin === b.origin || ma.op === mb.op || ma.op === "NO_OP" || mb.op === "NO_OP")) continue;
        return true;
      }
    }
  }
  return false;
}

function programOf(phases: Op[][]) {
  return programFromFunction(async (M: never) => {
    const MPI = M as unknown as MPI;
    const rank = MPI.COMM_WORLD.Get_rank();
    const win = await MPI.Win.Allocate(12, { disp_unit: 4, comm: MPI.COMM_WORLD });
    await win.Fence(0);
    for (const ops of phases) {
      for (const o of ops) {
        if (o.origin !== rank) continue;
        const buf = new Int32Array([1]), res = new Int32Array(1), cmp = new Int32Array([0]);
        switch (o.kind) {
          case "Put": win.Put([buf, 1, MPI.INT], o.target, o.disp); break;
          case "Get": win.Get([res, 1, MPI.INT], o.target, o.disp); break;
          case "AccSum": win.Accumulate([buf, 1, MPI.INT], o.target, o.disp, MPI.SUM); break;
          case "AccMax": win.Accumulate([buf, 1, MPI.INT], o.target, o.disp, MPI.MAX); break;
          case "GaccNoop": win.Get_accumulate(null, [res, 1, MPI.INT], o.target, o.disp, MPI.NO_OP); break;
          case "FopSum": win.Fetch_and_op([buf, MPI.INT], [res, MPI.INT], o.target, o.disp, MPI.SUM); break;
          case "Cas": win.Compare_and_swap([buf, MPI.INT], [cmp, MPI.INT], [res, MPI.INT], o.target, o.disp); break;
        }
      }
      await win.Fence(0);
    }
    await win.Free();
  }, { ranks: RANKS });
}

describe("checkers on random fence-synchronised RMA programs", () => {
  it("report an rma-race exactly when the MPI model says two operations conflict, in every schedule", async () => {
    await fc.assert(
      fc.asyncProperty(programArb, async (phases) => {
        const want = modelRaces(phases);
        const program = programOf(phases);
        for (const seed of [1, 2]) {
          for (const strategy of ["random", "round-robin"] as const) {
            const r = await run(program, { seed, strategy, keepTrace: false, ranks: RANKS });
            expect(r.status).toBe("ok");
            const kinds = r.diagnostics.map((d) => d.kind);
            expect(kinds.filter((k) => k !== "rma-race")).toEqual([]);
            expect(kinds.includes("rma-race"), JSON.stringify(phases)).toBe(want);
          }
        }
      }),
      { numRuns: 80, seed: 42 },
    );
  }, 300_000);
});
