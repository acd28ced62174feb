import { MPIException } from "./errors.ts";
import { currentCallLoc } from "./instrument-runtime.ts";

/** mpi4py's module-level constants (values as Open MPI defines them where user code could see them). */
export const ANY_SOURCE = -1;
export const ANY_TAG = -1;
export const PROC_NULL = -2;
export const ROOT = -4;
export const UNDEFINED = -32766;
export const TAG_UB = 2147483647;

/** Sentinels: compared by identity. */
export const IN_PLACE: unique symbol = Symbol.for("mpisim.IN_PLACE");
export const BOTTOM: unique symbol = Symbol.for("mpisim.BOTTOM");
export type InPlace = typeof IN_PLACE;

export class Info {
  private map = new Map<string, string>();
  static Create(): Info {
    return new Info();
  }
  Set(key: string, value: string): void {
    this.map.set(key, value);
  }
  Get(key: string): string | null {
    return this.map.get(key) ?? null;
  }
  Delete(key: string): void {
    this.map.delete(key);
  }
  Get_nkeys(): number {
    return this.map.size;
  }
  Free(): void {}
  Dup(): Info {
    const i = new Info();
    for (const [k, v] of this.map) i.Set(k, v);
    return i;
  }
}
/** MPI_INFO_NULL: an empty info that cannot be changed (MPI 4.1 §10: Set/Delete on it are erroneous). */
class NullInfo extends Info {
  override Set(key: string): void {
    throw new MPIException("ERR_INFO", `cannot set "${key}" on MPI.INFO_NULL; use MPI.Info.Create()`, "Info.Set", -1, currentCallLoc());
  }
  override Delete(key: string): void {
    throw new MPIException("ERR_INFO", `cannot delete "${key}" from MPI.INFO_NULL`, "Info.Delete", -1, currentCallLoc());
  }
  override Free(): void {
    throw new MPIException("ERR_INFO", "cannot free MPI.INFO_NULL", "Info.Free", -1, currentCallLoc());
  }
}
export const INFO_NULL: Info = new NullInfo();

// Comparison results (Comm.Compare, Group.Compare)
export const IDENT = 0;
export const CONGRUENT = 1;
export const SIMILAR = 2;
export const UNEQUAL = 3;

// Thread levels, for Query_thread / Init_thread
export const THREAD_SINGLE = 0;
export const THREAD_FUNNELED = 1;
export const THREAD_SERIALIZED = 2;
export const THREAD_MULTIPLE = 3;
