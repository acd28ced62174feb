import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runProgram } from "../../scheduler/run.ts";
import { DirectoryFileSystem, IoError, MemoryFileSystem, normalizeName } from "../../core/io/index.ts";
import { MPIException, UsageError } from "../../core/errors.ts";
import { prog } from "../helpers/program.ts";
import { mpisim } from "../helpers/conformance.ts";

let root: string;
let dir: string;
let outside: string;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), "mpisim-iofs-"));
  dir = join(root, "io");
  outside = join(root, "outside");
  mkdirSync(dir);
  mkdirSync(outside);
  writeFileSync(join(outside, "secret.bin"), "secret");
});
afterEach(() => {
  chmodSync(root, 0o755);
  rmSync(root, { recursive: true, force: true });
});

/** Open `name` with amode on 1 rank in the I/O directory; returns the error class or "ok". */
async function openIn(name: string, amode: "create" | "read" | "write" = "create"): Promise<{ cls: string; message: string }> {
  let res = { cls: "ok", message: "" };
  await runProgram(prog(async (MPI) => {
    const mode = amode === "create" ? MPI.MODE_CREATE | MPI.MODE_WRONLY : amode === "read" ? MPI.MODE_RDONLY : MPI.MODE_WRONLY;
    try {
      const fh = await MPI.File.Open(MPI.COMM_WORLD, name, mode);
      if (amode !== "read") await fh.Write_at(0, new Uint8Array([7]));
      await fh.Close();
    } catch (e) {
      res = { cls: (e as MPIException).errorClass, message: (e as Error).message };
    }
  }, 1), { ioDir: dir });
  return res;
}

describe("file names", () => {
  it("are normalised relative names", () => {
    expect(normalizeName("./a//b.bin")).toBe("a/b.bin");
    expect(normalizeName("x.bin")).toBe("x.bin");
    for (const bad of ["", "/etc/passwd", "\\\\server\\x", "C:\\x", "..", "a/../../b", "../x", ".", "a\0b"]) {
      expect(() => normalizeName(bad), bad).toThrow(IoError);
    }
    expect(() => normalizeName(42)).toThrow(/must be a string/);
  });
});

describe("--io-dir: a real directory, confined", () => {
  it("files persist between runs in the directory", async () => {
    await runProgram(prog(async (MPI) => {
      const fh = await MPI.File.Open(MPI.COMM_WORLD, "persist.bin", MPI.MODE_CREATE | MPI.MODE_WRONLY);
      await fh.Write_at(MPI.COMM_WORLD.Get_rank() * 4, new Int32Array([MPI.COMM_WORLD.Get_rank() + 5]));
      await fh.Close();
    }, 2), { ioDir: dir });
    expect(Array.from(new Int32Array(new Uint8Array(readFileSync(join(dir, "persist.bin"))).buffer))).toEqual([5, 6]);
    const r = await runProgram(prog(async (MPI) => {
      const fh = await MPI.File.Open(MPI.COMM_WORLD, "persist.bin", MPI.MODE_RDONLY);
      const b = new Int32Array(2);
      await fh.Read_at(0, b);
      await fh.Close();
      console.log(Array.from(b).join(","));
    }, 1), { ioDir: dir });
    expect(r.outputs).toEqual([["5,6"]]);
    expect(Object.keys(r.files!)).toEqual(["persist.bin"]);
  });

  it("'..' and absolute names are ERR_BAD_FILE, and nothing is created outside", async () => {
    expect((await openIn("../outside/new.bin")).cls).toBe("ERR_BAD_FILE");
    expect((await openIn(join(outside, "abs.bin"))).cls).toBe("ERR_BAD_FILE");
    expect((await openIn("sub/../../outside/new.bin")).cls).toBe("ERR_BAD_FILE");
    expect(existsSync(join(outside, "new.bin"))).toBe(false);
    expect(existsSync(join(outside, "abs.bin"))).toBe(false);
  });

  it("a symlink out of the directory is ERR_ACCESS (to a file, to a directory, dangling), and the target is untouched", async () => {
    symlinkSync(join(outside, "secret.bin"), join(dir, "link.bin"));
    symlinkSync(outside, join(dir, "out"));
    symlinkSync(join(outside, "nothing-yet.bin"), join(dir, "dangling.bin"));
    const viaFile = await openIn("link.bin", "read");
    expect(viaFile.cls).toBe("ERR_ACCESS");
    expect(viaFile.message).toMatch(/outside the I\/O directory .*symlinks may not leave it/);
    expect((await openIn("link.bin", "write")).cls).toBe("ERR_ACCESS");
    expect((await openIn("out/new.bin")).cls).toBe("ERR_ACCESS");
    expect((await openIn("out/secret.bin", "read")).cls).toBe("ERR_ACCESS");
    expect((await openIn("dangling.bin")).cls).toBe("ERR_ACCESS");
    expect(readFileSync(join(outside, "secret.bin"), "utf8")).toBe("secret");
    expect(existsSync(join(outside, "new.bin"))).toBe(false);
    expect(existsSync(join(outside, "nothing-yet.bin"))).toBe(false);
  });

  it("symlinks that stay inside are followed; subdirectories must exist", async () => {
    mkdirSync(join(dir, "sub"));
    writeFileSync(join(dir, "sub", "real.bin"), new Uint8Array([1, 2]));
    symlinkSync(join(dir, "sub", "real.bin"), join(dir, "inner.bin"));
    expect((await openIn("inner.bin", "read")).cls).toBe("ok");
    expect((await openIn("sub/new.bin")).cls).toBe("ok");
    expect(existsSync(join(dir, "sub", "new.bin"))).toBe(true);
    expect((await openIn("nodir/new.bin")).cls).toBe("ERR_NO_SUCH_FILE");
  });

  it("a file without write permission is ERR_READ_ONLY for writing", async () => {
    writeFileSync(join(dir, "ro.bin"), new Uint8Array([1]));
    chmodSync(join(dir, "ro.bin"), 0o444);
    expect((await openIn("ro.bin", "write")).cls).toBe("ERR_READ_ONLY");
    expect((await openIn("ro.bin", "read")).cls).toBe("ok");
  });

  it("a missing directory is a UsageError; DirectoryFileSystem.ensure creates it", async () => {
    await expect(runProgram(prog(async () => undefined, 1), { ioDir: join(root, "nope") })).rejects.toThrow(UsageError);
    const fs = DirectoryFileSystem.ensure(join(root, "made", "here"));
    fs.create("x.bin");
    fs.write("x.bin", 4, new Uint8Array([9]));
    expect(Array.from(fs.readAll("x.bin"))).toEqual([0, 0, 0, 0, 9]);
    fs.truncate("x.bin", 2);
    expect(fs.size("x.bin")).toBe(2);
    expect(fs.names()).toEqual(["x.bin"]);
  });

  it("through the real binary: an escape attempt is a diagnostic with the class, exit 1, nothing written outside", () => {
    const program = join(root, "escape.ts");
    writeFileSync(program, `import type { MPI as M } from "mpisim";
export const ranks = 1;
export default async function main(MPI: M) {
  const fh = await MPI.File.Open(MPI.COMM_WORLD, "../outside/stolen.bin", MPI.MODE_CREATE | MPI.MODE_WRONLY);
  await fh.Close();
}
`);
    const r = mpisim(["run", "--json", "--io-dir", dir, program]);
    expect(r.code, r.stderr).toBe(1);
    const d = JSON.parse(r.stdout).diagnostics;
    expect(d[0]).toMatchObject({ kind: "mpi-error", errorClass: "ERR_BAD_FILE", call: "File.Open" });
    expect(d[0].message).toMatch(/may not leave the I\/O directory/);
    expect(d[0].where).toMatch(/escape\.ts:4:\d+$/);
    expect(existsSync(join(outside, "stolen.bin"))).toBe(false);
    const missing = mpisim(["run", "--io-dir", join(root, "nope"), program]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/the I\/O directory .* does not exist/);
  });
});

describe("MemoryFileSystem", () => {
  it("is a flat namespace of growable files; from() and get() chain runs", () => {
    const fs = MemoryFileSystem.from({ "b.bin": new Uint8Array([1]), "a/x.bin": new Uint8Array([2, 3]) });
    expect(fs.names()).toEqual(["a/x.bin", "b.bin"]);
    fs.write("b.bin", 3, new Uint8Array([4]));
    expect(Array.from(fs.get("b.bin")!)).toEqual([1, 0, 0, 4]);
    const out = new Uint8Array(4);
    expect(fs.read("b.bin", 2, out)).toBe(2);
    fs.truncate("b.bin", 1);
    expect(Array.from(fs.readAll("b.bin"))).toEqual([1]);
    fs.truncate("b.bin", 3);
    expect(Array.from(fs.readAll("b.bin"))).toEqual([1, 0, 0]);
    expect(() => fs.size("nope")).toThrow(/no file "nope"/);
  });
});

describe("file system errors are MPI error classes, never crashes", () => {
  it("opening a directory is ERR_BAD_FILE; an unwritable directory is ERR_ACCESS on create", async () => {
    mkdirSync(join(dir, "adir"));
    expect((await openIn("adir")).cls).toBe("ERR_BAD_FILE");
    expect((await openIn("adir", "read")).cls).toBe("ERR_BAD_FILE");
    if (process.getuid?.() !== 0) {
      chmodSync(dir, 0o555);
      expect((await openIn("new.bin")).cls).toBe("ERR_ACCESS");
    }
  });
});
