/**
 * SPEC §2: "everything must work on every rank count from 1 to thousands". Correctness at scale
 * (not timing: SPEC §9 leaves speed to `npm run bench`).
 */
import { describe, expect, it } from "vitest";
import { clean } from "./helpers.ts";

describe("thousands of ranks", () => {
  it("1,024 ranks: a persistent ring, a Sendrecv ring, Allreduce, Bcast, a Split and Gather", async () => {
    const out = await clean(1024, async (MPI) => {
      const c = MPI.COMM_WORLD;
      const r = c.Get_rank();
      const n = c.Get_size();
      const right = (r + 1) % n;
      const left = (r - 1 + n) % n;
      const sb = new Int32Array([r]);
      const rb = new Int32Array(1);
      const s = c.Send_init(sb, right, 0);
      const q = c.Recv_init(rb, left, 0);
      let acc = 0;
      for (let i = 0; i < 3; i++) {
        MPI.Prequest.Startall([s, q]);
        await MPI.Request.Waitall([s, q]);
        acc += rb[0];
        sb[0] = rb[0];
      }
      s.Free();
      q.Free();
      const got = new Int32Array(1);
      await c.Sendrecv(new Int32Array([r]), left, 1, got, right, 1);
      if (got[0] !== right) throw new Error(`rank ${r} got ${got[0]} from the right`);
      const total = new Float64Array(1);
      await c.Allreduce(new Float64Array([acc]), total, MPI.SUM);
      const b = new Int32Array([r === n - 1 ? 42 : 0]);
      await c.Bcast(b, n - 1);
      const half = (await c.Split(r % 2, r))!;
      const g = new Int32Array(half.Get_rank() === 0 ? half.Get_size() : 0);
      await half.Gather(new Int32Array([r]), half.Get_rank() === 0 ? g : null, 0);
      half.Free();
      const expectAcc = [1, 2, 3].reduce((x, k) => x + ((r - k + n) % n), 0);
      if (acc !== expectAcc || b[0] !== 42) throw new Error(`rank ${r}: acc ${acc} b ${b[0]}`);
      if (r < 2) console.log(total[0], g.length, g[0], g[g.length - 1]);
    });
    // every rank receives three predecessors: 3 × (0 + … + 1023)
    expect(out[0]).toEqual(["1571328 512 0 1022"]);
    expect(out[1]).toEqual(["1571328 512 1 1023"]);
  });

  it("4,096 ranks: one Allreduce, the same sum on every rank", async () => {
    const out = await clean(4096, async (MPI) => {
      const c = MPI.COMM_WORLD;
      const r = c.Get_rank();
      const o = new Float64Array(2);
      await c.Allreduce(new Float64Array([r, 1]), o, MPI.SUM);
      if (o[0] !== (4095 * 4096) / 2 || o[1] !== 4096) throw new Error(`rank ${r} got ${o[0]}, ${o[1]}`);
      if (r === 4095) console.log(o[0], o[1]);
    });
    expect(out[4095]).toEqual(["8386560 4096"]);
  });
});
