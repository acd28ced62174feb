/**
 * The packed data of typed collectives, as free functions: a member's contribution, mpi4py's
 * count inference, and how reductions combine contributions in rank order (MPI 4.1 §6.9.1).
 */
import { applyOpPacked, applyOpToValues, pack, packBuffer, type Datatype, type Op, type ResolvedBuffer } from "./datatype/index.ts";

/** A typed contribution: the packed data and how to read it. */
export interface Packed {
  data: Uint8Array;
  dt: Datatype;
  count: number;
}

/** mpi4py: an inferred count covers the whole buffer; an explicit count is per process (block). */
export function countIsExplicit(spec: unknown): boolean {
  if (!Array.isArray(spec)) return false;
  if (spec.length === 2) return typeof spec[1] === "number" || Array.isArray(spec[1]);
  return spec.length >= 3;
}

/**
 * What members of a reduction must agree on besides the op (MPI 4.1 §6.9.1: the same count and
 * datatype everywhere): the bytes and the basic types, so that INT and INT32_T agree but a count
 * or type that differs between ranks is a collective-mismatch instead of garbage.
 */
export function reductionSig(op: Op, c: Packed): string {
  const b = c.dt.basic;
  return `op=${op.name} bytes=${c.data.length} type=${b ? basicSig(b) : c.dt.basicTypes().map(basicSig).join("+")}`;
}

function basicSig(t: Datatype): string {
  return t.kind === "pair" ? t.name : `${t.kind}${t.size * 8}`;
}

export function packOf(b: ResolvedBuffer, count = b.count, byteOffset = b.byteOffset): Uint8Array {
  return count === b.count && byteOffset === b.byteOffset ? packBuffer(b) : pack(b.bytes, byteOffset, b.datatype, count);
}

/** inout = in op inout over count elements of dt, both given packed (MPI 4.1 §6.9.1 order). */
function combine(op: Op, input: Uint8Array, inout: Uint8Array, dt: Datatype, count: number): void {
  applyOpPacked(op, input, 0, inout, 0, dt, count);
}

/** c[lo] op c[lo+1] op … op c[hi-1], evaluated right to left so non-commutative ops keep rank order. */
export function reduceRange(op: Op, cs: Packed[], lo: number, hi: number): Uint8Array {
  const acc = cs[hi - 1].data.slice();
  for (let i = hi - 2; i >= lo; i--) combine(op, cs[i].data, acc, cs[hi - 1].dt, cs[hi - 1].count);
  return acc;
}

export function reduceValues(op: Op, vs: unknown[], lo: number, hi: number): unknown {
  let acc = vs[hi - 1];
  for (let i = hi - 2; i >= lo; i--) acc = applyOpToValues(op, vs[i], acc);
  return acc;
}

export function concat(parts: Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}
