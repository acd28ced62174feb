/**
 * MPI-IO constants with the values Open MPI 4.1 gives them (mpi4py exposes these numbers), so a
 * program printing `MPI.MODE_CREATE | MPI.MODE_WRONLY` sees what it would see under mpiexec.
 */
import { show } from "../args.ts";

export const MODE_CREATE = 1;
export const MODE_RDONLY = 2;
export const MODE_WRONLY = 4;
export const MODE_RDWR = 8;
export const MODE_DELETE_ON_CLOSE = 16;
export const MODE_UNIQUE_OPEN = 32;
export const MODE_EXCL = 64;
export const MODE_APPEND = 128;
export const MODE_SEQUENTIAL = 256;

export const SEEK_SET = 600;
export const SEEK_CUR = 602;
export const SEEK_END = 604;

/** Set_view's disp for MODE_SEQUENTIAL files: the current position of the shared pointer (MPI 4.1 §14.3). */
export const DISPLACEMENT_CURRENT = -54278278;

export const MODE_NAMES: readonly [number, string][] = [
  [MODE_CREATE, "CREATE"], [MODE_RDONLY, "RDONLY"], [MODE_WRONLY, "WRONLY"], [MODE_RDWR, "RDWR"],
  [MODE_DELETE_ON_CLOSE, "DELETE_ON_CLOSE"], [MODE_UNIQUE_OPEN, "UNIQUE_OPEN"], [MODE_EXCL, "EXCL"],
  [MODE_APPEND, "APPEND"], [MODE_SEQUENTIAL, "SEQUENTIAL"],
];

const ALL_MODES = MODE_NAMES.reduce((a, [m]) => a | m, 0);

/** "CREATE|WRONLY" */
export function amodeName(amode: number): string {
  return MODE_NAMES.filter(([m]) => amode & m).map(([, n]) => n).join("|") || String(amode);
}

/**
 * What is wrong with an access mode, or null when it is valid (MPI 4.1 §14.2.1: exactly one of
 * RDONLY, WRONLY, RDWR; CREATE and EXCL are erroneous with RDONLY; SEQUENTIAL with RDWR).
 */
export function amodeProblem(amode: unknown): string | null {
  if (typeof amode !== "number" || !Number.isInteger(amode) || amode < 0) return `amode must be a combination of MPI.MODE_* flags, got ${show(amode)}`;
  if (amode & ~ALL_MODES) return `amode ${amode} has bits that are no MPI.MODE_* flag`;
  const access = [MODE_RDONLY, MODE_WRONLY, MODE_RDWR].filter((m) => amode & m).length;
  if (access !== 1) return `amode ${amodeName(amode)} must contain exactly one of MODE_RDONLY, MODE_WRONLY, MODE_RDWR`;
  if (amode & MODE_RDONLY && amode & (MODE_CREATE | MODE_EXCL)) return `amode ${amodeName(amode)}: MODE_CREATE and MODE_EXCL are erroneous with MODE_RDONLY`;
  if (amode & MODE_SEQUENTIAL && amode & MODE_RDWR) return `amode ${amodeName(amode)}: MODE_SEQUENTIAL is erroneous with MODE_RDWR`;
  return null;
}
