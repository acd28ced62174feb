/**
 * file-conflict: MPI 4.1 §14.6.1 consistency — Sync–Barrier–Sync, Close/Open, atomic mode, and
 * overlapping writes of one collective call.
 */
import { describe, expect, it } from "vitest";
import { programFromFunction, run } from "../../index.ts";
import type { MPI } from "../../core/api.ts";

type Fh = Awaited<ReturnType<MPI["File"]["Open"]>>;

/** Rank 0 writes ints [0, 4) of shared.bin; after `between`, rank 1 reads (or writes) them. */
function writerThen(between: (MPI: MPI, fh: Fh) => Promise<void>, opts: { atomic?: boolean; second?: "read" | "write"; at?: number } = {}) {
  return programFromFunction(async (M: never) => {
    const MPI = M as unknown as MPI;
    const comm = MPI.COMM_WORLD;
    const rank = comm.Get_rank();
    const fh = await MPI.File.Open(comm, "shared.bin", MPI.MODE_CREATE | MPI.MODE_RDWR);
    if (opts.atomic) await fh.Set_atomicity(true);
    if (rank === 0) await fh.Write_at(0, new Int32Array([1, 2, 3, 4]));
    await between(MPI, fh);
    if (rank === 1) {
      const buf = new Int32Array(2);
      if (opts.second === "write") await fh.Write_at(opts.at ?? 8, buf);
      else await fh.Read_at(opts.at ?? 8, buf);
    }
    await fh.Close();
  }, { ranks: 2 });
}

async function conflicts(p: ReturnType<typeof writerThen>, seeds = 12): Promise<string[]> {
  const out = new Set<string>();
  for (let seed = 0; seed < seeds; seed++) {
    const r = await run(p, { seed, keepTrace: false });
    for (const d of r.diagnostics) out.add(`${d.kind}:${(d.accesses ?? []).map((a) => `${a.op}@${a.rank}[${a.bytes}]`).join(",")}`);
  }
  return [...out].sort();
}

describe("file-conflict", () => {
  it("a Barrier alone does not order a write and another rank's read", async () => {
    expect(await conflicts(writerThen((MPI) => MPI.COMM_WORLD.Barrier()))).toEqual(["file-conflict:Write_at@0[8,16],Read_at@1[8,16]"]);
  });

  it("Sync–Barrier–Sync does", async () => {
    const p = writerThen(async (MPI, fh) => {
      await fh.Sync();
      await MPI.COMM_WORLD.Barrier();
      await fh.Sync();
    });
    expect(await conflicts(p)).toEqual([]);
  });

  it("Sync–Sync without the Barrier does not", async () => {
    const p = writerThen(async (_MPI, fh) => {
      await fh.Sync();
      await fh.Sync();
    });
    expect(await conflicts(p)).toEqual(["file-conflict:Write_at@0[8,16],Read_at@1[8,16]"]);
  });

  it("write–write by two ranks without synchronisation conflicts; disjoint bytes do not", async () => {
    expect(await conflicts(writerThen((MPI) => MPI.COMM_WORLD.Barrier(), { second: "write", at: 12 }))).toEqual([
      "file-conflict:Write_at@0[12,16],Write_at@1[12,16]",
    ]);
    expect(await conflicts(writerThen((MPI) => MPI.COMM_WORLD.Barrier(), { second: "write", at: 16 }))).toEqual([]);
  });

  it("atomic mode makes the accesses of one open sequentially consistent", async () => {
    expect(await conflicts(writerThen((MPI) => MPI.COMM_WORLD.Barrier(), { atomic: true }))).toEqual([]);
  });

  it("Close then Open orders them (the second open's read sees the first open's write)", async () => {
    const p = programFromFunction(async (M: never) => {
      const MPI = M as unknown as MPI;
      const comm = MPI.COMM_WORLD;
      let fh = await MPI.File.Open(comm, "shared.bin", MPI.MODE_CREATE | MPI.MODE_RDWR);
      if (comm.Get_rank() === 0) await fh.Write_at(0, new Int32Array([42]));
      await fh.Close();
      fh = await MPI.File.Open(comm, "shared.bin", MPI.MODE_RDONLY);
      await fh.Read_at(0, new Int32Array(1));
      await fh.Close();
    }, { ranks: 2 });
    expect(await conflicts(p)).toEqual([]);
  });

  it("overlapping writes inside one Write_all conflict", async () => {
    const p = programFromFunction(async (M: never) => {
      const MPI = M as unknown as MPI;
      const comm = MPI.COMM_WORLD;
      const fh = await MPI.File.Open(comm, "coll.bin", MPI.MODE_CREATE | MPI.MODE_WRONLY);
      await fh.Write_at_all(comm.Get_rank() * 4, new Int32Array([1, 2]));
      await fh.Close();
    }, { ranks: 3 });
    const found = await conflicts(p, 6);
    expect(found.length).toBeGreaterThan(0);
    expect(found.every((f) => /^file-conflict:Write_at_all@\d\[\d+,\d+\],Write_at_all@\d\[\d+,\d+\]$/.test(f))).toBe(true);
  });
});
