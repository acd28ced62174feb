/**
 * SPEC §2 datatypes and ops rows through the harness: every basic datatype (explicit, and
 * inferred from its typed array), every constructor, Commit/Free/Dup, Get_size/Get_extent,
 * and every predefined op in a reduction (plus Op.Create, see collectives.test.ts).
 */
import { describe, expect, it } from "vitest";
import type { Datatype, Op } from "../../core/datatype/index.ts";
import { clean, mistake } from "./helpers.ts";

const arr = (a: ArrayLike<number | bigint>) => Array.from(a, String).join(",");

describe("basic datatypes", () => {
  it("each is sent and received with its typed array, explicitly or inferred; sizes and extents as on x86-64", async () => {
    const out = await clean(2, async (MPI) => {
      const c = MPI.COMM_WORLD;
      const r = c.Get_rank();
      const table: [string, { new (n: number): ArrayLike<number | bigint> & { [i: number]: number | bigint } }, number][] = [
        ["BYTE", Uint8Array, 1], ["CHAR", Int8Array, 1], ["SHORT", Int16Array, 2], ["INT", Int32Array, 4], ["LONG", BigInt64Array, 8],
        ["LONG_LONG", BigInt64Array, 8], ["FLOAT", Float32Array, 4], ["DOUBLE", Float64Array, 8], ["C_BOOL", Uint8Array, 1],
        ["INT8_T", Int8Array, 1], ["INT16_T", Int16Array, 2], ["INT32_T", Int32Array, 4], ["INT64_T", BigInt64Array, 8],
        ["UINT8_T", Uint8Array, 1], ["UINT16_T", Uint16Array, 2], ["UINT32_T", Uint32Array, 4], ["UINT64_T", BigUint64Array, 8],
      ];
      const lines: string[] = [];
      for (const [name, A, size] of table) {
        const dt = (MPI as unknown as Record<string, Datatype>)[name];
        const big = A === (BigInt64Array as unknown) || A === (BigUint64Array as unknown);
        const v = (x: number) => (big ? BigInt(x) : x);
        const b = new A(3);
        if (r === 0) for (let i = 0; i < 3; i++) b[i] = v(i + 1);
        const st = new MPI.Status();
        if (r === 0) {
          await c.Send([b as never, dt], 1, 0);
          await c.Send(b as never, 1, 1); // inferred
        } else {
          await c.Recv([b as never, dt], 0, 0, st);
          const n1 = st.Get_count(dt);
          const b2 = new A(3);
          await c.Recv(b2 as never, 0, 1, st);
          lines.push(`${name} ${dt.Get_size() === size} ${JSON.stringify(dt.Get_extent()) === `[0,${size}]`} ${n1} ${st.Get_count(dt)} ${arr(b)} ${arr(b2)}`);
        }
      }
      for (const l of lines) console.log(l);
    });
    expect(out[1]).toHaveLength(17);
    for (const l of out[1]) expect(l).toMatch(/^\w+ true true 3 3 1,2,3 1,2,3$/);
  });

  it("the datatype inferred from each typed array has its size and takes arithmetic reductions", async () => {
    const out = await clean(3, async (MPI) => {
      const c = MPI.COMM_WORLD;
      const r = c.Get_rank();
      const kinds = [Int8Array, Uint8Array, Uint8ClampedArray, Int16Array, Uint16Array, Int32Array, Uint32Array, BigInt64Array, BigUint64Array, Float32Array, Float64Array];
      const line: string[] = [];
      for (const A of kinds) {
        const big = A === BigInt64Array || A === BigUint64Array;
        const s = new (A as unknown as new (xs: unknown[]) => ArrayLike<unknown>)([big ? BigInt(r + 1) : r + 1]);
        const o = new (A as unknown as new (n: number) => ArrayLike<unknown>)(1);
        await c.Allreduce(s as never, o as never, MPI.SUM);
        line.push(String(o[0]));
      }
      console.log(line.join(" "));
    });
    expect(out.map((o) => o[0])).toEqual(new Array(3).fill("6 6 6 6 6 6 6 6 6 6 6"));
  });
});

describe("derived datatypes", () => {
  it("every constructor, Commit returning the type, Get_size/Get_extent, Free, Dup", async () => {
    const out = await clean(2, async (MPI) => {
      const c = MPI.COMM_WORLD;
      const r = c.Get_rank();
      const src = () => (r === 0 ? Int32Array.from({ length: 16 }, (_, i) => i + 1) : new Int32Array(16));
      const base = MPI.INT.Create_vector(2, 1, 3).Commit();
      const types: [string, Datatype, number][] = [
        ["contiguous", MPI.INT.Create_contiguous(3), 1],
        ["vector", MPI.INT.Create_vector(2, 2, 4), 1],
        ["hvector", MPI.INT.Create_hvector(2, 2, 16), 1],
        ["indexed", MPI.INT.Create_indexed([1, 2], [0, 5]), 1],
        ["indexed_block", MPI.INT.Create_indexed_block(2, [1, 6]), 1],
        ["subarray C", MPI.INT.Create_subarray([4, 4], [2, 2], [1, 1]), 1],
        ["subarray F", MPI.INT.Create_subarray([4, 4], [2, 2], [1, 1], MPI.ORDER_FORTRAN), 1],
        ["subarray F kw", MPI.INT.Create_subarray([4, 4], [2, 2], [1, 1], { order: MPI.ORDER_FORTRAN }), 1],
        ["struct", MPI.Datatype.Create_struct([1, 2], [0, 8], [MPI.INT, MPI.INT]), 1],
        ["resized", MPI.INT.Create_resized(0, 8), 3],
        ["dup of vector", base.Dup(), 1],
      ];
      for (const [name, t, count] of types) {
        const same = t.Commit() === t;
        const b = src();
        await c.Bcast([b, count, t], 0);
        if (r === 1) console.log(name, same, t.Get_size(), JSON.stringify(t.Get_extent()), arr(b));
        t.Free();
      }
      base.Free();
      const d = MPI.DOUBLE.Dup();
      console.log(d.Get_size(), d !== MPI.DOUBLE);
      d.Free();
    });
    expect(out[1]).toEqual([
      "contiguous true 12 [0,12] 1,2,3,0,0,0,0,0,0,0,0,0,0,0,0,0",
      "vector true 16 [0,24] 1,2,0,0,5,6,0,0,0,0,0,0,0,0,0,0",
      "hvector true 16 [0,24] 1,2,0,0,5,6,0,0,0,0,0,0,0,0,0,0",
      "indexed true 12 [0,28] 1,0,0,0,0,6,7,0,0,0,0,0,0,0,0,0",
      "indexed_block true 16 [4,28] 0,2,3,0,0,0,7,8,0,0,0,0,0,0,0,0",
      "subarray C true 16 [0,64] 0,0,0,0,0,6,7,0,0,10,11,0,0,0,0,0",
      "subarray F true 16 [0,64] 0,0,0,0,0,6,7,0,0,10,11,0,0,0,0,0",
      "subarray F kw true 16 [0,64] 0,0,0,0,0,6,7,0,0,10,11,0,0,0,0,0",
      "struct true 12 [0,16] 1,0,3,4,0,0,0,0,0,0,0,0,0,0,0,0",
      "resized true 4 [0,8] 1,0,3,0,5,0,0,0,0,0,0,0,0,0,0,0",
      "dup of vector true 8 [0,16] 1,0,0,4,0,0,0,0,0,0,0,0,0,0,0,0",
      "8 true",
    ]);
  });

  it("ORDER_FORTRAN differs from ORDER_C on a non-square block", async () => {
    const out = await clean(2, async (MPI) => {
      const c = MPI.COMM_WORLD;
      const r = c.Get_rank();
      const res: string[] = [];
      for (const order of [MPI.ORDER_C, MPI.ORDER_FORTRAN]) {
        const t = MPI.INT.Create_subarray([2, 3], [1, 2], [1, 0], order).Commit();
        const b = r === 0 ? Int32Array.of(1, 2, 3, 4, 5, 6) : new Int32Array(6);
        await c.Bcast([b, 1, t], 0);
        res.push(arr(b));
        t.Free();
      }
      console.log(res.join(" "));
    });
    // C: row 1, columns 0..1 of a 2×3 row-major array → elements 3,4; Fortran (column-major 2×3): (1,0),(1,1) → 1,3
    expect(out[1]).toEqual(["0,0,0,4,5,0 0,2,0,4,0,0"]);
  });

  it("constructor mistakes are mpi-errors (ERR_COUNT, ERR_ARG, ERR_TYPE when uncommitted or freed)", async () => {
    const cases: [string, string, (MPI: any) => unknown][] = [
      ["ERR_COUNT", "Datatype.Create_vector", (MPI) => MPI.INT.Create_vector("a", 1, 2)],
      ["ERR_ARG", "Datatype.Create_subarray", (MPI) => MPI.INT.Create_subarray(4, 2, 1)],
      ["ERR_ARG", "Datatype.Create_subarray", (MPI) => MPI.INT.Create_subarray([4], [2], [1], 7)],
      ["ERR_TYPE", "Comm.Bcast", (MPI) => MPI.COMM_WORLD.Bcast([new Int32Array(4), 1, MPI.INT.Create_vector(2, 1, 2)])],
      ["ERR_TYPE", "Comm.Bcast", (MPI) => {
        const t = MPI.INT.Create_contiguous(2).Commit();
        t.Free();
        return MPI.COMM_WORLD.Bcast([new Int32Array(4), 1, t]);
      }],
    ];
    for (const [errorClass, call, f] of cases) {
      const { d } = await mistake(1, (MPI) => f(MPI) as Promise<void>);
      expect([d.errorClass, d.call]).toEqual([errorClass, call]);
    }
  });
});

describe("ops", () => {
  it("SUM PROD MAX MIN on numbers; LAND LOR LXOR on INT and C_BOOL; BAND BOR BXOR on INT and BYTE; MAXLOC MINLOC on pairs", async () => {
    const out = await clean(3, async (MPI) => {
      const c = MPI.COMM_WORLD;
      const r = c.Get_rank();
      const res: string[] = [];
      const red = async (x: number[], op: Op, A: new (xs: number[]) => Int32Array | Float64Array | Uint8Array = Int32Array, dt?: Datatype) => {
        const s = new A(x);
        const o = new A(x.map(() => 0));
        await c.Allreduce(dt ? [s, dt] : s, dt ? [o, dt] : o, op);
        res.push(arr(o));
      };
      await red([r + 1], MPI.SUM);
      await red([r + 1], MPI.PROD);
      await red([r + 0.5], MPI.MAX, Float64Array);
      await red([r - 1], MPI.MIN);
      await red([r, 1], MPI.LAND);
      await red([r === 2 ? 1 : 0, 0], MPI.LOR);
      await red([1, r === 0 ? 1 : 0], MPI.LXOR);
      await red([r === 1 ? 1 : 0], MPI.LOR, Uint8Array, MPI.C_BOOL);
      await red([0b111 ^ (1 << r)], MPI.BAND);
      await red([1 << r], MPI.BOR);
      await red([1 << r, 1], MPI.BXOR, Uint8Array, MPI.BYTE);
      const pair = new Int32Array([[5, 9, 5][r], r]); // value, index
      const mx = new Int32Array(2);
      const mn = new Int32Array(2);
      await c.Allreduce([pair, MPI.TWOINT], [mx, MPI.TWOINT], MPI.MAXLOC);
      await c.Allreduce([pair, MPI.TWOINT], [mn, MPI.TWOINT], MPI.MINLOC);
      res.push(arr(mx), arr(mn));
      console.log(res.join(" "));
    });
    expect(out.map((o) => o[0])).toEqual(new Array(3).fill("6 6 2.5 -1 0,1 1,0 1,1 1 0 7 7,1 9,1 5,0"));
  });

  it("REPLACE and NO_OP are for RMA accumulates: in Reduce they are ERR_OP; in Accumulate they work", async () => {
    const { d } = await mistake(1, (MPI) => MPI.COMM_WORLD.Reduce(new Int32Array(1), new Int32Array(1), MPI.NO_OP, 0));
    expect([d.errorClass, d.call]).toEqual(["ERR_OP", "Comm.Reduce"]);
    const out = await clean(2, async (MPI) => {
      const c = MPI.COMM_WORLD;
      const mem = new Int32Array([c.Get_rank() * 10]);
      const win = await MPI.Win.Create(mem, { comm: c });
      await win.Fence();
      const old = new Int32Array(1);
      if (c.Get_rank() === 0) win.Accumulate(new Int32Array([7]), 1, { op: MPI.REPLACE });
      if (c.Get_rank() === 1) win.Get_accumulate(null, old, 0, { op: MPI.NO_OP });
      await win.Fence();
      await win.Free();
      console.log(mem[0], old[0]);
    });
    expect(out).toEqual([["0 0"], ["7 0"]]);
  });
});
