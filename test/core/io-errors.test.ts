import { describe, expect, it } from "vitest";
import { runProgram } from "../../scheduler/run.ts";
import { MemoryFileSystem } from "../../core/io/index.ts";
import { MPIException } from "../../core/errors.ts";
import type { MPI } from "../../core/api.ts";
import { prog } from "../helpers/program.ts";

type Body = (MPI: MPI, fs: MemoryFileSystem) => Promise<unknown>;

/**
 * Run `body` on one rank (unless `ranks`), catching the MPIException it raises: returns its error
 * class, and checks the same error became an mpi-error diagnostic naming the rank and the call.
 */
async function errorClassOf(body: Body, opts: { ranks?: number; call?: string; setup?: (fs: MemoryFileSystem) => void } = {}): Promise<string> {
  const fs = new MemoryFileSystem();
  fs.put("existing.bin", new Uint8Array(8));
  opts.setup?.(fs);
  const caught: string[] = [];
  const r = await runProgram(
    prog(async (MPI) => {
      try {
        await body(MPI, fs);
        caught.push("none");
      } catch (e) {
        if (!(e instanceof MPIException)) throw e;
        caught.push(e.errorClass);
        if (opts.call) expect(e.call).toBe(opts.call);
        expect(e.rank).toBe(MPI.COMM_WORLD.Get_rank());
      }
    }, opts.ranks ?? 1),
    { fs, seed: 2 },
  );
  expect(r.diagnostics.filter((d) => d.kind !== "mpi-error" && d.kind !== "resource-leak")).toEqual([]);
  const errs = r.diagnostics.filter((d) => d.kind === "mpi-error");
  expect(errs.length).toBeGreaterThan(0);
  expect(errs[0].errorClass).toBe(caught[0]);
  expect(errs[0].ranks).toEqual([0]);
  return caught[0];
}

const open = (MPI: MPI, name: string, amode: number) => MPI.File.Open(MPI.COMM_WORLD, name, amode);

describe("MPI-IO errors are MPIExceptions with MPI's error classes, and mpi-error diagnostics", () => {
  it.each([
    ["Write_at on MODE_RDONLY", async (MPI: MPI) => (await open(MPI, "existing.bin", MPI.MODE_RDONLY)).Write_at(0, new Int32Array(1))],
    ["Write on MODE_RDONLY", async (MPI: MPI) => (await open(MPI, "existing.bin", MPI.MODE_RDONLY)).Write(new Int32Array(1))],
    ["Write_all on MODE_RDONLY", async (MPI: MPI) => (await open(MPI, "existing.bin", MPI.MODE_RDONLY)).Write_all(new Int32Array(1))],
    ["Write_shared on MODE_RDONLY", async (MPI: MPI) => (await open(MPI, "existing.bin", MPI.MODE_RDONLY)).Write_shared(new Int32Array(1))],
    ["Iwrite_at on MODE_RDONLY", async (MPI: MPI) => (await open(MPI, "existing.bin", MPI.MODE_RDONLY)).Iwrite_at(0, new Int32Array(1))],
    ["Set_size on MODE_RDONLY", async (MPI: MPI) => (await open(MPI, "existing.bin", MPI.MODE_RDONLY)).Set_size(0)],
    ["Read_at on MODE_WRONLY", async (MPI: MPI) => (await open(MPI, "existing.bin", MPI.MODE_WRONLY)).Read_at(0, new Int32Array(1))],
    ["Read_all on MODE_WRONLY", async (MPI: MPI) => (await open(MPI, "existing.bin", MPI.MODE_WRONLY)).Read_all(new Int32Array(1))],
    ["Iread_at on MODE_WRONLY", async (MPI: MPI) => (await open(MPI, "existing.bin", MPI.MODE_WRONLY)).Iread_at(0, new Int32Array(1))],
    ["Read_ordered on MODE_WRONLY", async (MPI: MPI) => (await open(MPI, "existing.bin", MPI.MODE_WRONLY)).Read_ordered(new Int32Array(1))],
  ])("ERR_ACCESS: %s", async (_name, body) => {
    expect(await errorClassOf(body)).toBe("ERR_ACCESS");
  });

  it("ERR_NO_SUCH_FILE: Open without MODE_CREATE, Delete of a missing file", async () => {
    expect(await errorClassOf((MPI) => open(MPI, "missing.bin", MPI.MODE_RDONLY), { call: "File.Open" })).toBe("ERR_NO_SUCH_FILE");
    expect(await errorClassOf((MPI) => MPI.File.Delete("missing.bin"), { call: "File.Delete" })).toBe("ERR_NO_SUCH_FILE");
  });

  it("ERR_NO_SUCH_FILE reaches every member of the collective Open", async () => {
    const fs = new MemoryFileSystem();
    const r = await runProgram(prog(async (MPI) => {
      await MPI.File.Open(MPI.COMM_WORLD, "missing.bin", MPI.MODE_RDONLY).catch((e: MPIException) => console.log(e.errorClass));
    }, 3), { fs });
    expect(r.outputs).toEqual([["ERR_NO_SUCH_FILE"], ["ERR_NO_SUCH_FILE"], ["ERR_NO_SUCH_FILE"]]);
    expect(r.diagnostics.map((d) => d.ranks[0])).toEqual([0, 1, 2]);
  });

  it("ERR_FILE_EXISTS: MODE_CREATE | MODE_EXCL on an existing file", async () => {
    expect(await errorClassOf((MPI) => open(MPI, "existing.bin", MPI.MODE_CREATE | MPI.MODE_EXCL | MPI.MODE_WRONLY))).toBe("ERR_FILE_EXISTS");
  });

  it.each([
    ["RDONLY|WRONLY", (M: MPI) => M.MODE_RDONLY | M.MODE_WRONLY],
    ["RDWR|RDONLY", (M: MPI) => M.MODE_RDWR | M.MODE_RDONLY],
    ["CREATE|RDONLY", (M: MPI) => M.MODE_CREATE | M.MODE_RDONLY],
    ["EXCL|RDONLY", (M: MPI) => M.MODE_EXCL | M.MODE_RDONLY],
    ["SEQUENTIAL|RDWR", (M: MPI) => M.MODE_SEQUENTIAL | M.MODE_RDWR],
    ["no access mode", (M: MPI) => M.MODE_CREATE],
    ["unknown bits", (M: MPI) => M.MODE_RDONLY | 4096],
  ])("ERR_AMODE: %s", async (_name, amode) => {
    expect(await errorClassOf((MPI) => open(MPI, "existing.bin", amode(MPI)), { call: "File.Open" })).toBe("ERR_AMODE");
  });

  it.each([
    ["Write_at", (MPI: MPI, fh: Awaited<ReturnType<MPI["File"]["Open"]>>) => fh.Write_at(0, new Int32Array(1))],
    ["Read_at", (MPI: MPI, fh: Awaited<ReturnType<MPI["File"]["Open"]>>) => fh.Read_at(0, new Int32Array(1))],
    ["Write (individual pointer)", (MPI: MPI, fh: Awaited<ReturnType<MPI["File"]["Open"]>>) => fh.Write(new Int32Array(1))],
    ["Seek", (MPI: MPI, fh: Awaited<ReturnType<MPI["File"]["Open"]>>) => fh.Seek(0)],
    ["Get_position", (MPI: MPI, fh: Awaited<ReturnType<MPI["File"]["Open"]>>) => fh.Get_position()],
    ["Set_size", (MPI: MPI, fh: Awaited<ReturnType<MPI["File"]["Open"]>>) => fh.Set_size(0)],
  ])("ERR_AMODE: %s on a MODE_SEQUENTIAL file", async (_name, call) => {
    const amode = (M: MPI) => M.MODE_SEQUENTIAL | (_name === "Read_at" ? M.MODE_RDONLY : M.MODE_WRONLY);
    expect(await errorClassOf(async (MPI) => call(MPI, await open(MPI, "existing.bin", amode(MPI))))).toBe("ERR_AMODE");
  });

  it("ERR_READ_ONLY: opening a read-only file for writing (reading it is fine)", async () => {
    const setup = (fs: MemoryFileSystem) => fs.setReadOnly("existing.bin");
    expect(await errorClassOf((MPI) => open(MPI, "existing.bin", MPI.MODE_WRONLY), { setup })).toBe("ERR_READ_ONLY");
    expect(await errorClassOf((MPI) => open(MPI, "existing.bin", MPI.MODE_RDWR | MPI.MODE_CREATE), { setup })).toBe("ERR_READ_ONLY");
    expect(await errorClassOf((MPI) => MPI.File.Delete("existing.bin"), { setup })).toBe("ERR_READ_ONLY");
    const fs = new MemoryFileSystem();
    fs.put("ro.bin", new Uint8Array([1, 2, 3, 4]), true);
    const r = await runProgram(prog(async (MPI) => {
      const fh = await MPI.File.Open(MPI.COMM_WORLD, "ro.bin", MPI.MODE_RDONLY);
      const b = new Uint8Array(4);
      await fh.Read_at(0, b);
      await fh.Close();
      console.log(Array.from(b).join(""));
    }, 1), { fs });
    expect(r.outputs).toEqual([["1234"]]);
  });

  it.each([
    ["negative view displacement", (MPI: MPI, fh: Awaited<ReturnType<MPI["File"]["Open"]>>) => fh.Set_view(-8, MPI.INT)],
    ["DISPLACEMENT_CURRENT without MODE_SEQUENTIAL", (MPI: MPI, fh: Awaited<ReturnType<MPI["File"]["Open"]>>) => fh.Set_view(MPI.DISPLACEMENT_CURRENT, MPI.INT)],
    ["negative offset", (MPI: MPI, fh: Awaited<ReturnType<MPI["File"]["Open"]>>) => fh.Write_at(-1, new Int32Array(1))],
    ["fractional offset", (MPI: MPI, fh: Awaited<ReturnType<MPI["File"]["Open"]>>) => fh.Read_at(0.5, new Int32Array(1))],
    ["bad whence", (MPI: MPI, fh: Awaited<ReturnType<MPI["File"]["Open"]>>) => fh.Seek(0, 12345)],
    ["seek before the start", (MPI: MPI, fh: Awaited<ReturnType<MPI["File"]["Open"]>>) => fh.Seek(-1, MPI.SEEK_SET)],
    ["negative size", (MPI: MPI, fh: Awaited<ReturnType<MPI["File"]["Open"]>>) => fh.Set_size(-5)],
  ])("ERR_ARG: %s", async (_name, call) => {
    expect(await errorClassOf(async (MPI) => call(MPI, await open(MPI, "existing.bin", MPI.MODE_RDWR)))).toBe("ERR_ARG");
  });

  it.each([
    ["filetype not a multiple of the etype", (M: MPI) => [0, M.INT, M.SHORT.Create_contiguous(3).Commit()]],
    ["filetype going backwards", (M: MPI) => [0, M.INT, M.INT.Create_indexed([1, 1], [2, 0]).Commit()]],
    ["filetype with a negative displacement", (M: MPI) => [0, M.INT, M.INT.Create_hindexed([1], [-4]).Commit()]],
    ["filetype overlapping its next copy", (M: MPI) => [0, M.INT, M.INT.Create_contiguous(2).Create_resized(0, 4).Commit()]],
    ["uncommitted filetype", (M: MPI) => [0, M.INT, M.INT.Create_vector(2, 1, 2)]],
    ["etype DATATYPE_NULL", (M: MPI) => [0, M.DATATYPE_NULL, M.INT]],
  ])("ERR_TYPE: %s", async (_name, args) => {
    expect(await errorClassOf(async (MPI) => (await open(MPI, "existing.bin", MPI.MODE_RDWR)).Set_view(...args(MPI)), { call: "File.Set_view" })).toBe("ERR_TYPE");
  });

  it("ERR_TYPE: data that is not a whole number of etypes", async () => {
    expect(await errorClassOf(async (MPI) => {
      const fh = await open(MPI, "existing.bin", MPI.MODE_RDWR);
      await fh.Set_view(0, MPI.INT);
      await fh.Write_at(0, new Uint8Array(3));
    })).toBe("ERR_TYPE");
  });

  it("ERR_UNSUPPORTED_DATAREP: a datarep other than native", async () => {
    expect(await errorClassOf(async (MPI) => (await open(MPI, "existing.bin", MPI.MODE_RDWR)).Set_view(0, MPI.INT, MPI.INT, "external32"))).toBe("ERR_UNSUPPORTED_DATAREP");
    expect(await errorClassOf(async (MPI) => (await open(MPI, "existing.bin", MPI.MODE_RDWR)).Set_view({ datarep: "internal" }))).toBe("ERR_UNSUPPORTED_DATAREP");
  });

  it("ERR_FILE: a closed handle, closing twice, another rank's handle", async () => {
    expect(await errorClassOf(async (MPI) => {
      const fh = await open(MPI, "existing.bin", MPI.MODE_RDWR);
      await fh.Close();
      await fh.Write_at(0, new Int32Array(1));
    })).toBe("ERR_FILE");
    expect(await errorClassOf(async (MPI) => {
      const fh = await open(MPI, "existing.bin", MPI.MODE_RDWR);
      await fh.Close();
      await fh.Close();
    })).toBe("ERR_FILE");
    let leaked: unknown = null;
    const r = await runProgram(prog(async (MPI) => {
      const rank = MPI.COMM_WORLD.Get_rank();
      if (rank === 0) leaked = await MPI.File.Open(MPI.COMM_SELF, "mine.bin", MPI.MODE_CREATE | MPI.MODE_RDWR);
      await MPI.COMM_WORLD.Barrier();
      if (rank === 1) {
        try {
          (leaked as { Get_size(): number }).Get_size();
        } catch (e) {
          console.log((e as MPIException).errorClass);
        }
      }
      await MPI.COMM_WORLD.Barrier();
      if (rank === 0) await (leaked as { Close(): Promise<void> }).Close();
    }, 2));
    expect(r.outputs[1]).toEqual(["ERR_FILE"]);
  });

  it.each([["/etc/passwd"], ["../escape.bin"], ["a/../../b.bin"], [""], ["."]])("ERR_BAD_FILE: file name %j", async (name) => {
    expect(await errorClassOf((MPI) => open(MPI, name, MPI.MODE_CREATE | MPI.MODE_WRONLY))).toBe("ERR_BAD_FILE");
  });

  it("ERR_FILE_IN_USE: deleting an open file; a second open of a MODE_UNIQUE_OPEN file", async () => {
    expect(await errorClassOf(async (MPI) => {
      await open(MPI, "existing.bin", MPI.MODE_RDONLY);
      await MPI.File.Delete("existing.bin");
    })).toBe("ERR_FILE_IN_USE");
    expect(await errorClassOf(async (MPI) => {
      await open(MPI, "existing.bin", MPI.MODE_RDONLY | MPI.MODE_UNIQUE_OPEN);
      await open(MPI, "existing.bin", MPI.MODE_RDONLY);
    })).toBe("ERR_FILE_IN_USE");
  });

  it("ERR_PENDING: Close while a nonblocking operation is active", async () => {
    expect(await errorClassOf(async (MPI) => {
      const fh = await open(MPI, "existing.bin", MPI.MODE_RDWR);
      fh.Iwrite_at(0, new Int32Array(1));
      await fh.Close();
    }, { call: "File.Close" })).toBe("ERR_PENDING");
  });

  it("ERR_BUFFER / ERR_COMM from the layers underneath", async () => {
    expect(await errorClassOf(async (MPI) => (await open(MPI, "existing.bin", MPI.MODE_RDWR)).Write_at(0, "nope" as never))).toBe("ERR_BUFFER");
    expect(await errorClassOf((MPI) => MPI.File.Open(null as never, "x.bin", MPI.MODE_RDONLY))).toBe("ERR_COMM");
  });
});
