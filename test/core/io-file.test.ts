import { describe, expect, it } from "vitest";
import { runProgram, type RunOptions } from "../../scheduler/run.ts";
import { MemoryFileSystem } from "../../core/io/index.ts";
import type { MPI } from "../../core/api.ts";
import { recordsOf } from "../../core/trace.ts";
import { prog } from "../helpers/program.ts";

type Main = (MPI: MPI) => Promise<void>;

async function run(main: Main, ranks = 1, opts: Omit<RunOptions, "fs"> & { fs?: MemoryFileSystem } = {}) {
  const fs = opts.fs ?? new MemoryFileSystem();
  const r = await runProgram(prog(main, ranks), { seed: 1, ...opts, fs });
  expect(r.diagnostics.filter((d) => d.kind === "mpi-error" || d.kind === "rank-exception" || d.kind === "deadlock")).toEqual([]);
  return { r, fs, out: r.outputs };
}

const ints = (b: Uint8Array | undefined) => Array.from(new Int32Array(b!.buffer, b!.byteOffset, b!.byteLength / 4));
const recs = recordsOf;

describe("File.Open / Close", () => {
  it("is collective, gives each rank a handle of one stable id, and records file-open/file-close per member", async () => {
    const { r, out } = await run(async (MPI) => {
      const fh = await MPI.File.Open(MPI.COMM_WORLD, "a.bin", MPI.MODE_CREATE | MPI.MODE_RDWR);
      console.log(fh.Get_amode(), fh.amode, fh.Get_group().Get_size(), fh.Get_type_extent(MPI.DOUBLE), fh.Get_atomicity(), fh.Get_info().Get_nkeys());
      await fh.Close();
      // options object in place of the optional positionals
      const again = await MPI.File.Open(MPI.COMM_WORLD, "a.bin", { amode: MPI.MODE_RDONLY });
      console.log(again.Get_amode() === MPI.MODE_RDONLY);
      await again.Close();
    }, 2);
    expect(out).toEqual([["9 9 2 8 false 0", "true"], ["9 9 2 8 false 0", "true"]]);
    const opens = recs(r.trace, "file-open");
    expect(opens.map((o) => [o.rank, o.file, o.fh, o.comm, o.amode])).toEqual([
      [0, "a.bin", "w.f0", "w", 9], [1, "a.bin", "w.f0", "w", 9], [0, "a.bin", "w.f1", "w", 2], [1, "a.bin", "w.f1", "w", 2],
    ]);
    expect(recs(r.trace, "file-close").map((c) => [c.rank, c.fh])).toEqual([[0, "w.f0"], [1, "w.f0"], [0, "w.f1"], [1, "w.f1"]]);
    // Open, Close are scheduling points. File collectives meet on the file's own context ("w.f0"),
    // so the second Open is only the second collective on COMM_WORLD ("w.f1").
    const calls = recs(r.trace, "call").filter((c) => String(c.call).startsWith("File."));
    expect(calls.every((c) => c.blocking === true)).toBe(true);
    expect(recs(r.trace, "sync").map((s) => [s.kind, s.comm])).toEqual([["File.Open", "w"], ["File.Close", "w.f0"], ["File.Open", "w"], ["File.Close", "w.f1"]]);
  });

  it("opens on a sub-communicator and on COMM_SELF", async () => {
    const { fs } = await run(async (MPI) => {
      const rank = MPI.COMM_WORLD.Get_rank();
      const half = (await MPI.COMM_WORLD.Split(rank % 2, rank)) as typeof MPI.COMM_WORLD;
      const fh = await MPI.File.Open(half, `half${rank % 2}.bin`, MPI.MODE_CREATE | MPI.MODE_WRONLY);
      await fh.Write_at(half.Get_rank() * 4, new Int32Array([rank]));
      await fh.Close();
      const own = await MPI.File.Open(MPI.COMM_SELF, `self${rank}.bin`, MPI.MODE_CREATE | MPI.MODE_WRONLY);
      await own.Write(new Int32Array([rank * 10]));
      await own.Close();
    }, 4);
    expect(ints(fs.get("half0.bin"))).toEqual([0, 2]);
    expect(ints(fs.get("half1.bin"))).toEqual([1, 3]);
    expect(ints(fs.get("self3.bin"))).toEqual([30]);
  });

  it("MODE_APPEND starts both pointers at end of file; MODE_DELETE_ON_CLOSE deletes at Close; File.Delete removes a file", async () => {
    const fs = new MemoryFileSystem();
    fs.put("log.bin", new Uint8Array(new Int32Array([7, 8]).buffer));
    const { r, out } = await run(async (MPI) => {
      const fh = await MPI.File.Open(MPI.COMM_WORLD, "log.bin", MPI.MODE_WRONLY | MPI.MODE_APPEND);
      console.log(fh.Get_position(), fh.Get_position_shared());
      await fh.Write(new Int32Array([9]));
      await fh.Close();
      const tmp = await MPI.File.Open(MPI.COMM_WORLD, "scratch.bin", MPI.MODE_CREATE | MPI.MODE_RDWR | MPI.MODE_DELETE_ON_CLOSE);
      await tmp.Write_at(0, new Int32Array([1]));
      await tmp.Close();
      const gone = await MPI.File.Open(MPI.COMM_WORLD, "gone.bin", MPI.MODE_CREATE | MPI.MODE_EXCL | MPI.MODE_WRONLY | MPI.MODE_UNIQUE_OPEN);
      await gone.Close();
      await MPI.File.Delete("gone.bin");
      console.log("deleted");
    }, 1, { fs });
    expect(out).toEqual([["8 8", "deleted"]]);
    expect(ints(fs.get("log.bin"))).toEqual([7, 8, 9]);
    expect(fs.names()).toEqual(["log.bin"]);
    expect(recs(r.trace, "file-delete").map((d) => [d.file, d.op])).toEqual([["scratch.bin", "Close"], ["gone.bin", "Delete"]]);
    expect(Object.keys(r.files!)).toEqual(["log.bin"]);
  });
});

describe("explicit offsets: Read_at / Write_at (+ _all)", () => {
  it("write at offsets, read back with a status; a read past end of file is short", async () => {
    const { fs, out } = await run(async (MPI) => {
      const comm = MPI.COMM_WORLD;
      const rank = comm.Get_rank();
      const fh = await MPI.File.Open(comm, "d.bin", MPI.MODE_CREATE | MPI.MODE_RDWR);
      await fh.Write_at(rank * 8, new Int32Array([rank * 10, rank * 10 + 1]));
      await fh.Sync();
      await comm.Barrier();
      await fh.Sync();
      const st = new MPI.Status();
      const all = new Int32Array(4);
      await fh.Read_at(0, all, st);
      const tail = new Int32Array(4).fill(-1);
      await fh.Read_at(12, tail, { status: st });
      console.log(`${Array.from(all)} | ${Array.from(tail)} count=${st.Get_count(MPI.INT)} size=${fh.Get_size()}`);
      await fh.Close();
    }, 2);
    expect(ints(fs.get("d.bin"))).toEqual([0, 1, 10, 11]);
    expect(out[0]).toEqual(["0,1,10,11 | 11,-1,-1,-1 count=1 size=16"]);
  });

  it("Write_at_all / Read_at_all are collective: records say so and carry the collective's number on the file", async () => {
    const { r, fs, out } = await run(async (MPI) => {
      const comm = MPI.COMM_WORLD;
      const rank = comm.Get_rank();
      const size = comm.Get_size();
      const fh = await MPI.File.Open(comm, "c.bin", MPI.MODE_CREATE | MPI.MODE_RDWR);
      await fh.Write_at_all(rank * 4, new Int32Array([rank + 1]));
      await fh.Sync();
      await comm.Barrier();
      await fh.Sync();
      const buf = new Int32Array(1);
      await fh.Read_at_all(((rank + 1) % size) * 4, buf);
      console.log(buf[0]);
      await fh.Close();
    }, 3);
    expect(out).toEqual([["2"], ["3"], ["1"]]);
    expect(ints(fs.get("c.bin"))).toEqual([1, 2, 3]);
    const writes = recs(r.trace, "file-write");
    expect(writes.map((w) => [w.rank, w.op, w.ranges, w.collective, w.coll])).toEqual([0, 1, 2].map((k) => [k, "Write_at_all", [[k * 4, k * 4 + 4]], true, 0]).sort((a, b) => writes.findIndex((w) => w.rank === a[0]) - writes.findIndex((w) => w.rank === b[0])));
    expect(recs(r.trace, "file-read").every((x) => x.op === "Read_at_all" && x.collective === true && x.coll === 3)).toBe(true);
    expect(recs(r.trace, "sync").map((s) => s.kind)).toContain("File.Write_at_all");
  });
});

describe("individual file pointer: Read / Write / Seek / Get_position (+ _all)", () => {
  it("moves by what was written or read, in etypes of the view", async () => {
    const { out } = await run(async (MPI) => {
      const fh = await MPI.File.Open(MPI.COMM_WORLD, "p.bin", MPI.MODE_CREATE | MPI.MODE_RDWR);
      await fh.Set_view(0, MPI.INT);
      await fh.Write(new Int32Array([1, 2, 3]));
      const log: unknown[] = [fh.Get_position()];
      fh.Seek(0);
      const two = new Int32Array(2);
      await fh.Read(two);
      log.push(Array.from(two).join(","), fh.Get_position());
      fh.Seek(-1, MPI.SEEK_CUR);
      log.push(fh.Get_position());
      fh.Seek(0, MPI.SEEK_END);
      log.push(fh.Get_position());
      fh.Seek(-3, { whence: MPI.SEEK_END });
      log.push(fh.Get_position());
      fh.Seek(2);
      const st = new MPI.Status();
      const four = new Int32Array(4);
      await fh.Read(four, st);
      log.push(st.Get_count(MPI.INT), fh.Get_position(), fh.Get_byte_offset(fh.Get_position()));
      console.log(log.join(" "));
      await fh.Close();
    });
    expect(out).toEqual([["3 1,2 2 1 3 0 1 3 12"]]);
  });

  it("Write_all / Read_all through per-rank views", async () => {
    const { fs, out } = await run(async (MPI) => {
      const comm = MPI.COMM_WORLD;
      const rank = comm.Get_rank();
      const size = comm.Get_size();
      const fh = await MPI.File.Open(comm, "v.bin", MPI.MODE_CREATE | MPI.MODE_RDWR);
      // Round-robin ints: rank r owns ints r, r + size, … (a resized INT tiles every size ints).
      const ft = MPI.INT.Create_resized(0, 4 * size).Commit();
      await fh.Set_view(rank * 4, MPI.INT, ft);
      await fh.Write_all(new Int32Array([rank, rank + 100]));
      console.log(fh.Get_position());
      await fh.Close();
      const rd = await MPI.File.Open(comm, "v.bin", MPI.MODE_RDONLY);
      await rd.Set_view(rank * 4, MPI.INT, ft);
      const back = new Int32Array(2);
      await rd.Read_all(back);
      console.log(Array.from(back).join(","));
      await rd.Close();
    }, 3);
    expect(ints(fs.get("v.bin"))).toEqual([0, 1, 2, 100, 101, 102]);
    expect(out).toEqual([["2", "0,100"], ["2", "1,101"], ["2", "2,102"]]);
  });
});

describe("Set_view / Get_view / Get_byte_offset", () => {
  it("tiles a strided filetype from disp; Get_view returns (disp, etype, filetype, datarep)", async () => {
    const { fs, out } = await run(async (MPI) => {
      const fh = await MPI.File.Open(MPI.COMM_WORLD, "s.bin", MPI.MODE_CREATE | MPI.MODE_RDWR);
      const ft = MPI.INT.Create_vector(2, 1, 4).Commit(); // ints 0 and 4 of every 5
      await fh.Set_view({ disp: 8, etype: MPI.INT, filetype: ft });
      const [disp, etype, filetype, rep] = fh.Get_view();
      console.log(disp, etype === MPI.INT, filetype === ft, rep, [0, 1, 2, 3].map((k) => fh.Get_byte_offset(k)).join(","));
      await fh.Write_at(0, new Int32Array([1, 2, 3, 4]));
      await fh.Set_view(); // back to bytes from 0
      console.log(fh.Get_view()[0], fh.Get_view()[1] === MPI.BYTE, fh.Get_position());
      await fh.Close();
    });
    expect(out).toEqual([["8 true true native 8,24,28,44", "0 true 0"]]);
    expect(ints(fs.get("s.bin"))).toEqual([0, 0, 1, 0, 0, 0, 2, 3, 0, 0, 0, 4]);
  });
});

describe("nonblocking: Iread_at / Iwrite_at / Iread / Iwrite / Iread_shared / Iwrite_shared", () => {
  it("return Requests at once; the access happens at a FileOp event before Wait returns", async () => {
    const { r, fs, out } = await run(async (MPI) => {
      const fh = await MPI.File.Open(MPI.COMM_WORLD, "nb.bin", MPI.MODE_CREATE | MPI.MODE_RDWR);
      fh.Seek(8); // the default view counts in bytes
      const reqs = [fh.Iwrite_at(0, new Int32Array([5, 6])), fh.Iwrite(new Int32Array([7]))];
      console.log(fh.Get_position());
      await MPI.Request.Waitall(reqs);
      const st = new MPI.Status();
      const a = new Int32Array(2);
      const ra = fh.Iread_at(0, a);
      await ra.Wait(st);
      fh.Seek(0);
      const b = new Int32Array(1);
      await fh.Iread(b).Wait();
      const sh = fh.Iwrite_shared(new Int32Array([9]));
      await sh.Wait();
      fh.Seek(0);
      await fh.Seek_shared(0);
      const c = new Int32Array(1);
      await fh.Iread_shared(c).Wait();
      console.log(`${Array.from(a)} count=${st.Get_count(MPI.INT)} ${b[0]} ${c[0]} shared=${fh.Get_position_shared()}`);
      await fh.Close();
    });
    expect(out).toEqual([["12", "5,6 count=2 5 9 shared=4"]]);
    expect(ints(fs.get("nb.bin"))).toEqual([9, 6, 7]);
    expect(recs(r.trace, "request").filter((q) => q.kind === "io" && q.what === "complete")).toHaveLength(6);
    // The two pending operations land in whichever order the scheduler fires their events.
    const ops = recs(r.trace, "file-write").map((w) => w.op);
    expect([...ops].sort()).toEqual(["Iwrite", "Iwrite_at", "Iwrite_shared"]);
  });
});

describe("shared file pointer: Read_shared / Write_shared / Seek_shared / Get_position_shared; Read_ordered / Write_ordered", () => {
  it("Write_shared claims the next slot in whatever order the ranks get there", async () => {
    const orders = new Set<string>();
    for (let seed = 0; seed < 30; seed++) {
      const { fs } = await run(async (MPI) => {
        const comm = MPI.COMM_WORLD;
        const fh = await MPI.File.Open(comm, "q.bin", MPI.MODE_CREATE | MPI.MODE_WRONLY);
        await fh.Write_shared(new Int32Array([comm.Get_rank()]));
        await fh.Close();
      }, 4, { seed });
      const v = ints(fs.get("q.bin"));
      expect([...v].sort()).toEqual([0, 1, 2, 3]);
      orders.add(v.join(","));
    }
    expect(orders.size).toBeGreaterThan(1);
  });

  it("Write_ordered / Read_ordered go in rank order, whatever the schedule; the shared pointer moves past all", async () => {
    for (let seed = 0; seed < 20; seed++) {
      const { fs, out } = await run(async (MPI) => {
        const comm = MPI.COMM_WORLD;
        const rank = comm.Get_rank();
        const fh = await MPI.File.Open(comm, "o.bin", MPI.MODE_CREATE | MPI.MODE_RDWR);
        await fh.Set_view(0, MPI.INT);
        await fh.Write_ordered(new Int32Array(rank + 1).fill(rank));
        const after = fh.Get_position_shared();
        await fh.Sync();
        await comm.Barrier();
        await fh.Sync();
        await fh.Seek_shared(0);
        const mine = new Int32Array(rank + 1);
        await fh.Read_ordered(mine);
        const st = new MPI.Status();
        const none = new Int32Array(1);
        await fh.Read_shared(none, st); // at end of file: nothing read
        console.log(after, Array.from(mine).join(""), fh.Get_position_shared(), st.Get_count(MPI.INT));
        await fh.Close();
      }, 4, { seed });
      expect(ints(fs.get("o.bin"))).toEqual([0, 1, 1, 2, 2, 2, 3, 3, 3, 3]);
      expect(out.map((l) => l[0].split(" ").slice(0, 2))).toEqual([["10", "0"], ["10", "11"], ["10", "222"], ["10", "3333"]]);
    }
  });
});

describe("Get_size / Set_size / Preallocate / Sync / atomicity", () => {
  it("Set_size truncates or extends with zeros, Preallocate only grows; both are collective", async () => {
    const { r, fs, out } = await run(async (MPI) => {
      const comm = MPI.COMM_WORLD;
      const fh = await MPI.File.Open(comm, "z.bin", MPI.MODE_CREATE | MPI.MODE_RDWR);
      if (comm.Get_rank() === 0) await fh.Write_at(0, new Uint8Array(10).fill(1));
      await fh.Set_size(4);
      const a = fh.Get_size();
      await fh.Preallocate(2);
      const b = fh.size;
      await fh.Preallocate(8);
      console.log(a, b, fh.Get_size());
      await fh.Close();
    }, 2);
    expect(out).toEqual([["4 4 8"], ["4 4 8"]]);
    expect(Array.from(fs.get("z.bin")!)).toEqual([1, 1, 1, 1, 0, 0, 0, 0]);
    expect(recs(r.trace, "file-resize").map((x) => [x.rank, x.op, x.size])).toEqual([
      [0, "Set_size", 4], [1, "Set_size", 4], [0, "Preallocate", 2], [1, "Preallocate", 2], [0, "Preallocate", 8], [1, "Preallocate", 8],
    ]);
  });

  it("Sync records file-sync after making the caller's writes visible; Set_atomicity / Get_atomicity", async () => {
    const { r, out } = await run(async (MPI) => {
      const fh = await MPI.File.Open(MPI.COMM_WORLD, "y.bin", MPI.MODE_CREATE | MPI.MODE_RDWR);
      await fh.Write_at(0, new Int32Array([1]));
      await fh.Sync();
      await fh.Set_atomicity(true);
      console.log(fh.Get_atomicity(), fh.atomicity);
      await fh.Set_atomicity(false);
      await fh.Close();
    });
    expect(out).toEqual([["true true"]]);
    const i = r.trace.findIndex((x) => x.t === "file-visible");
    const j = r.trace.findIndex((x) => x.t === "file-sync");
    expect(i).toBeGreaterThanOrEqual(0);
    expect(i).toBeLessThan(j);
    expect(r.trace[j]).toMatchObject({ t: "file-sync", rank: 0, file: "y.bin", fh: "w.f0" });
  });
});

describe("MODE_SEQUENTIAL", () => {
  it("works through the shared pointer (Write_shared, Read_shared, DISPLACEMENT_CURRENT)", async () => {
    const { fs, out } = await run(async (MPI) => {
      const fh = await MPI.File.Open(MPI.COMM_WORLD, "tape.bin", MPI.MODE_CREATE | MPI.MODE_WRONLY | MPI.MODE_SEQUENTIAL);
      await fh.Write_shared(new Int32Array([1, 2]));
      await fh.Set_view(MPI.DISPLACEMENT_CURRENT, MPI.INT);
      console.log(fh.Get_view()[0], fh.Get_position_shared());
      await fh.Write_shared(new Int32Array([3]));
      await fh.Close();
    });
    expect(out).toEqual([["8 0"]]);
    expect(ints(fs.get("tape.bin"))).toEqual([1, 2, 3]);
  });
});
