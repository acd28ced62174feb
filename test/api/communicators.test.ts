/**
 * SPEC §2 communicators row: Dup Split Free Get_group Create Create_cart (Get_coords
 * Get_cart_rank Shift), Group (Incl Excl Get_size Get_rank Translate_ranks …), with mpi4py's
 * semantics, and their argument mistakes as mpi-errors.
 */
import { describe, expect, it } from "vitest";
import { clean, mistake, mpiErrors, runRanks } from "./helpers.ts";

const J = (x: unknown) => JSON.stringify(x);

describe("Dup, Split, Create, Free", () => {
  it("Dup: same group, its own matching space (a message on one is not received on the other)", async () => {
    const out = await clean(2, async (MPI) => {
      const w = MPI.COMM_WORLD;
      const d = await w.Dup();
      const r = w.Get_rank();
      if (r === 0) {
        await d.Send(new Int32Array([1]), 1, 0);
        await w.Send(new Int32Array([2]), 1, 0);
      } else {
        const b = new Int32Array(1);
        await w.Recv(b, 0, 0);
        const first = b[0];
        await d.Recv(b, 0, 0);
        console.log(d.Get_size(), d.Get_rank(), first, b[0], d.Compare(w) === MPI.CONGRUENT, w.Compare(w) === MPI.IDENT);
      }
      d.Free();
    });
    expect(out[1]).toEqual(["2 1 2 1 true true"]);
  });

  it("Split: UNDEFINED gives null, members ordered by key then old rank, color/key as options", async () => {
    const out = await clean(5, async (MPI) => {
      const w = MPI.COMM_WORLD;
      const r = w.Get_rank();
      const s = await w.Split(r === 4 ? MPI.UNDEFINED : r % 2, r === 3 ? -1 : 0); // 0 and 2 tie: old order
      const t = await w.Split({ color: 0 }); // key defaults to 0: old order
      const line = s === null ? "null" : `${s.Get_rank()}/${s.Get_size()}`;
      const o = new Int32Array(1);
      if (s) await s.Allreduce(new Int32Array([r]), o);
      console.log(line, s ? o[0] : "-", t!.Get_rank());
      s?.Free();
      t!.Free();
    });
    expect(out.map((o) => o[0])).toEqual(["0/2 2 0", "1/2 4 1", "1/2 2 2", "0/2 4 3", "null - 4"]);
  });

  it("Create: members of the group get the communicator (in the group's order), others null", async () => {
    const out = await clean(3, async (MPI) => {
      const w = MPI.COMM_WORLD;
      const all = w.Get_group();
      const g = all.Incl([2, 0]);
      const c = await w.Create(g);
      console.log(c === null ? "null" : `${c.Get_rank()}/${c.Get_size()}`);
      c?.Free();
      // MPI 4.1 §7.3: every group handle a call returns must be freed (resource-leak otherwise).
      g.Free();
      all.Free();
    });
    expect(out.map((o) => o[0])).toEqual(["1/2", "null", "0/2"]);
  });

  it("a freed communicator cannot be used; COMM_WORLD and COMM_SELF cannot be freed", async () => {
    const a = await mistake(2, async (MPI) => {
      const d = await MPI.COMM_WORLD.Dup();
      d.Free();
      await d.Barrier();
    });
    expect([a.d.errorClass, a.d.call]).toEqual(["ERR_COMM", "Comm.Barrier"]);
    for (const which of ["COMM_WORLD", "COMM_SELF"] as const) {
      const b = await mistake(1, (MPI) => MPI[which].Free());
      expect([b.d.errorClass, b.d.call]).toEqual(["ERR_COMM", "Comm.Free"]);
    }
  });
});

describe("Group", () => {
  it("Get_size, Get_rank (UNDEFINED outside), Incl, Excl, Range_incl, Union, Intersection, Difference, Compare", async () => {
    const out = await clean(4, async (MPI) => {
      const g = MPI.COMM_WORLD.Get_group();
      const a = g.Incl([3, 1]);
      const e = g.Excl([0, 2]);
      const z = g.Incl([0]);
      const u = MPI.Group.Union(a, z);
      z.Free();
      const i = a.Intersection(e);
      const d = g.Difference(a);
      console.log(
        g.Get_size(), g.Get_rank(), a.Get_size(), a.Get_rank() === MPI.UNDEFINED ? "U" : a.Get_rank(), e.Get_rank() === MPI.UNDEFINED ? "U" : e.Get_rank(),
        ((x) => [x.Get_size(), x.Free()][0])(g.Range_incl([[0, 3, 2]])), u.Get_size(), i.Get_size(), d.Get_size(),
        a.Compare(e) === MPI.SIMILAR, a.Compare(g) === MPI.UNEQUAL, MPI.Group.Compare(a, a) === MPI.IDENT,
      );
      for (const x of [g, a, e, u, i, d]) x.Free();
    });
    expect(out.map((o) => o[0])).toEqual([
      "4 0 2 U U 2 3 2 2 true true true",
      "4 1 2 1 0 2 3 2 2 true true true",
      "4 2 2 U U 2 3 2 2 true true true",
      "4 3 2 0 1 2 3 2 2 true true true",
    ]);
  });

  it("Translate_ranks: instance form and mpi4py 3's class-method form; UNDEFINED where absent, PROC_NULL kept", async () => {
    const out = await clean(4, async (MPI) => {
      const g = MPI.COMM_WORLD.Get_group();
      const a = g.Incl([3, 1]);
      console.log(J(a.Translate_ranks([0, 1], g)), J(MPI.Group.Translate_ranks(g, [0, 1, 3, MPI.PROC_NULL], a)), J(a.Translate_ranks()));
      a.Free();
      g.Free();
    });
    expect(out[0]).toEqual(["[3,1] [-32766,1,0,-2] [0,1]"]);
  });

  it("argument mistakes are mpi-errors even when caught (ERR_ARG, ERR_RANK, ERR_GROUP)", async () => {
    const r = await runRanks(1, (MPI) => {
      const g = MPI.COMM_WORLD.Get_group();
      const tries: (() => unknown)[] = [
        () => g.Incl(5 as never),
        () => g.Incl([0, 0]),
        () => g.Excl([1]),
        () => g.Translate_ranks([3], g),
        () => g.Translate_ranks([0], 5 as never),
        () => g.Range_incl([[0, 1e12, 1]]),
        () => g.Union(null as never),
      ];
      for (const t of tries) {
        try {
          t();
        } catch {
          /* reported */
        }
      }
    });
    expect(mpiErrors(r)).toEqual([
      "0:ERR_ARG:Group.Incl",
      "0:ERR_RANK:Group.Incl",
      "0:ERR_RANK:Group.Excl",
      "0:ERR_RANK:Group.Translate_ranks",
      "0:ERR_GROUP:Group.Translate_ranks",
      "0:ERR_RANK:Group.Range_incl",
      "0:ERR_GROUP:Group.Union",
    ]);
  });
});

describe("Create_cart", () => {
  it("coords in row-major order, Get_cart_rank wraps periodic dimensions, Shift gives PROC_NULL off non-periodic edges", async () => {
    const out = await clean(6, async (MPI) => {
      const cart = (await MPI.COMM_WORLD.Create_cart([2, 3], [false, true]))!;
      const me = cart.Get_rank();
      console.log(J(cart.Get_coords(me)), J(cart.Shift(0, 1)), J(cart.Shift(1, -1)), cart.Get_cart_rank([1, 4]), J(cart.Get_topo()), cart.Get_dim());
      cart.Free();
    });
    const P = -2;
    expect(out.map((o) => o[0])).toEqual([
      `[0,0] [${P},3] [1,2] 4 [[2,3],[false,true],[0,0]] 2`,
      `[0,1] [${P},4] [2,0] 4 [[2,3],[false,true],[0,1]] 2`,
      `[0,2] [${P},5] [0,1] 4 [[2,3],[false,true],[0,2]] 2`,
      `[1,0] [0,${P}] [4,5] 4 [[2,3],[false,true],[1,0]] 2`,
      `[1,1] [1,${P}] [5,3] 4 [[2,3],[false,true],[1,1]] 2`,
      `[1,2] [2,${P}] [3,4] 4 [[2,3],[false,true],[1,2]] 2`,
    ]);
  });

  it("a 1-D non-periodic halo exchange through Shift and Sendrecv (PROC_NULL ends), with Compute_dims and keyword options", async () => {
    const out = await clean(4, async (MPI) => {
      const w = MPI.COMM_WORLD;
      const dims = MPI.Compute_dims(w.Get_size(), 1);
      const cart = (await w.Create_cart({ dims, periods: [false], reorder: false }))!;
      const [left, right] = cart.Shift(0, 1);
      const me = new Int32Array([cart.Get_rank() * 10]);
      const fromLeft = new Int32Array([-1]);
      await cart.Sendrecv(me, right, 0, fromLeft, left, 0);
      const dup = await cart.Dup();
      console.log(fromLeft[0], dup instanceof MPI.Cartcomm, J(dup.Shift(0, 1)));
      dup.Free();
      cart.Free();
    });
    expect(out.map((o) => o[0])).toEqual(["-1 true [-2,1]", "0 true [0,2]", "10 true [1,3]", "20 true [2,-2]"]);
  });

  it("a grid smaller than the communicator leaves the other ranks with null", async () => {
    const out = await clean(3, async (MPI) => {
      const c = await MPI.COMM_WORLD.Create_cart([2], [true]);
      console.log(c === null ? "null" : c.Get_rank());
      c?.Free();
    });
    expect(out.map((o) => o[0])).toEqual(["0", "1", "null"]);
  });

  const cases: [string, string, (MPI: any) => Promise<unknown>][] = [
    ["ERR_DIMS", "Comm.Create_cart", (MPI) => MPI.COMM_WORLD.Create_cart("x")],
    ["ERR_DIMS", "Comm.Create_cart", (MPI) => MPI.COMM_WORLD.Create_cart([3])],
    ["ERR_DIMS", "Comm.Create_cart", (MPI) => MPI.COMM_WORLD.Create_cart([2], [true, false])],
    ["ERR_ARG", "Cartcomm.Get_cart_rank", async (MPI) => (await MPI.COMM_WORLD.Create_cart([2])).Get_cart_rank("x")],
    ["ERR_ARG", "Cartcomm.Get_cart_rank", async (MPI) => (await MPI.COMM_WORLD.Create_cart([2])).Get_cart_rank([0.5])],
    ["ERR_RANK", "Cartcomm.Get_cart_rank", async (MPI) => (await MPI.COMM_WORLD.Create_cart([2])).Get_cart_rank([2])],
    ["ERR_DIMS", "Cartcomm.Get_cart_rank", async (MPI) => (await MPI.COMM_WORLD.Create_cart([2])).Get_cart_rank([0, 0])],
    ["ERR_ARG", "Cartcomm.Shift", async (MPI) => (await MPI.COMM_WORLD.Create_cart([2])).Shift(0, "x")],
    ["ERR_DIMS", "Cartcomm.Shift", async (MPI) => (await MPI.COMM_WORLD.Create_cart([2])).Shift(1, 1)],
    ["ERR_RANK", "Cartcomm.Get_coords", async (MPI) => (await MPI.COMM_WORLD.Create_cart([2])).Get_coords(undefined)],
    ["ERR_ARG", "Comm.Split", (MPI) => MPI.COMM_WORLD.Split("a")],
    ["ERR_ARG", "Comm.Split", (MPI) => MPI.COMM_WORLD.Split(0, "k")],
  ];
  it.each(cases)("%s from %s", async (errorClass, call, f) => {
    const { d } = await mistake(2, (MPI) => f(MPI) as Promise<void>);
    expect([d.errorClass, d.call]).toEqual([errorClass, call]);
  });
});

describe("printing", () => {
  it("console.log of a communicator prints the handle, not the simulated world behind it", async () => {
    const out = await clean(2, async (MPI) => {
      const cart = (await MPI.COMM_WORLD.Create_cart([2]))!;
      console.log(MPI.COMM_WORLD, MPI.COMM_SELF);
      console.log(cart);
      cart.Free();
    });
    expect(out[1]).toEqual(["<Comm COMM_WORLD rank 1 of 2> <Comm COMM_SELF rank 0 of 1>", "<Cartcomm COMM_WORLD.Cart rank 1 of 2>"]);
  });
});
