/**
 * What instrumented code touches when it works on a typed array, DataView or ArrayBuffer: brand
 * checks, index arithmetic done exactly as ECMA-262 does it, and which bytes each view method
 * reads or writes. Pure functions over a reporter; the hooks (instrument-hooks.ts) own the state.
 */
import type { SourceLoc } from "./errors.ts";

export type View = ArrayBufferView & { readonly length: number; readonly BYTES_PER_ELEMENT: number };
type Obj = Record<PropertyKey, unknown>;
type Fn = (...args: unknown[]) => unknown;

/** Where the reports go: the hooks' memory of watched views, and the sink behind it. */
export interface ViewReporter {
  /** Does the sink watch the buffer behind this view? (memoised by the hooks) */
  viewWatched(v: ArrayBufferView): boolean;
  watches(buffer: ArrayBufferLike): boolean;
  report(kind: "load" | "store", buffer: ArrayBufferLike, off: number, len: number, loc: SourceLoc | undefined): void;
}

/** report elements [from, to) of view v (indices already clamped) */
export function elems(rep: ViewReporter, kind: "load" | "store", v: View, from: number, to: number, loc: SourceLoc): void {
  if (to > from) {
    const b = v.BYTES_PER_ELEMENT;
    rep.report(kind, v.buffer, v.byteOffset + from * b, (to - from) * b, loc);
  }
}

export function whole(rep: ViewReporter, kind: "load" | "store", v: ArrayBufferView, loc: SourceLoc): void {
  rep.report(kind, v.buffer, v.byteOffset, v.byteLength, loc);
}

const TA_PROTO: object = Object.getPrototypeOf(Int8Array.prototype);
// The %TypedArray%.prototype[@@toStringTag] getter returns undefined for anything that is not a
// typed array, across realms, without throwing: the cheapest exact brand check there is.
const TA_TAG = Object.getOwnPropertyDescriptor(TA_PROTO, Symbol.toStringTag)!.get as (this: unknown) => string | undefined;
const AB_BYTE_LENGTH = Object.getOwnPropertyDescriptor(ArrayBuffer.prototype, "byteLength")!.get as (this: unknown) => number;

export function isTypedArray(o: unknown): o is View {
  return TA_TAG.call(o) !== undefined;
}

export function isDataView(o: unknown): o is DataView {
  return ArrayBuffer.isView(o) && TA_TAG.call(o) === undefined;
}

export function isArrayBuffer(o: unknown): o is ArrayBuffer {
  if (typeof o !== "object" || o === null) return false;
  try {
    AB_BYTE_LENGTH.call(o);
    return true;
  } catch {
    return false;
  }
}

/** ToPropertyKey, exactly once, for keys that are objects (whose toString may have side effects). */
export function toKey(k: unknown): PropertyKey {
  if (typeof k === "number" || typeof k === "string" || typeof k === "symbol") return k;
  return Reflect.ownKeys({ [k as PropertyKey]: 0 })[0]!;
}

/** The element index a property key denotes on a typed array of this length, or -1 (ECMA-262 §10.4.5). */
export function elementIndex(k: PropertyKey, length: number): number {
  let n: number;
  if (typeof k === "number") {
    n = k; // -0 becomes "0" as a property key: index 0
  } else if (typeof k === "string") {
    if (k === "-0") return -1;
    n = Number(k);
    if (String(n) !== k) return -1;
  } else {
    return -1;
  }
  return Number.isInteger(n) && n >= 0 && n < length ? n : -1;
}

export function toIntegerOrInfinity(v: unknown): number {
  const n = Number(v);
  if (Number.isNaN(n)) return 0;
  return Math.trunc(n) + 0;
}

/** A relative index argument (negative counts from the end), clamped to [0, len]. */
export function relIndex(v: unknown, len: number, dflt: number): number {
  if (v === undefined) return dflt;
  const n = toIntegerOrInfinity(v);
  return n < 0 ? Math.max(len + n, 0) : Math.min(n, len);
}

const DV_SIZES: Record<string, number> = {
  Int8: 1, Uint8: 1, Int16: 2, Uint16: 2, Float16: 2, Int32: 4, Uint32: 4, Float32: 4, Float64: 8, BigInt64: 8, BigUint64: 8,
};

/** `o.name` as a function to call, failing the way `o.name()` would. */
export function method(o: unknown, name: string): Fn {
  const f = (o as Obj)[name]; // throws the engine's own TypeError for null/undefined receivers
  if (typeof f !== "function") throw new TypeError(`${name} is not a function`);
  return f as Fn;
}

/** Reports for a method call on a typed array, DataView or ArrayBuffer, after it returned. */
export function methodReport(rep: ViewReporter, o: unknown, name: string, argc: number, a: unknown, b: unknown, c: unknown, result: unknown, loc: SourceLoc): void {
  if (isTypedArray(o)) {
    const self = rep.viewWatched(o);
    if (!self && !(name === "set" && isTypedArray(a) && rep.watches(a.buffer))) return;
    const len = o.length;
    const numeric = NUMERIC_ARGS[name] ?? 0;
    if ((numeric & 1 && opaque(a)) || (numeric & 2 && opaque(b)) || (numeric & 4 && opaque(c))) {
      // Coercing an object argument again could run its valueOf twice: report the whole view.
      if (name === "set" && isTypedArray(a) && rep.watches(a.buffer)) elems(rep, "load", a, 0, a.length, loc);
      if (name === "copyWithin" || !WRITERS.has(name)) elems(rep, "load", o, 0, len, loc);
      if (WRITERS.has(name) && self) elems(rep, "store", o, 0, len, loc);
      return;
    }
    switch (name) {
      case "fill":
        elems(rep, "store", o, relIndex(b, len, 0), relIndex(c, len, len), loc);
        return;
      case "set": {
        const off = toIntegerOrInfinity(b);
        let n: number;
        if (isTypedArray(a)) {
          if (rep.watches(a.buffer)) elems(rep, "load", a, 0, a.length, loc);
          n = a.length;
        } else {
          // array-likes other than arrays might have a length getter: do not read it again
          n = Array.isArray(a) ? a.length : len - off;
        }
        if (self) elems(rep, "store", o, off, Math.min(off + n, len), loc);
        return;
      }
      case "copyWithin": {
        const to = relIndex(a, len, 0), from = relIndex(b, len, 0), fin = relIndex(c, len, len);
        const count = Math.min(fin - from, len - to);
        if (count > 0) {
          elems(rep, "load", o, from, from + count, loc);
          elems(rep, "store", o, to, to + count, loc);
        }
        return;
      }
      case "sort":
      case "reverse":
        elems(rep, "load", o, 0, len, loc);
        elems(rep, "store", o, 0, len, loc);
        return;
      case "slice":
        elems(rep, "load", o, relIndex(a, len, 0), relIndex(b, len, len), loc);
        return;
      case "at": {
        let i = toIntegerOrInfinity(a);
        if (i < 0) i += len;
        if (i >= 0 && i < len) elems(rep, "load", o, i, i + 1, loc);
        return;
      }
      case "indexOf":
      case "includes": {
        const from = relIndex(b, len, 0);
        const r = name === "indexOf" ? (result as number) : -1;
        elems(rep, "load", o, from, r >= 0 ? r + 1 : len, loc);
        return;
      }
      case "lastIndexOf": {
        let from = len - 1;
        if (argc >= 2) {
          const n = toIntegerOrInfinity(b);
          from = n >= 0 ? Math.min(n, len - 1) : len + n;
        }
        const r = result as number;
        elems(rep, "load", o, r >= 0 ? r : 0, from + 1, loc);
        return;
      }
      case "findIndex": {
        const r = result as number;
        elems(rep, "load", o, 0, r >= 0 ? r + 1 : len, loc);
        return;
      }
      case "findLastIndex": {
        const r = result as number;
        elems(rep, "load", o, r >= 0 ? r : 0, len, loc);
        return;
      }
      default:
        // join, toString, map, filter, forEach, reduce, every, some, find, entries, values, with, toSorted, …
        if (TA_READ_ALL.has(name)) elems(rep, "load", o, 0, len, loc);
        return;
    }
  }
  if (isDataView(o)) {
    const m = /^(get|set)(\w+)$/.exec(name);
    const size = m ? DV_SIZES[m[2]!] : undefined;
    if (size === undefined || !rep.viewWatched(o)) return;
    const kind = m![1] === "get" ? "load" : "store";
    if (opaque(a)) whole(rep, kind, o, loc);
    else rep.report(kind, o.buffer, o.byteOffset + toIntegerOrInfinity(a), size, loc);
    return;
  }
  if (name === "slice" && isArrayBuffer(o) && rep.watches(o)) {
    const len = o.byteLength;
    const whole_ = opaque(a) || opaque(b);
    const from = whole_ ? 0 : relIndex(a, len, 0), to = whole_ ? len : relIndex(b, len, len);
    rep.report("load", o, from, to - from, loc);
  }
}

/** Which arguments of a view method are indices the method coerces (bit 0: first, 1: second, 2: third). */
const NUMERIC_ARGS: Record<string, number> = {
  fill: 0b110, set: 0b010, copyWithin: 0b111, slice: 0b011, at: 0b001, indexOf: 0b010, includes: 0b010, lastIndexOf: 0b010,
};
const WRITERS = new Set(["fill", "set", "copyWithin", "sort", "reverse"]);

function opaque(v: unknown): boolean {
  return (typeof v === "object" && v !== null) || typeof v === "function";
}

/** Typed-array methods that read every element (approximation for the ones that may stop early). */
const TA_READ_ALL = new Set([
  "join", "toString", "toLocaleString", "map", "filter", "forEach", "reduce", "reduceRight", "every", "some",
  "find", "findLast", "entries", "values", "with", "toSorted", "toReversed",
]);

/** Method names the transform routes through the c* hooks when the receiver may be a view (keep in sync with TA_READ_ALL and methodReport). */
export const VIEW_METHODS: readonly string[] = [
  ...TA_READ_ALL, "fill", "set", "copyWithin", "sort", "reverse", "slice", "at", "indexOf", "includes", "lastIndexOf",
  "findIndex", "findLastIndex",
];
