/**
 * The same robustness as the communicator API, in windows, files and datatypes: a value that
 * cannot be printed (a symbol such as MPI.IN_PLACE, an array holding one) is still a clear
 * mpi-error, and window/file calls issued while a blocking call is pending (not awaited) are the
 * rank's mpi-error, not a bare "outside a running rank" exception.
 */
import { describe, expect, it } from "vitest";
import { mistake } from "./helpers.ts";

describe("unprintable arguments are mpi-errors, not TypeErrors", () => {
  const cases: [string, string, (MPI: any) => unknown][] = [
    ["ERR_SIZE", "Win.Allocate", (MPI) => MPI.Win.Allocate([MPI.BOTTOM, MPI.INT])],
    ["ERR_DISP", "Win.Create", (MPI) => MPI.Win.Create(new Int32Array(1), [MPI.IN_PLACE])],
    ["ERR_AMODE", "File.Open", (MPI) => MPI.File.Open(MPI.COMM_SELF, "f.bin", [MPI.IN_PLACE])],
    ["ERR_ARG", "Datatype.Create_indexed", (MPI) => MPI.INT.Create_indexed(undefined, [0])],
    ["ERR_COUNT", "Datatype.Create_vector", (MPI) => MPI.INT.Create_vector([MPI.BOTTOM], 1, 1)],
    ["ERR_ARG", "Datatype.Create_subarray", (MPI) => MPI.INT.Create_subarray([2], [1], [0], [MPI.IN_PLACE])],
    ["ERR_RANK", "Win.Put", async (MPI) => {
      const w = await MPI.Win.Create(new Int32Array(1), { comm: MPI.COMM_WORLD });
      await w.Lock_all();
      w.Put(new Int32Array(1), [MPI.IN_PLACE]);
    }],
    ["ERR_LOCKTYPE", "Win.Lock", async (MPI) => {
      const w = await MPI.Win.Create(new Int32Array(1), { comm: MPI.COMM_WORLD });
      await w.Lock(0, [MPI.BOTTOM]);
    }],
    ["ERR_ARG", "File.Seek", async (MPI) => {
      const f = await MPI.File.Open(MPI.COMM_SELF, "s.bin", MPI.MODE_CREATE | MPI.MODE_RDWR);
      await f.Seek([MPI.IN_PLACE]);
    }],
  ];
  it.each(cases)("%s from %s", async (errorClass, call, f) => {
    const { d } = await mistake(1, (MPI) => f(MPI) as Promise<void>);
    expect([d.ranks, d.errorClass, d.call]).toEqual([[0], errorClass, call]);
  });
});

describe("window and file calls while a blocking call is pending", () => {
  const cases: [string, (MPI: any) => Promise<unknown>][] = [
    ["Win.Create", async (MPI) => {
      const p = MPI.COMM_WORLD.Barrier();
      await MPI.Win.Create(new Int32Array(1), { comm: MPI.COMM_WORLD });
      await p;
    }],
    ["Win.Put", async (MPI) => {
      const w = await MPI.Win.Create(new Int32Array(1), { comm: MPI.COMM_WORLD });
      const p = w.Lock_all();
      w.Put(new Int32Array(1), 0, 0);
      await p;
    }],
    ["File.Open", async (MPI) => {
      const p = MPI.COMM_WORLD.Barrier();
      await MPI.File.Open(MPI.COMM_WORLD, "o.bin", MPI.MODE_CREATE | MPI.MODE_RDWR);
      await p;
    }],
    ["File.Write_at", async (MPI) => {
      const f = await MPI.File.Open(MPI.COMM_WORLD, "w.bin", MPI.MODE_CREATE | MPI.MODE_RDWR);
      const p = f.Sync();
      await f.Write_at(0, new Int32Array(1));
      await p;
    }],
  ];
  it.each(cases)("%s is the rank's ERR_OTHER", async (call, f) => {
    const { d } = await mistake(2, f as never);
    expect([d.errorClass, d.call]).toEqual(["ERR_OTHER", call]);
    expect(d.ranks.length).toBe(1);
    expect(d.message).toMatch(/still pending/);
  });
});

describe("datatype constructors check their arrays before using them", () => {
  const cases: [string, string, (MPI: any) => unknown][] = [
    ["ERR_ARG", "Datatype.Create_indexed_block", (MPI) => MPI.INT.Create_indexed_block(1, undefined)],
    ["ERR_ARG", "Datatype.Create_hindexed_block", (MPI) => MPI.INT.Create_hindexed_block(1, [MPI.BOTTOM])],
    ["ERR_ARG", "Datatype.Create_indexed", (MPI) => MPI.INT.Create_indexed([1], [MPI.IN_PLACE])],
    ["ERR_ARG", "Datatype.Create_hindexed", (MPI) => MPI.INT.Create_hindexed([1], ["0"])],
    ["ERR_ARG", "Datatype.Create_struct", (MPI) => MPI.Datatype.Create_struct(1, [0], [MPI.INT])],
  ];
  it.each(cases)("%s from %s", async (errorClass, call, f) => {
    const { d } = await mistake(1, (MPI) => f(MPI) as Promise<void>);
    expect([d.ranks, d.errorClass, d.call]).toEqual([[0], errorClass, call]);
  });
});
