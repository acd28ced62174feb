import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { FileView, MemoryFileSystem } from "../../core/io/index.ts";
import { BYTE, DOUBLE, INT, SHORT, Datatype, basicLayout } from "../../core/datatype/index.ts";
import { MPIException } from "../../core/errors.ts";
import { runProgram } from "../../scheduler/run.ts";
import type { TraceRecord } from "../../core/trace.ts";
import { prog } from "../helpers/program.ts";

/** MPI's definition, byte by byte: data byte j of a filetype instance sits at bytes[j]. */
function instanceBytes(ft: Datatype): number[] {
  const out: number[] = [];
  for (const e of basicLayout(ft)) for (let b = 0; b < e.type.size; b++) out.push(e.offset + b);
  return out;
}

function naiveRanges(disp: number, ft: Datatype, k: number, n: number): number[] {
  const bytes = instanceBytes(ft);
  const out: number[] = [];
  for (let s = k; s < k + n; s++) {
    const f = disp + Math.floor(s / bytes.length) * ft.extent + bytes[s % bytes.length];
    if (out.length && out[out.length - 1] === f) out[out.length - 1] = f + 1;
    else out.push(f, f + 1);
  }
  return out;
}

function naiveBytesBelow(disp: number, ft: Datatype, size: number): number {
  const bytes = instanceBytes(ft);
  let count = 0;
  for (let i = 0; disp + i * ft.extent + Math.min(...bytes) < size; i++) for (const b of bytes) if (disp + i * ft.extent + b < size) count++;
  return count;
}

const base = fc.constantFrom(BYTE, SHORT, INT, DOUBLE);

/** Derived types made of the common constructors (some end up invalid as filetypes: make() refuses those). */
const derived: fc.Arbitrary<Datatype> = fc.oneof(
  base,
  fc.tuple(base, fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 0, max: 4 })).map(([t, count, bl, gap]) => t.Create_vector(count, bl, bl + gap)),
  fc.tuple(base, fc.array(fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 0, max: 3 })), { minLength: 1, maxLength: 4 })).map(([t, blocks]) => {
    let at = 0;
    const displs: number[] = [];
    for (const [bl, gap] of blocks) {
      at += gap;
      displs.push(at);
      at += bl;
    }
    return t.Create_indexed(blocks.map((b) => b[0]), displs);
  }),
  fc.tuple(base, fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 5 })).chain(([t, rows, cols]) =>
    fc.tuple(fc.integer({ min: 0, max: rows - 1 }), fc.integer({ min: 0, max: cols - 1 })).chain(([r0, c0]) =>
      fc.tuple(fc.integer({ min: 1, max: rows - r0 }), fc.integer({ min: 1, max: cols - c0 })).map(([nr, nc]) => t.Create_subarray([rows, cols], [nr, nc], [r0, c0])),
    ),
  ),
).chain((t) => fc.oneof(fc.constant(t), fc.integer({ min: 0, max: 16 }).map((pad) => t.Create_resized(0, t.extent + pad))));

describe("FileView: view data bytes → file byte ranges, against MPI's byte-by-byte definition", () => {
  it("ranges, byteOf and bytesBelow agree with the naive model for random derived filetypes", () => {
    fc.assert(
      fc.property(derived, fc.integer({ min: 0, max: 40 }), fc.nat(60), fc.nat(60), fc.nat(300), (ft, disp, k, n, size) => {
        ft.Commit();
        let view: FileView;
        try {
          view = FileView.make(disp, BYTE, ft, "test");
        } catch (e) {
          if (e instanceof MPIException) return; // not a valid filetype (tiles overlap): refused, fine
          throw e;
        }
        expect(view.ranges(k, n)).toEqual(naiveRanges(disp, ft, k, n));
        const bytes = instanceBytes(ft);
        expect(view.byteOf(k)).toBe(disp + Math.floor(k / bytes.length) * ft.extent + bytes[k % bytes.length]);
        expect(view.bytesBelow(size)).toBe(naiveBytesBelow(disp, ft, size));
      }),
      { numRuns: 400 },
    );
  });

  it("a contiguous view is one range whatever its length", () => {
    const v = FileView.make(16, DOUBLE, DOUBLE, "t");
    expect(v.contiguous).toBe(true);
    expect(v.ranges(8, 1e9)).toEqual([24, 24 + 1e9]);
  });

  it("large regular filetypes cost O(runs): a block of rows of a 4096×4096 array is one range, a block of columns one range per row", () => {
    const rows = DOUBLE.Create_subarray([4096, 4096], [1024, 4096], [1024, 0]).Commit();
    const v = FileView.make(16, DOUBLE, rows, "t");
    expect(v.ranges(0, 1024 * 4096 * 8)).toEqual([16 + 1024 * 4096 * 8, 16 + 2048 * 4096 * 8]);
    // ... and the second tile of the view continues a whole array later.
    expect(v.ranges(1024 * 4096 * 8, 8)).toEqual([16 + (4096 + 1024) * 4096 * 8, 16 + (4096 + 1024) * 4096 * 8 + 8]);
    const cols = DOUBLE.Create_subarray([4096, 4096], [4096, 16], [0, 100]).Commit();
    const c = FileView.make(0, DOUBLE, cols, "t").ranges(0, 4096 * 16 * 8);
    expect(c.length).toBe(2 * 4096);
    expect(c.slice(0, 4)).toEqual([800, 928, 800 + 32768, 928 + 32768]);
    // An access in the middle of the view starts at the right row, not by walking from the first.
    expect(FileView.make(0, DOUBLE, cols, "t").ranges(4000 * 128 + 8, 8)).toEqual([4000 * 32768 + 808, 4000 * 32768 + 816]);
  });

  it("a struct filetype with holes and an etype of its own size", () => {
    const rec = Datatype.Create_struct([1, 1], [0, 8], [INT, DOUBLE]).Create_resized(0, 24).Commit();
    const v = FileView.make(4, rec, rec, "t");
    // 12 data bytes per record (int at 0, double at 8), records every 24 bytes from byte 4
    expect(v.ranges(0, 24)).toEqual([4, 8, 12, 20, 28, 32, 36, 44]);
  });
});

describe("views through whole runs", () => {
  it("Write_all of a 1024×1024 double array split in column blocks: one record per rank, one range per row, the bytes numpy would read", async () => {
    const N = 1024;
    const fs = new MemoryFileSystem();
    const r = await runProgram(prog(async (MPI) => {
      const comm = MPI.COMM_WORLD;
      const rank = comm.Get_rank();
      const size = comm.Get_size();
      const w = N / size;
      const local = new Float64Array(N * w);
      for (let i = 0; i < N; i++) for (let j = 0; j < w; j++) local[i * w + j] = i * N + rank * w + j;
      const ft = MPI.DOUBLE.Create_subarray([N, N], [N, w], [0, rank * w]).Commit();
      const fh = await MPI.File.Open(comm, "big.bin", MPI.MODE_CREATE | MPI.MODE_WRONLY);
      await fh.Set_view(0, MPI.DOUBLE, ft);
      await fh.Write_all(local);
      await fh.Close();
    }, 4), { fs, seed: 5 });
    expect(r.diagnostics).toEqual([]);
    const writes = r.trace.filter((x) => x.t === "file-write") as (TraceRecord & { ranges: number[][]; bytes: number })[];
    expect(writes).toHaveLength(4);
    for (const w of writes) {
      expect(w.ranges).toHaveLength(N);
      expect(w.bytes).toBe(N * (N / 4) * 8);
    }
    const all = new Float64Array(fs.get("big.bin")!.buffer);
    expect(all.length).toBe(N * N);
    expect(all.every((x, i) => x === i)).toBe(true);
  });
});
