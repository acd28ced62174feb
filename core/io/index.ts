/**
 * MPI-IO: files, views, the consistency model, and the file systems behind them. The public
 * door of core/io; the HDF5-style dataset layer is core/io/h5.
 */
export { File, fileClassFor } from "./file.ts";
export { FileView } from "./view.ts";
export { IoEngine, type OpenFile } from "./engine.ts";
export { MemoryFileSystem, DirectoryFileSystem, type FileSystem } from "./fs.ts";
export { IoError, normalizeName } from "./names.ts";
export * from "./constants.ts";

import type { World } from "../world.ts";
import { UsageError } from "../errors.ts";
import { IoEngine } from "./engine.ts";
import { IoError as IoErrorClass } from "./names.ts";
import { DirectoryFileSystem, type FileSystem } from "./fs.ts";

export interface IoOptions {
  /** Back MPI-IO with this real directory (it must exist). */
  ioDir?: string;
  /** Use this file system (e.g. a MemoryFileSystem shared by chained runs). */
  fs?: FileSystem;
}

/** Give a world its file system before the ranks start (RunOptions ioDir / fs). */
export function configureIo(world: World, opts: IoOptions): void {
  if (opts.fs === undefined && opts.ioDir === undefined) return;
  let fs = opts.fs;
  if (fs === undefined) {
    try {
      fs = new DirectoryFileSystem(opts.ioDir!);
    } catch (e) {
      throw e instanceof IoErrorClass ? new UsageError(e.message) : e;
    }
  }
  IoEngine.of(world).fs = fs;
}

/** The files a finished run touched and that exist, by name (RunResult.files). */
export function ioFiles(world: World): Record<string, Uint8Array> {
  return IoEngine.peek(world)?.snapshot() ?? {};
}

import * as K from "./constants.ts";
import { fileClassFor } from "./file.ts";

/** The MPI-IO constants of every rank's namespace (Open MPI's values). */
export const IO_CONSTANTS = {
  MODE_CREATE: K.MODE_CREATE, MODE_RDONLY: K.MODE_RDONLY, MODE_WRONLY: K.MODE_WRONLY, MODE_RDWR: K.MODE_RDWR,
  MODE_DELETE_ON_CLOSE: K.MODE_DELETE_ON_CLOSE, MODE_UNIQUE_OPEN: K.MODE_UNIQUE_OPEN, MODE_EXCL: K.MODE_EXCL,
  MODE_APPEND: K.MODE_APPEND, MODE_SEQUENTIAL: K.MODE_SEQUENTIAL,
  SEEK_SET: K.SEEK_SET, SEEK_CUR: K.SEEK_CUR, SEEK_END: K.SEEK_END,
  DISPLACEMENT_CURRENT: K.DISPLACEMENT_CURRENT,
  FILE_NULL: null,
} as const;

/** The per-world part of the namespace: `MPI.File` (its static Delete belongs to that world). */
export function ioNamespace(world: World) {
  return { File: fileClassFor(world) };
}
