/**
 * The RMA subsystem's trace records (core/rma emits them; checkers/rma, the leak, buffer-race,
 * no-progress and happens-before checkers, the TUI and the SVG writer read them). Ranks are world
 * ranks, buffers are World.bufferId ids, byte ranges are [start, end) absolute offsets in that
 * ArrayBuffer. Field order at the emit sites is part of the trace hash: add fields, never reorder.
 */
import type { SourceLoc } from "../errors.ts";
import type { RecordBase } from "../trace.ts";
import type { LockType } from "./locks.ts";
import type { Flavor } from "./window.ts";

/** One per member, when Win.Create/Allocate/Create_dynamic completes. */
export interface WinCreateRecord extends RecordBase {
  t: "win-create";
  win: string;
  comm: string;
  /** the member's window memory (null: none, e.g. size 0 or a dynamic window) */
  buf: string | null;
  base: number;
  size: number;
  dispUnit: number;
  flavor: Flavor;
}

/** One per member, when Win.Free completes. */
export interface WinFreeRecord extends RecordBase {
  t: "win-free";
  win: string;
}

/** Memory attached to or detached from a dynamic window (MPI 4.1 §12.2.4). */
export interface WinRegionRecord extends RecordBase {
  t: "win-attach" | "win-detach";
  win: string;
  buf: string;
  base: number;
  size: number;
}

export type EpochKind =
  | "fence" | "lock" | "unlock" | "lock_all" | "unlock_all" | "flush" | "flush_all" | "flush_local"
  | "flush_local_all" | "sync" | "post" | "start" | "complete" | "wait";

/** A synchronisation call on a window returned (rank = the caller). */
export interface EpochRecord extends RecordBase {
  t: "epoch";
  win: string;
  kind: EpochKind;
  /** lock, unlock, flush*: the target (world rank) */
  target?: number;
  lockType?: LockType;
  assert?: number;
  /** post, start, complete, wait: the other side's group (world ranks) */
  group?: number[];
}

/** An RMA operation was called (rank = origin). */
export interface RmaIssueRecord extends RecordBase {
  t: "rma-issue";
  /** "origin:opSeq" */
  id: string;
  /** the user's call ("Put", "Rget", "Fetch_and_op", …) */
  op: string;
  win: string;
  target: number;
  /** target memory (null: nothing accessed) and its byte span */
  tbuf: string | null;
  trange: [number, number];
  /** a non-contiguous datatype's runs inside the span (absent: the whole span) */
  tsegs?: [number, number][];
  osegs?: [number, number][];
  csegs?: [number, number][];
  rsegs?: [number, number][];
  /** origin, compare and result buffers and their spans (null or absent: the operation has none) */
  obuf: string | null;
  orange: [number, number] | null;
  cbuf?: string;
  crange?: [number, number] | null;
  rbuf: string | null;
  rrange: [number, number] | null;
  /** the accumulate op ("MPI_SUM", "MPI_REPLACE", "MPI_NO_OP", "MPI_CAS" …; null: Put/Get) */
  accOp: string | null;
  /** the basic datatype's name (accumulate atomicity is per basic type, MPI 4.1 §12.7.1) */
  basic: string | null;
  loc?: SourceLoc;
}

/** The operation landed at its target (rank = target). */
export interface RmaApplyRecord extends RecordBase {
  t: "rma-apply";
  id: string;
  win: string;
  target: number;
}

/** The origin learnt that the operation completed, locally or also remotely (rank = origin). */
export interface RmaCompleteRecord extends RecordBase {
  t: "rma-complete";
  id: string;
  win: string;
  target: number;
  what: "local" | "remote";
}

export type RmaRecord =
  | WinCreateRecord
  | WinFreeRecord
  | WinRegionRecord
  | EpochRecord
  | RmaIssueRecord
  | RmaApplyRecord
  | RmaCompleteRecord;

/** One local buffer of an RMA operation: the runs it touches, and whether the operation writes it. */
export interface LocalRuns {
  buf: string;
  runs: [number, number][];
  write: boolean;
}

/**
 * The local buffers an issued operation uses until it completes locally (MPI 4.1 §12.3), in the
 * order origin, compare, result: the origin and compare buffers are read, the result buffer is
 * written. A strided datatype's gaps are not accessed: its runs, else the buffer's whole span.
 */
export function localRuns(rec: RmaIssueRecord): LocalRuns[] {
  const out: LocalRuns[] = [];
  if (rec.obuf !== null && rec.orange !== null) out.push({ buf: rec.obuf, runs: rec.osegs ?? [rec.orange], write: false });
  if (rec.cbuf !== undefined && rec.crange) out.push({ buf: rec.cbuf, runs: rec.csegs ?? [rec.crange], write: false });
  if (rec.rbuf !== null && rec.rrange !== null) out.push({ buf: rec.rbuf, runs: rec.rsegs ?? [rec.rrange], write: true });
  return out;
}
