import { describe, expect, it } from "vitest";
import { runProgram } from "../../scheduler/run.ts";
import type { MPI } from "../../core/api.ts";
import { MPIException } from "../../core/errors.ts";
import { prog } from "../helpers/program.ts";

type Win = Awaited<ReturnType<MPI["Win"]["Create"]>>;

/**
 * Run `body` on rank 0 (or on both ranks) of a 2-rank program with a 4-int window on every rank (disp_unit 4),
 * catching the MPIException it raises; returns the error class it saw and the run's mpi-error
 * diagnostics.
 */
async function errorOf(body: Body, mem: "all" | "rank0" = "all", both = false) {
  let seen: string | undefined;
  const r = await runProgram(prog(async (MPI) => {
    const comm = MPI.COMM_WORLD;
    const rank = comm.Get_rank();
    const win = await MPI.Win.Create(mem === "all" || rank === 0 ? new Int32Array(4) : null, { disp_unit: 4, comm });
    if (rank === 0 || both) {
      try {
        await body(MPI, win, rank);
      } catch (e) {
        if (!(e instanceof MPIException)) throw e;
        seen = e.errorClass;
      }
    }
  }, 2), { seed: 0 });
  const diags = r.diagnostics.filter((d) => d.kind === "mpi-error");
  return { seen, classes: diags.map((d) => d.errorClass), diags, r };
}

type Body = (MPI: MPI, win: Win, rank: number) => Promise<void> | void;

async function expectError(cls: string, body: Body, mem: "all" | "rank0" = "all", both = false) {
  const { seen, classes, diags } = await errorOf(body, mem, both);
  expect(seen).toBe(cls);
  expect(classes).toEqual([cls]);
  expect(diags[0].ranks).toEqual([0]);
  expect(diags[0].call).toMatch(/^Win\./);
}

describe("RMA usage errors become MPIExceptions and mpi-error diagnostics", () => {
  it("ERR_RMA_SYNC: an operation outside any epoch", () => expectError("ERR_RMA_SYNC", (MPI, win) => win.Put(new Int32Array([1]), 1)));
  it("ERR_RMA_SYNC: an operation after Fence(MODE_NOSUCCEED)", () =>
    expectError("ERR_RMA_SYNC", async (MPI, win, rank) => {
      await win.Fence(MPI.MODE_NOSUCCEED);
      if (rank === 0) win.Get(new Int32Array(1), 1);
    }, "all", true));
  it("ERR_RMA_SYNC: an operation to a target outside the Start group", () =>
    expectError("ERR_RMA_SYNC", async (MPI, win) => {
      await win.Post(MPI.COMM_WORLD.Get_group().Incl([0]));
      await win.Start(MPI.COMM_WORLD.Get_group().Incl([0]));
      win.Put(new Int32Array([1]), 1);
    }));
  it("ERR_RMA_SYNC: Unlock without Lock", () => expectError("ERR_RMA_SYNC", (MPI, win) => win.Unlock(1)));
  it("ERR_RMA_SYNC: Unlock of one target while holding Lock_all", () =>
    expectError("ERR_RMA_SYNC", async (MPI, win) => {
      await win.Lock_all();
      await win.Unlock(1);
    }));
  it("ERR_RMA_SYNC: Unlock_all without Lock_all", () => expectError("ERR_RMA_SYNC", (MPI, win) => win.Unlock_all()));
  it("ERR_RMA_SYNC: nested Lock on the same target", () =>
    expectError("ERR_RMA_SYNC", async (MPI, win) => {
      await win.Lock(1, MPI.LOCK_SHARED);
      await win.Lock(1, MPI.LOCK_SHARED);
    }));
  it("ERR_RMA_SYNC: Flush outside a passive-target epoch", () => expectError("ERR_RMA_SYNC", (MPI, win) => win.Flush(1)));
  it("ERR_RMA_SYNC: Flush_local_all outside a passive-target epoch", () => expectError("ERR_RMA_SYNC", (MPI, win) => win.Flush_local_all()));
  it("ERR_RMA_SYNC: Complete without Start, Wait without Post", async () => {
    await expectError("ERR_RMA_SYNC", (MPI, win) => win.Complete());
    await expectError("ERR_RMA_SYNC", (MPI, win) => win.Wait());
  });
  it("ERR_RMA_SYNC: Fence(MODE_NOPRECEDE) after operations of the preceding epoch", () =>
    expectError("ERR_RMA_SYNC", async (MPI, win, rank) => {
      await win.Fence();
      if (rank === 0) win.Put(new Int32Array([1]), 1);
      try {
        await win.Fence(rank === 0 ? MPI.MODE_NOPRECEDE : 0);
      } finally {
        if (rank === 0) await win.Fence();
      }
    }, "all", true));
  it("ERR_RMA_SYNC: a window freed inside an epoch", () =>
    expectError("ERR_RMA_SYNC", async (MPI, win) => {
      await win.Lock(1, MPI.LOCK_EXCLUSIVE);
      await win.Free();
    }));

  it("ERR_RMA_RANGE: a displacement beyond the window, a negative one, a rank exposing no memory", async () => {
    await expectError("ERR_RMA_RANGE", async (MPI, win) => {
      await win.Lock_all();
      win.Put(new Int32Array([1, 2]), 1, 3);
    });
    await expectError("ERR_RMA_RANGE", async (MPI, win) => {
      await win.Lock_all();
      win.Get(new Int32Array(1), 1, -1);
    });
    await expectError("ERR_RMA_RANGE", async (MPI, win) => {
      await win.Lock_all();
      win.Accumulate(new Int32Array([1]), 1, 0, MPI.SUM);
    }, "rank0");
  });

  it("ERR_TYPE: origin and target type signatures differ; accumulate on a mixed type; CAS on a float", async () => {
    await expectError("ERR_TYPE", async (MPI, win) => {
      await win.Lock_all();
      win.Put(new Int32Array([1]), 1, [0, 1, MPI.DOUBLE]);
    });
    await expectError("ERR_TYPE", async (MPI, win) => {
      await win.Lock_all();
      win.Put(new Int32Array([1, 2]), 1, [0, 1, MPI.TWOINT]);
    });
    await expectError("ERR_TYPE", async (MPI, win) => {
      await win.Lock_all();
      const mixed = MPI.Datatype.Create_struct([1, 1], [0, 4], [MPI.INT, MPI.FLOAT]).Commit();
      win.Accumulate([new Uint8Array(8), 1, mixed], 1, [0, 1, mixed], MPI.REPLACE);
    });
    await expectError("ERR_TYPE", async (MPI, win) => {
      await win.Lock_all();
      win.Compare_and_swap(new Float64Array(1), new Float64Array(1), new Float64Array(1), 1, 0);
    });
  });

  it("ERR_WIN: a freed window, another rank's handle", async () => {
    let seen: string | undefined;
    let shared: Win | undefined;
    const r = await runProgram(prog(async (MPI) => {
      const comm = MPI.COMM_WORLD;
      const win = await MPI.Win.Create(new Int32Array(1), { comm });
      if (comm.Get_rank() === 0) shared = win;
      await win.Free();
      await comm.Barrier();
      try {
        if (comm.Get_rank() === 0) await win.Fence();
        else shared!.tomemory();
      } catch (e) {
        seen = (seen ?? "") + (e as MPIException).errorClass;
      }
    }, 2), { seed: 3 });
    expect(seen).toBe("ERR_WINERR_WIN");
    expect(r.diagnostics.map((d) => d.errorClass)).toEqual(["ERR_WIN", "ERR_WIN"]);
  });

  it("ERR_LOCKTYPE, ERR_RANK, ERR_OP, ERR_ASSERT", async () => {
    await expectError("ERR_LOCKTYPE", (MPI, win) => win.Lock(1, 99));
    await expectError("ERR_RANK", (MPI, win) => win.Lock(7, MPI.LOCK_SHARED));
    await expectError("ERR_RANK", async (MPI, win) => {
      await win.Lock_all();
      win.Put(new Int32Array([1]), 2);
    });
    await expectError("ERR_OP", async (MPI, win) => {
      await win.Lock_all();
      win.Accumulate(new Int32Array([1]), 1, 0, MPI.NO_OP);
    });
    await expectError("ERR_OP", async (MPI, win) => {
      await win.Lock_all();
      win.Accumulate(new Int32Array([1]), 1, 0, MPI.Op.Create(() => undefined, true));
    });
    await expectError("ERR_ASSERT", (MPI, win) => win.Fence(64));
  });

  it("an uncaught RMA error ends the run with its diagnostic, not a crash", async () => {
    const r = await runProgram(prog(async (MPI) => {
      const win = await MPI.Win.Create(new Int32Array(1), { comm: MPI.COMM_WORLD });
      win.Put(new Int32Array([1]), 1);
    }, 2), { seed: 0 });
    expect(r.status).toBe("aborted");
    expect(r.diagnostics[0]).toMatchObject({ kind: "mpi-error", errorClass: "ERR_RMA_SYNC", call: "Win.Put" });
    expect(r.diagnostics[0].message).toMatch(/outside an access epoch/);
  });
});
