import { describe, expect, it } from "vitest";
import { runProgram, type RunResult } from "../../scheduler/run.ts";
import type { MPI } from "../../core/api.ts";
import { recordsOf, type RecordKind } from "../../core/trace.ts";
import { prog } from "../helpers/program.ts";

const seeds = (n: number) => Array.from({ length: n }, (_, i) => i);

async function runMany(main: (MPI: MPI) => Promise<void>, ranks: number, n: number): Promise<RunResult[]> {
  const p = prog(main, ranks);
  const out: RunResult[] = [];
  for (const seed of seeds(n)) {
    const r = await runProgram(p, { seed });
    expect(r.diagnostics, `seed ${seed}: ${JSON.stringify(r.diagnostics.map((d) => d.message))}`).toEqual([]);
    out.push(r);
  }
  return out;
}

const recs = <K extends RecordKind>(r: RunResult, t: K) => recordsOf(r.trace, t);

describe("active target: Fence", () => {
  it("accepts every assertion and records them on the epoch records; ops land by the closing fence", async () => {
    for (const r of await runMany(async (MPI) => {
      const comm = MPI.COMM_WORLD;
      const rank = comm.Get_rank();
      const mem = new Int32Array(2);
      const win = await MPI.Win.Create(mem, { disp_unit: 4, comm });
      await win.Fence(MPI.MODE_NOPRECEDE | MPI.MODE_NOCHECK);
      win.Put(new Int32Array([rank + 1]), (rank + 1) % 2, 0);
      await win.Fence(MPI.MODE_NOSTORE);
      console.log(mem[0]);
      await win.Fence(MPI.MODE_NOPUT);
      win.Accumulate(new Int32Array([10]), (rank + 1) % 2, 1, MPI.SUM);
      await win.Fence(MPI.MODE_NOSUCCEED);
      console.log(mem[1]);
      await win.Free();
    }, 2, 30)) {
      expect(r.outputs).toEqual([["2", "10"], ["1", "10"]]);
      const fences = recs(r, "epoch").filter((e) => e.rank === 0).map((e) => [e.kind, e.assert]);
      expect(fences).toEqual([["fence", 3], ["fence", 8], ["fence", 4], ["fence", 16]]);
      // Fence is a collective over the window's own group: a sync record with both members.
      const syncs = recs(r, "sync").filter((s) => s.kind === "Win.Fence");
      expect(syncs).toHaveLength(4);
      expect(syncs.every((s) => JSON.stringify(s.members) === "[0,1]" && s.comm === "w#0")).toBe(true);
    }
  });

  it("a Put between fences may land at any moment before the closing fence (its apply event is scheduled)", async () => {
    const orders = new Set<string>();
    for (const r of await runMany(async (MPI) => {
      const comm = MPI.COMM_WORLD;
      const rank = comm.Get_rank();
      const win = await MPI.Win.Create(new Int32Array(1), { comm });
      await win.Fence();
      if (rank === 0) {
        win.Put(new Int32Array([1]), 1);
        console.log("issued");
      }
      await win.Fence();
      await win.Free();
    }, 2, 40)) {
      const t = r.trace;
      const apply = t.findIndex((x) => x.t === "rma-apply");
      const fenceCalls = t.map((x, i) => [x, i] as const).filter(([x]) => x.t === "call" && x.call === "Win.Fence").map(([, i]) => i);
      orders.add(apply < fenceCalls[fenceCalls.length - 1] ? "before-last-fence-call" : "after");
    }
    expect(orders.size).toBe(2);
  });
});

describe("generalized active target: Post/Start/Complete/Wait/Test", () => {
  it("an origin's access epoch to two targets; each target's Wait returns after the data landed", async () => {
    for (const r of await runMany(async (MPI) => {
      const comm = MPI.COMM_WORLD;
      const rank = comm.Get_rank();
      const mem = new Int32Array(1);
      const win = await MPI.Win.Create(mem, { comm });
      const group = comm.Get_group();
      if (rank === 0) {
        await win.Start(group.Incl([1, 2]));
        win.Put(new Int32Array([11]), 1);
        win.Put(new Int32Array([22]), 2);
        await win.Complete();
      } else {
        await win.Post(group.Incl([0]));
        if (rank === 1) await win.Wait();
        else while (!(await win.Test()));
        console.log(mem[0]);
      }
      await win.Free();
    }, 3, 40)) {
      expect(r.outputs).toEqual([[], ["11"], ["22"]]);
      // No op lands before its target posted (Start waits for the matching Post).
      const t = r.trace;
      for (const target of [1, 2]) {
        const post = t.findIndex((x) => x.t === "epoch" && x.kind === "post" && x.rank === target);
        const apply = t.findIndex((x) => x.t === "rma-apply" && x.target === target);
        expect(post).toBeGreaterThanOrEqual(0);
        expect(apply).toBeGreaterThan(post);
      }
      const start = recs(r, "epoch").find((e) => e.kind === "start")!;
      expect(start.group).toEqual([1, 2]);
    }
  });

  it("Start without a matching Post deadlocks, and the report says who waits for whom", async () => {
    const r = await runProgram(prog(async (MPI) => {
      const comm = MPI.COMM_WORLD;
      const win = await MPI.Win.Create(new Int32Array(1), { comm });
      if (comm.Get_rank() === 0) await win.Start(comm.Get_group().Incl([1]));
      else await win.Fence();
    }, 2), { seed: 1 });
    expect(r.status).toBe("deadlock");
    const d = r.diagnostics.find((x) => x.kind === "deadlock")!;
    expect(d.pending!.find((p) => p.rank === 0)!.waitsFor).toEqual([1]);
  });
});

describe("passive target", () => {
  it("a Get read before Flush sees the old value in some schedule, and the new one after Flush in every schedule", async () => {
    const before = new Set<string>();
    for (const r of await runMany(async (MPI) => {
      const comm = MPI.COMM_WORLD;
      const rank = comm.Get_rank();
      const mem = new Int32Array([rank === 1 ? 42 : 0]);
      const win = await MPI.Win.Create(mem, { comm });
      if (rank === 0) {
        const res = new Int32Array([-1]);
        await win.Lock(1, MPI.LOCK_SHARED);
        win.Get(res, 1);
        await win.Sync(); // a scheduling point: the apply event may or may not fire before it returns
        const early = res[0];
        await win.Flush(1);
        console.log(early, res[0]);
        await win.Unlock(1);
      }
      await comm.Barrier();
      await win.Free();
    }, 2, 60)) {
      const [early, after] = r.outputs[0][0].split(" ");
      expect(after).toBe("42");
      before.add(early);
    }
    expect([...before].sort()).toEqual(["-1", "42"]);
  });

  it("Lock(EXCLUSIVE) serialises two origins' read-modify-write epochs: no increment is lost", async () => {
    for (const r of await runMany(async (MPI) => {
      const comm = MPI.COMM_WORLD;
      const rank = comm.Get_rank();
      const mem = new Int32Array(1);
      const win = await MPI.Win.Create(rank === 0 ? mem : null, { comm });
      if (rank > 0) {
        const v = new Int32Array(1);
        for (let i = 0; i < 5; i++) {
          await win.Lock(0, MPI.LOCK_EXCLUSIVE);
          win.Get(v, 0);
          await win.Flush(0);
          v[0] += 1;
          win.Put(v, 0);
          await win.Unlock(0);
        }
      }
      await comm.Barrier();
      if (rank === 0) console.log(mem[0]);
      await win.Free();
    }, 3, 60)) {
      expect(r.outputs[0]).toEqual(["10"]);
      // The epochs never overlap: lock/unlock records on rank 0's memory alternate per origin.
      let holder = -1;
      for (const e of recs(r, "epoch")) {
        if (e.kind === "lock") {
          expect(holder).toBe(-1);
          holder = e.rank;
        } else if (e.kind === "unlock") {
          expect(holder).toBe(e.rank);
          holder = -1;
        }
      }
    }
  });

  it("the same read-modify-write under LOCK_SHARED loses increments in some schedule (the exclusive lock is what helps)", async () => {
    const finals = new Set<string>();
    const p = prog(async (MPI) => {
      const comm = MPI.COMM_WORLD;
      const rank = comm.Get_rank();
      const mem = new Int32Array(1);
      const win = await MPI.Win.Create(rank === 0 ? mem : null, { comm });
      if (rank > 0) {
        const v = new Int32Array(1);
        for (let i = 0; i < 5; i++) {
          await win.Lock(0, MPI.LOCK_SHARED);
          win.Get(v, 0);
          await win.Flush(0);
          v[0] += 1;
          win.Put(v, 0);
          await win.Unlock(0);
        }
      }
      await comm.Barrier();
      if (rank === 0) console.log(mem[0]);
      await win.Free();
    }, 3);
    for (const seed of seeds(60)) finals.add((await runProgram(p, { seed })).outputs[0][0]);
    expect([...finals].some((f) => Number(f) < 10)).toBe(true);
  });

  it("shared locks are held together in some schedule; an exclusive lock waits for Lock_all holders", async () => {
    let overlapped = false;
    for (const r of await runMany(async (MPI) => {
      const comm = MPI.COMM_WORLD;
      const rank = comm.Get_rank();
      const win = await MPI.Win.Create(new Int32Array(1), { comm });
      if (rank < 2) {
        await win.Lock(2, MPI.LOCK_SHARED);
        await win.Unlock(2);
        await win.Lock_all();
        await win.Unlock_all();
      } else {
        await win.Lock(2, MPI.LOCK_EXCLUSIVE);
        await win.Unlock(2);
      }
      await win.Free();
    }, 3, 60)) {
      let shared = 0;
      let all = 0;
      let excl = false;
      for (const e of recs(r, "epoch")) {
        if (e.kind === "lock" && e.lockType === "shared") shared++;
        if (e.kind === "unlock" && e.rank < 2) shared--;
        if (e.kind === "lock_all") all++;
        if (e.kind === "unlock_all") all--;
        if (e.kind === "lock" && e.lockType === "exclusive") {
          expect(shared + all).toBe(0);
          excl = true;
        }
        if (e.kind === "unlock" && e.rank === 2) excl = false;
        if (e.kind === "lock_all" || (e.kind === "lock" && e.lockType === "shared")) expect(excl).toBe(false);
        if (shared === 2 || all === 2) overlapped = true;
      }
    }
    expect(overlapped).toBe(true);
  });

  it("Fetch_and_op counters incremented from 7 ranks sum exactly, and every fetched value is distinct", async () => {
    for (const r of await runMany(async (MPI) => {
      const comm = MPI.COMM_WORLD;
      const rank = comm.Get_rank();
      const mem = new Int32Array(2);
      const win = await MPI.Win.Create(rank === 0 ? mem : null, { disp_unit: 4, comm });
      const old = new Int32Array(1);
      const seen: number[] = [];
      await win.Lock_all();
      for (let i = 0; i < 4; i++) {
        win.Fetch_and_op(new Int32Array([1]), old, 0, 0, MPI.SUM);
        win.Accumulate(new Int32Array([rank + 1]), 0, 1, MPI.SUM);
        await win.Flush_all();
        seen.push(old[0]);
      }
      await win.Unlock_all();
      const all = (await comm.gather(seen, 0)) as number[][] | null;
      await comm.Barrier();
      if (rank === 0) {
        const flat = all!.flat().sort((a, b) => a - b);
        console.log(mem[0], mem[1], flat.every((v, i) => v === i));
      }
      await win.Free();
    }, 7, 40)) {
      expect(r.outputs[0]).toEqual(["28 112 true"]);
    }
  });

  it("Flush_local lets the origin reuse its buffer; without it a later store may reach the target", async () => {
    const withoutFlushLocal = new Set<string>();
    for (const r of await runMany(async (MPI) => {
      const comm = MPI.COMM_WORLD;
      const rank = comm.Get_rank();
      const mem = new Int32Array(2);
      const win = await MPI.Win.Create(mem, { disp_unit: 4, comm });
      await win.Lock_all();
      if (rank === 0) {
        const a = new Int32Array([1]);
        win.Put(a, 1, 0);
        await win.Flush_local(1);
        a[0] = 2; // allowed: the Put is locally complete
        const b = new Int32Array([1]);
        win.Put(b, 1, 1);
        await win.Sync();
        b[0] = 2; // erroneous (MPI 4.1 §12.3): the Put may still read b
        await win.Flush_local_all();
      }
      await win.Unlock_all();
      await comm.Barrier();
      if (rank === 1) console.log(mem[0], mem[1]);
      await win.Free();
    }, 2, 60)) {
      const [first, second] = r.outputs[1][0].split(" ");
      expect(first).toBe("1");
      withoutFlushLocal.add(second);
    }
    expect([...withoutFlushLocal].sort()).toEqual(["1", "2"]);
  });

  it("records the epoch kinds of every passive-target call with their target", async () => {
    const [r] = await runMany(async (MPI) => {
      const comm = MPI.COMM_WORLD;
      const rank = comm.Get_rank();
      const win = await MPI.Win.Create(new Int32Array(1), { comm });
      if (rank === 0) {
        await win.Lock(1, MPI.LOCK_SHARED, MPI.MODE_NOCHECK);
        await win.Flush(1);
        await win.Flush_local(1);
        await win.Flush_all();
        await win.Flush_local_all();
        await win.Sync();
        await win.Unlock(1);
      }
      await win.Free();
    }, 2, 1);
    const kinds = recs(r, "epoch").map((e) => [e.kind, e.target ?? null, e.lockType ?? null]);
    expect(kinds).toEqual([
      ["lock", 1, "shared"], ["flush", 1, null], ["flush_local", 1, null], ["flush_all", null, null],
      ["flush_local_all", null, null], ["sync", null, null], ["unlock", 1, null],
    ]);
  });
});
