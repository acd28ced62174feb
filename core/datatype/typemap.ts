/**
 * Flattened typemaps and pack/unpack. Every function takes (datatype, count) and lays the count
 * elements at base + i·extent (MPI 4.1 §5.1.2), so the whole message is one more Rep node and the
 * tree normalisation folds dense cases: count doubles, or a full-width subarray, is one run.
 *
 * Offsets are relative to the start of the buffer the caller has in mind (byteOffset is where
 * element 0's origin sits); they can be negative when the type has a negative lb.
 */
import { rep, walkLeaves, walkRuns, walkStrided, rawRunCount, unitCount, type Node } from "./layout.ts";
import type { Datatype } from "./datatype.ts";

/** The typemap of count elements as one tree (element i at i·extent). */
export function messageLayout(datatype: Datatype, count: number): Node {
  return rep(0, count, datatype.extent, datatype.layout);
}

/** Contiguous byte runs of a message, adjacent runs merged; `count` is the number of runs. */
export interface Segments {
  offsets: Float64Array;
  lengths: Float64Array;
  count: number;
}

/**
 * Calls emit(offset, length) for every maximal contiguous run of the message, in typemap order.
 * Allocation-free apart from the recursion; this is the primitive the other helpers build on.
 */
export function forEachRun(
  datatype: Datatype, count: number, byteOffset: number, emit: (offset: number, length: number) => void,
): void {
  let start = 0;
  let len = 0;
  walkRuns(messageLayout(datatype, count), byteOffset, (o, l) => {
    if (l === 0) return;
    if (len > 0 && o === start + len) {
      len += l;
      return;
    }
    if (len > 0) emit(start, len);
    start = o;
    len = l;
  });
  if (len > 0) emit(start, len);
}

/** Past this many runs a message's runs are walked each time rather than kept (runsAt0). */
const MAX_KEPT_RUNS = 1024;

/** Counts whose runs a layout keeps (the most recent ones). */
const KEPT_COUNTS = 4;

/**
 * The merged runs of `count` elements of a derived datatype at offset 0, kept with its layout for
 * the last few counts asked (a program sends the same column type again and again: walking its
 * tree made a closure and a context per message on each side; layout-memo.ts says why per layout).
 * Merging does not depend on where the message starts, so callers add their offset. Null when
 * there are more than MAX_KEPT_RUNS. The arrays are shared: never modified.
 */
function runsAt0(datatype: Datatype, count: number): Float64Array | null {
  const kept = datatype.layoutMemo.runs;
  for (let i = kept.length - 1; i >= 0; i--) if (kept[i].count === count) return kept[i].runs;
  let runs: Float64Array | null = null;
  if (runCountBound(datatype, count) <= MAX_KEPT_RUNS) {
    const pairs: number[] = [];
    forEachRun(datatype, count, 0, (o, l) => {
      pairs.push(o, l);
    });
    runs = Float64Array.from(pairs);
  }
  if (kept.length >= KEPT_COUNTS) kept.shift();
  kept.push({ count, runs });
  return runs;
}

/** Upper bound on the number of runs forEachRun will emit, without walking (O(tree size)). */
export function runCountBound(datatype: Datatype, count: number): number {
  return rawRunCount(messageLayout(datatype, count));
}

/** Past this many runs a checker judges the span instead (a bound on what a record carries). */
const MAX_RUNS = 256;

/**
 * The byte runs [start, end) a non-contiguous message really touches, when they are not one
 * span (null: one span, or too many runs to list): the checkers judge conflicts per location,
 * and a strided datatype leaves its gaps alone (MPI 4.1 §3.7.2, §12.7).
 */
export function runsOf(datatype: Datatype, count: number, byteOffset: number): [number, number][] | null {
  // A predefined type without gaps is one span whatever the count: nothing to walk.
  if (datatype.dense || runCountBound(datatype, count) > MAX_RUNS) return null;
  // The runs pack and unpack keep (MAX_RUNS is below MAX_KEPT_RUNS): one walk of the type serves both.
  const runs = runsAt0(datatype, count)!;
  if (runs.length <= 2) return null;
  const out: [number, number][] = new Array(runs.length / 2);
  for (let k = 0; k < runs.length; k += 2) out[k / 2] = [byteOffset + runs[k], byteOffset + runs[k] + runs[k + 1]];
  return out;
}

/** The merged runs as two parallel arrays of length `count` (views into one allocation each). */
export function segments(datatype: Datatype, count: number, byteOffset = 0): Segments {
  const cap = runCountBound(datatype, count);
  const offsets = new Float64Array(cap);
  const lengths = new Float64Array(cap);
  let n = 0;
  forEachRun(datatype, count, byteOffset, (o, l) => {
    offsets[n] = o;
    lengths[n] = l;
    n++;
  });
  return { offsets: offsets.subarray(0, n), lengths: lengths.subarray(0, n), count: n };
}

/** A family of equal runs: offset, offset + stride, … (repeat of them); stride 0 when repeat is 1. */
export interface StridedRun {
  offset: number;
  length: number;
  repeat: number;
  stride: number;
}

/**
 * The message as strided families, for range checks over large regular types (an RMA target
 * region, a file view): a column block of a 4096×4096 subarray is one StridedRun, not 4096 runs.
 * Runs are not merged across families; the union of all families is exactly the typemap.
 */
export function stridedRuns(datatype: Datatype, count: number, byteOffset = 0): StridedRun[] {
  const out: StridedRun[] = [];
  walkStrided(messageLayout(datatype, count), byteOffset, (offset, length, repeat, stride) => {
    if (length > 0) out.push({ offset, length, repeat, stride: repeat === 1 ? 0 : stride });
  });
  return out;
}

/** One basic element of a typemap: where it is and which predefined type it is. */
export interface BasicEntry {
  offset: number;
  type: Datatype;
}

/**
 * The typemap of one element as (offset, predefined type) pairs — MPI's own typemap
 * (MPI 4.1 §5.1), pair types counted as one entry. This expands every element, so use
 * forEachBasicRun for large types.
 */
export function basicLayout(datatype: Datatype): BasicEntry[] {
  const out: BasicEntry[] = [];
  forEachBasicRun(datatype, 1, 0, (offset, n, type) => {
    for (let i = 0; i < n; i++) out.push({ offset: offset + i * type.extent, type });
  });
  return out;
}

/**
 * Calls visit(offset, n, type) for every run of n consecutive elements of one predefined type
 * (at offset, offset + type.extent, …), in typemap order. Reductions and accumulate work per run.
 */
export function forEachBasicRun(
  datatype: Datatype, count: number, byteOffset: number,
  visit: (offset: number, n: number, type: Datatype) => void,
): void {
  // Leaves only ever hold predefined Datatypes (see Datatype's constructor).
  walkLeaves(messageLayout(datatype, count), byteOffset, visit as (o: number, n: number, t: unknown) => void);
}

/**
 * Number of whole basic elements in the first `bytes` bytes of a packed message of this
 * datatype (MPI_Get_elements, MPI 4.1 §5.1.12); a pair type counts as one element. Assumes a
 * non-empty datatype when bytes > 0.
 */
export function basicElementsIn(datatype: Datatype, bytes: number): number {
  if (bytes <= 0 || datatype.size === 0) return 0;
  let left = bytes;
  let elements = 0;
  let done = false;
  // Whole datatype elements first, without walking them.
  const whole = Math.floor(bytes / datatype.size);
  if (whole > 0) {
    elements = whole * unitCount(datatype.layout);
    left -= whole * datatype.size;
  }
  forEachBasicRun(datatype, 1, 0, (_o, n, t) => {
    if (done) return;
    const k = Math.min(n, Math.floor(left / t.size));
    elements += k;
    left -= k * t.size;
    if (k < n) done = true;
  });
  return elements;
}

/** Bytes of data in count elements (MPI_Pack_size without a header). */
export function packedSize(datatype: Datatype, count: number): number {
  return datatype.size * count;
}

/** Runs at most this long are copied byte by byte: cheaper than creating a subarray view. */
const SMALL_RUN = 32;

/** Gathers the message's bytes from src (element 0 at srcByteOffset) into a new contiguous array. */
export function pack(src: Uint8Array, srcByteOffset: number, datatype: Datatype, count: number): Uint8Array {
  // A predefined type without gaps: count elements are one run (the common message).
  if (datatype.dense) return src.slice(srcByteOffset, srcByteOffset + count * datatype.size);
  const out = new Uint8Array(packedSize(datatype, count));
  packInto(src, srcByteOffset, datatype, count, out, 0);
  return out;
}

/** pack into an existing array at outOffset; returns the position after the last byte written. */
export function packInto(
  src: Uint8Array, srcByteOffset: number, datatype: Datatype, count: number, out: Uint8Array, outOffset: number,
): number {
  let pos = outOffset;
  const runs = runsAt0(datatype, count);
  if (runs === null) {
    forEachRun(datatype, count, srcByteOffset, (o, l) => {
      copyBytes(src, o, out, pos, l);
      pos += l;
    });
    return pos;
  }
  for (let k = 0; k < runs.length; k += 2) {
    const l = runs[k + 1];
    copyBytes(src, srcByteOffset + runs[k], out, pos, l);
    pos += l;
  }
  return pos;
}

/** Copy n bytes: a loop for a few, set() of a view for more. */
function copyBytes(from: Uint8Array, fromOffset: number, to: Uint8Array, toOffset: number, n: number): void {
  if (n <= SMALL_RUN) {
    for (let i = 0; i < n; i++) to[toOffset + i] = from[fromOffset + i];
  } else {
    to.set(from.subarray(fromOffset, fromOffset + n), toOffset);
  }
}

/**
 * Scatters packed bytes into dst along the typemap (element 0 at dstByteOffset); bytes outside
 * the typemap are untouched. Reads packed from packedOffset; returns the position after the last
 * byte read. If packed holds fewer bytes than the typemap, only that prefix is scattered (a short
 * message into a larger receive, MPI 4.1 §3.2.4).
 */
export function unpack(
  packed: Uint8Array, dst: Uint8Array, dstByteOffset: number, datatype: Datatype, count: number, packedOffset = 0,
): number {
  let pos = packedOffset;
  const end = packed.length;
  if (datatype.dense) {
    const n = Math.min(count * datatype.size, end - pos);
    if (n <= 0) return pos;
    copyBytes(packed, pos, dst, dstByteOffset, n);
    return pos + n;
  }
  const runs = runsAt0(datatype, count);
  if (runs === null) {
    forEachRun(datatype, count, dstByteOffset, (o, l) => {
      const n = Math.min(l, end - pos);
      if (n <= 0) return;
      copyBytes(packed, pos, dst, o, n);
      pos += n;
    });
    return pos;
  }
  for (let k = 0; k < runs.length && pos < end; k += 2) {
    const n = Math.min(runs[k + 1], end - pos);
    copyBytes(packed, pos, dst, dstByteOffset + runs[k], n);
    pos += n;
  }
  return pos;
}
