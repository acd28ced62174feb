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
import { createHooks, RUNTIME_VERSION } from "./instrument-hooks.ts";

export { userMessage, promiseHandleMessage } from "./handle-check.ts";
export { RUNTIME_VERSION } from "./instrument-hooks.ts";
export { VIEW_METHODS } from "./instrument-views.ts";

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
  /** While several worlds run at once: keep call locations per world (core/hooks.ts); null: one shared slot. */
  setCallLocScope(scope: CallLocScope | null): void;
  invalidate(): void;
}

/** Where call locations go while several worlds run at once (the running world's slot). */
export interface CallLocScope {
  get(): SourceLoc | undefined;
  set(loc: SourceLoc | undefined): void;
}

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

