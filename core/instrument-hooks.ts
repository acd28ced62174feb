/**
 * The hooks behind `globalThis.__mpisim` (see instrument-runtime.ts): each behaves exactly like
 * the expression it replaced and, when a sink watches the memory, reports the bytes it touched.
 * The fast paths (`sink === null`) must stay tiny so V8 inlines them into the user's code;
 * everything else is in the *Slow functions and in instrument-views.ts.
 */
import type { SourceLoc } from "./errors.ts";
import { notAHandle } from "./handle-check.ts";
import type { AccessSink, CallLocScope, Hooks } from "./instrument-runtime.ts";
import {
  elems, isArrayBuffer, isTypedArray, method, methodReport, toKey, whole, elementIndex, type View, type ViewReporter,
} from "./instrument-views.ts";

/** Bumped whenever a hook is added or changes meaning; the transform embeds it in its cache key. */
export const RUNTIME_VERSION = 2;

type Obj = Record<PropertyKey, unknown>;

export function createHooks(): Hooks {
  let sink: AccessSink | null = null;
  let callLoc: SourceLoc | undefined = undefined;
  // While two worlds run at once, each keeps its own call location (core/hooks.ts); null otherwise.
  let locScope: CallLocScope | null = null;
  const mark = (loc: SourceLoc) => {
    callLoc = loc;
    if (locScope !== null) locScope.set(loc);
    generation++; // an MPI call may start or end watching something
  };
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
  const rep: ViewReporter = { viewWatched, watches: (b) => sink!.watches(b), report };

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
      if (idx >= 0) elems(rep, "load", o, idx, idx + 1, loc);
    }
    return v;
  };

  const storeSlow = (o: unknown, k: unknown, v: unknown, loc: SourceLoc): unknown => {
    if (knownQuiet(o) || !isTypedArray(o)) return ((o as Obj)[k as PropertyKey] = v);
    const key = typeof k === "number" ? k : toKey(k);
    (o as unknown as Obj)[key] = v;
    if (viewWatched(o)) {
      const idx = elementIndex(key, o.length);
      if (idx >= 0) elems(rep, "store", o, idx, idx + 1, loc);
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

  const call = (o: unknown, name: string, loc: SourceLoc, argc: number, a: unknown, b: unknown, c: unknown, args: readonly unknown[] | null): unknown => {
    const f = method(o, name);
    let result: unknown;
    if (args !== null) result = Reflect.apply(f, o, args);
    else if (argc === 0) result = f.call(o);
    else if (argc === 1) result = f.call(o, a);
    else if (argc === 2) result = f.call(o, a, b);
    else result = f.call(o, a, b, c);
    // reported after the call returned: a call that throws (RangeError, detached buffer) touched nothing
    if (sink !== null) methodReport(rep, o, name, argc, a, b, c, result, loc);
    return result;
  };

  const readWhole = (x: unknown, loc: SourceLoc, buffers: boolean) => {
    if (ArrayBuffer.isView(x)) {
      if (viewWatched(x)) whole(rep, "load", x, loc);
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
      if (sink !== null && viewWatched(ta)) elems(rep, "load", ta, i, i + 1, this.loc);
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
      mark(loc);
      return v;
    },
    k0: mark,
    m: (recv, name, loc, text) => {
      mark(loc);
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
    getCallLoc: () => (locScope !== null ? locScope.get() : callLoc),
    setCallLoc: mark,
    setCallLocScope: (s) => {
      locScope = s;
      generation++;
    },
    invalidate: () => {
      generation++;
    },
  };
  return Object.freeze(hooks);
}
