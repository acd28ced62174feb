/**
 * MPI 4.1 §14.3: a filetype's displacements "are not required to be distinct, but they must be
 * non-negative and monotonically nondecreasing"; only "if the file is opened for writing" must
 * the filetype not contain overlapping regions. So a read-only file may be read through a
 * filetype whose entries (or tiles) overlap, each overlapping byte read again; a writable one
 * refuses it with ERR_TYPE, and a filetype going backwards is refused in every mode.
 */
import { describe, expect, it } from "vitest";
import { runProgram } from "../../scheduler/run.ts";
import type { MPI } from "../../core/api.ts";
import { prog } from "../helpers/program.ts";

type Dt = ReturnType<MPI["INT"]["Create_contiguous"]>;

/** Writes ints 0..7 to a file, reopens it with `amode`, reads 6 ints through `filetype`. */
async function readThrough(filetype: (MPI: MPI) => Dt, amode: (MPI: MPI) => number) {
  const r = await runProgram(prog(async (MPI) => {
    const w = await MPI.File.Open(MPI.COMM_SELF, "ints.bin", MPI.MODE_CREATE | MPI.MODE_WRONLY);
    await w.Write_at(0, Int32Array.from({ length: 8 }, (_, i) => i));
    await w.Close();
    const fh = await MPI.File.Open(MPI.COMM_SELF, "ints.bin", amode(MPI));
    await fh.Set_view(0, MPI.INT, filetype(MPI).Commit());
    const out = new Int32Array(6).fill(-1);
    await fh.Read_at(0, out);
    console.log(Array.from(out).join(","));
    await fh.Close();
  }, 1), { seed: 0 });
  return { out: r.outputs[0], errors: r.diagnostics.filter((d) => d.kind === "mpi-error").map((d) => `${d.errorClass}:${d.call}`) };
}

const tilesOverlap = (MPI: MPI) => MPI.INT.Create_contiguous(2).Create_resized(0, 4);
const duplicateEntries = (MPI: MPI) => MPI.INT.Create_hindexed([2, 1], [0, 4]);
const backwards = (MPI: MPI) => MPI.INT.Create_indexed([1, 1], [2, 0]);

describe("overlapping filetypes (MPI 4.1 §14.3)", () => {
  it("read-only: tiles that overlap are read as the typemap says", async () => {
    expect(await readThrough(tilesOverlap, (MPI) => MPI.MODE_RDONLY)).toEqual({ out: ["0,1,1,2,2,3"], errors: [] });
  });

  it("read-only: INT tiles every 2 bytes read ints at byte offsets 0, 2, 4, … (as Open MPI 4.1 does)", async () => {
    const half = (MPI: MPI) => MPI.INT.Create_resized(0, 2);
    expect(await readThrough(half, (MPI) => MPI.MODE_RDONLY)).toEqual({ out: ["0,65536,1,131072,2,196608"], errors: [] });
  });

  it("read-only: repeated displacements within the filetype are read twice (Open MPI refuses: a recorded deviation)", async () => {
    // entries (int, 0), (int, 4), (int, 4); extent 8
    expect(await readThrough(duplicateEntries, (MPI) => MPI.MODE_RDONLY)).toEqual({ out: ["0,1,1,2,3,3"], errors: [] });
  });

  it("opened for writing: overlapping regions are ERR_TYPE at Set_view", async () => {
    for (const ft of [tilesOverlap, duplicateEntries]) {
      expect((await readThrough(ft, (MPI) => MPI.MODE_RDWR)).errors).toEqual(["ERR_TYPE:File.Set_view"]);
    }
  });

  it("displacements that go backwards are ERR_TYPE even read-only", async () => {
    expect((await readThrough(backwards, (MPI) => MPI.MODE_RDONLY)).errors).toEqual(["ERR_TYPE:File.Set_view"]);
  });
});
