/**
 * SPEC §2 collectives row with mpi4py's signatures and defaults: every typed collective, the
 * non-blocking ones, IN_PLACE, the lower-case object forms, user ops (commutative or not), and
 * the mistakes that must be diagnostics rather than garbage, hangs or crashes.
 */
import { describe, expect, it } from "vitest";
import { clean, mistake, mpiErrors, only, runRanks } from "./helpers.ts";

const J = (x: unknown) => JSON.stringify(x);
const arr = (a: ArrayLike<number | bigint>) => Array.from(a, String).join(",");

describe("typed collectives", () => {
  it("Barrier, Bcast (root keyword and default 0), Reduce, Allreduce (op default SUM)", async () => {
    const out = await clean(4, async (MPI) => {
      const c = MPI.COMM_WORLD;
      const r = c.Get_rank();
      await c.Barrier();
      const b = new Float64Array([r === 2 ? 2.5 : 0]);
      await c.Bcast(b, { root: 2 });
      const d = new Int32Array([r === 0 ? 7 : 0]);
      await c.Bcast(d);
      const red = new Int32Array(2);
      await c.Reduce(new Int32Array([r, 1]), r === 3 ? red : null, MPI.MAX, 3);
      const all = new BigInt64Array(1);
      await c.Allreduce(new BigInt64Array([BigInt(r + 1)]), all);
      console.log(b[0], d[0], arr(red), String(all[0]));
    });
    expect(out.map((o) => o[0])).toEqual(["2.5 7 0,0 10", "2.5 7 0,0 10", "2.5 7 0,0 10", "2.5 7 3,1 10"]);
  });

  it("Gather, Gatherv, Scatter, Scatterv, Allgather, Allgatherv, Alltoall, Alltoallv", async () => {
    const out = await clean(3, async (MPI) => {
      const c = MPI.COMM_WORLD;
      const r = c.Get_rank();
      const counts = [1, 2, 3];
      const displs = [0, 1, 3];
      const g = new Int32Array(6);
      await c.Gather(new Int32Array([r, r]), r === 1 ? g : null, 1);
      const gv = new Int32Array(6);
      await c.Gatherv(new Int32Array(r + 1).fill(r), r === 0 ? [gv, counts, displs, MPI.INT] : null, 0);
      const s = new Int32Array(1);
      await c.Scatter(r === 0 ? new Int32Array([10, 11, 12]) : null, s, 0);
      const sv = new Int32Array(r + 1);
      await c.Scatterv(r === 2 ? [new Int32Array([5, 6, 6, 7, 7, 7]), [counts, displs], MPI.INT] : null, sv, { root: 2 });
      const ag = new Int32Array(3);
      await c.Allgather(new Int32Array([r * 2]), ag);
      const agv = new Int32Array(6);
      await c.Allgatherv(new Int32Array(r + 1).fill(r), [agv, counts]);
      const a2a = new Int32Array(3);
      await c.Alltoall(new Int32Array([r * 10, r * 10 + 1, r * 10 + 2]), a2a);
      const a2av = new Int32Array(r + 1 + 2);
      // rank r sends j+1 copies of r to rank j; receives r+1 copies from each → counts [r+1]*3
      const sc = [1, 2, 3];
      const sd = [0, 1, 3];
      const rc = [r + 1, r + 1, r + 1];
      const rd = [0, r + 1, 2 * (r + 1)];
      const a2avb = new Int32Array(3 * (r + 1));
      await c.Alltoallv([new Int32Array(6).fill(r), sc, sd, MPI.INT], [a2avb, [rc, rd], MPI.INT]);
      void a2av;
      console.log(`${arr(g)}|${arr(gv)}|${arr(s)}|${arr(sv)}|${arr(ag)}|${arr(agv)}|${arr(a2a)}|${arr(a2avb)}`);
    });
    expect(out.map((o) => o[0])).toEqual([
      "0,0,0,0,0,0|0,1,1,2,2,2|10|5|0,2,4|0,1,1,2,2,2|0,10,20|0,1,2",
      "0,0,1,1,2,2|0,0,0,0,0,0|11|6,6|0,2,4|0,1,1,2,2,2|1,11,21|0,0,1,1,2,2",
      "0,0,0,0,0,0|0,0,0,0,0,0|12|7,7,7|0,2,4|0,1,1,2,2,2|2,12,22|0,0,0,1,1,1,2,2,2",
    ]);
  });

  it("an explicit count in [buf, count, datatype] is per process (mpi4py); an inferred one is the whole buffer", async () => {
    const out = await clean(2, async (MPI) => {
      const c = MPI.COMM_WORLD;
      const r = c.Get_rank();
      const a = new Int32Array(4);
      await c.Gather(new Int32Array([r, r]), r === 0 ? [a, 2, MPI.INT] : null, 0);
      const b = new Int32Array(4);
      await c.Allgather([new Int32Array([r, r]), MPI.INT], [b, MPI.INT]);
      const s = new Int32Array(2);
      await c.Scatter(r === 0 ? [new Int32Array([1, 2, 3, 4]), 2, MPI.INT] : null, s);
      console.log(arr(a), arr(b), arr(s));
    });
    expect(out).toEqual([["0,0,1,1 0,0,1,1 1,2"], ["0,0,0,0 0,0,1,1 3,4"]]);
  });

  it("Scan, Exscan (rank 0's buffer untouched), Reduce_scatter_block, Reduce_scatter with and without recvcounts", async () => {
    const out = await clean(3, async (MPI) => {
      const c = MPI.COMM_WORLD;
      const r = c.Get_rank();
      const sc = new Int32Array(1);
      await c.Scan(new Int32Array([r + 1]), sc);
      const ex = new Int32Array([-1]);
      await c.Exscan(new Int32Array([r + 1]), ex, MPI.PROD);
      const rsb = new Int32Array(2);
      await c.Reduce_scatter_block(new Int32Array([1, 2, 3, 4, 5, 6]).map((x) => x * (r + 1)), rsb);
      const rs = new Int32Array(r + 1);
      await c.Reduce_scatter(new Int32Array(6).fill(r + 1), rs, [1, 2, 3], MPI.SUM);
      const rs2 = new Int32Array(r + 1);
      await c.Reduce_scatter(new Int32Array(6).fill(1), rs2); // counts from each receive buffer
      console.log(sc[0], ex[0], arr(rsb), arr(rs), arr(rs2));
    });
    expect(out.map((o) => o[0])).toEqual(["1 -1 6,12 6 3", "3 1 18,24 6,6 3,3", "6 2 30,36 6,6,6 3,3,3"]);
  });

  it("IN_PLACE in Allreduce, Reduce (root), Gather (root), Allgather, Scatter (root), Scan, Reduce_scatter_block", async () => {
    const out = await clean(3, async (MPI) => {
      const c = MPI.COMM_WORLD;
      const r = c.Get_rank();
      const a = new Int32Array([r + 1]);
      await c.Allreduce(MPI.IN_PLACE, a, MPI.SUM);
      const b = new Int32Array([r + 1]);
      await c.Reduce(r === 0 ? MPI.IN_PLACE : b, r === 0 ? b : null, MPI.MAX, 0);
      const g = new Int32Array(3);
      g[r] = 9;
      await c.Gather(r === 1 ? MPI.IN_PLACE : new Int32Array([r]), r === 1 ? g : null, 1);
      const ag = new Int32Array(3);
      ag[r] = r * 10;
      await c.Allgather(MPI.IN_PLACE, ag);
      const s = new Int32Array([1, 2, 3]);
      const sr = new Int32Array([-1]);
      await c.Scatter(r === 0 ? s : null, r === 0 ? MPI.IN_PLACE : sr, 0);
      const scn = new Int32Array([r + 1]);
      await c.Scan(MPI.IN_PLACE, scn);
      const rsb = new Int32Array([r, r, r]);
      await c.Reduce_scatter_block(MPI.IN_PLACE, rsb);
      console.log(a[0], b[0], arr(g), arr(ag), sr[0], scn[0], rsb[0]);
    });
    expect(out.map((o) => o[0])).toEqual(["6 3 9,0,0 0,10,20 -1 1 3", "6 2 0,9,2 0,10,20 2 3 3", "6 3 0,0,9 0,10,20 3 6 3"]);
  });

  it("Ibarrier, Ibcast, Ireduce, Iallreduce return requests; Waitall returns true", async () => {
    const out = await clean(3, async (MPI) => {
      const c = MPI.COMM_WORLD;
      const r = c.Get_rank();
      const b = new Int32Array([r === 1 ? 42 : 0]);
      const o = new Int32Array(1);
      const o2 = new Int32Array(1);
      const qs = [c.Ibcast(b, 1), c.Iallreduce(new Int32Array([r]), o, { op: MPI.MAX }), c.Ireduce(new Int32Array([r + 1]), o2, MPI.SUM, 2), c.Ibarrier()];
      console.log(qs.every((q) => q instanceof MPI.Request), await MPI.Request.Waitall(qs), b[0], o[0], o2[0]);
    });
    expect(out.map((o) => o[0])).toEqual(["true true 42 2 0", "true true 42 2 0", "true true 42 2 6"]);
  });

  it("COMM_SELF collectives run on one rank, at any world size", async () => {
    const out = await clean(3, async (MPI) => {
      const s = MPI.COMM_SELF;
      const r = MPI.COMM_WORLD.Get_rank();
      const o = new Int32Array(1);
      await s.Allreduce(new Int32Array([r + 5]), o);
      const g = new Int32Array(1);
      await s.Gather(new Int32Array([r]), g, 0);
      await s.Barrier();
      console.log(s.Get_size(), s.Get_rank(), o[0], g[0], await s.allreduce(r), J(await s.allgather("x")));
    });
    expect(out.map((o) => o[0])).toEqual(["1 0 5 0 0 [\"x\"]", "1 0 6 1 1 [\"x\"]", "1 0 7 2 2 [\"x\"]"]);
  });
});

describe("user ops (Op.Create)", () => {
  // 2×2 integer matrices: their product is associative but not commutative.
  const mats = [[1, 1, 0, 1], [2, 0, 0, 1], [1, 0, 3, 1], [0, 1, 1, 0]];
  const mul = (a: number[], b: number[]) => [a[0] * b[0] + a[1] * b[2], a[0] * b[1] + a[1] * b[3], a[2] * b[0] + a[3] * b[2], a[2] * b[1] + a[3] * b[3]];
  const prefix = (k: number) => mats.slice(0, k + 1).reduce(mul);

  it("a non-commutative op combines in rank order (MPI 4.1 §6.9.5) in Reduce, Allreduce, Scan, Exscan, whatever the schedule", async () => {
    for (const seed of [0, 1, 2, 3, 4, 5, 6, 7]) {
      const out = await clean(4, async (MPI) => {
        const c = MPI.COMM_WORLD;
        const r = c.Get_rank();
        const op = MPI.Op.Create((inv: Int32Array, inout: Int32Array) => {
          const x = [inv[0] * inout[0] + inv[1] * inout[2], inv[0] * inout[1] + inv[1] * inout[3], inv[2] * inout[0] + inv[3] * inout[2], inv[2] * inout[1] + inv[3] * inout[3]];
          inout.set(x);
        }, false);
        const s = new Int32Array(mats[r]);
        const a = new Int32Array(4);
        await c.Allreduce(s, a, op);
        const red = new Int32Array(4);
        await c.Reduce(s, red, { op, root: 1 });
        const sc = new Int32Array(4);
        await c.Scan(s, sc, op);
        const ex = new Int32Array(4);
        await c.Exscan(s, ex, op);
        console.log(op.Is_commutative(), arr(a), r === 1 ? arr(red) : "-", arr(sc), r === 0 ? "-" : arr(ex));
        op.Free();
      }, { seed });
      for (let r = 0; r < 4; r++) {
        expect(out[r][0]).toBe(`false ${prefix(3).join(",")} ${r === 1 ? prefix(3).join(",") : "-"} ${prefix(r).join(",")} ${r === 0 ? "-" : prefix(r - 1).join(",")}`);
      }
    }
  });

  it("a commutative user op, and user ops on the lower-case forms (fn(x, y) returns the result)", async () => {
    const out = await clean(3, async (MPI) => {
      const c = MPI.COMM_WORLD;
      const r = c.Get_rank();
      const add = MPI.Op.Create((inv: Float64Array, inout: Float64Array) => {
        for (let i = 0; i < inout.length; i++) inout[i] += inv[i];
      }, true);
      const o = new Float64Array(2);
      await c.Allreduce(new Float64Array([r, 1]), o, add);
      const cat = MPI.Op.Create((x: unknown, y: unknown) => `${x}${y}`, false);
      console.log(add.Is_commutative(), arr(o), await c.allreduce(r, cat), await c.reduce(`${r}`, cat, 2));
      add.Free();
      cat.Free();
    });
    expect(out.map((o) => o[0])).toEqual(["true 3,3 012 null", "true 3,3 012 null", "true 3,3 012 012"]);
  });

  it("a user op that throws reaches every member at its call, so nobody waits forever", async () => {
    const r = await runRanks(3, async (MPI) => {
      const op = MPI.Op.Create(() => {
        throw new Error("boom");
      }, true);
      try {
        await MPI.COMM_WORLD.Allreduce(new Int32Array(1), new Int32Array(1), op);
      } catch (e) {
        console.log((e as Error).message);
      }
      await MPI.COMM_WORLD.Barrier();
    });
    expect(r.status).toBe("ok");
    expect(r.outputs).toEqual([["boom"], ["boom"], ["boom"]]);
  });
});

describe("lower-case object collectives", () => {
  it("bcast gather scatter allgather alltoall reduce allreduce scan exscan barrier, mpi4py's results", async () => {
    const out = await clean(3, async (MPI) => {
      const c = MPI.COMM_WORLD;
      const r = c.Get_rank();
      const res = [
        await c.bcast(r === 2 ? { x: [1] } : null, 2),
        await c.gather(r, { root: 1 }),
        await c.scatter(r === 0 ? ["a", "b", "c"] : null),
        await c.allgather(r),
        await c.alltoall([0, 1, 2].map((i) => r * 10 + i)),
        await c.reduce(r, MPI.MAX, 0),
        await c.allreduce([r]), // Python's + on lists
        await c.scan(r),
        await c.exscan(r), // None on rank 0
        await c.barrier(),
      ];
      console.log(J(res));
    });
    expect(out.map((o) => JSON.parse(o[0]))).toEqual([
      [{ x: [1] }, null, "a", [0, 1, 2], [0, 10, 20], 2, [0, 1, 2], 0, null, null],
      [{ x: [1] }, [0, 1, 2], "b", [0, 1, 2], [1, 11, 21], null, [0, 1, 2], 1, 0, null],
      [{ x: [1] }, null, "c", [0, 1, 2], [2, 12, 22], null, [0, 1, 2], 3, 1, null],
    ]);
  });

  it("each member gets its own copy", async () => {
    const out = await clean(2, async (MPI) => {
      const c = MPI.COMM_WORLD;
      const shared = { n: 1 };
      const got = (await c.bcast(shared, 0)) as { n: number };
      got.n = 5;
      const all = (await c.allgather({ r: c.Get_rank() })) as { r: number }[];
      all[0].r = 99;
      console.log(shared.n, got === shared, J(await c.allgather(shared)));
    });
    expect(out).toEqual([['1 false [{"n":1},{"n":1}]'], ['1 false [{"n":1},{"n":1}]']]);
  });
});

describe("collective mistakes are diagnostics, not garbage, hangs or crashes", () => {
  it("reductions whose count or datatype differ between ranks are a collective-mismatch", async () => {
    for (const [what, body] of [
      ["count", (r: number) => [new Int32Array(r + 1), new Int32Array(r + 1)]],
      ["datatype", (r: number) => (r === 0 ? [new Int32Array(2), new Int32Array(2)] : [new Float64Array(2), new Float64Array(2)])],
    ] as const) {
      for (const call of ["Allreduce", "Reduce", "Scan", "Exscan"] as const) {
        const r = await runRanks(2, async (MPI) => {
          const [s, o] = body(MPI.COMM_WORLD.Get_rank());
          await MPI.COMM_WORLD[call](s, o);
        });
        const d = only(r, "collective-mismatch");
        expect(d.message, `${call} ${what}`).toMatch(new RegExp(`called ${call} with op=MPI_SUM bytes=\\d+ type=\\w+ but rank 1 called`));
      }
    }
  });

  it("INT and INT32_T (or an inferred Int32Array) agree", async () => {
    await clean(2, async (MPI) => {
      const r = MPI.COMM_WORLD.Get_rank();
      const o = new Int32Array(1);
      await MPI.COMM_WORLD.Allreduce(r === 0 ? [new Int32Array([1]), MPI.INT] : new Int32Array([1]), [o, r === 0 ? MPI.INT32_T : MPI.INT]);
      if (o[0] !== 2) throw new Error(String(o[0]));
    });
  });

  const cases: [string, string, (MPI: any, r: number) => Promise<unknown>][] = [
    ["ERR_OP", "Comm.Allreduce", (MPI) => MPI.COMM_WORLD.Allreduce(new Int32Array(1), new Int32Array(1), "sum")],
    ["ERR_OP", "Comm.Allreduce", (MPI) => MPI.COMM_WORLD.Allreduce(new Int32Array(1), new Int32Array(1), MPI.REPLACE)],
    ["ERR_OP", "Comm.Reduce", (MPI) => MPI.COMM_WORLD.Reduce([new Int8Array(1), MPI.CHAR], [new Int8Array(1), MPI.CHAR], MPI.SUM, 0)],
    ["ERR_OP", "Comm.Scan", (MPI) => MPI.COMM_WORLD.Scan(new Float64Array(1), new Float64Array(1), MPI.BAND)],
    ["ERR_OP", "Comm.Iallreduce", (MPI) => MPI.COMM_WORLD.Iallreduce([new Uint8Array(1), MPI.BYTE], [new Uint8Array(1), MPI.BYTE], MPI.SUM).Wait()],
    ["ERR_BUFFER", "Comm.Allreduce", (MPI) => MPI.COMM_WORLD.Allreduce([1], [0])],
    ["ERR_BUFFER", "Comm.Allreduce", (MPI) => MPI.COMM_WORLD.Allreduce(new Int32Array(1))],
    ["ERR_ROOT", "Comm.Bcast", (MPI) => MPI.COMM_WORLD.Bcast(new Int32Array(1), "0")],
    ["ERR_ROOT", "Comm.Reduce", (MPI) => MPI.COMM_WORLD.Reduce(new Int32Array(1), new Int32Array(1), MPI.SUM, 7)],
    ["ERR_ROOT", "Comm.gather", (MPI) => MPI.COMM_WORLD.gather(1, -1)],
    ["ERR_COUNT", "Comm.Scatter", (MPI, r) => MPI.COMM_WORLD.Scatter(r === 0 ? new Int32Array(3) : null, new Int32Array(2), 0)],
    ["ERR_COUNT", "Comm.Gather", (MPI, r) => MPI.COMM_WORLD.Gather(new Int32Array(1), r === 0 ? new Int32Array(3) : null, 0)],
    ["ERR_COUNT", "Comm.Allgather", (MPI) => MPI.COMM_WORLD.Allgather(new Int32Array(1), new Int32Array(3))],
    ["ERR_COUNT", "Comm.Alltoall", (MPI) => MPI.COMM_WORLD.Alltoall(new Int32Array(3), new Int32Array(4))],
    ["ERR_COUNT", "Comm.Reduce_scatter_block", (MPI) => MPI.COMM_WORLD.Reduce_scatter_block(new Int32Array(3), new Int32Array(1))],
    ["ERR_COUNT", "Comm.Reduce_scatter", (MPI) => MPI.COMM_WORLD.Reduce_scatter(new Int32Array(2), new Int32Array(1), "x")],
    ["ERR_COUNT", "Comm.Reduce_scatter", (MPI) => MPI.COMM_WORLD.Reduce_scatter(new Int32Array(2), new Int32Array(1), [1, 2])],
    ["ERR_COUNT", "Comm.Gatherv", (MPI, r) => MPI.COMM_WORLD.Gatherv(new Int32Array(1), r === 0 ? [new Int32Array(3), [1]] : null, 0)],
    ["ERR_ARG", "Comm.scatter", (MPI, r) => MPI.COMM_WORLD.scatter(r === 0 ? [1] : null, 0)],
    ["ERR_ARG", "Comm.alltoall", (MPI) => MPI.COMM_WORLD.alltoall("ab")],
    ["ERR_ARG", "Comm.bcast", (MPI) => MPI.COMM_WORLD.bcast(() => 1, 0)],
    ["ERR_GROUP", "Comm.Create", (MPI) => MPI.COMM_WORLD.Create(5)],
    // Bcast with counts that differ between members is a collective-mismatch (MPI 4.1 §6.1), see test/checkers/detection-rules.test.ts.
  ];
  it.each(cases)("%s from %s (every rank makes the same call)", async (errorClass, call, f) => {
    const { r, d } = await mistake(2, (MPI) => f(MPI, MPI.COMM_WORLD.Get_rank()) as Promise<void>);
    expect([d.errorClass, d.call]).toEqual([errorClass, call]);
    expect(r.status).not.toBe("ok");
    expect(mpiErrors(r).every((e) => e.endsWith(`${errorClass}:${call}`))).toBe(true);
  });

  it("a caught collective mistake leaves no rank waiting on the others' half of the call", async () => {
    const r = await runRanks(2, async (MPI) => {
      const c = MPI.COMM_WORLD;
      try {
        await c.Reduce([new Int8Array(1), MPI.CHAR], [new Int8Array(1), MPI.CHAR], MPI.SUM, 0);
      } catch {
        /* every rank made the mistake at its own call: nobody joined the collective */
      }
      await c.Barrier();
      console.log("on");
    });
    expect(r.status).toBe("ok");
    expect(r.outputs).toEqual([["on"], ["on"]]);
    expect(mpiErrors(r)).toEqual(["0:ERR_OP:Comm.Reduce", "1:ERR_OP:Comm.Reduce"]);
  });
});
