/**
 * Memory beyond 4 GiB: Node 20 cannot make a byte view of an ArrayBuffer that large, so mpisim
 * refuses it where the user hands it over — a window at creation (ERR_SIZE; Win.Allocate before
 * allocating anything), a message buffer at the call (ERR_BUFFER) — instead of an internal
 * RangeError at the first Put. The buffers here are never touched, so the OS never backs them.
 */
import { describe, expect, it } from "vitest";
import { runProgram } from "../../scheduler/run.ts";
import type { MPI } from "../../core/api.ts";
import { prog } from "../helpers/program.ts";

const HUGE_INTS = 2 ** 30 + 2; // 4 GiB + 8 bytes of int32

async function errorsOf(body: (MPI: MPI) => Promise<unknown>) {
  const r = await runProgram(prog(async (MPI) => {
    await body(MPI);
  }, 1), { seed: 0 });
  return r.diagnostics.map((d) => `${d.kind}:${d.errorClass ?? ""}:${d.call ?? ""}`);
}

describe("windows and buffers larger than 4 GiB", () => {
  it("Win.Allocate of more than 4 GiB is ERR_SIZE", async () => {
    expect(await errorsOf((MPI) => MPI.Win.Allocate(2 ** 32 + 8, { disp_unit: 4 }))).toEqual(["mpi-error:ERR_SIZE:Win.Allocate"]);
  });

  it("Win.Create over more than 2^30 int32 elements is ERR_SIZE, not a RangeError at the first Put", async () => {
    expect(await errorsOf(async (MPI) => {
      const win = await MPI.Win.Create(new Int32Array(HUGE_INTS), { disp_unit: 4 });
      await win.Lock(0);
      win.Put(new Int32Array([1]), 0, HUGE_INTS - 1);
      await win.Unlock(0);
    })).toEqual(["mpi-error:ERR_SIZE:Win.Create"]);
  });

  it("a message buffer over 4 GiB is ERR_BUFFER", async () => {
    expect(await errorsOf((MPI) => MPI.COMM_SELF.Isend([new Int32Array(HUGE_INTS), 1, MPI.INT], 0, 0).Wait())).toEqual(["mpi-error:ERR_BUFFER:Comm.Isend"]);
  });

  it("an ordinary window still takes Puts", async () => {
    expect(await errorsOf(async (MPI) => {
      const win = await MPI.Win.Create(new Int32Array(4), { disp_unit: 4 });
      await win.Lock(0);
      win.Put(new Int32Array([1]), 0, 3);
      await win.Unlock(0);
      await win.Free();
    })).toEqual([]);
  });
});
