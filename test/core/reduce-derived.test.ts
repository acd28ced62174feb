/**
 * MPI 4.1 §6.9.1: "Predefined operators work only with the MPI types listed in Section 6.9.2 and
 * Section 6.9.4" — a predefined op on a derived datatype (even a Dup or a contiguous of INT) is
 * ERR_OP in every reduction (Open MPI 4.1: "MPI_ERR_OP: invalid reduce operation"); a user op
 * may take any derived datatype; RMA accumulate keeps its own rule (§12.3.4: a derived type of
 * one predefined type is fine).
 */
import { describe, expect, it } from "vitest";
import { runProgram } from "../../scheduler/run.ts";
import type { MPI } from "../../core/api.ts";
import { prog } from "../helpers/program.ts";

type Body = (MPI: MPI, t: ReturnType<MPI["INT"]["Create_contiguous"]>) => Promise<unknown>;

async function diagnosticsOf(body: Body) {
  const r = await runProgram(prog(async (MPI) => {
    const t = MPI.INT.Create_contiguous(2).Commit();
    await body(MPI, t);
  }, 2), { seed: 0 });
  // The first rank's mistake ends the run (the diagnostic names it).
  return r.diagnostics.filter((d) => d.kind === "mpi-error").map((d) => `${d.errorClass}:${d.call}`);
}

const buf = () => new Int32Array(8);

describe("predefined ops on derived datatypes are ERR_OP (MPI 4.1 §6.9.1)", () => {
  const cases: [string, Body][] = [
    ["Comm.Reduce", (MPI, t) => MPI.COMM_WORLD.Reduce([buf(), 2, t], [buf(), 2, t], MPI.SUM, 0)],
    ["Comm.Allreduce", (MPI, t) => MPI.COMM_WORLD.Allreduce([buf(), 2, t], [buf(), 2, t], MPI.MAX)],
    ["Comm.Scan", (MPI, t) => MPI.COMM_WORLD.Scan([buf(), 2, t], [buf(), 2, t], MPI.SUM)],
    ["Comm.Exscan", (MPI, t) => MPI.COMM_WORLD.Exscan([buf(), 2, t], [buf(), 2, t], MPI.PROD)],
    ["Comm.Reduce_scatter_block", (MPI, t) => MPI.COMM_WORLD.Reduce_scatter_block([buf(), 2, t], [buf(), 1, t], MPI.SUM)],
    ["Comm.Reduce_scatter", (MPI, t) => MPI.COMM_WORLD.Reduce_scatter([buf(), 2, t], [buf(), 1, t], [1, 1], MPI.SUM)],
    ["Comm.Ireduce", (MPI, t) => MPI.COMM_WORLD.Ireduce([buf(), 2, t], [buf(), 2, t], MPI.SUM, 0).Wait()],
    ["Comm.Iallreduce", (MPI, t) => MPI.COMM_WORLD.Iallreduce([buf(), 2, t], [buf(), 2, t], MPI.BOR).Wait()],
  ];
  it.each(cases)("%s", async (call, body) => {
    expect(await diagnosticsOf(body)).toEqual([`ERR_OP:${call}`]);
  });

  it("a Dup of a predefined type is derived too, also for MAXLOC pairs", async () => {
    expect(await diagnosticsOf((MPI) => {
      const t = MPI.INT.Dup().Commit();
      return MPI.COMM_WORLD.Allreduce([buf(), 2, t], [buf(), 2, t], MPI.SUM);
    })).toEqual(["ERR_OP:Comm.Allreduce"]);
    expect(await diagnosticsOf((MPI) => {
      const t = MPI.TWOINT.Dup().Commit();
      return MPI.COMM_WORLD.Allreduce([buf(), 1, t], [buf(), 1, t], MPI.MAXLOC);
    })).toEqual(["ERR_OP:Comm.Allreduce"]);
  });

  it("a user op on a derived datatype reduces", async () => {
    const r = await runProgram(prog(async (MPI) => {
      const comm = MPI.COMM_WORLD;
      const t = MPI.INT.Create_vector(2, 1, 2).Commit();
      // Adds the elements the vector selects, as raw int32 buffers.
      const add = MPI.Op.Create((a: Int32Array, b: Int32Array) => {
        for (let i = 0; i < b.length; i++) b[i] += a[i];
      }, true);
      const s = Int32Array.from([1, 100, 2, 100]).map((v) => v * (comm.Get_rank() + 1));
      const o = new Int32Array(4);
      await comm.Allreduce([s, 1, t], [o, 1, t], add);
      console.log(Array.from(o).join(","));
    }, 2), { seed: 0 });
    expect(r.diagnostics).toEqual([]);
    expect(r.outputs).toEqual([["3,0,6,0"], ["3,0,6,0"]]);
  });

  it("Accumulate with SUM into a derived target of one basic type stays legal (MPI 4.1 §12.3.4)", async () => {
    const r = await runProgram(prog(async (MPI) => {
      const comm = MPI.COMM_WORLD;
      const mem = new Int32Array(4);
      const win = await MPI.Win.Create(mem, { disp_unit: 4, comm });
      const t = MPI.INT.Create_vector(2, 1, 2).Commit();
      await win.Fence();
      win.Accumulate(new Int32Array([comm.Get_rank() + 1, 10]), 0, [0, 1, t], MPI.SUM);
      await win.Fence();
      if (comm.Get_rank() === 0) console.log(Array.from(mem).join(","));
      await win.Free();
    }, 2), { seed: 0 });
    expect(r.diagnostics).toEqual([]);
    expect(r.outputs[0]).toEqual(["3,0,20,0"]);
  });
});
