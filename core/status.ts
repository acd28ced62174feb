import { ANY_SOURCE, ANY_TAG, UNDEFINED } from "./constants.ts";
import { MPIException } from "./errors.ts";
import { currentCallLoc } from "./instrument-runtime.ts";
import { Datatype, basicElementsIn } from "./datatype/index.ts";

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
      throw new MPIException("ERR_TYPE", `Get_count needs an MPI datatype, got ${String(datatype)}`, "Status.Get_count", -1, currentCallLoc());
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
