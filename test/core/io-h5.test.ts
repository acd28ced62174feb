import { describe, expect, it } from "vitest";
import { createHash } from "node:crypto";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { load, run } from "../../index.ts";
import { runProgram } from "../../scheduler/run.ts";
import { MemoryFileSystem } from "../../core/io/index.ts";
import { h5, H5Error, analyze, loadH5wasm } from "../../core/io/h5/index.ts";
import type { MPI } from "../../core/api.ts";
import { recordsOf } from "../../core/trace.ts";
import { prog } from "../helpers/program.ts";

const sha = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");

const PY = "/usr/bin/python3";
const hasH5py = spawnSync(PY, ["-c", "import h5py, numpy"], { encoding: "utf8" }).status === 0;
const H5PY = hasH5py ? "" : " [SKIPPED: /usr/bin/python3 cannot import h5py; apt-get install python3-h5py to run it]";

/** What h5py sees in an HDF5 file: {path: {shape, dtype, data, offset}}. */
function h5pyRead(bytes: Uint8Array): Record<string, { shape: number[]; dtype: string; data: number[]; offset: number | null }> {
  const dir = mkdtempSync(join(tmpdir(), "mpisim-h5py-"));
  try {
    const file = join(dir, "f.h5");
    writeFileSync(file, bytes);
    const script = `
import h5py, json, sys
out = {}
def visit(name, obj):
    if isinstance(obj, h5py.Dataset):
        out[name] = {"shape": list(obj.shape), "dtype": obj.dtype.str, "data": [float(x) for x in obj[...].ravel()], "offset": obj.id.get_offset()}
with h5py.File(sys.argv[1], "r") as f:
    f.visititems(visit)
print(json.dumps(out))
`;
    const r = spawnSync(PY, ["-c", script, file], { encoding: "utf8" });
    if (r.status !== 0) throw new Error(`h5py failed: ${r.stderr}`);
    return JSON.parse(r.stdout);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** What h5wasm (in this process, independently of mpisim's layer) reads from a file image. */
async function h5wasmRead(bytes: Uint8Array, path: string): Promise<{ shape: number[]; values: number[] }> {
  const lib = (await import("h5wasm")).default;
  const M = await lib.ready;
  M.FS.writeFile("/check.h5", bytes);
  const f = new lib.File("/check.h5", "r");
  try {
    const d = f.get(path) as InstanceType<typeof lib.Dataset>;
    return { shape: d.shape ?? [], values: Array.from(d.value as ArrayLike<number>, Number) };
  } finally {
    f.close();
  }
}

function rowsOf(values: number[], nx: number): number[] {
  const rows: number[] = [];
  for (let i = 0; i < values.length; i += nx) {
    const row = values.slice(i, i + nx);
    expect(new Set(row).size).toBe(1);
    rows.push(row[0]);
  }
  return rows;
}

function divmodRows(ny: number, size: number, rank: number): [number, number] {
  const base = Math.floor(ny / size), rem = ny % size;
  const n = base + (rank < rem ? 1 : 0);
  const i0 = rank * base + Math.min(rank, rem);
  return [i0, i0 + n];
}

describe("h5: the lecture's parallel HDF5 example (scenario h5-dataset)", () => {
  it("writes the same real HDF5 file in every schedule: /u, 12×8 float32, rows 3r..3r+2 equal to r", async () => {
    const program = await load("scenario:h5-dataset");
    const hashes = new Set<string>();
    let bytes: Uint8Array | undefined;
    for (let seed = 0; seed < 25; seed++) {
      const r = await runProgram(program, { seed, keepTrace: false });
      expect(r.diagnostics, `seed ${seed}`).toEqual([]);
      expect(r.outputs[0]).toEqual(["Wrote state.h5:/u"]);
      bytes = r.files!["state.h5"];
      hashes.add(sha(bytes));
    }
    expect(hashes.size).toBe(1);
    const sk = analyze(bytes!);
    expect(sk.datasets.map((d) => [d.path, d.shape, d.dtype?.name, d.readOnly])).toEqual([["/u", [12, 8], "f4", null]]);
    const seen = await h5wasmRead(bytes!, "u");
    expect(seen.shape).toEqual([12, 8]);
    expect(rowsOf(seen.values, 8)).toEqual([0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 3]);
  });

  it.skipIf(!hasH5py)(`h5py reads the file${H5PY}`, async () => {
    const r = await runProgram(await load("scenario:h5-dataset"), { seed: 11 });
    const seen = h5pyRead(r.files!["state.h5"]);
    expect(Object.keys(seen)).toEqual(["u"]);
    expect(seen.u.shape).toEqual([12, 8]);
    expect(seen.u.dtype).toBe("<f4");
    expect(rowsOf(seen.u.data, 8)).toEqual([0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 3]);
  });

  it("is clean under the checkers: rank 0's metadata writes and the ranks' hyperslabs never overlap", async () => {
    const r = await run(await load("scenario:h5-dataset"), { seed: 5 });
    expect(r.diagnostics).toEqual([]);
  });

  it("reads back through the h5 layer on every rank (a second run on the same file system)", async () => {
    const fs = new MemoryFileSystem();
    await runProgram(await load("scenario:h5-dataset"), { fs, seed: 2 });
    const r = await runProgram(prog(async (MPI) => {
      const comm = MPI.COMM_WORLD;
      const rank = comm.Get_rank();
      const f = await h5.File(comm, "state.h5", "r");
      const u = f.dataset("u");
      const [i0, i1] = divmodRows(12, comm.Get_size(), rank);
      const mine = await u.read([i0, i1]);
      const all = await u.collective.read();
      console.log(f.keys().join(","), u.shape.join("x"), u.dtype, Array.from(mine as Float32Array).every((x) => x === rank), rowsOf(Array.from(all as Float32Array), 8).join(""));
      await f.close();
    }, 4), { fs, seed: 3 });
    expect(r.diagnostics).toEqual([]);
    for (const lines of r.outputs) expect(lines).toEqual(["u 12x8 f4 true 000111222333"]);
  });
});

describe("h5: datasets, modes and I/O kinds", () => {
  /** 5 ranks (an uneven divmod split), collective writes, several dtypes, then "a" adds one and "r" reads all. */
  const program = prog(async (MPI: MPI) => {
    const comm = MPI.COMM_WORLD;
    const rank = comm.Get_rank();
    const size = comm.Get_size();
    const f = await h5.File(comm, "multi.h5", "w");
    const u = await f.create_dataset("u", [7, 3], "f8");
    const c = await f.create_dataset("/counts", { shape: [size], dtype: "int64" });
    const b = await f.create_dataset("bytes", [size * 2], "u1");
    const [i0, i1] = divmodRows(7, size, rank);
    await u.collective.write([i0, i1], new Float64Array((i1 - i0) * 3).fill(rank + 0.5));
    await c.write([rank, rank + 1], [BigInt(rank) * 1000000000000n]);
    await b.write([[rank * 2, rank * 2 + 2]], [rank, 255]); // numbers converted to the dataset's type
    await f.close();
    const g = await h5.File(comm, "multi.h5", "a");
    const extra = await g.create_dataset("extra", [size], "i4");
    await extra.collective.write([rank, rank + 1], new Int32Array([-rank]));
    await g.close();
    const h = await h5.File(comm, "multi.h5", "r");
    const counts = await h.dataset("counts").read();
    const ex = await h.dataset("extra").read();
    const rows = await h.dataset("u").read([[0, 7], [1, 2]]); // one column
    console.log(h.keys().join(","), Array.from(counts as BigInt64Array).join(","), Array.from(ex as Int32Array).join(","), Array.from(rows as Float64Array).join(","));
    await h.close();
  }, 5);

  it("several datasets and dtypes, collective and independent writes, reopen with 'a' and 'r': same bytes in every schedule", async () => {
    const hashes = new Set<string>();
    let last: Awaited<ReturnType<typeof runProgram>> | undefined;
    for (let seed = 0; seed < 12; seed++) {
      const r = await runProgram(program, { seed, keepTrace: seed === 0 });
      expect(r.diagnostics, `seed ${seed}`).toEqual([]);
      expect(new Set(r.outputs.map((l) => l.join("|")))).toEqual(new Set([
        "bytes,counts,extra,u 0,1000000000000,2000000000000,3000000000000,4000000000000 0,-1,-2,-3,-4 0.5,0.5,1.5,1.5,2.5,3.5,4.5",
      ]));
      hashes.add(sha(r.files!["multi.h5"]));
      if (seed === 0) last = r;
    }
    expect(hashes.size).toBe(1);
    // What the checkers see: data writes inside each dataset's region, metadata (rank 0) outside all of them.
    const sk = analyze(last!.files!["multi.h5"]);
    const region = new Map(sk.datasets.map((d) => [d.path, [d.offset, d.offset + d.nbytes]]));
    const writes = recordsOf(last!.trace, "file-write");
    for (const w of writes) {
      const ranges = w.ranges;
      if (w.h5 === "metadata") {
        expect(w.rank).toBe(0);
        for (const [s, e] of ranges) for (const [a, b] of region.values()) expect(e <= a || s >= b).toBe(true);
      } else {
        const [a, b] = region.get(w.h5 as string)!;
        for (const [s, e] of ranges) expect(s >= a && e <= b).toBe(true);
      }
    }
    expect(writes.filter((w) => w.h5 === "/u").map((w) => [w.op, w.collective])).toEqual(Array(5).fill(["Write_at_all", true]));
    expect(writes.filter((w) => w.h5 === "/counts").map((w) => [w.op, w.collective])).toEqual(Array(5).fill(["Write_at", false]));
    expect(writes.filter((w) => w.h5 === "/u").reduce((n, w) => n + (w.bytes as number), 0)).toBe(7 * 3 * 8);
  });

  it("is clean under the checkers (metadata, collective and independent hyperslabs, reopen, whole-file reads)", async () => {
    for (const seed of [0, 1, 2]) expect((await run(program, { seed })).diagnostics).toEqual([]);
  });

  it.skipIf(!hasH5py)(`h5py reads every dataset${H5PY}`, async () => {
    const r = await runProgram(program, { seed: 4 });
    const seen = h5pyRead(r.files!["multi.h5"]);
    expect(Object.keys(seen).sort()).toEqual(["bytes", "counts", "extra", "u"]);
    expect(seen.u.dtype).toBe("<f8");
    expect(seen.counts.dtype).toBe("<i8");
    expect(seen.bytes).toMatchObject({ dtype: "|u1", shape: [10], data: [0, 255, 1, 255, 2, 255, 3, 255, 4, 255] });
    expect(seen.extra.data).toEqual([0, -1, -2, -3, -4]);
    expect(seen.u.data.filter((_, i) => i % 3 === 0)).toEqual([0.5, 0.5, 1.5, 1.5, 2.5, 3.5, 4.5]);
    // h5py's H5Dget_offset agrees with where mpisim's ranks wrote.
    const sk = analyze(r.files!["multi.h5"]);
    for (const d of sk.datasets) expect(seen[d.path.slice(1)].offset).toBe(d.offset);
  });

  it.skipIf(!hasH5py)(`a file h5py wrote is read by the h5 layer; its chunked dataset is read-only in parallel${H5PY}`, async () => {
    const dir = mkdtempSync(join(tmpdir(), "mpisim-h5py-"));
    try {
      const file = join(dir, "py.h5");
      const made = spawnSync(PY, ["-c", `
import h5py, numpy as np, sys
with h5py.File(sys.argv[1], "w") as f:
    f.create_dataset("grid", data=np.arange(12, dtype="<f8").reshape(3, 4))
    f.create_dataset("chunked", data=np.arange(8, dtype="<i4"), chunks=(4,))
    g = f.create_group("g")
    g.create_dataset("inner", data=np.array([7, 8], dtype="<i2"))
`, file], { encoding: "utf8" });
      expect(made.status, made.stderr).toBe(0);
      const fs = MemoryFileSystem.from({ "py.h5": new Uint8Array(readFileSync(file)) });
      const r = await runProgram(prog(async (MPI) => {
        const f = await h5.File(MPI.COMM_WORLD, "py.h5", "r+");
        const grid = await f.dataset("grid").read([1, 3]);
        const inner = await f.dataset("g/inner").read();
        let err = "";
        try {
          await f.dataset("chunked").write([0, 1], [1]);
        } catch (e) {
          err = (e as H5Error).kind;
        }
        console.log(Array.from(grid as Float64Array).join(","), Array.from(inner as Int16Array).join(","), err, f.keys().join(","));
        await f.dataset("grid").write([[0, 1], [0, 1]], [100]);
        await f.close();
      }, 2), { fs, seed: 1 });
      expect(r.diagnostics).toEqual([]);
      expect(r.outputs[0]).toEqual(["4,5,6,7,8,9,10,11 7,8 OSError chunked,g/inner,grid"]);
      expect(h5pyRead(fs.get("py.h5")!).grid.data[0]).toBe(100);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("h5: errors, as h5py raises them", () => {
  async function errorOf(body: (MPI: MPI) => Promise<unknown>, fs = new MemoryFileSystem(), ranks = 2): Promise<string[][]> {
    const r = await runProgram(prog(async (MPI) => {
      try {
        await body(MPI);
        console.log("none");
      } catch (e) {
        console.log(e instanceof H5Error ? e.kind : String(e));
      }
    }, ranks), { fs, seed: 1 });
    expect(r.diagnostics.filter((d) => d.kind === "deadlock")).toEqual([]);
    return r.outputs;
  }

  it("TypeError for a dtype numpy does not understand (the lecture's 'f32')", async () => {
    expect(await errorOf(async (MPI) => {
      const f = await h5.File(MPI.COMM_WORLD, "e.h5", "w");
      try {
        await f.create_dataset("u", [12, 8], "f32");
      } finally {
        await f.close();
      }
    })).toEqual([["TypeError"], ["TypeError"]]);
  });

  it("ValueError for an existing name (every rank), a selection out of range, data of the wrong length", async () => {
    const body = (what: string) => async (MPI: MPI) => {
      const f = await h5.File(MPI.COMM_WORLD, "e.h5", "w");
      try {
        const d = await f.create_dataset("u", [4, 2], "f4");
        if (what === "exists") await f.create_dataset("u", [4, 2], "f4");
        if (what === "range") await d.write([3, 5], new Float32Array(4));
        if (what === "length") await d.write([0, 1], new Float32Array(3));
        if (what === "axes") await d.read([[0, 1], [0, 1], [0, 1]]);
      } finally {
        await f.close();
      }
    };
    for (const what of ["exists", "range", "length", "axes"]) expect(await errorOf(body(what)), what).toEqual([["ValueError"], ["ValueError"]]);
  });

  it("OSError: writing a file opened 'r', opening a file that is not HDF5 (the MPI file is closed again)", async () => {
    const fs = new MemoryFileSystem();
    await runProgram(await load("scenario:h5-dataset"), { fs });
    fs.put("plain.bin", new Uint8Array(64).fill(1));
    expect(await errorOf(async (MPI) => {
      const f = await h5.File(MPI.COMM_WORLD, "state.h5", "r");
      try {
        await f.dataset("u").write([0, 1], new Float32Array(8));
      } finally {
        await f.close();
      }
    }, fs)).toEqual([["OSError"], ["OSError"]]);
    const r = await runProgram(prog(async (MPI) => {
      await h5.File(MPI.COMM_WORLD, "plain.bin", "r").catch((e: H5Error) => console.log(e.message));
    }, 2), { fs });
    expect(r.outputs).toEqual([["OSError: Unable to open file (file signature not found)"], ["OSError: Unable to open file (file signature not found)"]]);
    expect(r.trace.filter((x) => x.t === "file-close")).toHaveLength(2);
  });

  it("KeyError for a missing dataset; 'w-' on an existing file is MPI's ERR_FILE_EXISTS", async () => {
    const fs = new MemoryFileSystem();
    await runProgram(await load("scenario:h5-dataset"), { fs });
    expect(await errorOf(async (MPI) => {
      const f = await h5.File(MPI.COMM_WORLD, "state.h5", "r");
      try {
        f.dataset("nope");
      } finally {
        await f.close();
      }
    }, fs)).toEqual([["KeyError"], ["KeyError"]]);
    const out = await errorOf((MPI) => h5.File(MPI.COMM_WORLD, "state.h5", "w-"), fs);
    expect(out[0][0]).toMatch(/ERR_FILE_EXISTS/);
  });

  it("h5wasm loads once per process and stays off the ranks' output", async () => {
    await loadH5wasm();
    const r = await runProgram(prog(async (MPI) => {
      const f = await h5.File(MPI.COMM_WORLD, "quiet.h5", "w");
      await f.create_dataset("a", [1], "f4");
      await f.close();
    }, 1));
    expect(r.outputs).toEqual([[]]);
  });
});
