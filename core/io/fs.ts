/**
 * Where simulated files live: an in-memory file system (the default; one per run unless the
 * harness passes one in, so runs can be chained) or a real directory (`--io-dir`). Both hold only
 * what is globally visible; the not-yet-visible writes of each rank live in the consistency layer
 * (shared-file.ts) until they are flushed here.
 *
 * Names given to these methods are already normalised by names.ts (relative, no "..").
 */
import { closeSync, fstatSync, ftruncateSync, lstatSync, mkdirSync, openSync, readSync, readdirSync, realpathSync, statSync, unlinkSync, writeSync, readFileSync } from "node:fs";
import { basename, dirname, join, relative, resolve, sep, isAbsolute } from "node:path";
import { IoError } from "./names.ts";
import type { ErrorClass } from "../errors.ts";

export interface FileSystem {
  /** For messages: "the in-memory file system", "I/O directory /tmp/x". */
  readonly label: string;
  exists(name: string): boolean;
  /** The file exists but may not be written (ERR_READ_ONLY on a writable open or a delete). */
  isReadOnly(name: string): boolean;
  /** Create an empty file when missing. */
  create(name: string): void;
  remove(name: string): void;
  size(name: string): number;
  /** Copy bytes [pos, pos + out.length) into out; returns how many exist before end of file. */
  read(name: string, pos: number, out: Uint8Array): number;
  /** Write data at pos, extending the file (with zeros in any gap). */
  write(name: string, pos: number, data: Uint8Array): void;
  /** Cut or extend (with zeros) the file to size bytes. */
  truncate(name: string, size: number): void;
  readAll(name: string): Uint8Array;
}

interface MemFile {
  data: Uint8Array;
  size: number;
  readOnly: boolean;
}

/** Files as growable byte arrays, keyed by normalised name (a flat namespace: "a/b" is just a name). */
export class MemoryFileSystem implements FileSystem {
  readonly label = "the in-memory file system";
  private files = new Map<string, MemFile>();

  /** A file system holding these files (e.g. the output of a previous run's `files`). */
  static from(files: Record<string, Uint8Array>): MemoryFileSystem {
    const fs = new MemoryFileSystem();
    for (const name of Object.keys(files).sort()) fs.put(name, files[name]);
    return fs;
  }

  /** Harness helper: put a whole file (replacing it). */
  put(name: string, bytes: Uint8Array, readOnly = false): void {
    this.files.set(name, { data: bytes.slice(), size: bytes.length, readOnly });
  }

  /** Harness helper: mark a file read-only (an open for writing then fails with ERR_READ_ONLY). */
  setReadOnly(name: string, readOnly = true): void {
    const f = this.files.get(name);
    if (f) f.readOnly = readOnly;
  }

  /** Harness helper: the file's bytes (a copy), or undefined. */
  get(name: string): Uint8Array | undefined {
    const f = this.files.get(name);
    return f ? f.data.slice(0, f.size) : undefined;
  }

  names(): string[] {
    return [...this.files.keys()].sort();
  }

  exists(name: string): boolean {
    return this.files.has(name);
  }
  isReadOnly(name: string): boolean {
    return this.files.get(name)?.readOnly ?? false;
  }
  create(name: string): void {
    if (!this.files.has(name)) this.files.set(name, { data: new Uint8Array(0), size: 0, readOnly: false });
  }
  remove(name: string): void {
    this.files.delete(name);
  }
  size(name: string): number {
    return this.file(name).size;
  }
  read(name: string, pos: number, out: Uint8Array): number {
    const f = this.file(name);
    const n = Math.max(0, Math.min(out.length, f.size - pos));
    if (n > 0) out.set(f.data.subarray(pos, pos + n));
    return n;
  }
  write(name: string, pos: number, data: Uint8Array): void {
    const f = this.file(name);
    const end = pos + data.length;
    this.reserve(f, end);
    f.data.set(data, pos);
    if (end > f.size) f.size = end;
  }
  truncate(name: string, size: number): void {
    const f = this.file(name);
    if (size > f.size) this.reserve(f, size);
    else f.data.fill(0, size, f.size);
    f.size = size;
  }
  readAll(name: string): Uint8Array {
    const f = this.file(name);
    return f.data.slice(0, f.size);
  }

  private file(name: string): MemFile {
    const f = this.files.get(name);
    if (!f) throw new IoError("ERR_NO_SUCH_FILE", `no file ${JSON.stringify(name)} in ${this.label}`);
    return f;
  }

  private reserve(f: MemFile, end: number): void {
    if (end <= f.data.length) return;
    const grown = new Uint8Array(Math.max(end, f.data.length * 2, 64));
    grown.set(f.data.subarray(0, f.size));
    f.data = grown;
  }
}

/**
 * Files in a real directory. Every access resolves the name inside the directory and refuses
 * one that leaves it through a symlink (ERR_ACCESS); the directory itself must exist.
 */
export class DirectoryFileSystem implements FileSystem {
  readonly label: string;
  readonly root: string;
  private readonly realRoot: string;

  constructor(dir: string) {
    this.root = resolve(dir);
    let st;
    try {
      st = statSync(this.root);
    } catch {
      throw new IoError("ERR_NO_SUCH_FILE", `the I/O directory ${this.root} does not exist`);
    }
    if (!st.isDirectory()) throw new IoError("ERR_BAD_FILE", `the I/O directory ${this.root} is not a directory`);
    this.realRoot = realpathSync(this.root);
    this.label = `the I/O directory ${this.root}`;
  }

  /** Create the directory (and parents) when missing, then open it. */
  static ensure(dir: string): DirectoryFileSystem {
    mkdirSync(dir, { recursive: true });
    return new DirectoryFileSystem(dir);
  }

  private inside(real: string): boolean {
    const rel = relative(this.realRoot, real);
    return rel === "" || (!rel.startsWith("..") && !isAbsolute(rel) && rel.split(sep)[0] !== "..");
  }

  /** The real path for a name, checked to stay inside the directory. */
  private path(name: string): string {
    const p = join(this.root, name);
    let exists = true;
    try {
      lstatSync(p);
    } catch {
      exists = false;
    }
    if (exists) {
      let real: string;
      try {
        real = realpathSync(p);
      } catch {
        throw new IoError("ERR_ACCESS", `${JSON.stringify(name)} is a dangling symlink in ${this.label}`);
      }
      if (!this.inside(real)) throw new IoError("ERR_ACCESS", `${JSON.stringify(name)} resolves to ${real}, outside ${this.label}: symlinks may not leave it`);
      return real;
    }
    let parent: string;
    try {
      parent = realpathSync(dirname(p));
    } catch {
      throw new IoError("ERR_NO_SUCH_FILE", `the directory of ${JSON.stringify(name)} does not exist in ${this.label}`);
    }
    if (!this.inside(parent)) throw new IoError("ERR_ACCESS", `the directory of ${JSON.stringify(name)} resolves to ${parent}, outside ${this.label}: symlinks may not leave it`);
    return join(parent, basename(p));
  }

  private regular(name: string): string {
    const p = this.path(name);
    let st;
    try {
      st = statSync(p);
    } catch {
      throw new IoError("ERR_NO_SUCH_FILE", `no file ${JSON.stringify(name)} in ${this.label}`);
    }
    if (!st.isFile()) throw new IoError("ERR_BAD_FILE", `${JSON.stringify(name)} in ${this.label} is not a regular file`);
    return p;
  }

  exists(name: string): boolean {
    const p = this.path(name);
    let st;
    try {
      st = statSync(p);
    } catch {
      return false;
    }
    if (!st.isFile()) throw new IoError("ERR_BAD_FILE", `${JSON.stringify(name)} in ${this.label} is not a regular file`);
    return true;
  }
  isReadOnly(name: string): boolean {
    // Mode bits, not access(2): under root access(W_OK) says yes to a chmod 444 file.
    return sys(name, () => (statSync(this.regular(name)).mode & 0o222) === 0);
  }
  create(name: string): void {
    const p = this.path(name);
    try {
      if (statSync(p).isFile()) return;
    } catch {
      // missing: create it below
    }
    sys(name, () => closeSync(openSync(p, "a")));
    this.regular(name);
  }
  remove(name: string): void {
    sys(name, () => unlinkSync(this.regular(name)));
  }
  size(name: string): number {
    return sys(name, () => statSync(this.regular(name)).size);
  }
  read(name: string, pos: number, out: Uint8Array): number {
    return sys(name, () => {
      const fd = openSync(this.regular(name), "r");
      try {
        let got = 0;
        while (got < out.length) {
          const n = readSync(fd, out, got, out.length - got, pos + got);
          if (n === 0) break;
          got += n;
        }
        return got;
      } finally {
        closeSync(fd);
      }
    });
  }
  write(name: string, pos: number, data: Uint8Array): void {
    sys(name, () => {
      const fd = openSync(this.regular(name), "r+");
      try {
        let put = 0;
        while (put < data.length) put += writeSync(fd, data, put, data.length - put, pos + put);
      } finally {
        closeSync(fd);
      }
    });
  }
  truncate(name: string, size: number): void {
    sys(name, () => {
      const fd = openSync(this.regular(name), "r+");
      try {
        if (fstatSync(fd).size !== size) ftruncateSync(fd, size);
      } finally {
        closeSync(fd);
      }
    });
  }
  readAll(name: string): Uint8Array {
    return sys(name, () => new Uint8Array(readFileSync(this.regular(name))));
  }

  /** Every regular file under the directory (relative names, "/"-separated, sorted); symlinks are not followed. */
  names(): string[] {
    const out: string[] = [];
    const walk = (dir: string, prefix: string) => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        if (e.isDirectory()) walk(join(dir, e.name), `${prefix}${e.name}/`);
        else if (e.isFile()) out.push(prefix + e.name);
      }
    };
    walk(this.root, "");
    return out.sort();
  }
}

/** Node's file system errors as MPI error classes (MPI 4.1 §14.7): a user's I/O problem, never a crash. */
const ERRNO_CLASSES: Record<string, ErrorClass> = {
  ENOENT: "ERR_NO_SUCH_FILE", ENOTDIR: "ERR_NO_SUCH_FILE", EACCES: "ERR_ACCESS", EPERM: "ERR_ACCESS",
  EISDIR: "ERR_BAD_FILE", ENAMETOOLONG: "ERR_BAD_FILE", ELOOP: "ERR_BAD_FILE", EEXIST: "ERR_FILE_EXISTS",
  EROFS: "ERR_READ_ONLY", ENOSPC: "ERR_NO_SPACE", EDQUOT: "ERR_QUOTA", EBUSY: "ERR_FILE_IN_USE",
};

function sys<T>(name: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof IoError) throw e;
    const code = (e as { code?: string }).code;
    if (typeof code !== "string") throw e;
    throw new IoError(ERRNO_CLASSES[code] ?? "ERR_IO", `${JSON.stringify(name)}: ${(e as Error).message}`);
  }
}
