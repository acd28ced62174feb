/**
 * SPEC §2 environment row: COMM_WORLD, COMM_SELF, Wtime (virtual, deterministic), Wtick,
 * Get_processor_name, Get_version, Abort, the constants, and Compute_dims; every rank count.
 */
import { describe, expect, it } from "vitest";
import { replay } from "../../index.ts";
import { clean, mistake, mpiErrors, runRanks } from "./helpers.ts";

describe("COMM_WORLD and COMM_SELF", () => {
  it("have the right size and rank at every rank count from 1 up", async () => {
    for (const n of [1, 2, 3, 5, 8, 13, 64]) {
      const out = await clean(n, (MPI) => {
        const w = MPI.COMM_WORLD;
        const s = MPI.COMM_SELF;
        console.log(`${w.Get_rank()}/${w.Get_size()} ${s.Get_rank()}/${s.Get_size()} ${w.rank}/${w.size}`);
      });
      expect(out).toEqual(Array.from({ length: n }, (_, r) => [`${r}/${n} 0/1 ${r}/${n}`]));
    }
  });
});

describe("Wtime, Wtick, Get_processor_name, Get_version", () => {
  const body = async (MPI: Parameters<Parameters<typeof runRanks>[1]>[0]) => {
    const c = MPI.COMM_WORLD;
    const r = c.Get_rank();
    const ts = [MPI.Wtime()];
    const spin = Date.now() + 5;
    while (Date.now() < spin) {
      /* real time passes; virtual time does not */
    }
    ts.push(MPI.Wtime());
    for (let i = 0; i < 3; i++) {
      await c.Sendrecv(new Float64Array(1000), 1 - r, 0, new Float64Array(1000), 1 - r, 0);
      ts.push(MPI.Wtime());
    }
    await c.Barrier();
    ts.push(MPI.Wtime());
    console.log(ts.join(" "));
  };

  it("Wtime is virtual: it starts at 0, never goes back, advances with communication, not with real time", async () => {
    const out = await clean(2, body);
    for (const line of out.map((o) => o[0])) {
      const ts = line.split(" ").map(Number);
      expect(ts[0]).toBe(0);
      expect(ts[1]).toBe(ts[0]);
      for (let i = 1; i < ts.length; i++) expect(ts[i]).toBeGreaterThanOrEqual(ts[i - 1]);
      expect(ts[ts.length - 1]).toBeGreaterThan(0);
    }
  });

  it("Wtime gives the same values for the same schedule (same seed, or a replayed token)", async () => {
    const a = await runRanks(2, body, { seed: 3 });
    const b = await runRanks(2, body, { seed: 3 });
    expect(b.outputs).toEqual(a.outputs);
    expect(b.virtualTime).toBe(a.virtualTime);
    const c = await replay(body as never, a.schedule, { ranks: 2 });
    expect(c.outputs).toEqual(a.outputs);
  });

  it("Wtick, Get_processor_name, Get_version, Get_library_version", async () => {
    const out = await clean(2, (MPI) => {
      const [major, minor] = MPI.Get_version();
      const name = MPI.Get_processor_name();
      console.log(MPI.Wtick() > 0 && MPI.Wtick() < 1, typeof name === "string" && name.length > 0, major, minor, typeof MPI.Get_library_version());
    });
    expect(out).toEqual([["true true 4 1 string"], ["true true 4 1 string"]]);
  });
});

describe("Abort", () => {
  it("ends the whole run with an mpi-error diagnostic; nothing after it runs, the output before it is kept", async () => {
    const r = await runRanks(3, async (MPI) => {
      const c = MPI.COMM_WORLD;
      console.log("before");
      if (c.Get_rank() === 1) await c.Abort(3);
      await c.Barrier(); // the others wait here when 1 aborts
      console.log("after");
    });
    expect(r.status).toBe("aborted");
    expect(r.outputs).toEqual([["before"], ["before"], ["before"]]);
    expect(mpiErrors(r)).toEqual(["1:ERR_OTHER:Comm.Abort"]);
    expect(r.diagnostics.find((d) => d.kind === "mpi-error")!.message).toMatch(/Abort\(3\)/);
  });

  it("works on COMM_SELF and on one rank, with the default errorcode", async () => {
    const r = await runRanks(1, async (MPI) => {
      await MPI.COMM_SELF.Abort();
      console.log("unreachable");
    });
    expect(r.status).toBe("aborted");
    expect(r.outputs).toEqual([[]]);
    expect(mpiErrors(r)).toEqual(["0:ERR_OTHER:Comm.Abort"]);
  });
});

describe("constants", () => {
  it("ANY_SOURCE ANY_TAG PROC_NULL UNDEFINED are integers (Open MPI's values), IN_PLACE BOTTOM INFO_NULL exist", async () => {
    const out = await clean(1, (MPI) => {
      const ints = [MPI.ANY_SOURCE, MPI.ANY_TAG, MPI.PROC_NULL, MPI.UNDEFINED];
      console.log(ints.join(" "), ints.every(Number.isInteger), (MPI.IN_PLACE as symbol) !== MPI.BOTTOM, MPI.INFO_NULL instanceof MPI.Info, MPI.INFO_NULL.Get_nkeys(), MPI.TAG_UB >= 32767);
    });
    expect(out[0]).toEqual(["-1 -1 -2 -32766 true true true 0 true"]);
  });

  it("INFO_NULL is accepted where an info goes, and cannot be changed", async () => {
    const r = await runRanks(2, async (MPI) => {
      const c = MPI.COMM_WORLD;
      const win = await MPI.Win.Allocate(8, 1, MPI.INFO_NULL, c);
      await win.Free();
      const f = await MPI.File.Open(c, "x.bin", MPI.MODE_CREATE | MPI.MODE_RDWR, MPI.INFO_NULL);
      await f.Close();
      const info = MPI.Info.Create();
      info.Set("access_style", "read_once");
      console.log(info.Get("access_style"), info.Get_nkeys());
      info.Free();
      await c.Barrier();
      if (c.Get_rank() === 0) MPI.INFO_NULL.Set("k", "v");
    });
    expect(r.outputs).toEqual([["read_once 1"], ["read_once 1"]]);
    expect(mpiErrors(r)).toEqual(["0:ERR_INFO:Info.Set"]);
  });
});

describe("Compute_dims (MPI_Dims_create)", () => {
  it("splits as evenly as possible, in non-increasing order, keeping fixed entries", async () => {
    const out = await clean(1, (MPI) => {
      const cases: [number, number | number[]][] = [[6, 2], [12, [0, 3, 0]], [1, 3], [7, 2], [16, 3], [72, 3], [96, 2], [1024, 2], [4096, 3], [2 * 1000003, 2], [6, [2, 3]], [5, 0 as never]];
      for (const [n, d] of cases.slice(0, 11)) console.log(JSON.stringify(MPI.Compute_dims(n, d)));
    });
    expect(out[0]).toEqual(["[3,2]", "[2,3,2]", "[1,1,1]", "[7,1]", "[4,2,2]", "[6,4,3]", "[12,8]", "[32,32]", "[16,16,16]", "[1000003,2]", "[2,3]"]);
  });

  it("ERR_DIMS for what cannot be split or is not a size, even when caught; no huge allocation", async () => {
    const r = await runRanks(1, (MPI) => {
      const bad: [unknown, unknown][] = [[6, [4]], [6, [3]], [24, 0], [0, 2], [-3, 2], [2.5, 1], ["a", 2], [6, "x"], [6, [1, -1]], [1e6, 1e9]];
      for (const [n, d] of bad) {
        try {
          MPI.Compute_dims(n as number, d as number);
          console.log("no error for", JSON.stringify([n, d]));
        } catch {
          /* reported */
        }
      }
    });
    expect(r.outputs).toEqual([[]]);
    expect(mpiErrors(r)).toEqual(new Array(10).fill("0:ERR_DIMS:Compute_dims"));
  });

  it("an uncaught Compute_dims mistake is the rank's mpi-error", async () => {
    const { d } = await mistake(2, (MPI) => {
      MPI.Compute_dims(MPI.COMM_WORLD.Get_size(), [3]);
    });
    expect([d.errorClass, d.call]).toEqual(["ERR_DIMS", "Compute_dims"]);
  });
});
