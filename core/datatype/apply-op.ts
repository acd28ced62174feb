/**
 * Applying an Op to typed bytes: dst = src op dst, element by element along the datatype's
 * typemap (src and dst laid out by the same datatype, element 0 at srcOffset / dstOffset).
 *
 * Values are read and written little-endian through DataViews (any alignment); C integer
 * arithmetic wraps modulo 2^bits as on x86-64 (the DataView setters wrap), 64-bit integers go
 * through BigInt, and float32 results are rounded by storing them as float32 (double rounding
 * is exact for + and × of two float32s, so this equals IEEE single arithmetic).
 */
import { MPIException } from "../errors.ts";
import type { Datatype } from "./datatype.ts";
import { typedArrayFor, type TypedArray } from "./infer.ts";
import { checkOpDatatype, type Op } from "./op.ts";
import { touchedSpan } from "./buffer.ts";
import { forEachBasicRun, forEachRun, pack, unpack } from "./typemap.ts";

type Num = number | bigint;
type Get = (dv: DataView, pos: number) => Num;
type Set = (dv: DataView, pos: number, v: Num) => void;

/** dst = src op dst for count elements of datatype. ERR_OP when op is not defined on it. */
export function applyOp(
  op: Op, src: Uint8Array, srcOffset: number, dst: Uint8Array, dstOffset: number, datatype: Datatype, count: number,
  call = "applyOp",
): void {
  checkOpDatatype(op, datatype, call);
  if (!Number.isInteger(count) || count < 0) throw new MPIException("ERR_COUNT", `count must be a non-negative integer, got ${count}`, call);
  if (count === 0 || datatype.size === 0) return;
  if (op.fn !== null) {
    applyUserOp(op, src, srcOffset, dst, dstOffset, datatype, count);
    return;
  }
  switch (op.opClass) {
    case "noop":
      return;
    case "replace": {
      // Copy through a snapshot when src and dst share memory, so overlap cannot smear values.
      const from = src.buffer === dst.buffer ? src.slice() : src;
      forEachRun(datatype, count, 0, (o, l) => dst.set(from.subarray(srcOffset + o, srcOffset + o + l), dstOffset + o));
      return;
    }
    default:
      break;
  }
  const sdv = new DataView(src.buffer, src.byteOffset, src.byteLength);
  const ddv = new DataView(dst.buffer, dst.byteOffset, dst.byteLength);
  forEachBasicRun(datatype, count, 0, (off, n, t) => {
    if (t.kind === "pair") locRun(op, t, sdv, srcOffset + off, ddv, dstOffset + off, n, t.extent, t.pairIndexOffset);
    else numericRun(op, t, sdv, srcOffset + off, ddv, dstOffset + off, n, t.extent);
  });
}

/**
 * inout = in op inout where both hold count elements of datatype *packed* (as pack() makes
 * them: the typemap's bytes back to back, a pair type's index right after its value), from
 * inOffset / inoutOffset. This is what a collective holding packed contributions needs: no
 * unpacking for predefined ops, and it is right for non-dense types such as DOUBLE_INT, whose
 * packed units are 12 bytes apart, not 16. User ops still see the datatype's own layout.
 */
export function applyOpPacked(
  op: Op, input: Uint8Array, inOffset: number, inout: Uint8Array, inoutOffset: number, datatype: Datatype, count: number,
  call = "applyOp",
): void {
  checkOpDatatype(op, datatype, call);
  if (!Number.isInteger(count) || count < 0) throw new MPIException("ERR_COUNT", `count must be a non-negative integer, got ${count}`, call);
  if (count === 0 || datatype.size === 0 || op.opClass === "noop") return;
  const bytes = count * datatype.size;
  if (op.opClass === "replace") {
    inout.set(input.subarray(inOffset, inOffset + bytes), inoutOffset);
    return;
  }
  if (op.fn !== null) {
    // Lay both out as the datatype says, let the user function run there, pack the result back.
    const span = touchedSpan(datatype, count);
    const base = -Math.min(0, span.lo);
    const size = base + Math.max(count * datatype.extent, span.hi);
    const a = new Uint8Array(size);
    const b = new Uint8Array(size);
    unpack(input.subarray(inOffset, inOffset + bytes), a, base, datatype, count);
    unpack(inout.subarray(inoutOffset, inoutOffset + bytes), b, base, datatype, count);
    applyUserOp(op, a, base, b, base, datatype, count);
    inout.set(pack(b, base, datatype, count), inoutOffset);
    return;
  }
  const sdv = new DataView(input.buffer, input.byteOffset, input.byteLength);
  const ddv = new DataView(inout.buffer, inout.byteOffset, inout.byteLength);
  let pos = 0;
  forEachBasicRun(datatype, count, 0, (_off, n, t) => {
    if (t.kind === "pair") {
      locRun(op, t, sdv, inOffset + pos, ddv, inoutOffset + pos, n, t.size, t.pairValue?.size ?? 0);
    } else numericRun(op, t, sdv, inOffset + pos, ddv, inoutOffset + pos, n, t.size);
    pos += n * t.size;
  });
}

/** n units of t, `stride` bytes apart (the extent in memory, the size when packed). */
function numericRun(
  op: Op, t: Datatype, sdv: DataView, so: number, ddv: DataView, dOff: number, n: number, stride: number,
): void {
  const f = combiner(op, t);
  const Ctor = typedArrayFor(t);
  const sAbs = sdv.byteOffset + so;
  const dAbs = ddv.byteOffset + dOff;
  // Fast path: aligned dense runs through typed arrays. They store with the same wrap-around
  // and float32 rounding as the DataView setters; byte order is the host's, which mpisim
  // requires to be little-endian (x86-64, arm64), like every other typed-array view of user memory.
  if (Ctor !== null && stride === t.size && sAbs % t.size === 0 && dAbs % t.size === 0) {
    const a = new Ctor(sdv.buffer, sAbs, n) as unknown as { [i: number]: Num };
    const b = new Ctor(ddv.buffer, dAbs, n) as unknown as { [i: number]: Num };
    for (let i = 0; i < n; i++) b[i] = f(a[i], b[i]);
    return;
  }
  const get = getter(t);
  const set = setter(t);
  for (let i = 0; i < n; i++) {
    const p = i * stride;
    set(ddv, dOff + p, f(get(sdv, so + p), get(ddv, dOff + p)));
  }
}

/** (a = in, b = inout) → in op inout, in the type's own number domain. */
function combiner(op: Op, t: Datatype): (a: Num, b: Num) => Num {
  const big = t.size === 8 && t.kind !== "float";
  const one: Num = big ? 1n : 1;
  const zero: Num = big ? 0n : 0;
  switch (op.name) {
    case "MPI_SUM":
      return (a, b) => (a as number) + (b as number);
    case "MPI_PROD":
      // 32-bit products can exceed 2^53; imul gives the exact low 32 bits, as C would wrap.
      if (t.size === 4 && t.kind !== "float") return (a, b) => Math.imul(a as number, b as number);
      return (a, b) => (a as number) * (b as number);
    // Open MPI's kernels: inout = (inout > in) ? inout : in, so a NaN in inout is replaced.
    case "MPI_MAX":
      return (a, b) => (b > a ? b : a);
    case "MPI_MIN":
      return (a, b) => (b < a ? b : a);
    case "MPI_LAND":
      return (a, b) => (a != zero && b != zero ? one : zero);
    case "MPI_LOR":
      return (a, b) => (a != zero || b != zero ? one : zero);
    case "MPI_LXOR":
      return (a, b) => ((a != zero) !== (b != zero) ? one : zero);
    case "MPI_BAND":
      return (a, b) => ((a as number) & (b as number));
    case "MPI_BOR":
      return (a, b) => ((a as number) | (b as number));
    case "MPI_BXOR":
      return (a, b) => ((a as number) ^ (b as number));
    default:
      throw new MPIException("ERR_OP", `${op.name} is not defined for ${t.name}`, "applyOp");
  }
}

function getter(t: Datatype): Get {
  const le = true;
  if (t.kind === "float") return t.size === 4 ? (dv, p) => dv.getFloat32(p, le) : (dv, p) => dv.getFloat64(p, le);
  const signed = t.kind === "int";
  switch (t.size) {
    case 1:
      return signed ? (dv, p) => dv.getInt8(p) : (dv, p) => dv.getUint8(p);
    case 2:
      return signed ? (dv, p) => dv.getInt16(p, le) : (dv, p) => dv.getUint16(p, le);
    case 4:
      return signed ? (dv, p) => dv.getInt32(p, le) : (dv, p) => dv.getUint32(p, le);
    default:
      return signed ? (dv, p) => dv.getBigInt64(p, le) : (dv, p) => dv.getBigUint64(p, le);
  }
}

function setter(t: Datatype): Set {
  const le = true;
  if (t.kind === "float") {
    return t.size === 4 ? (dv, p, v) => dv.setFloat32(p, v as number, le) : (dv, p, v) => dv.setFloat64(p, v as number, le);
  }
  // The setters reduce modulo 2^bits, which is exactly C's unsigned wrap-around (and x86's for signed).
  switch (t.size) {
    case 1:
      return (dv, p, v) => dv.setUint8(p, v as number);
    case 2:
      return (dv, p, v) => dv.setUint16(p, v as number, le);
    case 4:
      return (dv, p, v) => dv.setUint32(p, v as number, le);
    default:
      return (dv, p, v) => dv.setBigUint64(p, BigInt.asUintN(64, v as bigint), le);
  }
}

/**
 * MAXLOC/MINLOC on value–index pairs, MPI 4.1 §6.9.4: (u,i) ∘ (v,j) = (w,k) with w the max (min)
 * of u and v, and k = i if u wins, j if v wins, min(i, j) on a tie.
 */
function locRun(
  op: Op, t: Datatype, sdv: DataView, so: number, ddv: DataView, dOff: number, n: number, stride: number, io: number,
): void {
  const value = t.pairValue;
  if (value === null || (op.name !== "MPI_MAXLOC" && op.name !== "MPI_MINLOC")) {
    throw new MPIException("ERR_OP", `${op.name} is not defined for ${t.name}`, "applyOp");
  }
  const get = getter(value);
  const set = setter(value);
  const max = op.name === "MPI_MAXLOC";
  for (let e = 0; e < n; e++) {
    const sp = so + e * stride;
    const dp = dOff + e * stride;
    const u = get(sdv, sp);
    const v = get(ddv, dp);
    const i = sdv.getInt32(sp + io, true);
    const j = ddv.getInt32(dp + io, true);
    if (max ? u > v : u < v) {
      set(ddv, dp, u);
      ddv.setInt32(dp + io, i, true);
    } else if (u == v && i < j) {
      ddv.setInt32(dp + io, i, true);
    }
  }
}

/**
 * A user op sees copies: a typed array of count values for a predefined numeric datatype, else
 * Uint8Arrays of the datatype's own layout (element 0's origin at index 0, unless the typemap
 * reaches below it). Only the typemap bytes of inoutvec are copied back into dst.
 */
function applyUserOp(
  op: Op, src: Uint8Array, srcOffset: number, dst: Uint8Array, dstOffset: number, datatype: Datatype, count: number,
): void {
  const fn = op.fn;
  if (fn === null) return;
  const Ctor = datatype.isPredefined && datatype.dense ? typedArrayFor(datatype) : null;
  if (Ctor !== null) {
    const inBytes = pack(src, srcOffset, datatype, count);
    const ioBytes = pack(dst, dstOffset, datatype, count);
    const invec: TypedArray = new Ctor(inBytes.buffer, 0, count);
    const inoutvec: TypedArray = new Ctor(ioBytes.buffer, 0, count);
    fn(invec, inoutvec, datatype);
    unpack(ioBytes, dst, dstOffset, datatype, count);
    return;
  }
  const span = touchedSpan(datatype, count);
  const lo = Math.min(0, span.lo);
  const hi = Math.max(count * datatype.extent, span.hi);
  const region = (bytes: Uint8Array, offset: number): Uint8Array => {
    const r = new Uint8Array(hi - lo);
    unpack(pack(bytes, offset, datatype, count), r, -lo, datatype, count);
    return r;
  };
  const inRegion = region(src, srcOffset);
  const ioRegion = region(dst, dstOffset);
  fn(inRegion, ioRegion, datatype);
  unpack(pack(ioRegion, -lo, datatype, count), dst, dstOffset, datatype, count);
}
