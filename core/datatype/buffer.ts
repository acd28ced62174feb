/**
 * Buffer specifications, as mpi4py's message specs (mpi4py src/mpi4py/MPI/msgbuffer.pxi):
 *
 *   buf                          datatype inferred, count from the buffer length
 *   [buf, datatype]              count from the buffer length
 *   [buf, count]                 datatype inferred
 *   [buf, [count, displ]]        displ in units of the datatype extent
 *   [buf, count, datatype]
 *   [buf, [count, displ], datatype]
 *   [buf, count, displ, datatype]
 *   null, [null, datatype], [null, 0, datatype]    mpi4py's None (only where allowNull)
 *
 * As in mpi4py, an inferred count requires the (remaining) buffer length to be a multiple of the
 * extent. Unlike C MPI (and mpi4py, which trusts the C library), every typemap byte a message
 * would touch is checked against the typed array's bounds: overflow is ERR_BUFFER, not UB.
 */
import { MPIException, formatRange } from "../errors.ts";
import { Datatype } from "./datatype.ts";
import { inferDatatype, isBufferLike, type BufferLike, type TypedArray } from "./infer.ts";
import { BYTE } from "./predefined.ts";
import { pack, unpack } from "./typemap.ts";

export type Count = number;
export type BufferSpec =
  | BufferLike
  | null
  | readonly [BufferLike | null, Datatype]
  | readonly [BufferLike | null, Count]
  | readonly [BufferLike | null, readonly [Count, Count]]
  | readonly [BufferLike | null, Count | readonly [Count, Count], Datatype]
  | readonly [BufferLike | null, Count, Count, Datatype];

export interface ResolvedBuffer {
  /** the user's object (an empty Uint8Array for a null buffer) */
  readonly view: ArrayBufferView;
  /** view.buffer (for a small view, read only when someone asks: see SMALL_VIEWS) */
  readonly buffer: ArrayBufferLike;
  /** absolute offset in buffer where element 0's origin sits (after displ) */
  readonly byteOffset: number;
  /** a byte view over the whole underlying buffer; typemap offsets are byteOffset-relative into it */
  readonly bytes: Uint8Array;
  readonly datatype: Datatype;
  readonly count: number;
  /** absolute offset of the first byte the message touches (true lb of the span) */
  readonly spanStart: number;
  /** bytes from spanStart to the last byte touched (0 for an empty message) */
  readonly byteLength: number;
  /** mpi4py's None was passed */
  readonly isNull: boolean;
  /**
   * When the message is exactly a small typed array's elements (a dense type, no displacement,
   * the whole view): scratch views of that array's type by length, so packBuffer/unpackBuffer
   * copy through them without reading `view.buffer` (see SMALL_VIEWS). Otherwise null.
   */
  readonly direct?: readonly TypedArray[] | null;
}

export interface ResolveOptions {
  /** accept null (mpi4py None) as an empty buffer; default false */
  allowNull?: boolean;
  /** require a committed datatype (every communication call); default true */
  requireCommitted?: boolean;
}

/** ERR_TYPE unless dt is a live, committed datatype (MPI 4.1 §5.1.9: commit before communicating). */
export function assertCommitted(dt: Datatype, call: string): void {
  if (!(dt instanceof Datatype)) throw new MPIException("ERR_TYPE", `expected a Datatype, got ${describe(dt)}`, call);
  dt.usable(call);
  if (!dt.committed) {
    throw new MPIException("ERR_TYPE", `datatype ${dt.describe()} is not committed; call Commit() before using it to communicate (MPI 4.1 §5.1.9)`, call);
  }
}

/** The bytes [lo, hi) touched by count elements of dt, relative to element 0's origin. */
export function touchedSpan(dt: Datatype, count: number): { lo: number; hi: number } {
  if (count === 0 || dt.size === 0) return { lo: 0, hi: 0 };
  const last = (count - 1) * dt.extent;
  return { lo: dt.trueLb + Math.min(0, last), hi: dt.trueUb + Math.max(0, last) };
}

interface Parts {
  buf: BufferLike | null;
  count: number | null;
  displ: number | null;
  datatype: Datatype | null;
}

/**
 * The one Parts object split() fills: resolveBuffer reads it at once and calls nothing that
 * resolves another buffer meanwhile (an object per buffer resolved was garbage on every call).
 */
const PARTS: Parts = { buf: null, count: null, displ: null, datatype: null };

function parts(buf: BufferLike | null, count: number | null, displ: number | null, datatype: Datatype | null): Parts {
  PARTS.buf = buf;
  PARTS.count = count;
  PARTS.displ = displ;
  PARTS.datatype = datatype;
  return PARTS;
}

function split(spec: unknown, call: string): Parts {
  if (spec === null || spec === undefined) return parts(null, null, null, null);
  if (isBufferLike(spec)) return parts(spec, null, null, null);
  if (!Array.isArray(spec)) {
    throw new MPIException("ERR_BUFFER", `expected a typed array or [buf, …] buffer specification, got ${describe(spec)}`, call);
  }
  const a: readonly unknown[] = spec;
  const buf = a[0];
  if (buf !== null && !isBufferLike(buf)) {
    throw new MPIException("ERR_BUFFER", `the first item of a buffer specification must be a typed array, DataView or null, got ${describe(buf)}`, call);
  }
  let count: unknown = null;
  let displ: unknown = null;
  let datatype: unknown = null;
  if (a.length === 2) {
    if (a[1] instanceof Datatype) datatype = a[1];
    else count = a[1];
  } else if (a.length === 3) {
    count = a[1];
    datatype = a[2];
  } else if (a.length === 4) {
    count = a[1];
    displ = a[2];
    datatype = a[3];
  } else {
    throw new MPIException("ERR_ARG", `a buffer specification has 2 to 4 items, got ${a.length}`, call);
  }
  if (Array.isArray(count)) {
    if (count.length !== 2 || displ !== null) {
      throw new MPIException("ERR_ARG", `[count, displ] must have exactly two numbers, got ${describe(count)}`, call);
    }
    displ = (count as unknown[])[1];
    count = (count as unknown[])[0];
  }
  if (datatype !== null && !(datatype instanceof Datatype)) {
    throw new MPIException("ERR_TYPE", `expected a Datatype in the buffer specification, got ${describe(datatype)}`, call);
  }
  return parts(
    buf as BufferLike | null,
    count === null ? null : asInt(count, "count", "ERR_COUNT", call),
    displ === null ? null : asInt(displ, "displacement", "ERR_ARG", call),
    datatype as Datatype | null,
  );
}

function asInt(v: unknown, what: string, cls: "ERR_COUNT" | "ERR_ARG", call: string): number {
  if (typeof v !== "number" || !Number.isSafeInteger(v)) {
    throw new MPIException(cls, `${what} must be an integer, got ${describe(v)}`, call);
  }
  if (v < 0) throw new MPIException(cls, `negative ${what} ${v}`, call);
  return v;
}

function datatypeOf(p: Parts, call: string): Datatype {
  if (p.datatype !== null) return p.datatype;
  if (p.buf === null) return BYTE;
  const dt = inferDatatype(p.buf);
  if (dt === null) {
    throw new MPIException("ERR_TYPE", `cannot infer an MPI datatype for ${describe(p.buf)}; pass [buf, datatype]`, call);
  }
  return dt;
}

const EMPTY_VIEW = new Uint8Array(0);

/**
 * The largest memory mpisim addresses in one piece: 4 GiB, the typed-array limit of Node 20's V8
 * (a byte view of a larger ArrayBuffer cannot be made). A constant, so that a run does not depend
 * on which Node runs it.
 */
export const MAX_BUFFER_BYTES = 2 ** 32;

/** The whole ArrayBuffer as bytes; memory beyond MAX_BUFFER_BYTES is the user's mistake, refused with errorClass. */
export function wholeBytes(buffer: ArrayBufferLike, errorClass: "ERR_BUFFER" | "ERR_SIZE", what: string, call: string): Uint8Array {
  if (buffer === lastBuffer) return lastBytes;
  if (buffer.byteLength > MAX_BUFFER_BYTES) {
    throw new MPIException(errorClass, `${what} lives in an ArrayBuffer of ${buffer.byteLength} bytes; mpisim supports memory of at most ${MAX_BUFFER_BYTES} bytes (4 GiB) per buffer`, call);
  }
  // The last view made is kept for the next call: a rank's calls in a row mostly name one buffer
  // (a halo exchange's eight per iteration), and a typed array per call was the largest
  // allocation there. One entry, not a map: programs that make fresh small arrays per call (the
  // work-stealing queue) would pay a weak map's upkeep for nothing. World.finish drops it, so no
  // user memory outlives its run here. A view without a length tracks a resizable buffer's
  // length, as a fresh one would.
  const bytes = new Uint8Array(buffer);
  lastBuffer = buffer;
  lastBytes = bytes;
  return bytes;
}

let lastBuffer: ArrayBufferLike | null = null;
let lastBytes: Uint8Array = EMPTY_VIEW;

/** Forget the kept view (end of a run: it must not keep the user's memory alive). */
export function forgetByteView(): void {
  lastBuffer = null;
  lastBytes = EMPTY_VIEW;
  parts(null, null, null, null);
  lastProto = null;
  lastViews = undefined;
}

/**
 * Small typed arrays. V8 keeps a typed array of at most 64 bytes inside its own object, and the
 * first read of its `.buffer` moves it out to a new off-heap store: about a microsecond, against
 * tens of nanoseconds for the array itself. Programs that make fresh one-element arrays per call
 * (the work-stealing queue's four per claim) paid that on every RMA operation, a fifth of their
 * run. A message that is exactly such an array's elements is therefore copied through a scratch
 * array of the same type (a same-type `set`, a memmove: bits are kept, NaN payloads included),
 * and `buffer`/`bytes` are read only when someone needs the memory's identity (checkers, alias
 * checks), which still gives the same answer.
 */
const SMALL_VIEW = 64;
const SCRATCH = new ArrayBuffer(SMALL_VIEW);
const SCRATCH_BYTES = new Uint8Array(SCRATCH);
/** Typed-array prototype → scratch views of that type, indexed by length (0 … 64 / element size). */
const SMALL_VIEWS = new Map<object, readonly TypedArray[]>();
for (const C of [Int8Array, Uint8Array, Uint8ClampedArray, Int16Array, Uint16Array, Int32Array, Uint32Array, Float32Array, Float64Array, BigInt64Array, BigUint64Array]) {
  const views: TypedArray[] = [];
  for (let n = 0; n <= SMALL_VIEW / C.BYTES_PER_ELEMENT; n++) views.push(new C(SCRATCH, 0, n));
  SMALL_VIEWS.set(C.prototype, views);
}
const SCRATCH_BYTE_VIEWS = SMALL_VIEWS.get(Uint8Array.prototype) as readonly Uint8Array[];

/** The last prototype looked up and its scratch views: a program's calls mostly name one type. */
let lastProto: object | null = null;
let lastViews: readonly TypedArray[] | undefined = undefined;

/** The scratch views of a typed array's own type (undefined for a DataView or a subclass). */
function smallViewsOf(view: ArrayBufferView): readonly TypedArray[] | undefined {
  const proto = Object.getPrototypeOf(view) as object;
  if (proto !== lastProto) {
    lastProto = proto;
    lastViews = SMALL_VIEWS.get(proto);
  }
  return lastViews;
}

/** A resolved buffer; `buffer` and `bytes` are read from the view when first asked for. */
class Resolved implements ResolvedBuffer {
  // Declared and set in the constructor, not parameter properties or class fields (each would be
  // defined as undefined first under ES2022 class fields: see core/events.ts SimEvent); a buffer
  // is resolved per call.
  declare readonly view: ArrayBufferView;
  declare readonly byteOffset: number;
  declare readonly datatype: Datatype;
  declare readonly count: number;
  declare readonly spanStart: number;
  declare readonly byteLength: number;
  declare readonly isNull: boolean;
  declare readonly direct: readonly TypedArray[] | null;
  declare private mem: ArrayBufferLike | null;
  declare private whole: Uint8Array | null;
  constructor(
    view: ArrayBufferView,
    byteOffset: number,
    datatype: Datatype,
    count: number,
    spanStart: number,
    byteLength: number,
    isNull: boolean,
    direct: readonly TypedArray[] | null,
    mem: ArrayBufferLike | null,
    whole: Uint8Array | null,
  ) {
    this.view = view;
    this.byteOffset = byteOffset;
    this.datatype = datatype;
    this.count = count;
    this.spanStart = spanStart;
    this.byteLength = byteLength;
    this.isNull = isNull;
    this.direct = direct;
    this.mem = mem;
    this.whole = whole;
  }

  get buffer(): ArrayBufferLike {
    return (this.mem ??= this.view.buffer);
  }

  get bytes(): Uint8Array {
    if (this.whole === null) {
      const b = this.buffer;
      // A direct view ends below MAX_BUFFER_BYTES (resolveBuffer checks), so a prefix view of a
      // larger buffer addresses every byte it has.
      this.whole = b.byteLength > MAX_BUFFER_BYTES ? new Uint8Array(b, 0, MAX_BUFFER_BYTES) : wholeBytes(b, "ERR_BUFFER", "the buffer", "(no call: the length is checked here)");
    }
    return this.whole;
  }
}

/** The defaults, shared (a default parameter `= {}` is a new object per call). */
export const DEFAULT_OPTIONS: ResolveOptions = Object.freeze({});
export const ALLOW_NULL: ResolveOptions = Object.freeze({ allowNull: true });

const NULL_BUFFER = (datatype: Datatype) => new Resolved(EMPTY_VIEW, 0, datatype, 0, 0, 0, true, null, EMPTY_VIEW.buffer, EMPTY_VIEW);

/** Resolves a point-to-point / collective / RMA buffer specification. */
export function resolveBuffer(spec: BufferSpec | unknown, call: string, options: ResolveOptions = DEFAULT_OPTIONS): ResolvedBuffer {
  const p = split(spec, call);
  const datatype = datatypeOf(p, call);
  if (options.requireCommitted ?? true) assertCommitted(datatype, call);
  else datatype.usable(call);

  if (p.buf === null) {
    if (!options.allowNull) throw new MPIException("ERR_BUFFER", "buffer is null where a buffer is required", call);
    if (p.count !== null && p.count > 0) {
      throw new MPIException("ERR_BUFFER", `buffer is null but count is ${p.count}`, call);
    }
    return NULL_BUFFER(datatype);
  }

  const view = p.buf;
  // Read once: on a view whose type varies from call to call (Int32Array here, Float64Array
  // there) each read is a call into V8's accessor.
  const vOff = view.byteOffset;
  const vLen = view.byteLength;
  let offset = 0;
  let length = vLen;
  if (p.displ !== null && p.displ > 0) {
    if (datatype.extent <= 0) {
      throw new MPIException("ERR_ARG", `cannot apply displacement ${p.displ}: datatype extent is ${datatype.extent}`, call);
    }
    offset = p.displ * datatype.extent;
    if (offset > length) {
      throw new MPIException("ERR_BUFFER", `displacement ${p.displ} is out of bounds: the buffer holds ${Math.floor(length / datatype.extent)} ${datatype.describe()} entries`, call);
    }
    length -= offset;
  }
  let count: number;
  if (p.count !== null) count = p.count;
  else if (length === 0) count = 0;
  else {
    if (datatype.extent <= 0) {
      throw new MPIException("ERR_COUNT", `cannot infer count: datatype ${datatype.describe()} has extent ${datatype.extent}`, call);
    }
    if (length % datatype.extent !== 0) {
      throw new MPIException("ERR_COUNT", `cannot infer count: buffer length ${length} is not a multiple of datatype extent ${datatype.extent} (${datatype.describe()}); pass [buf, count, datatype]`, call);
    }
    count = length / datatype.extent;
  }

  const base = vOff + offset;
  // touchedSpan(datatype, count) shifted to base, without an object per call.
  let lo = base;
  let hi = base;
  if (count !== 0 && datatype.size !== 0) {
    const last = (count - 1) * datatype.extent;
    lo = base + datatype.trueLb + Math.min(0, last);
    hi = base + datatype.trueUb + Math.max(0, last);
  }
  if (hi > lo && (lo < vOff || hi > vOff + vLen)) {
    // The message text is made only here: resolving a buffer is on every call's path.
    checkInside(view, lo, hi, `${count} × ${datatype.describe()}${offset ? ` at displacement ${p.displ}` : ""}`, call);
  }
  if (vLen <= SMALL_VIEW && vLen > 0 && datatype.dense && lo === vOff && hi - lo === vLen && hi <= MAX_BUFFER_BYTES) {
    const direct = smallViewsOf(view);
    if (direct !== undefined) return new Resolved(view, base, datatype, count, lo, hi - lo, false, direct, null, null);
  }
  const buffer = view.buffer;
  return new Resolved(view, base, datatype, count, lo, hi - lo, false, null, buffer, wholeBytes(buffer, "ERR_BUFFER", "the buffer", call));
}

/** The message's bytes, packed (a new array). */
export function packBuffer(b: ResolvedBuffer): Uint8Array {
  const direct = b.direct;
  // The length is checked again: a view over a resizable buffer may have changed since.
  if (direct && b.view.byteLength === b.byteLength) {
    (direct[(b.view as TypedArray).length] as TypedArray & { set(a: ArrayLike<never>): void }).set(b.view as never);
    // The Uint8Array constructor copies a same-type view at once; slice() was slower per call.
    return new Uint8Array(SCRATCH_BYTE_VIEWS[b.byteLength]);
  }
  return pack(b.bytes, b.byteOffset, b.datatype, b.count);
}

/**
 * Messages of at most 8 bytes that are a small typed array's elements (a direct buffer) travel as
 * two int32 words instead of a new array: one object fewer per message of a ring or a token
 * passing loop. Int32 words keep every bit (a number would not keep a NaN's payload).
 */
export const SMALL_MESSAGE = 8;
const SCRATCH_WORDS = new Int32Array(SCRATCH, 0, 2);

/** Pack a direct buffer of at most SMALL_MESSAGE bytes into the scratch words (read them with scratchWord); false when it is not one. */
export function packSmall(b: ResolvedBuffer): boolean {
  const direct = b.direct;
  if (!direct || b.byteLength > SMALL_MESSAGE || b.view.byteLength !== b.byteLength) return false;
  (direct[(b.view as TypedArray).length] as TypedArray & { set(a: ArrayLike<never>): void }).set(b.view as never);
  return true;
}

export function scratchWord(i: 0 | 1): number {
  return SCRATCH_WORDS[i];
}

/** The first `n` bytes of a small message's words, as a new array. */
export function smallBytes(w0: number, w1: number, n: number): Uint8Array {
  SCRATCH_WORDS[0] = w0;
  SCRATCH_WORDS[1] = w1;
  return new Uint8Array(SCRATCH_BYTE_VIEWS[n]);
}

/** Unpack a small message's `n` bytes straight into a direct buffer of exactly that length; false (nothing written) otherwise. */
export function unpackSmall(w0: number, w1: number, n: number, b: ResolvedBuffer): boolean {
  const direct = b.direct;
  if (!direct || n !== b.byteLength || b.view.byteLength !== b.byteLength) return false;
  SCRATCH_WORDS[0] = w0;
  SCRATCH_WORDS[1] = w1;
  const view = b.view as TypedArray & { set(a: ArrayLike<never>): void };
  view.set(direct[view.length] as never);
  return true;
}

/**
 * Scatter packed bytes into the buffer along its typemap, `count` elements (fewer bytes than the
 * typemap fill that prefix: a short message, MPI 4.1 §3.2.4).
 */
export function unpackBuffer(data: Uint8Array, b: ResolvedBuffer, count = b.count): void {
  const direct = b.direct;
  if (direct && data.length === b.byteLength && b.view.byteLength === b.byteLength) {
    const view = b.view as TypedArray & { set(a: ArrayLike<never>): void };
    SCRATCH_BYTES.set(data);
    view.set(direct[view.length] as never);
    return;
  }
  unpack(data, b.bytes, b.byteOffset, b.datatype, count);
}

function checkInside(view: ArrayBufferView, lo: number, hi: number, what: string, call: string): void {
  if (hi <= lo) return;
  const vlo = view.byteOffset;
  const vhi = view.byteOffset + view.byteLength;
  if (lo < vlo || hi > vhi) {
    throw new MPIException(
      "ERR_BUFFER",
      `${what} touches bytes ${formatRange(lo - vlo, hi - vlo)} of a ${view.byteLength}-byte ${view.constructor.name}; the message runs past the buffer`,
      call,
    );
  }
}

export type VBufferSpec =
  | BufferLike
  | null
  | readonly [BufferLike | null, Datatype]
  | readonly [BufferLike | null, Count | readonly Count[]]
  | readonly [BufferLike | null, readonly [Count | readonly Count[] | null, Count | readonly Count[] | null]]
  | readonly [BufferLike | null, Count | readonly Count[] | readonly [Count | readonly Count[] | null, Count | readonly Count[] | null], Datatype]
  | readonly [BufferLike | null, Count | readonly Count[] | null, Count | readonly Count[] | null, Datatype];

export interface ResolvedVBuffer {
  view: ArrayBufferView;
  buffer: ArrayBufferLike;
  /** absolute offset of the buffer start; block i's element 0 sits at byteOffset + displs[i]·extent */
  byteOffset: number;
  bytes: Uint8Array;
  datatype: Datatype;
  counts: number[];
  /** in units of the datatype extent */
  displs: number[];
  isNull: boolean;
}

/**
 * Resolves a v-collective buffer (Gatherv, Scatterv, Allgatherv, Alltoallv) for nranks blocks.
 * As mpi4py: counts may be omitted (the buffer split as evenly as possible, earlier ranks getting
 * the remainder), one integer (the same for all), or an array; displs may be omitted (prefix sums
 * of counts), one integer (block i at i·displ) or an array. In [buf, [counts, displs]] the pair is
 * recognised by holding at least one array or null; [buf, [3, 4]] is counts [3, 4].
 */
export function resolveVBuffer(
  spec: VBufferSpec | unknown, call: string, nranks: number, options: ResolveOptions = {},
): ResolvedVBuffer {
  let buf: unknown;
  let counts: unknown = null;
  let displs: unknown = null;
  let dtArg: unknown = null;
  if (spec === null || spec === undefined || isBufferLike(spec)) buf = spec ?? null;
  else if (Array.isArray(spec)) {
    const a: readonly unknown[] = spec;
    if (a.length === 2) {
      buf = a[0];
      if (a[1] instanceof Datatype) dtArg = a[1];
      else counts = a[1];
    } else if (a.length === 3) [buf, counts, dtArg] = a;
    else if (a.length === 4) [buf, counts, displs, dtArg] = a;
    else throw new MPIException("ERR_ARG", `a buffer specification has 2 to 4 items, got ${a.length}`, call);
    if (a.length <= 3 && Array.isArray(counts) && counts.length === 2 && counts.some((c) => c === null || Array.isArray(c))) {
      [counts, displs] = counts as unknown[];
    }
  } else {
    throw new MPIException("ERR_BUFFER", `expected a typed array or [buf, counts, …] buffer specification, got ${describe(spec)}`, call);
  }
  if (buf !== null && !isBufferLike(buf)) {
    throw new MPIException("ERR_BUFFER", `the first item of a buffer specification must be a typed array, DataView or null, got ${describe(buf)}`, call);
  }
  if (dtArg !== null && !(dtArg instanceof Datatype)) {
    throw new MPIException("ERR_TYPE", `expected a Datatype in the buffer specification, got ${describe(dtArg)}`, call);
  }
  const datatype = datatypeOf({ buf, count: null, displ: null, datatype: dtArg }, call);
  if (options.requireCommitted ?? true) assertCommitted(datatype, call);
  else datatype.usable(call);
  if (buf === null && !options.allowNull) throw new MPIException("ERR_BUFFER", "buffer is null where a buffer is required", call);

  const view: ArrayBufferView = buf ?? EMPTY_VIEW;
  let c: number[];
  if (counts === null) {
    let total = 0;
    if (view.byteLength > 0) {
      if (datatype.extent <= 0 || view.byteLength % datatype.extent !== 0) {
        throw new MPIException("ERR_COUNT", `cannot infer counts: buffer length ${view.byteLength} is not a multiple of datatype extent ${datatype.extent} (${datatype.describe()})`, call);
      }
      total = view.byteLength / datatype.extent;
    }
    c = Array.from({ length: nranks }, (_, i) => Math.floor(total / nranks) + (total % nranks > i ? 1 : 0));
  } else c = intArray(counts, nranks, "counts", "ERR_COUNT", call);
  let d: number[];
  if (displs === null) {
    d = new Array<number>(nranks);
    let acc = 0;
    for (let i = 0; i < nranks; i++) {
      d[i] = acc;
      acc += c[i];
    }
  } else if (typeof displs === "number") {
    const step = asInt(displs, "displacement", "ERR_ARG", call);
    d = Array.from({ length: nranks }, (_, i) => i * step);
  } else d = intArray(displs, nranks, "displs", "ERR_ARG", call);

  if (buf === null && c.some((x) => x > 0)) {
    throw new MPIException("ERR_BUFFER", `buffer is null but counts are [${c.join(", ")}]`, call);
  }
  for (let i = 0; i < nranks; i++) {
    const span = touchedSpan(datatype, c[i]);
    const base = view.byteOffset + d[i] * datatype.extent;
    checkInside(view, base + span.lo, base + span.hi, `block ${i} (${c[i]} × ${datatype.describe()} at displacement ${d[i]})`, call);
  }
  return {
    view, buffer: view.buffer, byteOffset: view.byteOffset, bytes: wholeBytes(view.buffer, "ERR_BUFFER", "the buffer", call), datatype,
    counts: c, displs: d, isNull: buf === null,
  };
}

function intArray(v: unknown, n: number, what: string, cls: "ERR_COUNT" | "ERR_ARG", call: string): number[] {
  if (typeof v === "number") {
    const x = asInt(v, what, cls, call);
    return new Array<number>(n).fill(x);
  }
  if (!Array.isArray(v) && !(ArrayBuffer.isView(v) && !(v instanceof DataView))) {
    throw new MPIException(cls, `${what} must be an integer or an array of ${n} integers, got ${describe(v)}`, call);
  }
  const arr = Array.from(v as ArrayLike<unknown>);
  if (arr.length !== n) throw new MPIException(cls, `${what} has ${arr.length} entries; expected one per rank (${n})`, call);
  return arr.map((x, i) => asInt(x, `${what}[${i}]`, cls, call));
}

function describe(v: unknown): string {
  if (v === null) return "null";
  if (v === undefined) return "undefined";
  if (Array.isArray(v)) return `[${v.map(describe).join(", ")}]`;
  if (ArrayBuffer.isView(v)) return `${v.constructor.name}(${v.byteLength} bytes)`;
  if (v instanceof Datatype) return v.describe();
  if (typeof v === "object") return (v as object).constructor?.name ?? "object";
  return String(v);
}
