import { ANY_SOURCE, ANY_TAG, UNDEFINED } from "./constants.ts";
import { MPIException } from "./errors.ts";
import { localMistake, show } from "./args.ts";
import { currentCallLoc } from "./instrument-runtime.ts";
import { Datatype, basicElementsIn } from "./datatype/index.ts";
import type { World } from "./world.ts";

/**
 * A status made through a rank's MPI.Status (core/api.ts) knows that rank, so that a mistake
 * with it is reported as the rank's mpi-error even when the program catches the exception.
 */
export const STATUS_OWNER: unique symbol = Symbol("mpisim.statusOwner");

/** What a completed receive (or request) tells: mpi4py's MPI.Status. */
export class Status {
  source = ANY_SOURCE;
  tag = ANY_TAG;
  error = 0;
  /** Bytes received. */
  count = 0;
  cancelled = false;

  Get_source(): number {
    return this.source;
  }
  Get_tag(): number {
    return this.tag;
  }
  Get_error(): number {
    return this.error;
  }
  /** Number of whole `datatype` elements received (UNDEFINED when not a whole number). */
  Get_count(datatype?: { size: number } | null): number {
    if (datatype != null && !(typeof datatype === "object" && Number.isInteger(datatype.size) && datatype.size >= 0)) {
      const o = (this as { [STATUS_OWNER]?: { world: World; rank: number } })[STATUS_OWNER];
      const msg = `Get_count needs an MPI datatype, got ${show(datatype)}`;
      throw localMistake(o?.world, o ? o.rank : -1, "ERR_TYPE", msg, "Status.Get_count");
    }
    const size = datatype ? datatype.size : 1;
    if (size === 0) return this.count === 0 ? 0 : UNDEFINED;
    return this.count % size === 0 ? this.count / size : UNDEFINED;
  }
  /** Number of basic elements received, counting a partial last datatype element (MPI 4.1 §5.1.12). */
  Get_elements(datatype?: { size: number } | null): number {
    if (datatype instanceof Datatype) {
      this.Get_count(datatype);
      return basicElementsIn(datatype, this.count);
    }
    return this.Get_count(datatype);
  }
  Is_cancelled(): boolean {
    return this.cancelled;
  }
  Set_source(s: number): void {
    this.source = s;
  }
  Set_tag(t: number): void {
    this.tag = t;
  }
  Set_error(e: number): void {
    this.error = e;
  }

  copyFrom(o: Status): void {
    this.source = o.source;
    this.tag = o.tag;
    this.error = o.error;
    this.count = o.count;
    this.cancelled = o.cancelled;
  }
}

/** The empty status MPI returns for null or inactive requests (MPI 4.1 §3.7.3). */
export function emptyStatus(): Status {
  return new Status();
}
