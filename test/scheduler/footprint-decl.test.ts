import { describe, expect, it } from "vitest";
import { callDecl } from "../../core/footprint-decl.ts";
import "../../core/api.ts";
import { runProgram } from "../../scheduler/run.ts";
import { dporAll } from "../../scheduler/dpor.ts";
import { prog } from "../helpers/program.ts";

describe("declared call footprints (core/footprint-decl.ts)", () => {
  it("polls, spin steps and RMA synchronisation are declared by their owners, read by one function", () => {
    for (const c of ["Request.Test", "Request.Testall", "Request.Testany", "Request.Testsome", "Comm.Iprobe", "Comm.Probe", "Win.Test"]) {
      expect(callDecl(c).poll, c).toBe(true);
      expect(callDecl(c).spin, c).toBe(true);
    }
    // Waitany answers with what completed first (a poll for DPOR) but returning is progress.
    expect(callDecl("Request.Waitany")).toMatchObject({ poll: true, spin: false });
    for (const c of ["Win.Lock", "Win.Unlock", "Win.Flush", "Win.Flush_local_all", "Win.Sync"]) expect(callDecl(c)).toMatchObject({ poll: false, spin: true });
    expect(callDecl("Win.Fence")).toMatchObject({ poll: false, spin: false });
    expect(callDecl("Win.Fence").touches(2).map((t) => t.obj)).toEqual(["rma-done:2"]);
    expect(callDecl("Win.Test").touches(1).map((t) => t.obj).sort()).toEqual(["done:1", "match:1", "rma-done:1"]);
    expect(callDecl("Comm.Recv")).toMatchObject({ poll: false, spin: false });
    expect(callDecl("Comm.Recv").touches(0)).toEqual([]);
  });
});

/** Ranks 1..n-1 each read rank 0's window under a lock of the given type. */
function readers(type: "shared" | "exclusive", ranks: number) {
  return prog(async (MPI) => {
    const comm = MPI.COMM_WORLD;
    const rank = comm.Get_rank();
    const win = await MPI.Win.Create(new Int32Array([7]), { comm });
    if (rank > 0) {
      const b = new Int32Array(1);
      await win.Lock(0, type === "shared" ? MPI.LOCK_SHARED : MPI.LOCK_EXCLUSIVE);
      win.Get([b, MPI.INT], 0, 0);
      await win.Unlock(0);
    }
    await win.Free();
  }, ranks, `readers-${type}`);
}

describe("lock footprints", () => {
  it("shared grants commute: readers under shared locks have one trace, under exclusive locks one per order", async () => {
    const count = async (type: "shared" | "exclusive") =>
      (await dporAll((s) => runProgram(readers(type, 3), { strategy: s, keepTrace: false }))).explored;
    expect(await count("shared")).toBe(1);
    expect(await count("exclusive")).toBe(2);
  });
});

/** Ranks 1..n-1 each write one int (atomic mode: visible at once) at `slot(rank)` of a shared file, then all read slot 0. */
function writers(slot: (rank: number) => number, ranks: number) {
  return prog(async (MPI) => {
    const comm = MPI.COMM_WORLD;
    const rank = comm.Get_rank();
    const fh = await MPI.File.Open(comm, "w.bin", MPI.MODE_CREATE | MPI.MODE_RDWR);
    await fh.Set_atomicity(true);
    if (rank > 0) await fh.Write_at(slot(rank) * 4, new Int32Array([rank]));
    await fh.Close();
  }, ranks, "writers");
}

describe("file footprints", () => {
  it("the joins of a file collective commute although its compute may touch the file", async () => {
    const count = async (slot: (r: number) => number) =>
      (await dporAll((s) => runProgram(writers(slot, 3), { strategy: s, keepTrace: false }))).explored;
    // Open, Set_atomicity and Close each have 3! join orders: with joins conflicting (the compute's
    // effects on the last joiner only, or every join writing them) the tree had 432 executions.
    // Each write still conflicts with the other writer's Close join, which may flush the file.
    expect(await count((r) => r)).toBeLessThan(100);
    expect(await count(() => 0)).toBeLessThan(100);
  });
});
