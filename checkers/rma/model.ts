/**
 * What an RMA operation or a local access does to memory, in the terms of MPI 4.1 §12.7
 * (Semantics and Correctness).
 */
import * as P from "../../core/datatype/predefined.ts";
import { Datatype } from "../../core/datatype/datatype.ts";
import type { SourceLoc } from "../../core/errors.ts";

/** How an access touches bytes: plain read / write, or as an accumulate-family (atomic) operation. */
export const Mode = { Read: 0, Write: 1, AtomicRead: 2, AtomicWrite: 3 } as const;
export type Mode = (typeof Mode)[keyof typeof Mode];

export function writes(m: Mode): boolean {
  return m === Mode.Write || m === Mode.AtomicWrite;
}

export function atomic(m: Mode): boolean {
  return m >= Mode.AtomicRead;
}

export type OpName = "Put" | "Get" | "Accumulate" | "Get_accumulate" | "Fetch_and_op" | "Compare_and_swap";

/**
 * The operation a call performs (Rput is a Put…). A switch, not an object lookup: the records'
 * call names are cut from longer strings ("Win.Get"), and looking up a string that is not interned
 * as an object key went through the engine's string table every time.
 */
export function baseOp(call: string): OpName {
  switch (call) {
    case "Get":
    case "Rget":
      return "Get";
    case "Compare_and_swap":
      return "Compare_and_swap";
    case "Accumulate":
    case "Raccumulate":
      return "Accumulate";
    case "Get_accumulate":
    case "Rget_accumulate":
      return "Get_accumulate";
    case "Fetch_and_op":
      return "Fetch_and_op";
    default:
      return "Put";
  }
}

/**
 * The target-side mode. Accumulate-family operations are atomic per basic element (§12.7.1);
 * a fetching one with MPI_NO_OP only reads (an atomic get), which is how RMARaceBench classifies
 * it ("rma atomic read": conflict/020, 032). Compare_and_swap may write.
 */
export function targetMode(name: OpName, accOp: string | null): Mode {
  switch (name) {
    case "Put":
      return Mode.Write;
    case "Get":
      return Mode.Read;
    case "Accumulate":
      return Mode.AtomicWrite;
    case "Get_accumulate":
    case "Fetch_and_op":
      return accOp === "MPI_NO_OP" ? Mode.AtomicRead : Mode.AtomicWrite;
    case "Compare_and_swap":
      return Mode.AtomicWrite;
  }
}

/** A passive-target lock epoch an access happened in. */
export interface LockInfo {
  win: string;
  exclusive: boolean;
  /** distinct per epoch */
  id: number;
}

/**
 * MPI 4.1 §12.5.3: an exclusive lock epoch excludes every other lock epoch on the same window
 * and target; shared ones only exclude exclusive ones. Two accesses in mutually exclusive epochs
 * cannot overlap in time (whatever the order the schedule gives them).
 */
export function excluded(a: LockInfo | null, b: LockInfo | null): boolean {
  return a !== null && b !== null && a.win === b.win && a.id !== b.id && (a.exclusive || b.exclusive);
}

/** Is `b`'s protection at least `a`'s (so an access under b may stand in for one under a)? */
export function lockCovers(a: LockInfo | null, b: LockInfo | null): boolean {
  if (a === null) return true;
  if (b === null) return false;
  return a.win === b.win && (b.exclusive || !a.exclusive);
}

/** One issued RMA operation as the checkers see it. */
export interface OpInfo {
  id: string;
  /** the user's call without "Win.": "Put", "Rget", … */
  call: string;
  name: OpName;
  win: string;
  origin: number;
  target: number;
  tbuf: string | null;
  tlo: number;
  thi: number;
  mode: Mode;
  accOp: string | null;
  basic: string | null;
  loc: SourceLoc | undefined;
  lock: LockInfo | null;
  /** local buffers: origin / compare (read) and result (written) */
  locals: LocalUse[];
  /** epochs at the origin (0: not yet) when it learnt local / remote completion */
  localEnd: number;
  remoteEnd: number;
  applied: boolean;
  /** completed at origin and target: no longer in flight (RmaChecker drops such entries in bulk) */
  retired: boolean;
  /** trace position of the apply (for the manifest form of lost updates) */
  appliedSeq: number;
  /** for a write-back: the read of the same bytes it writes back (lost-update candidates) */
  readBefore: OpInfo | null;
  /**
   * set on the view of an operation's origin/result buffer that lies in window memory: that
   * buffer access is a memory access to the window (MPI 4.1 §12.7), over at local completion
   */
  parent?: OpInfo;
}

export interface LocalUse {
  buf: string;
  lo: number;
  hi: number;
  write: boolean;
}

/**
 * When is the target access of `op` over, in its origin's epochs (0: not yet)? At remote
 * completion; for an operation that returns data, as soon as the data is at the origin (local
 * completion), since the target was read (and, for the fetching accumulates, updated) before.
 */
export function accessEnd(op: OpInfo): number {
  if (op.parent !== undefined) return op.parent.localEnd;
  if (op.remoteEnd > 0) return op.remoteEnd;
  return op.name !== "Put" && op.name !== "Accumulate" ? op.localEnd : 0;
}

const SIZES = new Map<string, number>();
for (const v of Object.values(P)) if (v instanceof Datatype) SIZES.set(v.name, v.size);

/**
 * MPI 4.1 §12.7.1: concurrent accumulate-family operations on the same location are atomic when
 * they use the same predefined datatype (and, §12.2.1 accumulate_ops default "same_op_no_op",
 * the same op or MPI_NO_OP); "the outcome of accumulate operations with overlapping types of
 * different sizes or target displacements is undefined", so the elements must line up. From one
 * origin they are moreover ordered (§12.7.2, accumulate_ordering "rar,raw,war,waw" by default),
 * "on a per-datatype granularity": whatever the ops, but still only for the same datatype
 * (RMARaceBench atomic/007 vs 010).
 */
export function atomicCompatible(a: OpInfo, b: OpInfo, sameOrigin: boolean): boolean {
  if (a.basic === null || a.basic !== b.basic) return false;
  const oa = a.accOp ?? "", ob = b.accOp ?? "";
  if (!sameOrigin && oa !== ob && oa !== "MPI_NO_OP" && ob !== "MPI_NO_OP") return false;
  const size = SIZES.get(a.basic) ?? 1;
  return (a.tlo - b.tlo) % size === 0;
}
