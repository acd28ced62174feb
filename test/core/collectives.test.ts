import { describe, expect, it } from "vitest";
import { runProgram } from "../../scheduler/run.ts";
import { prog } from "../helpers/program.ts";
import type { MPI } from "../../core/api.ts";

/** Run `body` on n ranks for a few seeds; every rank's printed lines must equal expect(rank, n). */
async function check(n: number, body: (MPI: MPI, rank: number, size: number) => Promise<string>, want: (rank: number, size: number) => string) {
  const p = prog(async (MPI) => {
    const comm = MPI.COMM_WORLD;
    console.log(await body(MPI, comm.Get_rank(), comm.Get_size()));
  }, n);
  for (const seed of [0, 1, 2, 3, 4]) {
    const r = await runProgram(p, { seed });
    expect(r.diagnostics).toEqual([]);
    expect(r.outputs).toEqual(Array.from({ length: n }, (_, i) => [want(i, n)]));
  }
}

const arr = (a: ArrayLike<number | bigint>) => Array.from(a, String).join(",");
const range = <T>(n: number, f: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => f(i));
const sumTo = (n: number) => (n * (n - 1)) / 2;

describe.each([1, 2, 3, 7])("collectives on %i rank(s)", (n) => {
  it("Barrier and Ibarrier", () =>
    check(n, async (MPI) => {
      await MPI.COMM_WORLD.Barrier();
      await MPI.COMM_WORLD.Ibarrier().Wait();
      await MPI.COMM_WORLD.barrier();
      return "ok";
    }, () => "ok"));

  it("Bcast and Ibcast from the last rank", () =>
    check(n, async (MPI, rank, size) => {
      const b = new Int32Array(3).fill(rank === size - 1 ? 42 : -1);
      await MPI.COMM_WORLD.Bcast(b, size - 1);
      const c = new Float64Array([rank === 0 ? 1.5 : 0]);
      await MPI.COMM_WORLD.Ibcast(c, { root: 0 }).Wait();
      return `${arr(b)} ${c[0]}`;
    }, () => "42,42,42 1.5"));

  it("Reduce, Allreduce, Ireduce, Iallreduce (SUM, MAX, PROD, MAXLOC)", () =>
    check(n, async (MPI, rank, size) => {
      const comm = MPI.COMM_WORLD;
      const out = new Int32Array(2).fill(-1);
      await comm.Reduce(new Int32Array([rank, 1]), out, MPI.SUM, 0);
      const all = new Float64Array(1);
      await comm.Allreduce(new Float64Array([rank * 2.5]), all, MPI.MAX);
      const prod = new BigInt64Array(1);
      await comm.Iallreduce(new BigInt64Array([BigInt(rank + 1)]), prod, MPI.PROD).Wait();
      const loc = new Int32Array(2);
      await comm.Ireduce([new Int32Array([rank % 2, rank]), MPI.TWOINT], [loc, MPI.TWOINT], MPI.MAXLOC, size - 1).Wait();
      const inplace = new Int32Array([rank]);
      await comm.Allreduce(MPI.IN_PLACE, inplace, MPI.SUM);
      return `${rank === 0 ? arr(out) : "-"} ${all[0]} ${prod[0]} ${rank === size - 1 ? arr(loc) : "-"} ${inplace[0]}`;
    }, (rank, size) => {
      let fact = 1n;
      for (let i = 1; i <= size; i++) fact *= BigInt(i);
      const maxloc = size > 1 ? "1,1" : "0,0";
      return `${rank === 0 ? `${sumTo(size)},${size}` : "-"} ${(size - 1) * 2.5} ${fact} ${rank === size - 1 ? maxloc : "-"} ${sumTo(size)}`;
    }));

  it("Gather, Gatherv, Allgather, Allgatherv", () =>
    check(n, async (MPI, rank, size) => {
      const comm = MPI.COMM_WORLD;
      const g = new Int32Array(size * 2).fill(-1);
      await comm.Gather(new Int32Array([rank, rank * 10]), rank === 1 % size ? g : null, 1 % size);
      const counts = range(size, (i) => i + 1);
      const displs = range(size, (i) => (i * (i + 1)) / 2);
      const gv = new Int32Array(sumTo(size + 1)).fill(-1);
      await comm.Gatherv(new Int32Array(rank + 1).fill(rank), rank === 0 ? [gv, counts, displs, MPI.INT] : null, 0);
      const ag = new Float64Array(size);
      await comm.Allgather(new Float64Array([rank / 2]), ag);
      const agv = new Int32Array(sumTo(size + 1));
      await comm.Allgatherv(new Int32Array(rank + 1).fill(rank), [agv, counts]);
      return `${rank === 1 % size ? arr(g) : "-"} ${rank === 0 ? arr(gv) : "-"} ${arr(ag)} ${arr(agv)}`;
    }, (rank, size) => {
      const g = range(size, (i) => `${i},${i * 10}`).join(",");
      const tri = range(size, (i) => range(i + 1, () => i).join(",")).join(",");
      return `${rank === 1 % size ? g : "-"} ${rank === 0 ? tri : "-"} ${range(size, (i) => i / 2).join(",")} ${tri}`;
    }));

  it("Scatter, Scatterv", () =>
    check(n, async (MPI, rank, size) => {
      const comm = MPI.COMM_WORLD;
      const r = new Int32Array(2);
      await comm.Scatter(rank === 0 ? Int32Array.from(range(2 * size, (i) => i * 3)) : null, r, 0);
      const counts = range(size, (i) => i + 1);
      const rv = new Int32Array(rank + 1);
      await comm.Scatterv(rank === size - 1 ? [Int32Array.from(range(sumTo(size + 1), (i) => i)), counts, null, MPI.INT] : null, rv, size - 1);
      return `${arr(r)} ${arr(rv)}`;
    }, (rank) => `${rank * 6},${rank * 6 + 3} ${range(rank + 1, (j) => sumTo(rank + 1) + j).join(",")}`));

  it("Alltoall, Alltoallv", () =>
    check(n, async (MPI, rank, size) => {
      const comm = MPI.COMM_WORLD;
      const out = new Int32Array(size);
      await comm.Alltoall(Int32Array.from(range(size, (j) => rank * 100 + j)), out);
      // rank r sends j+1 copies of r to rank j
      const scounts = range(size, (j) => j + 1);
      const rcounts = range(size, () => rank + 1);
      const sbuf = Int32Array.from(range(sumTo(size + 1), () => rank));
      const rbuf = new Int32Array(size * (rank + 1));
      await comm.Alltoallv([sbuf, scounts], [rbuf, rcounts]);
      return `${arr(out)} ${arr(rbuf)}`;
    }, (rank, size) => `${range(size, (i) => i * 100 + rank).join(",")} ${range(size, (i) => range(rank + 1, () => i).join(",")).join(",")}`));

  it("Scan, Exscan, Reduce_scatter_block", () =>
    check(n, async (MPI, rank, size) => {
      const comm = MPI.COMM_WORLD;
      const s = new Int32Array(1);
      await comm.Scan(new Int32Array([rank + 1]), s, MPI.SUM);
      const e = new Int32Array([-5]);
      await comm.Exscan(new Int32Array([rank + 1]), e, MPI.SUM);
      const rs = new Int32Array(2);
      await comm.Reduce_scatter_block(Int32Array.from(range(2 * size, (i) => i)), rs, MPI.SUM);
      return `${s[0]} ${e[0]} ${arr(rs)}`;
    }, (rank, size) => `${((rank + 1) * (rank + 2)) / 2} ${rank === 0 ? -5 : (rank * (rank + 1)) / 2} ${2 * rank * size},${(2 * rank + 1) * size}`));

  it("lower-case object collectives", () =>
    check(n, async (MPI, rank, size) => {
      const comm = MPI.COMM_WORLD;
      const b = await comm.bcast(rank === 0 ? { k: [1, 2] } : null, 0);
      const g = await comm.gather(rank * rank, 0);
      const sc = await comm.scatter(rank === 0 ? range(size, (i) => `s${i}`) : null, 0);
      const ag = await comm.allgather(`r${rank}`);
      const a2a = await comm.alltoall(range(size, (j) => rank * 10 + j));
      const red = await comm.reduce(rank, MPI.SUM, 0);
      const ar = await comm.allreduce(rank, MPI.MAX);
      const scn = await comm.scan(1);
      const exs = await comm.exscan(1);
      return JSON.stringify([b, g, sc, ag, a2a, red, ar, scn, exs]);
    }, (rank, size) =>
      JSON.stringify([
        { k: [1, 2] },
        rank === 0 ? range(size, (i) => i * i) : null,
        `s${rank}`,
        range(size, (i) => `r${i}`),
        range(size, (i) => i * 10 + rank),
        rank === 0 ? sumTo(size) : null,
        size - 1,
        rank + 1,
        rank === 0 ? null : rank,
      ])));

  it("Dup, Split, Create_cart, groups", () =>
    check(n, async (MPI, rank, size) => {
      const comm = MPI.COMM_WORLD;
      const dup = await comm.Dup();
      const half = await comm.Split(rank % 2, -rank);
      const hs = half!.Get_size();
      const hr = half!.Get_rank();
      const sum = new Int32Array(1);
      await half!.Allreduce(new Int32Array([rank]), sum, MPI.SUM);
      const cart = (await comm.Create_cart([size], [true]))!;
      const [src, dst] = cart.Shift(0, 1);
      const grp = comm.Get_group().Excl([0]);
      const tr = size > 1 ? grp.Translate_ranks([0], comm.Get_group()) : [];
      dup.Free();
      half!.Free();
      cart.Free();
      return `${dup.Get_size()} ${hs} ${hr} ${sum[0]} ${src},${dst} ${grp.Get_size()} ${size > 1 ? tr[0] : "-"}`;
    }, (rank, size) => {
      const mine = range(size, (i) => i).filter((i) => i % 2 === rank % 2);
      // key = -rank: higher ranks first
      const hr = mine.slice().reverse().indexOf(rank);
      return `${size} ${mine.length} ${hr} ${mine.reduce((a, b) => a + b, 0)} ${(rank + size - 1) % size},${(rank + 1) % size} ${size - 1} ${size > 1 ? 1 : "-"}`;
    }));
});

describe("collective misuse", () => {
  it("different collectives in the same slot give collective-mismatch", async () => {
    const p = prog(async (MPI) => {
      const comm = MPI.COMM_WORLD;
      if (comm.Get_rank() === 0) await comm.Barrier();
      else await comm.Bcast(new Int32Array(1), 0);
    }, 2);
    const r = await runProgram(p, { seed: 0 });
    expect(r.diagnostics.map((d) => d.kind)).toEqual(["collective-mismatch"]);
    expect(r.diagnostics[0].ranks.sort()).toEqual([0, 1]);
  });

  it("a rank that skips a collective deadlocks the others", async () => {
    const p = prog(async (MPI) => {
      const comm = MPI.COMM_WORLD;
      if (comm.Get_rank() !== 2) await comm.Barrier();
    }, 3);
    const r = await runProgram(p, { seed: 0 });
    expect(r.status).toBe("deadlock");
    expect(r.diagnostics[0].pending?.map((x) => x.rank)).toEqual([0, 1]);
  });
});
