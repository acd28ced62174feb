import type { Datatype, Op, ResolvedBuffer } from "../datatype/index.ts";
import type { SimEvent } from "../events.ts";
import type { Request } from "../request.ts";
import type { WinShared } from "./window.ts";

/** The six RMA operations (MPI 4.1 §12.3); the request-based forms share them. */
export type OpName = "Put" | "Get" | "Accumulate" | "Get_accumulate" | "Fetch_and_op" | "Compare_and_swap";

/** Where an operation lands: bytes of one target ArrayBuffer, laid out by a datatype. */
export interface TargetRef {
  buffer: ArrayBufferLike;
  /** a byte view over the whole target ArrayBuffer */
  bytes: Uint8Array;
  /** absolute offset of element 0 in that buffer */
  addr: number;
  datatype: Datatype;
  count: number;
  /** [start, end): absolute bytes the typemap touches */
  start: number;
  end: number;
  bufId: string;
}

/**
 * One issued RMA operation. It is applied at its target by its own scheduler event
 * (EventKind.RmaApply, identity origin rank + that rank's opSeq) at any moment between the call
 * and the synchronisation that completes it (MPI 4.1 §12.5: completion is only guaranteed there).
 */
export interface RmaOp {
  seq: number;
  name: OpName;
  /** the user's call ("Put", "Rput", …) */
  call: string;
  win: WinShared;
  /** world ranks, and local ranks in the window's group */
  origin: number;
  originLocal: number;
  target: number;
  targetLocal: number;
  /** origin buffer read (Put, Accumulate, Get_accumulate, Fetch_and_op, Compare_and_swap) */
  obuf: ResolvedBuffer | null;
  /** compare buffer read (Compare_and_swap) */
  cbuf: ResolvedBuffer | null;
  /** result buffer written (Get, Get_accumulate, Fetch_and_op, Compare_and_swap) */
  rbuf: ResolvedBuffer | null;
  tgt: TargetRef;
  op: Op | null;
  /**
   * Origin (and compare) data taken at local completion (Flush_local) when that came before the
   * apply event; otherwise the apply event reads the origin buffer itself. Either way the data
   * is read at one point between the call and the op's local completion, as MPI allows.
   */
  data: Uint8Array | null;
  cmp: Uint8Array | null;
  applied: boolean;
  /** the origin has learnt local / remote completion (at a synchronisation call) */
  localDone: boolean;
  remoteDone: boolean;
  event: SimEvent;
  /** Rput/Rget/…: completes when the op is applied */
  req: Request | null;
  /** virtual time the op reaches the target */
  time: number;
  /** buffers watched until local completion (null: none, the common case with nobody reading memory) */
  watched: ArrayBufferLike[] | null;
  /** opId's text, made once: its issue, apply and complete records share one string (one hash in the checkers' maps) */
  idText: string | null;
  /** held back behind an earlier accumulate of the same origin to the same bytes (MPI 4.1 §12.7.2) */
  waiting?: boolean;
}

/** The accumulate family: atomic per element and, by default, ordered per origin and location. */
export function isAccumulate(op: RmaOp): boolean {
  return op.name === "Accumulate" || op.name === "Get_accumulate" || op.name === "Fetch_and_op" || op.name === "Compare_and_swap";
}

/** Ops that write the origin's result buffer: their local completion needs the apply. */
export function writesResult(op: RmaOp): boolean {
  return op.rbuf !== null;
}

/** An operation's id in the trace, "origin:opSeq" (made only when a record or a message needs it). */
export function opId(op: RmaOp): string {
  return (op.idText ??= `${op.origin}:${op.seq}`);
}
