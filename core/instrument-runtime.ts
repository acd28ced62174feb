/**
 * The runtime half of source instrumentation (the compile-time half is checkers/instrument).
 *
 * Instrumented user code calls tiny hooks on `globalThis.__mpisim` instead of touching typed
 * arrays directly, the way a race detector's compiler pass turns C loads and stores into calls.
 * Every hook behaves exactly like the expression it replaced; when a sink is installed and
 * watches the ArrayBuffer behind a typed array or DataView, it also reports which bytes were read
 * ("load") or written ("store") and where in the user's source that happened.
 *
 * The state lives on globalThis, not in this module: the program's module and the simulator may
 * see different copies of this file (tsx's and vite's module graphs), and they must share one sink.
 * This file must stay free of ts-morph and of anything heavy: it is imported by core.
 */
import type { SourceLoc } from "./errors.ts";
import { notAHandle } from "./handle-check.ts";

export { userMessage, promiseHandleMessage } from "./handle-check.ts";

export interface AccessSink {
  /** Is anything about this ArrayBuffer watched right now? (fast filter; when false, no report) */
  watches(buffer: ArrayBufferLike): boolean;
  /** A local read ("load") or write ("store") of bytes [byteOffset, byteOffset+byteLength) of buffer. */
  access(
    kind: "load" | "store",
    buffer: ArrayBufferLike,
    byteOffset: number,
    byteLength: number,
    loc: SourceLoc | undefined,
  ): void;
}

/** Bumped whenever a hook is added or changes meaning; the transform embeds it in its cache key. */
export const RUNTIME_VERSION = 2;

/** Compound assignment operators, in the order the transform numbers them (`a[i] OP= v`). */
export const COMPOUND_OPS = ["+", "-", "*", "/", "%", "**", "<<", ">>", ">>>", "&", "|", "^", "&&", "||", "??"] as const;

/** `++`/`--` forms for the `i` hook. */
export const INC_MODES = { preInc: 0, preDec: 1, postInc: 2, postDec: 3 } as const;

/**
 * The hooks the transform emits calls to. Parameter types are `unknown` on purpose: the receiver
 * may be anything the user's `any` held, and then the hook is just the original expression.
 */
export interface Hooks {
  readonly version: number;
  /** `o[k]` */
  l(o: unknown, k: unknown, loc: SourceLoc): unknown;
  /** `o?.[k]` at the end of an optional chain */
  lq(o: unknown, k: unknown, loc: SourceLoc): unknown;
  /** `o[k] = v` (returns v) */
  s(o: unknown, k: unknown, v: unknown, loc: SourceLoc): unknown;
  /** `o[k] OP= v` with OP = COMPOUND_OPS[op]; v already evaluated (the transform only uses this for side-effect-free v) */
  u(o: unknown, k: unknown, op: number, v: unknown, loc: SourceLoc): unknown;
  /** `++o[k]`, `--o[k]`, `o[k]++`, `o[k]--` (mode from INC_MODES) */
  i(o: unknown, k: unknown, mode: number, loc: SourceLoc): unknown;
  /** an assignment-target reference: `[o[k]] = …` becomes `[w(o, k, loc).v] = …` */
  w(o: unknown, k: unknown, loc: SourceLoc): { v: unknown };
  /** `o.name()`, `o.name(a)`, `o.name(a, b)`, `o.name(a, b, c)`, `o.name(...args)` */
  c0(o: unknown, name: string, loc: SourceLoc): unknown;
  c1(o: unknown, name: string, loc: SourceLoc, a: unknown): unknown;
  c2(o: unknown, name: string, loc: SourceLoc, a: unknown, b: unknown): unknown;
  c3(o: unknown, name: string, loc: SourceLoc, a: unknown, b: unknown, c: unknown): unknown;
  cn(o: unknown, name: string, loc: SourceLoc, args: readonly unknown[]): unknown;
  /** a read of the whole view x (spread, `${x}`, `new Float64Array(x)`, `Array.from(x)`); returns x */
  r<T>(x: T, loc: SourceLoc): T;
  /** like r, and an ArrayBuffer counts too (console.log, structuredClone) */
  ra<T>(x: T, loc: SourceLoc): T;
  /** an iterable whose elements are reported one by one as they are read (for…of, destructuring, yield*) */
  it<T>(x: T, loc: SourceLoc): T;
  /** call-site marker: remembers loc as the MPI call being made, returns v unchanged */
  k<T>(v: T, loc: SourceLoc): T;
  /** call-site marker for calls without arguments where the receiver cannot be wrapped */
  k0(loc: SourceLoc): void;
  /** call-site marker on the receiver (source text `text`) of `.name(…)`: when it has no such method, fails in the user's words (handle-check.ts) */
  m<T>(recv: T, name: string, loc: SourceLoc, text: string): T;
  /** registers a module's location table ("line:col,line:col,…") and returns its frozen SourceLocs */
  locs(file: string, packed: string): readonly SourceLoc[];
  /** sink and call-location plumbing (the exported functions below delegate here) */
  setSink(sink: AccessSink | null): void;
  getCallLoc(): SourceLoc | undefined;
  setCallLoc(loc: SourceLoc | undefined): void;
  invalidate(): void;
}

type Obj = Record<PropertyKey, unknown>;
type Fn = (...args: unknown[]) => unknown;
type View = ArrayBufferView & { readonly length: number; readonly BYTES_PER_ELEMENT: number };

interface GlobalWithHooks {
  __mpisim?: Hooks;
}

const G = globalThis as unknown as GlobalWithHooks;

/** Install `globalThis.__mpisim` if no copy of this runtime has done so yet. Idempotent. */
export function installRuntime(): void {
  if (G.__mpisim === undefined) {
    Object.defineProperty(globalThis, "__mpisim", {
      value: createHooks(),
      writable: false,
      enumerable: false,
      configurable: true,
    });
  }
}

/** The installed hooks (installing them if needed). */
export function runtimeHooks(): Hooks {
  installRuntime();
  return G.__mpisim!;
}

export function setAccessSink(sink: AccessSink | null): void {
  runtimeHooks().setSink(sink);
}

/** The source location of the MPI call being made right now (set by a marker the transform injects before each MPI-looking call); undefined in uninstrumented code. */
export function currentCallLoc(): SourceLoc | undefined {
  const h = G.__mpisim;
  return h === undefined ? undefined : h.getCallLoc();
}

export function setCurrentCallLoc(loc: SourceLoc | undefined): void {
  runtimeHooks().setCallLoc(loc);
}

/**
 * Tell the hooks that the sink's answer to `watches()` may have changed (a window, request or
 * epoch started or ended). The hooks remember the answer for the last view they saw, because
 * `view.buffer` plus a lookup per element access is what makes watched code slow; the memory is
 * also dropped on every setAccessSink (each rank switch) and at every instrumented MPI call, so
 * calling this is only needed when the watched set changes some other way.
 */
export function watchesChanged(): void {
  G.__mpisim?.invalidate();
}

// ------------------------------------------------------------------------------------------------
// Hook implementation. The fast paths (`sink === null`) must stay tiny so V8 inlines them into the
// user's code; everything else is in the *Slow functions.

const TA_PROTO: object = Object.getPrototypeOf(Int8Array.prototype);
// The %TypedArray%.prototype[@@toStringTag] getter returns undefined for anything that is not a
// typed array, across realms, without throwing: the cheapest exact brand check there is.
const TA_TAG = Object.getOwnPropertyDescriptor(TA_PROTO, Symbol.toStringTag)!.get as (this: unknown) => string | undefined;
const AB_BYTE_LENGTH = Object.getOwnPropertyDescriptor(ArrayBuffer.prototype, "byteLength")!.get as (this: unknown) => number;

function isTypedArray(o: unknown): o is View {
  return TA_TAG.call(o) !== undefined;
}

function isDataView(o: unknown): o is DataView {
  return ArrayBuffer.isView(o) && TA_TAG.call(o) === undefined;
}

function isArrayBuffer(o: unknown): o is ArrayBuffer {
  if (typeof o !== "object" || o === null) return false;
  try {
    AB_BYTE_LENGTH.call(o);
    return true;
  } catch {
    return false;
  }
}

/** ToPropertyKey, exactly once, for keys that are objects (whose toString may have side effects). */
function toKey(k: unknown): PropertyKey {
  if (typeof k === "number" || typeof k === "string" || typeof k === "symbol") return k;
  return Reflect.ownKeys({ [k as PropertyKey]: 0 })[0]!;
}

/** The element index a property key denotes on a typed array of this length, or -1 (ECMA-262 §10.4.5). */
function elementIndex(k: PropertyKey, length: number): number {
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

function toIntegerOrInfinity(v: unknown): number {
  const n = Number(v);
  if (Number.isNaN(n)) return 0;
  return Math.trunc(n) + 0;
}

/** A relative index argument (negative counts from the end), clamped to [0, len]. */
function relIndex(v: unknown, len: number, dflt: number): number {
  if (v === undefined) return dflt;
  const n = toIntegerOrInfinity(v);
  return n < 0 ? Math.max(len + n, 0) : Math.min(n, len);
}

const DV_SIZES: Record<string, number> = {
  Int8: 1, Uint8: 1, Int16: 2, Uint16: 2, Float16: 2, Int32: 4, Uint32: 4, Float32: 4, Float64: 8, BigInt64: 8, BigUint64: 8,
};

/** `o.name` as a function to call, failing the way `o.name()` would. */
function method(o: unknown, name: string): Fn {
  const f = (o as Obj)[name]; // throws the engine's own TypeError for null/undefined receivers
  if (typeof f !== "function") throw new TypeError(`${name} is not a function`);
  return f as Fn;
}

function createHooks(): Hooks {
  let sink: AccessSink | null = null;
  let callLoc: SourceLoc | undefined = undefined;
  // A small memory of the last views asked about (see watchesChanged()): loops usually touch a
  // handful of arrays, and `view.buffer` is a C++ call in V8.
  let generation = 0;
  let memoGeneration = -1;
  const memoViews: unknown[] = [null, null, null, null];
  const memoWatched: boolean[] = [false, false, false, false];
  let memoNext = 0;
  /** Does the sink watch the buffer behind this view (a typed array or DataView)? */
  const viewWatched = (v: ArrayBufferView): boolean => {
    if (memoGeneration !== generation) {
      memoViews[0] = memoViews[1] = memoViews[2] = memoViews[3] = null;
      memoGeneration = generation;
    } else {
      if (memoViews[0] === v) return memoWatched[0]!;
      if (memoViews[1] === v) return memoWatched[1]!;
      if (memoViews[2] === v) return memoWatched[2]!;
      if (memoViews[3] === v) return memoWatched[3]!;
    }
    const w = sink!.watches(v.buffer);
    const i = memoNext;
    memoNext = (i + 1) & 3;
    memoViews[i] = v;
    memoWatched[i] = w;
    return w;
  };

  const report = (kind: "load" | "store", buffer: ArrayBufferLike, off: number, len: number, loc: SourceLoc | undefined) => {
    if (len > 0) sink!.access(kind, buffer, off, len, loc);
  };

  /** report elements [from, to) of view v (indices already clamped) */
  const elems = (kind: "load" | "store", v: View, from: number, to: number, loc: SourceLoc) => {
    if (to > from) {
      const b = v.BYTES_PER_ELEMENT;
      report(kind, v.buffer, v.byteOffset + from * b, (to - from) * b, loc);
    }
  };

  const whole = (kind: "load" | "store", v: ArrayBufferView, loc: SourceLoc) => {
    report(kind, v.buffer, v.byteOffset, v.byteLength, loc);
  };

  /** A view the memory already knows to be unwatched (no brand check needed: only views get in). */
  const knownQuiet = (o: unknown): boolean =>
    memoGeneration === generation &&
    ((o === memoViews[0] && !memoWatched[0]) ||
      (o === memoViews[1] && !memoWatched[1]) ||
      (o === memoViews[2] && !memoWatched[2]) ||
      (o === memoViews[3] && !memoWatched[3]));

  const loadSlow = (o: unknown, k: unknown, loc: SourceLoc): unknown => {
    if (knownQuiet(o) || !isTypedArray(o)) return (o as Obj)[k as PropertyKey];
    const key = typeof k === "number" ? k : toKey(k);
    const v = (o as unknown as Obj)[key];
    if (viewWatched(o)) {
      const idx = elementIndex(key, o.length);
      if (idx >= 0) elems("load", o, idx, idx + 1, loc);
    }
    return v;
  };

  const storeSlow = (o: unknown, k: unknown, v: unknown, loc: SourceLoc): unknown => {
    if (knownQuiet(o) || !isTypedArray(o)) return ((o as Obj)[k as PropertyKey] = v);
    const key = typeof k === "number" ? k : toKey(k);
    (o as unknown as Obj)[key] = v;
    if (viewWatched(o)) {
      const idx = elementIndex(key, o.length);
      if (idx >= 0) elems("store", o, idx, idx + 1, loc);
    }
    return v;
  };

  const apply = (op: number, a: unknown, b: unknown): unknown => {
    const x = a as number, y = b as number;
    switch (op) {
      case 0: return (a as string) + (b as string);
      case 1: return x - y;
      case 2: return x * y;
      case 3: return x / y;
      case 4: return x % y;
      case 5: return x ** y;
      case 6: return x << y;
      case 7: return x >> y;
      case 8: return x >>> y;
      case 9: return x & y;
      case 10: return x | y;
      case 11: return x ^ y;
      default: throw new Error(`mpisim internal error (a bug in mpisim, please report it): bad compound op ${op}`);
    }
  };

  const compound = (o: unknown, k: unknown, op: number, v: unknown, loc: SourceLoc): unknown => {
    const key = sink !== null && isTypedArray(o) ? toKey(k) : (k as PropertyKey);
    const old = sink === null ? (o as Obj)[key] : loadSlow(o, key, loc);
    if (op === 12 ? !old : op === 13 ? old : op === 14 ? old !== undefined && old !== null : false) return old;
    const nv = op >= 12 ? v : apply(op, old, v);
    return sink === null ? ((o as Obj)[key] = nv) : storeSlow(o, key, nv, loc);
  };

  const incdec = (o: unknown, k: unknown, mode: number, loc: SourceLoc): unknown => {
    const key = sink !== null && isTypedArray(o) ? toKey(k) : (k as PropertyKey);
    let x = (sink === null ? (o as Obj)[key] : loadSlow(o, key, loc)) as number;
    // `x++` on a local performs ToNumeric exactly as `o[k]++` would (numbers and BigInts alike)
    const before = mode & 1 ? x-- : x++;
    if (sink === null) (o as Obj)[key] = x;
    else storeSlow(o, key, x, loc);
    return mode & 2 ? before : x;
  };

  /** Reports for a method call on a typed array, DataView or ArrayBuffer, after it returned. */
  const methodReport = (o: unknown, name: string, argc: number, a: unknown, b: unknown, c: unknown, result: unknown, loc: SourceLoc) => {
    if (isTypedArray(o)) {
      const self = viewWatched(o);
      if (!self && !(name === "set" && isTypedArray(a) && sink!.watches(a.buffer))) return;
      const len = o.length;
      const numeric = NUMERIC_ARGS[name] ?? 0;
      if ((numeric & 1 && opaque(a)) || (numeric & 2 && opaque(b)) || (numeric & 4 && opaque(c))) {
        // Coercing an object argument again could run its valueOf twice: report the whole view.
        if (name === "set" && isTypedArray(a) && sink!.watches(a.buffer)) elems("load", a, 0, a.length, loc);
        if (name === "copyWithin" || !WRITERS.has(name)) elems("load", o, 0, len, loc);
        if (WRITERS.has(name) && self) elems("store", o, 0, len, loc);
        return;
      }
      switch (name) {
        case "fill":
          elems("store", o, relIndex(b, len, 0), relIndex(c, len, len), loc);
          return;
        case "set": {
          const off = toIntegerOrInfinity(b);
          let n: number;
          if (isTypedArray(a)) {
            if (sink!.watches(a.buffer)) elems("load", a, 0, a.length, loc);
            n = a.length;
          } else {
            // array-likes other than arrays might have a length getter: do not read it again
            n = Array.isArray(a) ? a.length : len - off;
          }
          if (self) elems("store", o, off, Math.min(off + n, len), loc);
          return;
        }
        case "copyWithin": {
          const to = relIndex(a, len, 0), from = relIndex(b, len, 0), fin = relIndex(c, len, len);
          const count = Math.min(fin - from, len - to);
          if (count > 0) {
            elems("load", o, from, from + count, loc);
            elems("store", o, to, to + count, loc);
          }
          return;
        }
        case "sort":
        case "reverse":
          elems("load", o, 0, len, loc);
          elems("store", o, 0, len, loc);
          return;
        case "slice":
          elems("load", o, relIndex(a, len, 0), relIndex(b, len, len), loc);
          return;
        case "at": {
          let i = toIntegerOrInfinity(a);
          if (i < 0) i += len;
          if (i >= 0 && i < len) elems("load", o, i, i + 1, loc);
          return;
        }
        case "indexOf":
        case "includes": {
          const from = relIndex(b, len, 0);
          const r = name === "indexOf" ? (result as number) : -1;
          elems("load", o, from, r >= 0 ? r + 1 : len, loc);
          return;
        }
        case "lastIndexOf": {
          let from = len - 1;
          if (argc >= 2) {
            const n = toIntegerOrInfinity(b);
            from = n >= 0 ? Math.min(n, len - 1) : len + n;
          }
          const r = result as number;
          elems("load", o, r >= 0 ? r : 0, from + 1, loc);
          return;
        }
        case "findIndex": {
          const r = result as number;
          elems("load", o, 0, r >= 0 ? r + 1 : len, loc);
          return;
        }
        case "findLastIndex": {
          const r = result as number;
          elems("load", o, r >= 0 ? r : 0, len, loc);
          return;
        }
        default:
          // join, toString, map, filter, forEach, reduce, every, some, find, entries, values, with, toSorted, …
          if (TA_READ_ALL.has(name)) elems("load", o, 0, len, loc);
          return;
      }
    }
    if (isDataView(o)) {
      const m = /^(get|set)(\w+)$/.exec(name);
      const size = m ? DV_SIZES[m[2]!] : undefined;
      if (size === undefined || !viewWatched(o)) return;
      const kind = m![1] === "get" ? "load" : "store";
      if (opaque(a)) whole(kind, o, loc);
      else report(kind, o.buffer, o.byteOffset + toIntegerOrInfinity(a), size, loc);
      return;
    }
    if (name === "slice" && isArrayBuffer(o) && sink!.watches(o)) {
      const len = o.byteLength;
      const whole_ = opaque(a) || opaque(b);
      const from = whole_ ? 0 : relIndex(a, len, 0), to = whole_ ? len : relIndex(b, len, len);
      report("load", o, from, to - from, loc);
    }
  };

  const call = (o: unknown, name: string, loc: SourceLoc, argc: number, a: unknown, b: unknown, c: unknown, args: readonly unknown[] | null): unknown => {
    const f = method(o, name);
    let result: unknown;
    if (args !== null) result = Reflect.apply(f, o, args);
    else if (argc === 0) result = f.call(o);
    else if (argc === 1) result = f.call(o, a);
    else if (argc === 2) result = f.call(o, a, b);
    else result = f.call(o, a, b, c);
    // reported after the call returned: a call that throws (RangeError, detached buffer) touched nothing
    if (sink !== null) methodReport(o, name, argc, a, b, c, result, loc);
    return result;
  };

  const readWhole = (x: unknown, loc: SourceLoc, buffers: boolean) => {
    if (ArrayBuffer.isView(x)) {
      if (viewWatched(x)) whole("load", x, loc);
    } else if (buffers && isArrayBuffer(x) && sink!.watches(x)) {
      report("load", x, 0, x.byteLength, loc);
    }
  };

  class Target {
    constructor(readonly o: unknown, readonly key: unknown, readonly loc: SourceLoc) {}
    set v(value: unknown) {
      if (sink === null) (this.o as Obj)[this.key as PropertyKey] = value;
      else storeSlow(this.o, this.key, value, this.loc);
    }
    get v(): unknown {
      return sink === null ? (this.o as Obj)[this.key as PropertyKey] : loadSlow(this.o, this.key, this.loc);
    }
  }

  /** Iterates a typed array like %ArrayIteratorPrototype%.next does, reporting each element read. */
  class ElementIterator implements IterableIterator<unknown> {
    private i = 0;
    constructor(private readonly ta: View, private readonly loc: SourceLoc) {}
    next(): IteratorResult<unknown> {
      const ta = this.ta, i = this.i;
      if (i >= ta.length) {
        this.i = Infinity;
        return { value: undefined, done: true };
      }
      this.i = i + 1;
      if (sink !== null && viewWatched(ta)) elems("load", ta, i, i + 1, this.loc);
      return { value: (ta as unknown as Obj)[i], done: false };
    }
    [Symbol.iterator](): this {
      return this;
    }
  }

  const registry: string[] = [];

  const hooks: Hooks = {
    version: RUNTIME_VERSION,
    l: (o, k, loc) => (sink === null ? (o as Obj)[k as PropertyKey] : loadSlow(o, k, loc)),
    lq: (o, k, loc) => (o === null || o === undefined ? undefined : sink === null ? (o as Obj)[k as PropertyKey] : loadSlow(o, k, loc)),
    s: (o, k, v, loc) => (sink === null ? ((o as Obj)[k as PropertyKey] = v) : storeSlow(o, k, v, loc)),
    u: compound,
    i: incdec,
    w: (o, k, loc) => new Target(o, k, loc),
    c0: (o, name, loc) => (sink === null ? method(o, name).call(o) : call(o, name, loc, 0, undefined, undefined, undefined, null)),
    c1: (o, name, loc, a) => (sink === null ? method(o, name).call(o, a) : call(o, name, loc, 1, a, undefined, undefined, null)),
    c2: (o, name, loc, a, b) => (sink === null ? method(o, name).call(o, a, b) : call(o, name, loc, 2, a, b, undefined, null)),
    c3: (o, name, loc, a, b, c) => (sink === null ? method(o, name).call(o, a, b, c) : call(o, name, loc, 3, a, b, c, null)),
    cn: (o, name, loc, args) =>
      sink === null ? Reflect.apply(method(o, name), o, args) : call(o, name, loc, args.length, args[0], args[1], args[2], args),
    r: (x, loc) => {
      if (sink !== null) readWhole(x, loc, false);
      return x;
    },
    ra: (x, loc) => {
      if (sink !== null) readWhole(x, loc, true);
      return x;
    },
    it: <T>(x: T, loc: SourceLoc): T => (sink !== null && isTypedArray(x) ? (new ElementIterator(x, loc) as unknown as T) : x),
    k: (v, loc) => {
      callLoc = loc;
      generation++; // an MPI call may start or end watching something
      return v;
    },
    k0: (loc) => {
      callLoc = loc;
      generation++;
    },
    m: (recv, name, loc, text) => {
      callLoc = loc;
      generation++;
      // null/undefined: let the call fail with the engine's own message, which names no hook
      if (recv != null && typeof (recv as Obj)[name] !== "function") throw notAHandle(recv, name, text);
      return recv;
    },
    locs: (file, packed) => {
      registry.push(file);
      const out: SourceLoc[] = [];
      if (packed !== "") {
        for (const pair of packed.split(",")) {
          const c = pair.indexOf(":");
          out.push(Object.freeze({ file, line: Number(pair.slice(0, c)), column: Number(pair.slice(c + 1)) }));
        }
      }
      return Object.freeze(out);
    },
    setSink: (s) => {
      sink = s;
      generation++;
    },
    getCallLoc: () => callLoc,
    setCallLoc: (loc) => {
      callLoc = loc;
      generation++;
    },
    invalidate: () => {
      generation++;
    },
  };
  return Object.freeze(hooks);
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
