/**
 * SPEC §2 one-sided row through the harness, one small program per group of names, with
 * mpi4py's signatures (core/rma has the detailed tests; this checks the user-facing surface).
 */
import { describe, expect, it } from "vitest";
import { clean, mistake } from "./helpers.ts";

const arr = (a: ArrayLike<number | bigint>) => Array.from(a, String).join(",");

describe("windows", () => {
  it("Win.Create (positional and keyword), Allocate (tomemory), Create_dynamic with Attach/Detach, Free; null memory", async () => {
    const out = await clean(2, async (MPI) => {
      const c = MPI.COMM_WORLD;
      const r = c.Get_rank();
      const mem = new Int32Array(4);
      const w1 = await MPI.Win.Create(mem, 4, MPI.INFO_NULL, c);
      const w2 = await MPI.Win.Create(r === 0 ? null : new Float64Array(2), { disp_unit: 8, comm: c });
      const w3 = await MPI.Win.Allocate(16, { disp_unit: 4, comm: c });
      const w4 = await MPI.Win.Create_dynamic({ comm: c });
      const dyn = new Int32Array(2);
      w4.Attach(dyn);
      const addr = MPI.Get_address(dyn);
      const addrs = c.allgather(addr);
      const all = (await addrs) as number[];
      await w1.Fence();
      await w2.Fence();
      if (r === 0) {
        w1.Put(new Int32Array([7]), 1, 2); // target disp 2 × disp_unit 4
        w2.Put(new Float64Array([2.5]), 1, { target: [1, 1, MPI.DOUBLE] } as never);
      }
      await w1.Fence();
      await w2.Fence();
      await w3.Fence();
      if (r === 1) w3.Put(new Int32Array([9]), 0, 3);
      await w3.Fence();
      await w4.Lock(1 - r);
      w4.Put(new Int32Array([r + 100]), 1 - r, all[1 - r] + 4);
      await w4.Unlock(1 - r);
      await c.Barrier();
      w4.Detach(dyn);
      const m3 = new Int32Array(w3.tomemory());
      console.log(arr(mem), r === 1 ? arr(new Float64Array(w2.tomemory())) : w2.tomemory().byteLength, arr(m3), arr(dyn));
      for (const w of [w1, w2, w3, w4]) await w.Free();
    });
    expect(out).toEqual([["0,0,0,0 0 0,0,0,9 0,101"], ["0,0,7,0 0,2.5 0,0,0,0 0,100"]]);
  });
});

describe("synchronisation", () => {
  it("Fence with an assertion; PSCW Post/Start/Complete/Wait/Test; Lock(rank, lock_type)/Unlock, Lock_all/Unlock_all, Flush*, Sync", async () => {
    const out = await clean(3, async (MPI) => {
      const c = MPI.COMM_WORLD;
      const r = c.Get_rank();
      const mem = new Int32Array(3);
      const win = await MPI.Win.Create(mem, 4, MPI.INFO_NULL, c);
      await win.Fence(MPI.MODE_NOPRECEDE);
      win.Put(new Int32Array([r + 1]), (r + 1) % 3, 0);
      await win.Fence(MPI.MODE_NOSUCCEED);
      // PSCW: 0 and 1 access 2
      const g = c.Get_group();
      const peers = g.Incl(r === 2 ? [0, 1] : [2]);
      if (r === 2) {
        await win.Post(peers);
        let done = await win.Test();
        while (!done) done = await win.Test();
      } else {
        await win.Start(peers);
        win.Accumulate(new Int32Array([10]), 2, 1, MPI.SUM);
        await win.Complete();
      }
      // Group handles must be freed (MPI 4.1 §7.3); an epoch does not need its group after Post/Start.
      peers.Free();
      g.Free();
      await c.Barrier();
      // passive target
      await win.Lock(0, MPI.LOCK_SHARED);
      const got = new Int32Array(1);
      win.Get(got, 0, 0);
      await win.Flush(0);
      await win.Unlock(0);
      await win.Lock_all();
      win.Accumulate(new Int32Array([1]), 1, 2);
      await win.Flush_local(1);
      await win.Flush_all();
      await win.Flush_local_all();
      await win.Unlock_all();
      await c.Barrier();
      await win.Lock(r, MPI.LOCK_EXCLUSIVE);
      await win.Sync();
      const local = arr(mem);
      await win.Unlock(r);
      await win.Free();
      console.log(got[0], local);
    });
    expect(out).toEqual([["3 3,0,0"], ["3 1,0,3"], ["3 2,20,0"]]);
  });
});

describe("operations", () => {
  it.each([0, 1, 2, 3, 4, 5, 6, 7])("Put Get Accumulate Get_accumulate Fetch_and_op Compare_and_swap, Rput Rget Raccumulate Rget_accumulate (seed %i)", async (seed) => {
    const out = await clean(2, async (MPI) => {
      const c = MPI.COMM_WORLD;
      const r = c.Get_rank();
      const mem = new Int32Array([r * 10, 1, 2, 3, 4, 5]);
      const win = await MPI.Win.Create(mem, { disp_unit: 4, comm: c });
      const res: string[] = [];
      if (r === 0) {
        await win.Lock(1);
        win.Put(new Int32Array([50, 51]), 1, [4, 2, MPI.INT]);
        const g = new Int32Array(2);
        win.Get(g, 1, [1, 2, MPI.INT]);
        win.Accumulate(new Int32Array([100]), 1, 0, MPI.SUM);
        const ga = new Int32Array(1);
        win.Get_accumulate(new Int32Array([5]), ga, 1, 3, MPI.MAX);
        await win.Flush(1);
        const fo = new Int32Array(1);
        win.Fetch_and_op(new Int32Array([1]), fo, 1, 1, MPI.SUM);
        const cs = new Int32Array(1);
        win.Compare_and_swap(new Int32Array([99]), new Int32Array([2]), cs, 1, 2);
        await win.Flush(1);
        const q1 = win.Rput(new Int32Array([7]), 1, 5);
        const rg = new Int32Array(1);
        const q2 = win.Rget(rg, 1, 0);
        await MPI.Request.Waitall([q1, q2]); // local completion only (MPI 4.1 §12.3.5)
        await win.Flush(1);
        const q3 = win.Raccumulate(new Int32Array([1]), 1, 5, MPI.SUM);
        await q3.Wait();
        await win.Flush(1);
        const rga = new Int32Array(1);
        const q4 = win.Rget_accumulate(new Int32Array([0]), rga, 1, 5, MPI.NO_OP);
        await q4.Wait();
        await win.Unlock(1);
        res.push(arr(g), arr(ga), arr(fo), arr(cs), arr(rg), arr(rga));
      }
      await c.Barrier();
      res.push(arr(mem));
      await win.Free();
      console.log(res.join(" "));
    }, { seed });
    expect(out[0]).toEqual(["1,2 3 1 2 110 8 0,1,2,3,4,5"]);
    expect(out[1][0]).toMatch(/^110,2,99,5,50,8$/);
  });

  // MPI 4.1 §12.7.2's default accumulate_ordering ("rar,raw,war,waw") orders accumulate-family
  // operations from one origin to the same target location in program order.
  it("same-origin accumulates to one location are applied in program order in every schedule", async () => {
    for (let seed = 0; seed < 8; seed++) {
      const out = await clean(2, async (MPI) => {
        const c = MPI.COMM_WORLD;
        const mem = new Int32Array([7]);
        const win = await MPI.Win.Create(mem, { disp_unit: 4, comm: c });
        if (c.Get_rank() === 0) {
          await win.Lock(1);
          win.Accumulate(new Int32Array([1]), 1, 0, MPI.SUM);
          const got = new Int32Array(1);
          win.Get_accumulate(null, got, 1, 0, MPI.NO_OP);
          await win.Unlock(1);
          console.log(got[0]);
        }
        await c.Barrier();
        await win.Free();
      }, { seed });
      expect(out[0], `seed ${seed}`).toEqual(["8"]);
    }
  });

  it("mistakes: an op outside an epoch is ERR_RMA_SYNC, a displacement past the window ERR_RMA_RANGE, Unlock without Lock ERR_RMA_SYNC", async () => {
    const cases: [string, (MPI: any, win: any) => unknown][] = [
      ["ERR_RMA_SYNC", (_MPI, win) => win.Put(new Int32Array(1), 0, 0)],
      ["ERR_RMA_RANGE", async (_MPI, win) => {
        await win.Lock(0);
        win.Put(new Int32Array(1), 0, 4);
      }],
      ["ERR_RMA_SYNC", (_MPI, win) => win.Unlock(0)],
      ["ERR_RANK", async (_MPI, win) => {
        await win.Lock_all();
        win.Put(new Int32Array(1), "0", 0);
      }],
    ];
    for (const [errorClass, f] of cases) {
      const { d } = await mistake(1, async (MPI) => {
        const win = await MPI.Win.Create(new Int32Array(4), { disp_unit: 4, comm: MPI.COMM_WORLD });
        await f(MPI, win);
      });
      expect(d.errorClass).toBe(errorClass);
    }
  });
});
