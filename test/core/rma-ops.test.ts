import { describe, expect, it } from "vitest";
import { runProgram, type RunResult } from "../../scheduler/run.ts";
import type { MPI } from "../../core/api.ts";
import { prog } from "../helpers/program.ts";

const seeds = (n: number) => Array.from({ length: n }, (_, i) => i);

async function runAll(main: (MPI: MPI) => Promise<void>, ranks: number, n = 20): Promise<RunResult[]> {
  const p = prog(main, ranks);
  const out: RunResult[] = [];
  for (const seed of seeds(n)) {
    const r = await runProgram(p, { seed });
    expect(r.diagnostics, `seed ${seed}: ${JSON.stringify(r.diagnostics.map((d) => d.message))}`).toEqual([]);
    expect(r.status).toBe("ok");
    out.push(r);
  }
  return out;
}

/** Every schedule prints the same lines. */
async function always(main: (MPI: MPI) => Promise<void>, ranks: number, expected: string[][], n = 20): Promise<void> {
  for (const r of await runAll(main, ranks, n)) expect(r.outputs).toEqual(expected);
}

describe("windows", () => {
  it("Win.Create exposes typed-array memory; ranks may expose none (null), tomemory returns the ArrayBuffer", async () => {
    await always(async (MPI) => {
      const comm = MPI.COMM_WORLD;
      const rank = comm.Get_rank();
      const mem = rank === 0 ? new Int32Array(4) : null;
      const win = await MPI.Win.Create(mem, { comm });
      if (rank === 0) console.log(win.tomemory() === mem!.buffer, win.Get_attr(MPI.WIN_SIZE), win.Get_attr(MPI.WIN_DISP_UNIT));
      else console.log(win.tomemory().byteLength, win.Get_attr(MPI.WIN_SIZE));
      await win.Fence();
      if (rank > 0) win.Put(new Int32Array([rank * 10]), 0, rank * 4);
      await win.Fence();
      if (rank === 0) console.log(Array.from(mem!).join(","));
      await win.Free();
    }, 4, [["true 16 1", "0,10,20,30"], ["0 0"], ["0 0"], ["0 0"]]);
  });

  it("Win.Allocate gives zeroed memory and honours disp_unit; positional and options arguments agree", async () => {
    await always(async (MPI) => {
      const comm = MPI.COMM_WORLD;
      const rank = comm.Get_rank();
      const a = await MPI.Win.Allocate(8 * 8, 8, MPI.INFO_NULL, comm);
      const b = await MPI.Win.Allocate(rank === 1 ? 0 : 16, { disp_unit: 4, comm });
      const mem = new Float64Array(a.tomemory());
      await a.Fence();
      await b.Fence();
      if (rank === 0) {
        a.Put(new Float64Array([1.5, 2.5]), 1, 3); // elements 3 and 4 of rank 1
        b.Put(new Int32Array([7]), 2, [3, 1, MPI.INT]); // element 3 of rank 2
      }
      await a.Fence();
      await b.Fence();
      if (rank === 1) console.log(Array.from(mem).join(","), b.tomemory().byteLength);
      if (rank === 2) console.log(Array.from(new Int32Array(b.tomemory())).join(","));
      await a.Free();
      await b.Free();
    }, 3, [[], ["0,0,0,1.5,2.5,0,0,0 0"], ["0,0,0,7"]]);
  });

  it("Win.Create_dynamic: Attach memory, address it with MPI.Get_address, Detach", async () => {
    await always(async (MPI) => {
      const comm = MPI.COMM_WORLD;
      const rank = comm.Get_rank();
      const win = await MPI.Win.Create_dynamic(MPI.INFO_NULL, comm);
      const mem = new Int32Array(3);
      if (rank === 1) win.Attach(mem);
      const addr = new Float64Array([rank === 1 ? MPI.Get_address(mem) : 0]);
      await comm.Bcast(addr, 1);
      await win.Lock(1, MPI.LOCK_EXCLUSIVE);
      if (rank === 0) win.Put(new Int32Array([5, 6]), 1, MPI.Aint_add(addr[0], 4));
      await win.Unlock(1);
      await comm.Barrier();
      if (rank === 1) {
        console.log(Array.from(mem).join(","));
        win.Detach(mem);
      }
      await win.Free();
    }, 2, [[], ["0,5,6"]]);
  });

  it("a target given as [disp, count, datatype] with a derived datatype lands along its typemap", async () => {
    await always(async (MPI) => {
      const comm = MPI.COMM_WORLD;
      const rank = comm.Get_rank();
      const mem = new Int32Array(8);
      const win = await MPI.Win.Create(mem, 4, MPI.INFO_NULL, comm);
      const column = MPI.INT.Create_vector(4, 1, 2).Commit();
      await win.Fence(MPI.MODE_NOPRECEDE);
      if (rank === 0) win.Put([new Int32Array([1, 2, 3, 4]), 4, MPI.INT], 1, [1, 1, column]);
      await win.Fence(MPI.MODE_NOSUCCEED);
      if (rank === 1) console.log(Array.from(mem).join(","));
      await win.Free();
    }, 2, [[], ["0,1,0,2,0,3,0,4"]]);
  });
});

describe("operations", () => {
  it("Put and Get move data both ways inside a fence epoch", async () => {
    await always(async (MPI) => {
      const comm = MPI.COMM_WORLD;
      const rank = comm.Get_rank();
      const mem = new Float64Array([rank + 0.5, rank + 0.25]);
      const win = await MPI.Win.Create(mem, { disp_unit: 8, comm });
      const got = new Float64Array(2);
      await win.Fence();
      win.Get(got, (rank + 1) % 2);
      await win.Fence();
      console.log(Array.from(got).join(","));
      await win.Free();
    }, 2, [["1.5,1.25"], ["0.5,0.25"]]);
  });

  const accCases: [string, number[], number[], number[]][] = [
    ["SUM", [5, 6], [1, 2], [6, 8]],
    ["PROD", [5, 6], [2, 3], [10, 18]],
    ["MAX", [5, 6], [9, 1], [9, 6]],
    ["MIN", [5, 6], [9, 1], [5, 1]],
    ["LAND", [1, 0], [1, 1], [1, 0]],
    ["LOR", [0, 0], [0, 3], [0, 1]],
    ["LXOR", [1, 1], [1, 0], [0, 1]],
    ["BAND", [12, 10], [10, 6], [8, 2]],
    ["BOR", [12, 10], [3, 5], [15, 15]],
    ["BXOR", [12, 10], [10, 10], [6, 0]],
    ["REPLACE", [5, 6], [7, 8], [7, 8]],
  ];
  for (const [opName, init, contrib, want] of accCases) {
    it(`Accumulate with ${opName}`, async () => {
      await always(async (MPI) => {
        const comm = MPI.COMM_WORLD;
        const rank = comm.Get_rank();
        const mem = new Int32Array(rank === 1 ? init : [0, 0]);
        const win = await MPI.Win.Create(mem, { comm });
        await win.Fence();
        if (rank === 0) win.Accumulate(new Int32Array(contrib), 1, 0, (MPI as unknown as Record<string, unknown>)[opName]);
        await win.Fence();
        if (rank === 1) console.log(Array.from(mem).join(","));
        await win.Free();
      }, 2, [[], [want.join(",")]], 4);
    });
  }

  it("Accumulate with MAXLOC on value–index pairs (2INT)", async () => {
    await always(async (MPI) => {
      const comm = MPI.COMM_WORLD;
      const rank = comm.Get_rank();
      const mem = new Int32Array([5, 0, 5, 9]);
      const win = await MPI.Win.Create(mem, { comm });
      await win.Fence();
      if (rank === 0) win.Accumulate([new Int32Array([7, 1, 5, 2]), 2, MPI.TWOINT], 1, [0, 2, MPI.TWOINT], MPI.MAXLOC);
      await win.Fence();
      if (rank === 1) console.log(Array.from(mem).join(","));
      await win.Free();
    }, 2, [[], ["7,1,5,2"]], 4);
  });

  it("Get_accumulate returns the old value; with NO_OP (origin null) it is an atomic read", async () => {
    await always(async (MPI) => {
      const comm = MPI.COMM_WORLD;
      const rank = comm.Get_rank();
      const mem = new Int32Array([100, 200]);
      const win = await MPI.Win.Create(mem, { comm });
      const old = new Int32Array(2);
      const peek = new Int32Array(2);
      await win.Lock_all();
      if (rank === 0) {
        win.Get_accumulate(new Int32Array([1, 2]), old, 1, [0, 2, MPI.INT], MPI.SUM);
        await win.Flush(1);
        win.Get_accumulate(null, [peek, MPI.INT], 1, { op: MPI.NO_OP });
        await win.Flush(1);
        console.log(Array.from(old).join(","), Array.from(peek).join(","));
      }
      await win.Unlock_all();
      await comm.Barrier();
      if (rank === 1) console.log(Array.from(mem).join(","));
      await win.Free();
    }, 2, [["100,200 101,202"], ["101,202"]]);
  });

  it("Fetch_and_op and Compare_and_swap (success and failure)", async () => {
    await always(async (MPI) => {
      const comm = MPI.COMM_WORLD;
      const rank = comm.Get_rank();
      const mem = new BigInt64Array([10n, 20n]);
      const win = await MPI.Win.Create(mem, { disp_unit: 8, comm });
      await win.Lock(1, MPI.LOCK_EXCLUSIVE);
      if (rank === 0) {
        const r = new BigInt64Array(1);
        win.Fetch_and_op(new BigInt64Array([5n]), r, 1, 1, MPI.SUM);
        await win.Flush(1);
        const a = r[0];
        win.Compare_and_swap(new BigInt64Array([99n]), new BigInt64Array([10n]), r, 1, 0);
        await win.Flush(1);
        const b = r[0];
        win.Compare_and_swap(new BigInt64Array([77n]), new BigInt64Array([10n]), r, 1, 0);
        await win.Flush(1);
        win.Fetch_and_op(null, r, 1, { target_disp: 1, op: MPI.NO_OP });
        await win.Flush(1);
        console.log(`${a} ${b} ${r[0]}`);
      }
      await win.Unlock(1);
      await comm.Barrier();
      if (rank === 1) console.log(`${mem[0]} ${mem[1]}`);
      await win.Free();
    }, 2, [["20 10 25"], ["99 25"]]);
  });

  it("Rput / Rget / Raccumulate / Rget_accumulate return requests that complete the op locally", async () => {
    await always(async (MPI) => {
      const comm = MPI.COMM_WORLD;
      const rank = comm.Get_rank();
      const mem = new Int32Array([1, 2, 3, 4]);
      const win = await MPI.Win.Create(mem, { disp_unit: 4, comm });
      await win.Lock_all();
      if (rank === 0) {
        const got = new Int32Array(1);
        const old = new Int32Array(1);
        const reqs = [
          win.Rput(new Int32Array([50]), 1, 0),
          win.Rget(got, 1, 1),
          win.Raccumulate(new Int32Array([10]), 1, 2, MPI.SUM),
          win.Rget_accumulate(new Int32Array([100]), old, 1, 3, MPI.SUM),
        ];
        await MPI.Request.Waitall(reqs);
        console.log(got[0], old[0]);
      }
      await win.Unlock_all();
      await comm.Barrier();
      if (rank === 1) console.log(Array.from(mem).join(","));
      await win.Free();
    }, 2, [["2 4"], ["50,2,13,104"]]);
  });

  it("an operation on PROC_NULL does nothing", async () => {
    await always(async (MPI) => {
      const comm = MPI.COMM_WORLD;
      const win = await MPI.Win.Create(new Int32Array(1), { comm });
      await win.Fence();
      win.Put(new Int32Array([1]), MPI.PROC_NULL);
      const req = win.Rget(new Int32Array(1), MPI.PROC_NULL);
      await req.Wait();
      await win.Fence();
      await win.Free();
      console.log("ok");
    }, 2, [["ok"], ["ok"]], 3);
  });
});
