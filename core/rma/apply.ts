/**
 * What an RMA operation does to memory when its apply event fires. A single apply event carries
 * out the whole operation at once: one valid behaviour of an accumulate, which MPI 4.1 §12.7
 * makes atomic per basic element only (the checkers judge conflicts, not this code).
 */
import { applyOp, pack, packBuffer, touchedSpan, unpack, unpackBuffer, type ResolvedBuffer } from "../datatype/index.ts";
import type { RmaOp, TargetRef } from "./op.ts";

function packBuf(b: ResolvedBuffer): Uint8Array {
  return packBuffer(b);
}

function readTarget(t: TargetRef): Uint8Array {
  return pack(t.bytes, t.addr, t.datatype, t.count);
}

function writeTarget(t: TargetRef, data: Uint8Array): void {
  unpack(data, t.bytes, t.addr, t.datatype, t.count);
}

function writeResult(r: ResolvedBuffer, data: Uint8Array): void {
  unpackBuffer(data, r);
}

/** target = origin op target, element by element along the target datatype (MPI 4.1 §12.3.4). */
function accumulate(t: TargetRef, data: Uint8Array, op: NonNullable<RmaOp["op"]>, call: string): void {
  if (op.opClass === "noop") return;
  if (op.opClass === "replace") {
    writeTarget(t, data);
    return;
  }
  // Lay the origin's packed data out as the target datatype, then reduce in place.
  const span = touchedSpan(t.datatype, t.count);
  const base = -span.lo;
  const tmp = new Uint8Array(span.hi - span.lo);
  unpack(data, tmp, base, t.datatype, t.count);
  applyOp(op, tmp, base, t.bytes, t.addr, t.datatype, t.count, call);
}

/** The origin's data as the op will use it: taken early (Flush_local) or read now. */
export function originData(op: RmaOp): Uint8Array | null {
  if (op.data) return op.data;
  return op.obuf && !op.obuf.isNull ? packBuf(op.obuf) : null;
}

/** Take the origin (and compare) data now: the op is locally complete before it is applied. */
export function captureOrigin(op: RmaOp): void {
  if (op.applied) return;
  if (op.obuf && !op.obuf.isNull && !op.data) op.data = packBuf(op.obuf);
  if (op.cbuf && !op.cmp) op.cmp = packBuf(op.cbuf);
}

/** Carry the operation out at its target (and write the origin's result buffer). */
export function applyRmaOp(op: RmaOp): void {
  const t = op.tgt;
  switch (op.name) {
    case "Put":
      writeTarget(t, originData(op)!);
      return;
    case "Get":
      writeResult(op.rbuf!, readTarget(t));
      return;
    case "Accumulate":
      accumulate(t, originData(op)!, op.op!, op.call);
      return;
    case "Get_accumulate":
    case "Fetch_and_op": {
      const old = readTarget(t);
      const data = originData(op);
      if (data) accumulate(t, data, op.op!, op.call);
      writeResult(op.rbuf!, old);
      return;
    }
    case "Compare_and_swap": {
      const old = readTarget(t);
      const cmp = op.cmp ?? packBuf(op.cbuf!);
      let same = old.length === cmp.length;
      for (let i = 0; same && i < old.length; i++) same = old[i] === cmp[i];
      if (same) writeTarget(t, originData(op)!);
      writeResult(op.rbuf!, old);
      return;
    }
  }
}
